"""Write the PyTorch reference fixture of the LabNN optimizer, schedule and initialiser tests.

The file ``Tests/LabNNTests/Fixtures/optim_reference.json`` contains:

* ``optimizers``: several steps of ``torch.optim.SGD``, ``Adam``, ``AdamW`` and
  ``RMSprop`` for each tested combination of options. Each case gives the full
  hyperparameters from the optimizer's parameter group, the initial parameters,
  the gradient of each parameter at each step and the parameters after each
  step. A gradient written as ``null`` is ``None`` in PyTorch, so that step skips
  the parameter and does not advance its step count.
* ``schedules``: the learning rate of ``StepLR``, ``CosineAnnealingLR``,
  ``LinearLR`` and a ``SequentialLR`` of a linear warm-up and cosine annealing,
  for each epoch index from 0, read from the optimizer before each
  ``scheduler.step()``. Rates are Python floats, written as float64.
* ``fans`` and ``gains``: ``torch.nn.init._calculate_fan_in_and_fan_out`` for
  several weight shapes and ``torch.nn.init.calculate_gain`` for each
  nonlinearity.

Gradients are given, not computed from a loss, so the cases check the update
rules alone. Every input is drawn from a NumPy generator with a fixed seed and
stored as float32, and the optimizers run in float32 on the CPU with
``foreach=False``, the single-tensor code path. A tensor is written as
``{"shape": [...], "data": [...]}`` in row-major order, each float32 value as
the exact decimal of its float64 widening, so that Swift parses the same bits.
``after_step[k]`` contains the parameters after step k + 1.

Run it through scripts/torch_reference.sh references/optim.py, which sets up the
virtual environment.
"""

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np
import torch

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
FIXTURE = REPOSITORY_ROOT / "Tests" / "LabNNTests" / "Fixtures" / "optim_reference.json"
SEED = 20_261_204
STEP_COUNT = 5
EPOCH_COUNT = 30
BASE_RATE = 0.1
# Steps (0-based) at which the third parameter has no gradient.
STEPS_WITHOUT_GRADIENT = (1, 3)


def record(values) -> dict:
    """Return a tensor as a JSON object of its shape and row-major float32 data."""
    if isinstance(values, torch.Tensor):
        values = values.detach().cpu().numpy()
    array = np.asarray(values, dtype=np.float32)
    return {"shape": list(array.shape), "data": [float(value) for value in array.reshape(-1)]}


def draw_inputs(generator: np.random.Generator):
    """Draw three parameters ([3, 2], [4] and [2, 2]) and STEP_COUNT steps of gradients.

    The second parameter's gradients are scaled by 1e-3, so that epsilon is not
    negligible beside the square root of their second moment. The third
    parameter has no gradient at the steps in STEPS_WITHOUT_GRADIENT.
    """
    def normal(shape, scale=1.0):
        return (generator.standard_normal(shape) * scale).astype(np.float32)

    initial = [normal((3, 2)), normal((4,)), normal((2, 2))]
    gradients = []
    for step in range(STEP_COUNT):
        third = None if step in STEPS_WITHOUT_GRADIENT else normal((2, 2))
        gradients.append([normal((3, 2)), normal((4,), 1e-3), third])
    return initial, gradients


OPTIMIZER_SETTINGS = [
    ("sgd", "plain", {"lr": 0.1}),
    ("sgd", "momentum 0.9", {"lr": 0.1, "momentum": 0.9}),
    ("sgd", "momentum 0.9, dampening 0.5", {"lr": 0.1, "momentum": 0.9, "dampening": 0.5}),
    ("sgd", "Nesterov momentum 0.9", {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
    ("sgd", "weight decay 0.1", {"lr": 0.1, "weight_decay": 0.1}),
    ("sgd", "Nesterov momentum 0.8, weight decay 0.1",
     {"lr": 0.05, "momentum": 0.8, "nesterov": True, "weight_decay": 0.1}),
    ("adam", "defaults", {}),
    ("adam", "learning rate 0.05, weight decay 0.1", {"lr": 0.05, "weight_decay": 0.1}),
    ("adam", "betas (0.8, 0.99), epsilon 1e-3", {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-3}),
    ("adam", "amsgrad", {"lr": 0.05, "amsgrad": True}),
    ("adamw", "defaults", {}),
    ("adamw", "learning rate 0.05, weight decay 0.1", {"lr": 0.05, "weight_decay": 0.1}),
    ("adamw", "amsgrad, weight decay 0.1", {"lr": 0.05, "weight_decay": 0.1, "amsgrad": True}),
    ("rmsprop", "defaults", {}),
    ("rmsprop", "momentum 0.9", {"momentum": 0.9}),
    ("rmsprop", "centered", {"centered": True}),
    ("rmsprop", "centered, momentum 0.5, weight decay 0.1",
     {"centered": True, "momentum": 0.5, "weight_decay": 0.1}),
    ("rmsprop", "alpha 0.9, epsilon 1e-3", {"alpha": 0.9, "eps": 1e-3}),
]

OPTIMIZER_CLASSES = {
    "sgd": torch.optim.SGD,
    "adam": torch.optim.Adam,
    "adamw": torch.optim.AdamW,
    "rmsprop": torch.optim.RMSprop,
}


def hyperparameters(group: dict) -> dict:
    """Return the hyperparameters of a parameter group under the fixture's names."""
    names = {
        "lr": "learning_rate", "momentum": "momentum", "dampening": "dampening",
        "weight_decay": "weight_decay", "nesterov": "nesterov", "eps": "epsilon",
        "amsgrad": "amsgrad", "alpha": "alpha", "centered": "centered",
    }
    result = {fixture: group[torch_name] for torch_name, fixture in names.items()
              if torch_name in group}
    if "betas" in group:
        result["beta1"], result["beta2"] = group["betas"]
    return result


def optimizer_cases(generator: np.random.Generator) -> list[dict]:
    """Return the steps of every optimizer setting, all from the same inputs."""
    initial, gradients = draw_inputs(generator)
    cases = []
    for kind, name, options in OPTIMIZER_SETTINGS:
        parameters = [torch.tensor(values, requires_grad=True) for values in initial]
        optimizer = OPTIMIZER_CLASSES[kind](parameters, foreach=False, **options)
        after_step = []
        for step_gradients in gradients:
            for parameter, gradient in zip(parameters, step_gradients):
                parameter.grad = None if gradient is None else torch.from_numpy(gradient.copy())
            optimizer.step()
            after_step.append([record(parameter) for parameter in parameters])
        cases.append({
            "name": f"{kind} {name}",
            "optimizer": kind,
            "hyperparameters": hyperparameters(optimizer.param_groups[0]),
            "initial": [record(values) for values in initial],
            "gradients": [[None if gradient is None else record(gradient) for gradient in step]
                          for step in gradients],
            "after_step": after_step,
        })
    return cases


def schedule_rates(make_scheduler) -> list[float]:
    """Return the learning rate at each epoch index under the scheduler make_scheduler builds."""
    parameter = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([parameter], lr=BASE_RATE)
    scheduler = make_scheduler(optimizer)
    rates = []
    for _ in range(EPOCH_COUNT):
        rates.append(optimizer.param_groups[0]["lr"])
        parameter.grad = torch.zeros(1)
        optimizer.step()
        scheduler.step()
    return rates


def schedule_cases() -> list[dict]:
    """Return the rates of each tested scheduler over EPOCH_COUNT epochs."""
    scheduler = torch.optim.lr_scheduler
    settings = [
        ({"kind": "step", "step_size": 7, "gamma": 0.5},
         lambda o: scheduler.StepLR(o, step_size=7, gamma=0.5)),
        ({"kind": "step", "step_size": 3, "gamma": 0.1},
         lambda o: scheduler.StepLR(o, step_size=3)),
        ({"kind": "cosine", "maximum_step": 10, "minimum_rate": 0.001},
         lambda o: scheduler.CosineAnnealingLR(o, T_max=10, eta_min=0.001)),
        ({"kind": "cosine", "maximum_step": 30, "minimum_rate": 0.0},
         lambda o: scheduler.CosineAnnealingLR(o, T_max=30)),
        ({"kind": "linear", "start_factor": 1.0 / 3, "end_factor": 1.0, "total_steps": 5},
         lambda o: scheduler.LinearLR(o)),
        ({"kind": "linear", "start_factor": 0.1, "end_factor": 1.0, "total_steps": 10},
         lambda o: scheduler.LinearLR(o, start_factor=0.1, total_iters=10)),
        ({"kind": "linear", "start_factor": 1.0, "end_factor": 0.05, "total_steps": 20},
         lambda o: scheduler.LinearLR(o, start_factor=1.0, end_factor=0.05, total_iters=20)),
        ({"kind": "warmup_cosine", "start_factor": 0.1, "warmup_steps": 5, "total_steps": 30,
          "minimum_rate": 1e-4},
         lambda o: scheduler.SequentialLR(o, schedulers=[
             scheduler.LinearLR(o, start_factor=0.1, total_iters=5),
             scheduler.CosineAnnealingLR(o, T_max=25, eta_min=1e-4),
         ], milestones=[5])),
    ]
    cases = []
    for options, make_scheduler in settings:
        cases.append({**options, "base_rate": BASE_RATE, "rates": schedule_rates(make_scheduler)})
    return cases


def fan_cases() -> list[dict]:
    """Return fan-in and fan-out of linear, convolution and other weight shapes."""
    cases = []
    for shape in [(3, 2), (1, 1), (16, 8, 3, 3), (64, 3, 7, 7), (10, 4, 5), (2, 3, 1, 1, 2)]:
        fan_in, fan_out = torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))
        cases.append({"shape": list(shape), "fan_in": fan_in, "fan_out": fan_out})
    return cases


def gain_cases() -> list[dict]:
    """Return torch.nn.init.calculate_gain for every nonlinearity that LabNN supports."""
    settings = [
        ("linear", None), ("sigmoid", None), ("tanh", None), ("relu", None), ("selu", None),
        ("leaky_relu", None), ("leaky_relu", 0.2), ("leaky_relu", math.sqrt(5)),
    ]
    return [{"nonlinearity": name, "parameter": parameter,
             "gain": torch.nn.init.calculate_gain(name, parameter)}
            for name, parameter in settings]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=FIXTURE,
                        help="path of the fixture to write (default: %(default)s)")
    arguments = parser.parse_args()

    torch.set_num_threads(1)
    generator = np.random.default_rng(SEED)
    document = {
        "source": {
            "script": "scripts/references/optim.py",
            "torch_version": torch.__version__,
            "numpy_version": np.__version__,
            "seed": SEED,
        },
        "optimizers": optimizer_cases(generator),
        "schedules": schedule_cases(),
        "fans": fan_cases(),
        "gains": gain_cases(),
    }
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {arguments.output} with torch {torch.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
