"""Write the PyTorch reference fixture of the convolutional operations.

The file ``Tests/LabTensorTests/Fixtures/conv_reference.json`` contains, for each
case, its inputs, its settings and the values PyTorch computes from them:

* ``conv2d``: ``torch.nn.functional.conv2d`` with strides 1 and 2, padding 0 to 2,
  dilation 1 and 2, and with and without bias. The cases include non-square inputs
  and kernels, batches larger than one, 1×1 kernels and the 3×3, 64-channel shape
  of VGG at a small size. Each has the output and the input, weight and bias
  gradients.
* ``max_pool`` (``max_pool2d``): odd sizes, padding, strides other than the
  kernel, dilation, and one case with ties, where PyTorch on the CPU sends the
  gradient to the first maximum in row-major window order.
* ``avg_pool`` (``avg_pool2d``): odd sizes and padding, counting the padding and
  not.
* ``adaptive_avg_pool`` (``adaptive_avg_pool2d``): 224 → 7, 32 → 7, 1 → 7 and
  non-square sizes.
* ``batch_norm``: training and evaluation, with and without weight and bias, on
  [N, C, H, W] and [N, C] inputs; running statistics before and after.
* ``interpolate``: nearest and bilinear (align_corners false and true), by size
  and by scale factor.

Every input is drawn from a NumPy generator with a fixed seed, stored as float32,
and every computation runs in float32 on the CPU with one thread. A tensor is
written as ``{"shape": [...], "data": [...]}`` in row-major order, each float32
value as the exact decimal of its float64 widening. A pair of sizes (kernel,
stride, padding, dilation, output size) is written as ``[height, width]``.

Backward passes differentiate ``(output * upstream).sum()`` with an ``upstream``
tensor from the fixture, so that every output element gets its own gradient.

Run it through scripts/torch_reference.sh (``bash scripts/torch_reference.sh
references/conv.py``), which sets up the virtual environment.
"""

import json
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

# The helpers that write tensors and draw inputs are shared with the main
# reference script one folder up.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import torch_reference  # noqa: E402
from torch_reference import leaf, record  # noqa: E402

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURE = REPOSITORY_ROOT / "Tests" / "LabTensorTests" / "Fixtures" / "conv_reference.json"
SEED = 20_261_204


def pair(value) -> list[int]:
    """Return an int or a pair of ints as [height, width]."""
    if isinstance(value, int):
        return [value, value]
    return [int(value[0]), int(value[1])]


class Inputs(torch_reference.Inputs):
    """The shared seeded input generator, with a mean for normal samples and integers."""

    def normal(self, shape, scale: float = 1.0, mean: float = 0.0) -> np.ndarray:
        """Return normal samples with the given mean and scale, as float32."""
        return (mean + self.generator.standard_normal(shape) * scale).astype(np.float32)

    def integers(self, shape, low: int, high: int) -> np.ndarray:
        """Return integers in [low, high) as float32, which makes ties likely."""
        return self.generator.integers(low, high, shape).astype(np.float32)


def backward(output: torch.Tensor, inputs: Inputs) -> np.ndarray:
    """Differentiate (output * upstream).sum() for a new upstream tensor and return it."""
    upstream = inputs.normal(tuple(output.shape))
    (output * torch.from_numpy(upstream)).sum().backward()
    return upstream


def conv2d_cases(inputs: Inputs) -> list[dict]:
    """Return conv2d cases over strides, padding, dilation, bias and shapes."""
    settings = [
        # (name, input shape, weight shape, stride, padding, dilation, bias)
        ("3×3, stride 1, padding 1", (1, 2, 5, 5), (3, 2, 3, 3), 1, 1, 1, True),
        ("3×3, stride 1, no padding, no bias", (2, 3, 6, 5), (4, 3, 3, 3), 1, 0, 1, False),
        ("3×3, stride 2, padding 1", (2, 2, 7, 6), (3, 2, 3, 3), 2, 1, 1, True),
        ("3×3, stride 2, padding 2", (1, 3, 8, 8), (2, 3, 3, 3), 2, 2, 1, True),
        ("3×3, dilation 2, padding 2", (1, 2, 9, 7), (2, 2, 3, 3), 1, 2, 2, True),
        ("2×3 kernel, stride (2, 1), padding (1, 0)", (2, 2, 5, 7), (3, 2, 2, 3), (2, 1),
         (1, 0), 1, True),
        ("1×4 kernel, dilation (1, 2), padding (0, 2)", (1, 3, 4, 9), (2, 3, 1, 4), 1, (0, 2),
         (1, 2), False),
        ("1×1 kernel", (3, 4, 5, 6), (5, 4, 1, 1), 1, 0, 1, True),
        ("1×1 kernel, stride 2", (2, 3, 5, 5), (2, 3, 1, 1), 2, 0, 1, True),
        ("1×1 kernel, padding 1", (1, 2, 3, 4), (3, 2, 1, 1), 1, 1, 1, False),
        ("5×5, stride 3, padding 2, batch 3", (3, 2, 11, 10), (2, 2, 5, 5), 3, 2, 1, True),
        ("kernel as large as the input", (2, 2, 3, 4), (3, 2, 3, 4), 1, 0, 1, True),
        ("single pixel", (1, 1, 1, 1), (1, 1, 1, 1), 1, 0, 1, True),
        ("VGG 3×3, 64 to 64 channels, 8×8", (1, 64, 8, 8), (64, 64, 3, 3), 1, 1, 1, True),
        ("VGG 3×3, 3 to 64 channels, 10×9, batch 2", (2, 3, 10, 9), (64, 3, 3, 3), 1, 1, 1,
         True),
        # 48×48 gives 2304 output pixels, which the Swift kernel splits into
        # several column blocks.
        ("3×3, 2 to 3 channels, 48×48", (1, 2, 48, 48), (3, 2, 3, 3), 1, 1, 1, True),
    ]
    cases = []
    for name, input_shape, weight_shape, stride, padding, dilation, has_bias in settings:
        fan_in = weight_shape[1] * weight_shape[2] * weight_shape[3]
        x = leaf(inputs.normal(input_shape))
        weight = leaf(inputs.normal(weight_shape, scale=1 / np.sqrt(fan_in)))
        bias = leaf(inputs.normal((weight_shape[0],))) if has_bias else None
        output = F.conv2d(x, weight, bias, stride=stride, padding=padding, dilation=dilation)
        upstream = backward(output, inputs)
        case = {
            "name": name,
            "input": record(x),
            "weight": record(weight),
            "stride": pair(stride),
            "padding": pair(padding),
            "dilation": pair(dilation),
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


def max_pool_cases(inputs: Inputs) -> list[dict]:
    """Return max_pool2d cases; one has integer inputs so that windows contain ties."""
    settings = [
        # (name, input shape, kernel, stride, padding, dilation, integer inputs)
        ("2×2, stride 2", (1, 2, 6, 6), 2, 2, 0, 1, False),
        ("2×2, stride 2, odd size", (2, 2, 7, 5), 2, 2, 0, 1, False),
        ("3×3, stride 2, padding 1", (1, 3, 7, 7), 3, 2, 1, 1, False),
        ("3×3, stride 1, padding 1", (2, 1, 5, 4), 3, 1, 1, 1, False),
        ("3×2 kernel, stride (1, 2), padding (1, 0)", (1, 2, 6, 7), (3, 2), (1, 2), (1, 0), 1,
         False),
        ("3×3, dilation 2", (1, 2, 9, 8), 3, 1, 0, 2, False),
        ("3×3, dilation 2, padding 1, stride 2", (1, 1, 9, 9), 3, 2, 1, 2, False),
        ("2×2, stride 1, ties", (2, 2, 5, 5), 2, 1, 0, 1, True),
    ]
    cases = []
    for name, shape, kernel, stride, padding, dilation, has_ties in settings:
        values = inputs.integers(shape, 0, 3) if has_ties else inputs.normal(shape)
        x = leaf(values)
        output = F.max_pool2d(x, kernel, stride=stride, padding=padding, dilation=dilation)
        upstream = backward(output, inputs)
        cases.append({
            "name": name,
            "input": record(x),
            "kernel": pair(kernel),
            "stride": pair(stride),
            "padding": pair(padding),
            "dilation": pair(dilation),
            "upstream": record(upstream),
            "output": record(output),
            "input_gradient": record(x.grad),
        })
    return cases


def avg_pool_cases(inputs: Inputs) -> list[dict]:
    """Return avg_pool2d cases with and without counting the padding."""
    settings = [
        # (name, input shape, kernel, stride, padding)
        ("2×2, stride 2", (1, 2, 6, 6), 2, 2, 0),
        ("2×2, stride 2, odd size", (2, 1, 7, 5), 2, 2, 0),
        ("3×3, stride 2, padding 1", (1, 2, 7, 7), 3, 2, 1),
        ("3×3, stride 1, padding 1", (2, 2, 5, 4), 3, 1, 1),
        ("3×2 kernel, stride (2, 1), padding (1, 1)", (1, 2, 7, 6), (3, 2), (2, 1), (1, 1)),
        ("5×5, stride 3, padding 2", (1, 1, 8, 11), 5, 3, 2),
    ]
    cases = []
    for name, shape, kernel, stride, padding in settings:
        for count_include_pad in (True, False):
            if padding == 0 and not count_include_pad:
                continue
            x = leaf(inputs.normal(shape))
            output = F.avg_pool2d(
                x, kernel, stride=stride, padding=padding, count_include_pad=count_include_pad)
            upstream = backward(output, inputs)
            cases.append({
                "name": name + ("" if count_include_pad else ", padding not counted"),
                "input": record(x),
                "kernel": pair(kernel),
                "stride": pair(stride),
                "padding": pair(padding),
                "count_include_pad": count_include_pad,
                "upstream": record(upstream),
                "output": record(output),
                "input_gradient": record(x.grad),
            })
    return cases


def adaptive_avg_pool_cases(inputs: Inputs) -> list[dict]:
    """Return adaptive_avg_pool2d cases: VGG's 7×7 output from several sizes."""
    settings = [
        # (name, input shape, output size)
        ("224 to 7", (1, 1, 224, 224), 7),
        ("7 to 7", (1, 3, 7, 7), 7),
        ("32 to 7", (2, 2, 32, 32), 7),
        ("1 to 7", (1, 2, 1, 1), 7),
        ("5×3 to 7", (1, 2, 5, 3), 7),
        ("10×9 to 4×3", (2, 1, 10, 9), (4, 3)),
        ("6×6 to 1", (1, 4, 6, 6), 1),
    ]
    cases = []
    for name, shape, output_size in settings:
        x = leaf(inputs.normal(shape))
        output = F.adaptive_avg_pool2d(x, output_size)
        upstream = backward(output, inputs)
        cases.append({
            "name": name,
            "input": record(x),
            "output_size": pair(output_size),
            "upstream": record(upstream),
            "output": record(output),
            "input_gradient": record(x.grad),
        })
    return cases


def batch_norm_cases(inputs: Inputs) -> list[dict]:
    """Return batch_norm cases in training and evaluation, with their running statistics."""
    settings = [
        # (name, input shape, training, affine, momentum, eps)
        ("training, [2, 3, 4, 5]", (2, 3, 4, 5), True, True, 0.1, 1e-5),
        ("training, [4, 3], no weight or bias", (4, 3), True, False, 0.1, 1e-5),
        ("training, [1, 2, 3, 3], momentum 0.3", (1, 2, 3, 3), True, True, 0.3, 1e-5),
        ("training, [3, 2, 2, 2], eps 1e-3", (3, 2, 2, 2), True, True, 0.1, 1e-3),
        ("evaluation, [2, 3, 4, 5]", (2, 3, 4, 5), False, True, 0.1, 1e-5),
        ("evaluation, [5, 4], no weight or bias", (5, 4), False, False, 0.1, 1e-5),
    ]
    cases = []
    for name, shape, training, affine, momentum, eps in settings:
        channels = shape[1]
        # A mean away from zero checks that the variance does not cancel.
        x = leaf(inputs.normal(shape, scale=2.0, mean=3.0))
        weight = leaf(inputs.normal((channels,), scale=0.5, mean=1.0)) if affine else None
        bias = leaf(inputs.normal((channels,))) if affine else None
        running_mean = torch.from_numpy(inputs.normal((channels,)))
        running_var = torch.from_numpy(inputs.uniform((channels,), 0.5, 2.0))
        running_mean_before = running_mean.clone()
        running_var_before = running_var.clone()
        output = F.batch_norm(
            x, running_mean, running_var, weight, bias, training=training, momentum=momentum,
            eps=eps)
        upstream = backward(output, inputs)
        case = {
            "name": name,
            "input": record(x),
            "running_mean": record(running_mean_before),
            "running_var": record(running_var_before),
            "training": training,
            "momentum": momentum,
            "eps": eps,
            "upstream": record(upstream),
            "output": record(output),
            "input_gradient": record(x.grad),
            "running_mean_after": record(running_mean),
            "running_var_after": record(running_var),
        }
        if affine:
            case["weight"] = record(weight)
            case["bias"] = record(bias)
            case["weight_gradient"] = record(weight.grad)
            case["bias_gradient"] = record(bias.grad)
        cases.append(case)
    return cases


def interpolate_cases(inputs: Inputs) -> list[dict]:
    """Return interpolate cases: nearest and bilinear, by size and by scale factor."""
    settings = [
        # (name, input shape, mode, align_corners, size, scale_factor)
        ("nearest, scale 2", (1, 2, 3, 4), "nearest", None, None, 2.0),
        ("nearest, size 7×5", (2, 1, 3, 4), "nearest", None, (7, 5), None),
        ("nearest, size 2×3 (down)", (1, 2, 5, 7), "nearest", None, (2, 3), None),
        ("nearest, scale 1.5", (1, 1, 4, 5), "nearest", None, None, 1.5),
        ("nearest, scale 0.5", (1, 2, 6, 5), "nearest", None, None, 0.5),
        ("bilinear, scale 2", (1, 2, 3, 4), "bilinear", False, None, 2.0),
        ("bilinear, size 7×5", (2, 1, 3, 4), "bilinear", False, (7, 5), None),
        ("bilinear, size 3×2 (down)", (1, 2, 7, 5), "bilinear", False, (3, 2), None),
        ("bilinear, scale 1.5", (1, 1, 4, 5), "bilinear", False, None, 1.5),
        ("bilinear, scale 0.5", (1, 2, 6, 5), "bilinear", False, None, 0.5),
        ("bilinear, align corners, scale 2", (1, 2, 3, 4), "bilinear", True, None, 2.0),
        ("bilinear, align corners, size 7×5", (2, 1, 3, 4), "bilinear", True, (7, 5), None),
        ("bilinear, align corners, size 3×1 (down)", (1, 2, 7, 5), "bilinear", True, (3, 1),
         None),
        ("bilinear, align corners, from 1×1", (1, 1, 1, 1), "bilinear", True, (3, 2), None),
    ]
    cases = []
    for name, shape, mode, align_corners, size, scale_factor in settings:
        x = leaf(inputs.normal(shape))
        output = F.interpolate(
            x, size=size, scale_factor=scale_factor, mode=mode, align_corners=align_corners)
        upstream = backward(output, inputs)
        case = {
            "name": name,
            "input": record(x),
            "mode": mode,
            "align_corners": bool(align_corners),
            "upstream": record(upstream),
            "output": record(output),
            "input_gradient": record(x.grad),
        }
        if size is not None:
            case["size"] = pair(size)
        if scale_factor is not None:
            case["scale_factor"] = scale_factor
        cases.append(case)
    return cases


def main() -> int:
    torch.set_num_threads(1)
    inputs = Inputs(SEED)
    document = {
        "source": {
            "script": "scripts/references/conv.py",
            "torch_version": torch.__version__,
            "numpy_version": np.__version__,
            "seed": SEED,
        },
        "conv2d": conv2d_cases(inputs),
        "max_pool": max_pool_cases(inputs),
        "avg_pool": avg_pool_cases(inputs),
        "adaptive_avg_pool": adaptive_avg_pool_cases(inputs),
        "batch_norm": batch_norm_cases(inputs),
        "interpolate": interpolate_cases(inputs),
    }
    # Compact, unlike write_json, because the file contains a few hundred
    # thousand values.
    FIXTURE.write_text(json.dumps(document, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {FIXTURE} with torch {torch.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
