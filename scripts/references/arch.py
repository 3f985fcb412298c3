"""Write the architecture reference that the LabModels accounting tests compare against.

For each torchvision classification model that LossLab describes (vgg11, vgg13,
vgg16, vgg19, their ``_bn`` variants, resnet18, resnet34 and resnet50), the
file ``Tests/LabModelsTests/Fixtures/arch_reference.json`` contains:

* ``parameters`` and ``buffers``: every name and shape of ``named_parameters()``
  and ``named_buffers()``, in torchvision's order;
* ``inputs``: for each input size (224×224, 160×224 as height × width, 32×32 and
  64×64) and a batch of one, every call of a leaf module in execution order. Each
  call has its output shape, as forward hooks see it, and its multiply-accumulates;
* ``min_input``: the smallest square input the model accepts in evaluation mode.

A multiply-accumulate (MAC) is counted as torchvision's "GFLOPS" column counts
it: for a convolution, output elements × (input channels / groups) × kernel
height × kernel width; for a linear layer, output elements × input features.
Bias additions, batch norm, activations and pooling are not counted.

Shapes come from the modules themselves, not from arithmetic in this script:
the models are built and run on PyTorch's meta device, which computes shapes
without allocating or computing values. The smallest input is searched on real
CPU tensors because meta kernels skip some size checks.

Needs torchvision (0.29 with torch 2.15). Run it through
scripts/torch_reference.sh references/arch.py.
"""

import json
from pathlib import Path

import torch
import torchvision

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURE = REPOSITORY_ROOT / "Tests" / "LabModelsTests" / "Fixtures" / "arch_reference.json"
MODELS = [
    "vgg11", "vgg11_bn", "vgg13", "vgg13_bn", "vgg16", "vgg16_bn", "vgg19", "vgg19_bn",
    "resnet18", "resnet34", "resnet50",
]
INPUTS = [(224, 224), (160, 224), (32, 32), (64, 64)]


def build(name: str, device: str) -> torch.nn.Module:
    """Return torchvision's model `name` without weights, in evaluation mode."""
    with torch.device(device):
        model = getattr(torchvision.models, name)(weights=None)
    return model.eval()


def macs_of(module: torch.nn.Module, output: torch.Tensor) -> int:
    """Return the multiply-accumulates of one call of a convolution or linear layer."""
    if isinstance(module, torch.nn.Conv2d):
        kernel_height, kernel_width = module.kernel_size
        per_output = module.in_channels // module.groups * kernel_height * kernel_width
        return output.numel() * per_output
    if isinstance(module, torch.nn.Linear):
        return output.numel() * module.in_features
    return 0


def trace(model: torch.nn.Module, height: int, width: int) -> list:
    """Return every leaf-module call of a forward pass with its output shape and MACs."""
    calls = []
    handles = []
    for name, module in model.named_modules():
        if next(module.children(), None) is not None:
            continue

        def hook(module, inputs, output, name=name):
            calls.append({
                "name": name,
                "type": type(module).__name__,
                "output": list(output.shape),
                "macs": macs_of(module, output),
            })

        handles.append(module.register_forward_hook(hook))
    with torch.no_grad():
        model(torch.empty(1, 3, height, width, device="meta"))
    for handle in handles:
        handle.remove()
    return calls


def smallest_input(name: str) -> int:
    """Return the smallest square input side that a real forward pass accepts."""
    model = build(name, "cpu")
    with torch.no_grad():
        for side in range(1, 225):
            try:
                model(torch.zeros(1, 3, side, side))
                return side
            except RuntimeError:
                continue
    raise RuntimeError(f"{name} rejects every input up to 224")


def describe(name: str) -> dict:
    """Return the reference entry of one model."""
    model = build(name, "meta")
    inputs = []
    for height, width in INPUTS:
        calls = trace(model, height, width)
        inputs.append({
            "height": height,
            "width": width,
            "macs": sum(call["macs"] for call in calls),
            "calls": calls,
        })
    return {
        "name": name,
        "param_count": sum(parameter.numel() for parameter in model.parameters()),
        "parameters": [
            {"name": key, "shape": list(value.shape)} for key, value in model.named_parameters()
        ],
        "buffers": [
            {"name": key, "shape": list(value.shape)} for key, value in model.named_buffers()
        ],
        "inputs": inputs,
        "min_input": smallest_input(name),
    }


def main() -> None:
    reference = {
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "models": [describe(name) for name in MODELS],
    }
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_text(json.dumps(reference, indent=1) + "\n")


if __name__ == "__main__":
    main()
