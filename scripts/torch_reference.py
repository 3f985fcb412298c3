"""Write the PyTorch reference fixtures that the LabTensor and LabNN tests compare against.

Two JSON files are written, each containing its inputs next to the values PyTorch
computes from them, so that the Swift tests read both from the file:

* ``Tests/LabTensorTests/Fixtures/tensor_reference.json``: matmul, linear, relu,
  sum and mean, each forward and backward.
* ``Tests/LabNNTests/Fixtures/engine_reference.json``: mean squared error, a
  two-layer MLP, single SGD and Adam steps, and three training steps of the MLP.

Every input is drawn from a NumPy generator with a fixed seed, stored as float32,
and every computation runs in float32 on the CPU. A tensor is written as
``{"shape": [...], "data": [...]}`` in row-major order, and each float32 value as
the exact decimal of its float64 widening, so that Swift parses the same bits.

Backward passes that start from a non-scalar output use an ``upstream`` tensor
from the fixture: the differentiated scalar is ``(output * upstream).sum()``, so
every output element gets its own upstream gradient. An all-ones upstream would
hide transposition mistakes, because it makes every row of a gradient the same.

Optimizer cases apply gradients given in the fixture, not gradients of a loss, so
they check the update rule alone. ``after_step[k]`` contains the parameters after
step k + 1.

Run it through scripts/torch_reference.sh, which sets up the virtual environment.
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
TENSOR_FIXTURE = REPOSITORY_ROOT / "Tests" / "LabTensorTests" / "Fixtures" / "tensor_reference.json"
ENGINE_FIXTURE = REPOSITORY_ROOT / "Tests" / "LabNNTests" / "Fixtures" / "engine_reference.json"
SEED = 20_240_611
STEP_COUNT = 3
# The MLP fixture keeps every hidden pre-activation at least this far from the
# ReLU kink at 0, so that the Swift finite-difference check never crosses it.
HIDDEN_MARGIN = 0.1


def record(values) -> dict:
    """Return a tensor as a JSON object of its shape and row-major float32 data."""
    if isinstance(values, torch.Tensor):
        values = values.detach().cpu().numpy()
    array = np.asarray(values, dtype=np.float32)
    return {"shape": list(array.shape), "data": [float(value) for value in array.reshape(-1)]}


def leaf(array: np.ndarray) -> torch.Tensor:
    """Return a float32 tensor that requires gradients, copied from a NumPy array."""
    return torch.tensor(array, dtype=torch.float32, requires_grad=True)


class Inputs:
    """A seeded NumPy generator that draws the float32 inputs in a fixed order."""

    def __init__(self, seed: int) -> None:
        self.generator = np.random.default_rng(seed)

    def normal(self, shape, scale: float = 1.0) -> np.ndarray:
        """Return standard normal samples times scale, as float32."""
        return (self.generator.standard_normal(shape) * scale).astype(np.float32)

    def uniform(self, shape, low: float, high: float) -> np.ndarray:
        """Return uniform samples in [low, high), as float32."""
        return self.generator.uniform(low, high, shape).astype(np.float32)


def matmul_cases(inputs: Inputs) -> list[dict]:
    """Return matmul cases: [m, k] · [k, n] for 1×1 and several non-square shapes."""
    cases = []
    for m, k, n in [(1, 1, 1), (2, 3, 4), (4, 1, 3), (3, 5, 1), (5, 4, 2), (3, 3, 3)]:
        left = leaf(inputs.normal((m, k)))
        right = leaf(inputs.normal((k, n)))
        upstream = inputs.normal((m, n))
        output = left @ right
        (output * torch.from_numpy(upstream)).sum().backward()
        cases.append({
            "name": f"[{m}, {k}] x [{k}, {n}]",
            "left": record(left),
            "right": record(right),
            "upstream": record(upstream),
            "output": record(output),
            "left_gradient": record(left.grad),
            "right_gradient": record(right.grad),
        })
    return cases


def linear_cases(inputs: Inputs) -> list[dict]:
    """Return torch.nn.functional.linear cases with and without a bias."""
    cases = []
    for batch, input_count, output_count in [(1, 1, 1), (4, 3, 2), (2, 5, 3)]:
        for has_bias in (True, False):
            x = leaf(inputs.normal((batch, input_count)))
            weight = leaf(inputs.normal((output_count, input_count)))
            bias = leaf(inputs.normal((output_count,))) if has_bias else None
            upstream = inputs.normal((batch, output_count))
            output = F.linear(x, weight, bias)
            (output * torch.from_numpy(upstream)).sum().backward()
            case = {
                "name": f"batch {batch}, {input_count} to {output_count}, "
                + ("with bias" if has_bias else "without bias"),
                "input": record(x),
                "weight": record(weight),
                "upstream": record(upstream),
                "output": record(output),
                "input_gradient": record(x.grad),
                "weight_gradient": record(weight.grad),
            }
            if bias is not None:
                case["bias"] = record(bias)
                case["bias_gradient"] = record(bias.grad)
            cases.append(case)
    return cases


def relu_cases(inputs: Inputs) -> list[dict]:
    """Return relu cases whose inputs include exact zeros, where the gradient is 0."""
    cases = []
    for shape in [(7,), (3, 4)]:
        values = inputs.normal(shape).reshape(-1)
        values[::3] = 0.0
        values[1] = -0.0
        x = leaf(values.reshape(shape))
        upstream = inputs.normal(shape)
        output = torch.relu(x)
        (output * torch.from_numpy(upstream)).sum().backward()
        cases.append({
            "name": f"shape {list(shape)} with zeros",
            "input": record(x),
            "upstream": record(upstream),
            "output": record(output),
            "gradient": record(x.grad),
        })
    return cases


def reduction_cases(inputs: Inputs) -> list[dict]:
    """Return sum and mean cases with the gradient of each."""
    cases = []
    for shape in [(1,), (5,), (3, 4), (2, 3, 4)]:
        values = inputs.normal(shape)
        summed_input = leaf(values)
        summed = summed_input.sum()
        summed.backward()
        averaged_input = leaf(values)
        averaged = averaged_input.mean()
        averaged.backward()
        cases.append({
            "name": f"shape {list(shape)}",
            "input": record(values),
            "sum": float(summed.item()),
            "sum_gradient": record(summed_input.grad),
            "mean": float(averaged.item()),
            "mean_gradient": record(averaged_input.grad),
        })
    return cases


def mse_cases(inputs: Inputs) -> list[dict]:
    """Return mse_loss cases for every reduction, with gradients for both arguments."""
    cases = []
    for shape in [(1,), (4,), (3, 2)]:
        predicted_values = inputs.normal(shape)
        expected_values = inputs.normal(shape)
        upstream = inputs.normal(shape)
        for reduction in ("none", "mean", "sum"):
            predicted = leaf(predicted_values)
            expected = leaf(expected_values)
            output = F.mse_loss(predicted, expected, reduction=reduction)
            if reduction == "none":
                (output * torch.from_numpy(upstream)).sum().backward()
            else:
                output.backward()
            case = {
                "name": f"shape {list(shape)}, reduction {reduction}",
                "reduction": reduction,
                "predicted": record(predicted),
                "expected": record(expected),
                "output": record(output),
                "predicted_gradient": record(predicted.grad),
                "expected_gradient": record(expected.grad),
            }
            if reduction == "none":
                case["upstream"] = record(upstream)
            cases.append(case)
    return cases


def make_mlp(layers: list[dict]) -> torch.nn.Sequential:
    """Return Linear, ReLU, Linear with the weights and biases of layers copied in."""
    first, second = layers
    model = torch.nn.Sequential(
        torch.nn.Linear(first["weight"].shape[1], first["weight"].shape[0]),
        torch.nn.ReLU(),
        torch.nn.Linear(second["weight"].shape[1], second["weight"].shape[0]),
    )
    with torch.no_grad():
        for module, layer in zip([model[0], model[2]], layers):
            module.weight.copy_(torch.from_numpy(layer["weight"]))
            module.bias.copy_(torch.from_numpy(layer["bias"]))
    return model


def mlp_inputs(inputs: Inputs) -> tuple[np.ndarray, np.ndarray, list[dict]]:
    """Draw a batch, targets and 3 → 5 → 2 weights for the MLP fixture.

    Draws repeat until the hidden pre-activations have both signs and all stay
    HIDDEN_MARGIN or farther from 0.
    """
    while True:
        x = inputs.uniform((4, 3), -1.0, 1.0)
        layers = [
            {"weight": inputs.uniform((5, 3), -0.8, 0.8), "bias": inputs.uniform((5,), -0.5, 0.5)},
            {"weight": inputs.uniform((2, 5), -0.8, 0.8), "bias": inputs.uniform((2,), -0.5, 0.5)},
        ]
        hidden = x @ layers[0]["weight"].T + layers[0]["bias"]
        is_mixed = (hidden > 0).any() and (hidden < 0).any()
        if is_mixed and np.abs(hidden).min() >= HIDDEN_MARGIN:
            target = inputs.normal((4, 2))
            return x, target, layers


def parameters_of(model: torch.nn.Sequential) -> list[torch.Tensor]:
    """Return the parameters in LossLab's order: each layer's weight, then its bias."""
    return [model[0].weight, model[0].bias, model[2].weight, model[2].bias]


def mlp_case(x: np.ndarray, target: np.ndarray, layers: list[dict]) -> dict:
    """Return one forward and backward pass of the MLP under mean squared error."""
    model = make_mlp(layers)
    batch = leaf(x)
    output = model(batch)
    loss = F.mse_loss(output, torch.from_numpy(target))
    loss.backward()
    return {
        "input": record(x),
        "target": record(target),
        "layers": [
            {"weight": record(layer["weight"]), "bias": record(layer["bias"])} for layer in layers
        ],
        "output": record(output),
        "loss": float(loss.item()),
        "input_gradient": record(batch.grad),
        "parameter_gradients": [record(parameter.grad) for parameter in parameters_of(model)],
    }


def training_cases(x: np.ndarray, target: np.ndarray, layers: list[dict]) -> list[dict]:
    """Return three full-batch training steps of the MLP with SGD and with Adam."""
    settings = [
        ("sgd", {"lr": 0.1, "momentum": 0.9}),
        ("adam", {"lr": 0.01}),
    ]
    cases = []
    for name, options in settings:
        model = make_mlp(layers)
        parameters = parameters_of(model)
        if name == "sgd":
            optimizer = torch.optim.SGD(parameters, **options)
        else:
            optimizer = torch.optim.Adam(parameters, **options)
        losses, after_step = [], []
        for _ in range(STEP_COUNT):
            optimizer.zero_grad()
            loss = F.mse_loss(model(torch.from_numpy(x)), torch.from_numpy(target))
            loss.backward()
            optimizer.step()
            losses.append(float(loss.item()))
            after_step.append([record(parameter) for parameter in parameters])
        cases.append({
            "optimizer": name,
            "learning_rate": options["lr"],
            "momentum": options.get("momentum", 0.0),
            "losses": losses,
            "after_step": after_step,
        })
    return cases


def run_steps(parameters: list[torch.Tensor], optimizer, gradients: list[list[np.ndarray]]):
    """Apply each step's gradients and return the parameters after every step."""
    after_step = []
    for step_gradients in gradients:
        for parameter, gradient in zip(parameters, step_gradients):
            parameter.grad = torch.from_numpy(gradient.copy())
        optimizer.step()
        after_step.append([record(parameter) for parameter in parameters])
    return after_step


def optimizer_inputs(inputs: Inputs, small_scale: float):
    """Draw a [3, 2] and a [4] parameter and three steps of gradients for both.

    The second parameter's gradients are scaled by small_scale, so that Adam's
    epsilon is not negligible beside their square root.
    """
    initial = [inputs.normal((3, 2)), inputs.normal((4,))]
    gradients = [
        [inputs.normal((3, 2)), inputs.normal((4,), small_scale)] for _ in range(STEP_COUNT)
    ]
    return initial, gradients


def sgd_cases(inputs: Inputs) -> list[dict]:
    """Return torch.optim.SGD cases: plain, momentum, dampening, Nesterov, weight decay."""
    initial, gradients = optimizer_inputs(inputs, small_scale=1.0)
    settings = [
        ("plain", {}),
        ("momentum 0.9", {"momentum": 0.9}),
        ("momentum 0.9, dampening 0.1", {"momentum": 0.9, "dampening": 0.1}),
        ("Nesterov momentum 0.9", {"momentum": 0.9, "nesterov": True}),
        ("weight decay 0.01", {"weight_decay": 0.01}),
        ("Nesterov momentum 0.9, weight decay 0.01",
         {"momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    ]
    cases = []
    for name, options in settings:
        parameters = [leaf(values) for values in initial]
        optimizer = torch.optim.SGD(parameters, lr=0.1, **options)
        cases.append({
            "name": name,
            "learning_rate": 0.1,
            "momentum": options.get("momentum", 0.0),
            "dampening": options.get("dampening", 0.0),
            "weight_decay": options.get("weight_decay", 0.0),
            "nesterov": options.get("nesterov", False),
            "initial": [record(values) for values in initial],
            "gradients": [[record(gradient) for gradient in step] for step in gradients],
            "after_step": run_steps(parameters, optimizer, gradients),
        })
    return cases


def adam_cases(inputs: Inputs) -> list[dict]:
    """Return torch.optim.Adam cases with default and non-default hyperparameters."""
    initial, gradients = optimizer_inputs(inputs, small_scale=1e-3)
    settings = [
        ("defaults", {}),
        ("learning rate 0.05", {"lr": 0.05}),
        ("betas (0.8, 0.99), epsilon 1e-3, weight decay 0.01",
         {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-3, "weight_decay": 0.01}),
    ]
    cases = []
    for name, options in settings:
        parameters = [leaf(values) for values in initial]
        optimizer = torch.optim.Adam(parameters, **options)
        defaults = optimizer.defaults
        cases.append({
            "name": name,
            "learning_rate": defaults["lr"],
            "beta1": defaults["betas"][0],
            "beta2": defaults["betas"][1],
            "epsilon": defaults["eps"],
            "weight_decay": defaults["weight_decay"],
            "initial": [record(values) for values in initial],
            "gradients": [[record(gradient) for gradient in step] for step in gradients],
            "after_step": run_steps(parameters, optimizer, gradients),
        })
    return cases


def check_sgd_by_hand() -> None:
    """Check torch.optim.SGD with dampening against values worked out by hand.

    With θ₀ = 1, a constant gradient g = 1, learning rate 0.1, momentum 0.9 and
    dampening 0.1, the first step copies the gradient into the buffer without
    dampening, and later steps use b = 0.9·b + (1 − 0.1)·g:

        step 1: b = 1                       θ = 1 − 0.1·1       = 0.9
        step 2: b = 0.9·1 + 0.9·1   = 1.8   θ = 0.9 − 0.1·1.8   = 0.72
        step 3: b = 0.9·1.8 + 0.9   = 2.52  θ = 0.72 − 0.1·2.52 = 0.468
    """
    parameter = leaf(np.array([1.0], dtype=np.float32))
    optimizer = torch.optim.SGD([parameter], lr=0.1, momentum=0.9, dampening=0.1)
    for expected in (0.9, 0.72, 0.468):
        parameter.grad = torch.ones(1)
        optimizer.step()
        actual = parameter.item()
        if abs(actual - expected) > 1e-6:
            raise AssertionError(
                f"torch.optim.SGD with dampening returned {actual}, expected {expected} by hand"
            )


def write_json(document: dict, output: Path) -> None:
    """Write document as indented JSON with a trailing newline."""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tensor-output", type=Path, default=TENSOR_FIXTURE,
                        help="path of the tensor fixture to write (default: %(default)s)")
    parser.add_argument("--engine-output", type=Path, default=ENGINE_FIXTURE,
                        help="path of the engine fixture to write (default: %(default)s)")
    arguments = parser.parse_args()

    torch.set_num_threads(1)
    check_sgd_by_hand()
    inputs = Inputs(SEED)
    source = {
        "script": "scripts/torch_reference.py",
        "torch_version": torch.__version__,
        "numpy_version": np.__version__,
        "seed": SEED,
    }

    tensor_document = {
        "source": source,
        "matmul": matmul_cases(inputs),
        "linear": linear_cases(inputs),
        "relu": relu_cases(inputs),
        "reductions": reduction_cases(inputs),
    }
    mse = mse_cases(inputs)
    x, target, layers = mlp_inputs(inputs)
    engine_document = {
        "source": source,
        "mse": mse,
        "mlp": mlp_case(x, target, layers),
        "training": training_cases(x, target, layers),
        "sgd": sgd_cases(inputs),
        "adam": adam_cases(inputs),
    }

    write_json(tensor_document, arguments.tensor_output)
    write_json(engine_document, arguments.engine_output)
    print(f"wrote {arguments.tensor_output} and {arguments.engine_output} "
          f"with torch {torch.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
