"""Write small safetensors files with the reference ``safetensors`` package for the LabModels tests.

The Swift reader is tested against files that another implementation wrote,
so that both sides of the format are not the reader's own assumptions. Files
go to ``Tests/LabModelsTests/Fixtures/safetensors/``:

* ``dtypes.safetensors``: the same values as F32, F16 and BF16, a scalar and an
  empty tensor, and ``__metadata__``;
* ``vgg11_bn_first.safetensors``: torchvision's vgg11_bn ``features.0`` and
  ``features.1`` (a convolution and its batch norm, buffers and the I64 step
  counter included), the first layers of every VGG with batch norm;
* ``resnet18_stem.safetensors``: resnet18's ``conv1`` and ``bn1``;
* ``vgg11_gray.safetensors``: vgg11's first layer for one input channel, which no
  model fits.

``safetensors_reference.json`` contains the values that were written, each
float32 (or the float32 widening of each float16 and bfloat16 value) as the
exact decimal of its float64 widening.

Needs the ``safetensors`` package (0.8) and torchvision. Run it through
scripts/torch_reference.sh references/safetensors_fixtures.py.
"""

import json
from pathlib import Path

import numpy as np
import torch
import torchvision
from safetensors.torch import save_file

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent.parent
FOLDER = REPOSITORY_ROOT / "Tests" / "LabModelsTests" / "Fixtures" / "safetensors"
REFERENCE = REPOSITORY_ROOT / "Tests" / "LabModelsTests" / "Fixtures" / "safetensors_reference.json"
SEED = 20_261_204


def values_of(tensor: torch.Tensor) -> list:
    """Return a tensor's values as float32 widened to float64, row-major."""
    return [float(value) for value in tensor.to(torch.float32).reshape(-1).tolist()]


def first_layers(model: torch.nn.Module, prefixes: tuple) -> dict:
    """Return the state-dict entries of `model` whose names start with one of `prefixes`."""
    state = model.state_dict()
    return {name: value.contiguous() for name, value in state.items() if name.startswith(prefixes)}


def main() -> None:
    generator = np.random.default_rng(SEED)
    torch.manual_seed(SEED)
    FOLDER.mkdir(parents=True, exist_ok=True)

    base = torch.tensor(generator.normal(size=(2, 3)), dtype=torch.float32)
    dtypes = {
        "values.f32": base,
        "values.f16": base.to(torch.float16),
        "values.bf16": base.to(torch.bfloat16),
        "scalar": torch.tensor(3.5, dtype=torch.float32),
        "empty": torch.zeros(0, 4, dtype=torch.float32),
    }
    save_file(dtypes, FOLDER / "dtypes.safetensors", metadata={"format": "pt", "source": "test"})

    vgg = torchvision.models.vgg11_bn(weights=None)
    save_file(first_layers(vgg, ("features.0.", "features.1.")),
              FOLDER / "vgg11_bn_first.safetensors")
    resnet = torchvision.models.resnet18(weights=None)
    save_file(first_layers(resnet, ("conv1.", "bn1.")), FOLDER / "resnet18_stem.safetensors")
    gray = {
        "features.0.weight": torch.randn(64, 1, 3, 3),
        "features.0.bias": torch.randn(64),
    }
    save_file(gray, FOLDER / "vgg11_gray.safetensors")

    reference = {
        "dtypes": {name: {"shape": list(value.shape), "data": values_of(value)}
                   for name, value in dtypes.items()},
        "vgg11_bn_first": {"bias": values_of(vgg.features[0].bias.detach()),
                           "weight_head": values_of(vgg.features[0].weight.detach())[:16]},
    }
    REFERENCE.write_text(json.dumps(reference, indent=1) + "\n")


if __name__ == "__main__":
    main()
