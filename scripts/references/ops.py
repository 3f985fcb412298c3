"""Write the PyTorch reference fixture of the general tensor operations.

The fixture ``Tests/LabTensorTests/Fixtures/ops_reference.json`` checks
broadcasting arithmetic, element-wise functions, reductions over axes, shape
operations, batched matmul and activations, forward and backward.

Each case names its operation and its parameters (axes, bounds, exponents),
and contains its input tensors, an ``upstream`` tensor, the output and the
gradient of every input. The differentiated scalar is
``(output * upstream).sum()``, so every output element gets its own upstream
gradient. ``check_gradient`` is false for the cases that put inputs on
purpose where the operation has no derivative (0 for abs, the bounds of clamp,
ties of max) or where finite differences lose all precision (logits of 1000).
The other cases draw their inputs away from those points, and the Swift tests
also compare them with finite differences.

Inputs come from a NumPy generator with a fixed seed and are stored as
float32, and every computation runs in float32 on the CPU. Tensors are written
as ``{"shape": [...], "data": [...]}`` in row-major order, each value as the
exact decimal of its float64 widening, as scripts/torch_reference.py does.

Run it through scripts/torch_reference.sh references/ops.py.
"""

import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from torch_reference import Inputs, leaf, record, write_json  # noqa: E402

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURE = REPOSITORY_ROOT / "Tests" / "LabTensorTests" / "Fixtures" / "ops_reference.json"
SEED = 20_251_204


def run_case(inputs: Inputs, name: str, operation: str, arrays: list, function,
             check_gradient: bool = True, **parameters) -> dict:
    """Return one case: function applied to leaves made from arrays, both passes."""
    leaves = [leaf(array) for array in arrays]
    output = function(*leaves)
    upstream = np.asarray(inputs.normal(tuple(output.shape)), dtype=np.float32)
    (output * torch.from_numpy(upstream)).sum().backward()
    gradients = [
        record(tensor.grad if tensor.grad is not None else torch.zeros_like(tensor))
        for tensor in leaves
    ]
    return {
        "name": name,
        "operation": operation,
        **parameters,
        "check_gradient": check_gradient,
        "inputs": [record(array) for array in arrays],
        "upstream": record(upstream),
        "output": record(output),
        "gradients": gradients,
    }


def away_from_zero(inputs: Inputs, shape, low: float = 0.1, high: float = 2.0) -> np.ndarray:
    """Return values with magnitudes in [low, high) and random signs."""
    magnitude = inputs.uniform(shape, low, high)
    sign = np.where(inputs.uniform(shape, 0, 1) < 0.5, -1.0, 1.0).astype(np.float32)
    return (magnitude * sign).astype(np.float32)


BROADCAST_SHAPES = [
    ((3, 4), (3, 4)),
    ((3, 4), (4,)),
    ((4,), (3, 4)),
    ((3, 1), (1, 4)),
    ((2, 1, 3), (4, 1)),
    ((2, 3, 4), (3, 1)),
    ((), (2, 3)),
    ((2, 3), ()),
    ((1,), (5,)),
    ((2, 1, 4, 1), (3, 1, 5)),
]


def broadcast_cases(inputs: Inputs) -> list[dict]:
    """Return add, subtract, multiply and divide over shapes that broadcast."""
    functions = {
        "add": torch.add,
        "subtract": torch.sub,
        "multiply": torch.mul,
        "divide": torch.div,
    }
    cases = []
    for operation, function in functions.items():
        for left_shape, right_shape in BROADCAST_SHAPES:
            left = inputs.normal(left_shape)
            # Divisors stay at least 1 from zero: the third derivative of l/r grows as
            # 1/r⁴, and the finite-difference error with it.
            right = (away_from_zero(inputs, right_shape, 1.0, 2.0) if operation == "divide"
                     else inputs.normal(right_shape))
            cases.append(run_case(
                inputs, f"{operation} {list(left_shape)} and {list(right_shape)}",
                operation, [left, right], function))
    return cases


def scalar_cases(inputs: Inputs) -> list[dict]:
    """Return arithmetic with a float constant on either side, and negation."""
    operations = {
        "add_scalar": lambda x, c: x + c,
        "scalar_add": lambda x, c: c + x,
        "subtract_scalar": lambda x, c: x - c,
        "scalar_subtract": lambda x, c: c - x,
        "multiply_scalar": lambda x, c: x * c,
        "scalar_multiply": lambda x, c: c * x,
        "divide_scalar": lambda x, c: x / c,
        "scalar_divide": lambda x, c: c / x,
    }
    cases = []
    for operation, function in operations.items():
        constant = -1.75
        x = away_from_zero(inputs, (2, 3), 1.0, 2.0)
        cases.append(run_case(
            inputs, f"{operation} {constant}", operation, [x],
            lambda t, function=function: function(t, constant), scalar=constant))
    cases.append(run_case(inputs, "negate", "negate", [inputs.normal((2, 3))], torch.neg))
    return cases


def unary_cases(inputs: Inputs) -> list[dict]:
    """Return exp, log, sqrt, abs, square, pow and clamp, with edge cases."""
    def positive() -> np.ndarray:
        return inputs.uniform((3, 4), 0.5, 2.0)

    cases = [
        run_case(inputs, "exp", "exp", [inputs.normal((3, 4))], torch.exp),
        run_case(inputs, "log", "log", [positive()], torch.log),
        run_case(inputs, "sqrt", "sqrt", [positive()], torch.sqrt),
        run_case(inputs, "abs", "abs", [away_from_zero(inputs, (3, 4))], torch.abs),
        run_case(inputs, "abs at zero", "abs",
                 [np.array([0.0, -0.0, 1.5, -2.0], dtype=np.float32)], torch.abs,
                 check_gradient=False),
        run_case(inputs, "square", "square", [inputs.normal((3, 4))], torch.square),
    ]
    for exponent in (2.0, 3.0, 0.5, -1.5, 0.0):
        base = (inputs.uniform((3, 4), 1.0, 2.0) if exponent != int(exponent) or exponent < 0
                else inputs.normal((3, 4)))
        cases.append(run_case(
            inputs, f"pow {exponent}", "pow", [base],
            lambda t, exponent=exponent: torch.pow(t, exponent), exponent=exponent))
    cases.append(run_case(
        inputs, "pow 0 at zero", "pow", [np.array([0.0, 2.0], dtype=np.float32)],
        lambda t: torch.pow(t, 0.0), check_gradient=False, exponent=0.0))
    for minimum, maximum in ((-0.5, 0.5), (-0.5, None), (None, 0.5), (1.0, -1.0)):
        # Keep every value at least 0.05 from both bounds.
        x = inputs.normal((3, 4))
        for bound in (minimum, maximum):
            if bound is not None:
                x = np.where(np.abs(x - bound) < 0.05, x + 0.1, x).astype(np.float32)
        cases.append(run_case(
            inputs, f"clamp min {minimum} max {maximum}", "clamp", [x],
            lambda t, low=minimum, high=maximum: torch.clamp(t, low, high),
            minimum=minimum, maximum=maximum))
    on_bounds = np.array([-0.5, 0.5, -0.7, 0.2, 0.9], dtype=np.float32)
    cases.append(run_case(
        inputs, "clamp with values on the bounds", "clamp", [on_bounds],
        lambda t: torch.clamp(t, -0.5, 0.5), check_gradient=False, minimum=-0.5, maximum=0.5))
    for minimum, maximum in ((-0.5, None), (None, 0.5)):
        cases.append(run_case(
            inputs, f"clamp min {minimum} max {maximum} with values on the bound", "clamp",
            [on_bounds], lambda t, low=minimum, high=maximum: torch.clamp(t, low, high),
            check_gradient=False, minimum=minimum, maximum=maximum))
    return cases


def maximum(tensor: torch.Tensor, axes: list[int], keep: bool) -> torch.Tensor:
    """Return torch.max over one axis (gradient to the first maximum), else torch.amax."""
    if len(axes) == 1:
        return torch.max(tensor, dim=axes[0], keepdim=keep)[0]
    return torch.amax(tensor, dim=axes, keepdim=keep)


def reduction_cases(inputs: Inputs) -> list[dict]:
    """Return sum, mean and max over axes, with and without kept dimensions."""
    axis_lists = [[0], [1], [-1], [0, 2], [1, 2], [0, 1, 2]]
    cases = []
    for axes in axis_lists:
        for keep in (False, True):
            suffix = f"axes {axes}{', keeping dimensions' if keep else ''}"
            cases.append(run_case(
                inputs, f"sum {suffix}", "sum", [inputs.normal((2, 3, 4))],
                lambda t, axes=axes, keep=keep: torch.sum(t, dim=axes, keepdim=keep),
                axes=axes, keep_dimensions=keep))
            cases.append(run_case(
                inputs, f"mean {suffix}", "mean", [inputs.normal((2, 3, 4))],
                lambda t, axes=axes, keep=keep: torch.mean(t, dim=axes, keepdim=keep),
                axes=axes, keep_dimensions=keep))

            # Random normals have no ties. A near tie would make the Swift
            # finite-difference check fail loudly, never pass wrongly.
            cases.append(run_case(
                inputs, f"max {suffix}", "max", [inputs.normal((2, 3, 4))],
                lambda t, axes=axes, keep=keep: maximum(t, axes, keep),
                axes=axes, keep_dimensions=keep))

    # Ties: integers from a small range repeat along every axis.
    tied = np.array([[3, 1, 3, 2], [0, 0, -1, 0], [5, 5, 5, 5]], dtype=np.float32)
    cases.append(run_case(
        inputs, "max with ties along axis 1", "max", [tied],
        lambda t: torch.max(t, dim=1)[0], check_gradient=False, axes=[1], keep_dimensions=False))
    cases.append(run_case(
        inputs, "max with ties along axis 0", "max", [tied],
        lambda t: torch.max(t, dim=0)[0], check_gradient=False, axes=[0], keep_dimensions=False))
    cases.append(run_case(
        inputs, "max with ties over axes [0, 1]", "max", [tied],
        lambda t: torch.amax(t, dim=[0, 1]), check_gradient=False, axes=[0, 1],
        keep_dimensions=False))
    cases.append(run_case(
        inputs, "max of all with ties", "max_all", [tied], torch.max, check_gradient=False))
    cases.append(run_case(
        inputs, "max of all", "max_all", [inputs.normal((3, 4))], torch.max))
    return cases


def argmax_cases(inputs: Inputs) -> list[dict]:
    """Return argmax along each axis and over all elements, ties included."""
    tied = np.array([[3, 1, 3, 2], [0, 0, -1, 0], [5, 5, 5, 5]], dtype=np.float32)
    random = inputs.normal((2, 3, 4))
    cases = []
    for name, array in (("ties", tied), ("random", random)):
        tensor = torch.from_numpy(array)
        for axis in [*range(array.ndim), -1]:
            cases.append({
                "name": f"{name} along axis {axis}",
                "input": record(array),
                "axis": axis,
                "indices": torch.argmax(tensor, dim=axis).reshape(-1).tolist(),
            })
        cases.append({
            "name": f"{name} over all elements",
            "input": record(array),
            "axis": None,
            "indices": [int(torch.argmax(tensor))],
        })
    return cases


def shape_cases(inputs: Inputs) -> list[dict]:
    """Return flatten, transpose, permute, slicing, concatenation, stack, squeeze."""
    def x(*shape) -> np.ndarray:
        return inputs.normal(shape)

    cases = []
    for axis in (0, 1, 2, -2):
        cases.append(run_case(
            inputs, f"flatten from {axis}", "flatten", [x(2, 3, 4, 2)],
            lambda t, axis=axis: torch.flatten(t, start_dim=axis), axis=axis))
    for first, second in ((0, 1), (1, 2), (0, 2), (-1, 0)):
        cases.append(run_case(
            inputs, f"transpose {first} and {second}", "transpose", [x(2, 3, 4)],
            lambda t, a=first, b=second: torch.transpose(t, a, b), axes=[first, second]))
    for order in ([2, 0, 1], [1, 0, 2], [0, 3, 1, 2], [3, 2, 1, 0]):
        shape = (2, 3, 4) if len(order) == 3 else (2, 3, 2, 4)
        cases.append(run_case(
            inputs, f"permute {order}", "permute", [x(*shape)],
            lambda t, order=order: t.permute(order), order=order))
    for axis, start, end, step in ((0, 1, 3, 1), (1, 0, None, 2), (-1, -3, None, 1),
                                   (2, 1, 4, 2), (1, 2, 2, 1), (0, -10, 10, 3)):
        def sliced(t, axis=axis, start=start, end=end, step=step):
            index = [slice(None)] * t.dim()
            index[axis] = slice(start, end, step)
            return t[tuple(index)]
        cases.append(run_case(
            inputs, f"slice axis {axis} from {start} to {end} by {step}", "slice",
            [x(4, 5, 6)], sliced, axis=axis, start=start, end=end, step=step))
    for axis, shapes in ((0, [(2, 3), (1, 3), (3, 3)]), (1, [(2, 1, 4), (2, 3, 4)]),
                         (-1, [(2, 3, 1), (2, 3, 2), (2, 3, 3)])):
        cases.append(run_case(
            inputs, f"concatenate {[list(s) for s in shapes]} along {axis}", "concatenate",
            [x(*shape) for shape in shapes], lambda *ts, axis=axis: torch.cat(ts, dim=axis),
            axis=axis))
    for axis in (0, 1, 2, -1):
        cases.append(run_case(
            inputs, f"stack three [2, 3] along {axis}", "stack",
            [x(2, 3), x(2, 3), x(2, 3)], lambda *ts, axis=axis: torch.stack(ts, dim=axis),
            axis=axis))
    cases.append(run_case(
        inputs, "squeeze axis 1", "squeeze", [x(2, 1, 3)], lambda t: t.squeeze(1), axis=1))
    cases.append(run_case(
        inputs, "squeeze all", "squeeze", [x(1, 2, 1, 3, 1)], lambda t: t.squeeze(), axis=None))
    for axis in (0, 1, 2, -1):
        cases.append(run_case(
            inputs, f"unsqueeze at {axis}", "unsqueeze", [x(2, 3)],
            lambda t, axis=axis: t.unsqueeze(axis), axis=axis))
    return cases


def matmul_cases(inputs: Inputs) -> list[dict]:
    """Return torch.matmul over vectors, matrices and broadcast batches."""
    shapes = [
        ((3,), (3,)),
        ((2, 3), (3,)),
        ((3,), (3, 4)),
        ((2, 3), (3, 4)),
        ((2, 2, 3), (3, 4)),
        ((2, 3), (4, 3, 5)),
        ((2, 1, 2, 3), (3, 3, 2)),
        ((5, 2, 3), (5, 3, 1)),
        ((3,), (2, 3, 4)),
        ((2, 4, 3), (3,)),
        ((1, 2, 3), (2, 3, 2)),
    ]
    return [
        run_case(inputs, f"{list(left)} x {list(right)}", "matmul",
                 [inputs.normal(left), inputs.normal(right)], torch.matmul)
        for left, right in shapes
    ]


def activation_cases(inputs: Inputs) -> list[dict]:
    """Return leaky ReLU, sigmoid, tanh, GELU, softmax and log-softmax."""
    cases = [
        run_case(inputs, "leaky relu", "leaky_relu", [away_from_zero(inputs, (3, 4))],
                 F.leaky_relu, slope=0.01),
        run_case(inputs, "leaky relu slope 0.2", "leaky_relu", [away_from_zero(inputs, (3, 4))],
                 lambda t: F.leaky_relu(t, 0.2), slope=0.2),
        run_case(inputs, "leaky relu at zero", "leaky_relu",
                 [np.array([0.0, -1.0, 2.0], dtype=np.float32)], F.leaky_relu,
                 check_gradient=False, slope=0.01),
        run_case(inputs, "sigmoid", "sigmoid", [inputs.normal((3, 4), 2.0)], torch.sigmoid),
        run_case(inputs, "sigmoid of large magnitudes", "sigmoid",
                 [np.array([-100.0, -20.0, 0.0, 20.0, 100.0], dtype=np.float32)],
                 torch.sigmoid, check_gradient=False),
        run_case(inputs, "tanh", "tanh", [inputs.normal((3, 4), 2.0)], torch.tanh),
        run_case(inputs, "tanh of large magnitudes", "tanh",
                 [np.array([-50.0, -10.0, 0.0, 10.0, 50.0], dtype=np.float32)],
                 torch.tanh, check_gradient=False),
    ]
    for approximation in ("none", "tanh"):
        cases.append(run_case(
            inputs, f"gelu {approximation}", "gelu", [inputs.normal((3, 4), 2.0)],
            lambda t, a=approximation: F.gelu(t, approximate=a), approximation=approximation))
        cases.append(run_case(
            inputs, f"gelu {approximation} of large magnitudes", "gelu",
            [np.array([-20.0, -5.0, 0.0, 5.0, 20.0], dtype=np.float32)],
            lambda t, a=approximation: F.gelu(t, approximate=a), check_gradient=False,
            approximation=approximation))
    for operation, function in (("softmax", torch.softmax), ("log_softmax", torch.log_softmax)):
        for shape, axis in (((3, 4), 1), ((3, 4), 0), ((2, 3, 4), 1), ((2, 3, 4), -1), ((5,), 0)):
            cases.append(run_case(
                inputs, f"{operation} {list(shape)} along {axis}", operation,
                [inputs.normal(shape, 2.0)], lambda t, f=function, axis=axis: f(t, dim=axis),
                axis=axis))
        # Logits whose naive exponentials overflow or underflow in float32.
        for logits in ([1000.0, 0.0], [-1000.0, -1000.0], [-431.0, 279.0, 427.0], [100.0, 0.0],
                       [[1000.0, -1000.0, 0.0], [-431.0, 279.0, 427.0]]):
            array = np.array(logits, dtype=np.float32)
            cases.append(run_case(
                inputs, f"{operation} of {logits}", operation, [array],
                lambda t, f=function: f(t, dim=-1), check_gradient=False, axis=-1))
    return cases


def main() -> int:
    torch.set_num_threads(1)
    inputs = Inputs(SEED)
    document = {
        "source": {
            "script": "scripts/references/ops.py",
            "torch_version": torch.__version__,
            "numpy_version": np.__version__,
            "seed": SEED,
        },
        "broadcast": broadcast_cases(inputs),
        "scalar": scalar_cases(inputs),
        "unary": unary_cases(inputs),
        "reductions": reduction_cases(inputs),
        "argmax": argmax_cases(inputs),
        "shape": shape_cases(inputs),
        "matmul": matmul_cases(inputs),
        "activations": activation_cases(inputs),
    }
    write_json(document, FIXTURE)
    print(f"wrote {FIXTURE.relative_to(REPOSITORY_ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
