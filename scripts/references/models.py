"""Write the PyTorch reference fixtures of LabModels' runnable networks and perceptual loss.

Files written under ``Tests/LabModelsTests/Fixtures``:

* ``models/vgg16_relu2_2.safetensors``: seeded He-normal weights and small random
  biases of torchvision's VGG-16 ``features.0``, ``.2``, ``.5`` and ``.7``, the
  convolutions up to ``relu2_2`` (about 1 MB). The tests load it as a partial
  weights file.
* ``models_reference.json``:
  - ``vgg16``: an image [1, 3, 16, 16] and torchvision's activations at
    ``relu1_2`` (``features.3``) and ``relu2_2`` (``features.8``) with those weights;
  - ``blocks``: a ``BasicBlock`` and a ``Bottleneck`` with small channel counts
    and a strided downsample shortcut, their state dicts, an input, an
    ``upstream`` tensor, and the output and input gradient in train mode (batch
    statistics) and in eval mode (running statistics set to random values);
  - ``perceptual``: input and target images, and for several distances, ranges
    and normalisations the perceptual loss at ``relu1_2`` and ``relu2_2`` with
    layer weights (1, 0.5) and its gradients with respect to both images.

The perceptual loss is computed as LabModels defines it: the image is mapped from
its declared range to [0, 1], optionally normalised with ImageNet's mean and
standard deviation, passed through VGG-16 in eval mode, and the loss is the sum
over layers of weight times the mean squared (or absolute) feature difference.

Every input is drawn from a NumPy generator with a fixed seed, stored as float32,
and written as the exact decimal of its float64 widening. Run it through
scripts/torch_reference.sh, which sets up the virtual environment.
"""

import json
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
import torchvision
from safetensors.torch import save_file
from torchvision.models.resnet import BasicBlock, Bottleneck

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = REPOSITORY_ROOT / "Tests" / "LabModelsTests" / "Fixtures"
WEIGHTS = FIXTURES / "models" / "vgg16_relu2_2.safetensors"
FIXTURE = FIXTURES / "models_reference.json"
SEED = 20_261_204
VGG16_CONVOLUTIONS = ["features.0", "features.2", "features.5", "features.7"]
RELU_LAYERS = {"relu1_2": 3, "relu2_2": 8}
IMAGENET_MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
IMAGENET_STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
MINIMUM_PREACTIVATION = 1e-5
RANGES = {"0,1": (0.0, 1.0), "-1,1": (-1.0, 1.0), "0,255": (0.0, 255.0)}


def record(values) -> dict:
    """Return a tensor as a JSON object of its shape and row-major float32 data."""
    if isinstance(values, torch.Tensor):
        values = values.detach().cpu().numpy()
    array = np.asarray(values, dtype=np.float32)
    return {"shape": list(array.shape), "data": [float(value) for value in array.reshape(-1)]}


def vgg16_prefix(generator: np.random.Generator) -> torch.nn.Module:
    """Return torchvision's VGG-16 features up to relu2_2 with seeded weights, and save them."""
    features = torchvision.models.vgg16(weights=None).features[:9].eval()
    state = {}
    for name in VGG16_CONVOLUTIONS:
        conv = features[int(name.split(".")[1])]
        fan_out = conv.out_channels * conv.kernel_size[0] * conv.kernel_size[1]
        weight = generator.standard_normal(tuple(conv.weight.shape)) * np.sqrt(2 / fan_out)
        bias = generator.uniform(-0.1, 0.1, tuple(conv.bias.shape))
        state[f"{name}.weight"] = torch.tensor(weight, dtype=torch.float32)
        state[f"{name}.bias"] = torch.tensor(bias, dtype=torch.float32)
    missing = features.load_state_dict(
        {key.removeprefix("features."): value for key, value in state.items()})
    assert not missing.missing_keys
    assert not missing.unexpected_keys
    WEIGHTS.parent.mkdir(parents=True, exist_ok=True)
    save_file(state, str(WEIGHTS))
    for parameter in features.parameters():
        parameter.requires_grad_(False)
    return features


def vgg16_case(features: torch.nn.Module, generator: np.random.Generator) -> dict:
    """Return an image and its activations at relu1_2 and relu2_2."""
    image = torch.tensor(generator.uniform(0, 1, (1, 3, 16, 16)), dtype=torch.float32)
    activations = {}
    output = image
    with torch.no_grad():
        for index, layer in enumerate(features):
            output = layer(output)
            for name, wanted in RELU_LAYERS.items():
                if index == wanted:
                    activations[name] = record(output)
    return {"input": record(image), "activations": activations}


def block_case(kind: str, generator: np.random.Generator) -> dict:
    """Return a residual block's state, input, outputs and input gradients in both modes."""
    torch.manual_seed(SEED)
    if kind == "basic":
        inplanes, planes = 4, 8
        expansion = BasicBlock.expansion
    else:
        inplanes, planes = 8, 4
        expansion = Bottleneck.expansion
    downsample = torch.nn.Sequential(
        torch.nn.Conv2d(inplanes, planes * expansion, 1, stride=2, bias=False),
        torch.nn.BatchNorm2d(planes * expansion))
    block_type = BasicBlock if kind == "basic" else Bottleneck
    block = block_type(inplanes, planes, stride=2, downsample=downsample)
    for module in block.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            count = module.num_features
            module.weight.data = torch.tensor(
                generator.uniform(0.5, 1.5, count), dtype=torch.float32)
            module.bias.data = torch.tensor(
                generator.uniform(-0.2, 0.2, count), dtype=torch.float32)
            module.running_mean.data = torch.tensor(
                generator.uniform(-0.3, 0.3, count), dtype=torch.float32)
            module.running_var.data = torch.tensor(
                generator.uniform(0.5, 2, count), dtype=torch.float32)
    state = [{"name": key, **record(value)} for key, value in block.state_dict().items()
             if not key.endswith("num_batches_tracked")]
    values = generator.standard_normal((2, inplanes, 6, 6)).astype(np.float32)
    upstream = None
    modes = {}
    for mode in ["eval", "train"]:
        block.train(mode == "train")
        image = torch.tensor(values, requires_grad=True)
        output = block(image)
        if upstream is None:
            upstream = torch.tensor(
                generator.standard_normal(tuple(output.shape)), dtype=torch.float32)
        (output * upstream).sum().backward()
        modes[mode] = {
            "output": record(output),
            "input_gradient": record(image.grad),
            "running_mean": record(block.bn1.running_mean),
        }
    return {
        "kind": kind, "inplanes": inplanes, "planes": planes, "state": state,
        "input": record(values), "upstream": record(upstream), "modes": modes,
    }


def preprocess(image: torch.Tensor, input_range: str, normalize: str) -> torch.Tensor:
    """Return an image mapped from its declared range to [0, 1] and optionally normalised."""
    low, high = RANGES[input_range]
    scaled = (image - low) / (high - low)
    if normalize == "imagenet":
        scaled = (scaled - IMAGENET_MEAN.to(image.dtype)) / IMAGENET_STD.to(image.dtype)
    return scaled


def smallest_preactivation(features: torch.nn.Module, image: torch.Tensor) -> float:
    """Return the smallest |convolution output| of an image, computed in float64."""
    smallest = float("inf")
    output = image.double()
    with torch.no_grad():
        for layer in features.double():
            output = layer(output)
            if isinstance(layer, torch.nn.Conv2d):
                smallest = min(smallest, output.abs().min().item())
    features.float()
    return smallest


def kink_free_images(features, generator, input_range: str, normalize: str) -> list:
    """Return two [0, 1] images whose convolution outputs all stay away from 0.

    A ReLU input within float32 rounding of 0 may switch sides between PyTorch
    and another implementation, which changes the gradient of everything
    behind it, so such images are drawn again.
    """
    low, high = RANGES[input_range]
    while True:
        images = [generator.uniform(0, 1, (1, 3, 16, 16)) for _ in range(2)]
        ranged = [torch.tensor(values * (high - low) + low) for values in images]
        if all(smallest_preactivation(features, preprocess(image, input_range, normalize))
               > MINIMUM_PREACTIVATION for image in ranged):
            return images


def perceptual_cases(features: torch.nn.Module, generator: np.random.Generator) -> dict:
    """Return the perceptual loss and its gradients for several settings and image pairs."""
    cases = []
    for distance, input_range, normalize in [
        ("mse", "0,1", "imagenet"), ("l1", "0,1", "imagenet"),
        ("mse", "-1,1", "none"), ("l1", "0,255", "imagenet"),
    ]:
        low, high = RANGES[input_range]
        unit_images = kink_free_images(features, generator, input_range, normalize)
        images = [torch.tensor(values * (high - low) + low, dtype=torch.float32,
                               requires_grad=True) for values in unit_images]
        features_of = []
        for image in images:
            selected = []
            output = preprocess(image, input_range, normalize)
            for index, layer in enumerate(features):
                output = layer(output)
                if index in RELU_LAYERS.values():
                    selected.append(output)
            features_of.append(selected)
        loss = torch.zeros(())
        for weight, left, right in zip([1.0, 0.5], *features_of):
            difference = F.mse_loss(left, right) if distance == "mse" else F.l1_loss(left, right)
            loss = loss + weight * difference
        loss.backward()
        cases.append({
            "distance": distance, "input_range": input_range, "normalize": normalize,
            "input": record(images[0]), "target": record(images[1]),
            "loss": float(np.float32(loss.item())),
            "input_gradient": record(images[0].grad), "target_gradient": record(images[1].grad),
        })
    return {"layers": list(RELU_LAYERS), "layer_weights": [1.0, 0.5], "cases": cases}


def main() -> None:
    torch.set_num_threads(1)
    generator = np.random.default_rng(SEED)
    features = vgg16_prefix(generator)
    reference = {
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "vgg16": vgg16_case(features, generator),
        "blocks": [block_case("basic", generator), block_case("bottleneck", generator)],
        "perceptual": perceptual_cases(features, generator),
    }
    FIXTURE.write_text(json.dumps(reference, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {FIXTURE} and {WEIGHTS} with torch {torch.__version__}")


if __name__ == "__main__":
    main()
