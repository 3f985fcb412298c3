"""Convert torchvision's pretrained VGG-16 or VGG-19 weights to a safetensors file for LossLab.

LossLab reads weights by torchvision's parameter names (``features.0.weight``,
``classifier.6.bias``) from safetensors files. This script loads a pretrained
VGG with torchvision, which downloads the checkpoint from download.pytorch.org
the first time (the machine running it needs network access), and writes its
state dict with ``safetensors.torch.save_file``.

With ``--features-only`` only the convolutional part (``features.*``) is kept,
which is all a perceptual loss uses: about 59 MB for VGG-16 and 80 MB for
VGG-19 (4 bytes per parameter), against 553 MB and 575 MB for the whole models. ``--through LAYER``
keeps only the layers up to a named ReLU such as ``relu2_2`` (a partial file),
which is enough when no deeper layer is requested.

Examples::

    python scripts/convert_weights.py vgg16 vgg16.safetensors --features-only
    python scripts/convert_weights.py vgg19 vgg19_relu3_4.safetensors --through relu3_4

Requirements: torch, torchvision and safetensors (``pip install torch torchvision
safetensors``).
"""

import argparse
import sys

import torch
import torchvision
from safetensors.torch import save_file

# torchvision's weight enums for the models a perceptual loss uses.
WEIGHTS = {
    "vgg16": torchvision.models.VGG16_Weights.IMAGENET1K_V1,
    "vgg19": torchvision.models.VGG19_Weights.IMAGENET1K_V1,
    "vgg16_bn": torchvision.models.VGG16_BN_Weights.IMAGENET1K_V1,
    "vgg19_bn": torchvision.models.VGG19_BN_Weights.IMAGENET1K_V1,
}


def relu_indices(features: torch.nn.Sequential) -> dict[str, int]:
    """Return the index in ``features`` of every ReLU named as relu<stage>_<convolution>."""
    names = {}
    stage, convolution = 1, 0
    for index, layer in enumerate(features):
        if isinstance(layer, torch.nn.Conv2d):
            convolution += 1
        elif isinstance(layer, torch.nn.ReLU):
            names[f"relu{stage}_{convolution}"] = index
        elif isinstance(layer, torch.nn.MaxPool2d):
            stage, convolution = stage + 1, 0
    return names


def selected_state(model: torch.nn.Module, features_only: bool, through: str | None) -> dict:
    """Return the tensors to save, as contiguous float32 CPU tensors."""
    state = model.state_dict()
    if through is not None:
        indices = relu_indices(model.features)
        if through not in indices:
            raise SystemExit(f"--through: unknown layer '{through}'; expected one of: "
                             + ", ".join(indices))
        last = indices[through]
        state = {key: value for key, value in state.items()
                 if key.startswith("features.") and int(key.split(".")[1]) <= last}
    elif features_only:
        state = {key: value for key, value in state.items() if key.startswith("features.")}
    # num_batches_tracked of the batch-norm variants is an integer counter that
    # LossLab does not read, so it is left out.
    return {key: value.detach().to(torch.float32).contiguous()
            for key, value in state.items() if not key.endswith("num_batches_tracked")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", choices=sorted(WEIGHTS))
    parser.add_argument("output", help="the safetensors file to write")
    parser.add_argument("--features-only", action="store_true",
                        help="keep only features.* (what a perceptual loss needs)")
    parser.add_argument("--through", metavar="LAYER",
                        help="keep only the layers up to this ReLU, such as relu2_2")
    arguments = parser.parse_args()

    weights = WEIGHTS[arguments.model]
    model = getattr(torchvision.models, arguments.model)(weights=weights).eval()
    state = selected_state(model, arguments.features_only, arguments.through)
    metadata = {"source": f"torchvision {torchvision.__version__} {weights}"}
    save_file(state, arguments.output, metadata=metadata)
    print(f"wrote {len(state)} tensors of {arguments.model} to {arguments.output}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
