"""Write the reference fixture of PNG reading, image downscaling and image quality.

Outputs, all under ``Tests/LabDataTests/Fixtures``:

* ``png/*.png``: small PNG files of 4×3 pixels in colour types and bit depths
  that the committed photographs do not use (1-, 8- and 16-bit grey, grey with
  alpha, 16-bit RGB, RGBA, a 4-bit palette with transparency). They are encoded
  here by hand with zlib, because Pillow cannot write 16-bit RGB.
* ``images_reference.json`` with four sections:

  - ``formats``: for each file in ``png/``, the 8-bit RGB values that a reader
    must return, computed from the encoded samples. A grey level of bit depth b
    becomes ``v * 255 / (2^b - 1)``, and a 16-bit value ``round(v / 257)`` (the
    rounding of libpng's ``png_set_scale_16``). Alpha is dropped. For the
    8-bit and lower files the script also checks that Pillow's
    ``convert("RGB")`` gives the same values.
  - ``photographs``: for each PNG in ``scenarios/data/images``, its size as
    Pillow reads it, the RGB bytes of five pixels and the mean of every channel
    of ``byte / 255`` in float64.
  - ``downscale``: ``torch.nn.functional.interpolate(mode="area")`` with scale
    factors 1/2 and 1/4, on random float32 tensors with sides that the factor
    does not divide, and on two photographs read from ``scenarios/data/images``
    (the input is then named by ``image``, not stored).
  - ``quality``: PSNR (``skimage.metrics.peak_signal_noise_ratio``, data range 1)
    and SSIM (``skimage.metrics.structural_similarity`` with
    ``gaussian_weights=True``, ``sigma=1.5``, ``use_sample_covariance=False``,
    ``data_range=1`` and ``channel_axis`` for RGB) between a photograph and a
    noisy copy (float32 ``clip(x + N(0, σ²), 0, 1)``, stored), between two
    photographs, and between a 64×64 photograph and its 32×32 version repeated
    to 64×64. scikit-image computes in the precision of its input, so both
    images are passed as float64 widenings of the float32 values.

Images are stored planar, [C, H, W], as the Swift side holds them. Random
values come from a NumPy generator with a fixed seed, tensors are written as
``{"shape": [...], "data": [...]}`` with each float32 value as the exact
decimal of its float64 widening, as scripts/torch_reference.py does.

Run it through scripts/torch_reference.sh references/images.py, in a virtual
environment that also has scikit-image and Pillow.
"""

import struct
import sys
import zlib
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from torch_reference import Inputs, record, write_json  # noqa: E402

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURE_FOLDER = REPOSITORY_ROOT / "Tests" / "LabDataTests" / "Fixtures"
FIXTURE = FIXTURE_FOLDER / "images_reference.json"
PNG_FOLDER = FIXTURE_FOLDER / "png"
IMAGE_FOLDER = REPOSITORY_ROOT / "scenarios" / "data" / "images"
SEED = 20_261_204
WIDTH, HEIGHT = 4, 3


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    """Return one PNG chunk: length, type, payload and CRC-32 of type and payload."""
    checksum = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", checksum)


def encode_png(rows: list[bytes], bit_depth: int, color_type: int,
               palette: bytes = b"", transparency: bytes = b"") -> bytes:
    """Return a PNG file of packed rows, each row stored with filter type 0 (none)."""
    header = struct.pack(">IIBBBBB", WIDTH, len(rows), bit_depth, color_type, 0, 0, 0)
    chunks = [png_chunk(b"IHDR", header)]
    if palette:
        chunks.append(png_chunk(b"PLTE", palette))
    if transparency:
        chunks.append(png_chunk(b"tRNS", transparency))
    raw = b"".join(b"\x00" + row for row in rows)
    chunks.append(png_chunk(b"IDAT", zlib.compress(raw, 9)))
    chunks.append(png_chunk(b"IEND", b""))
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks)


def pack_bits(values: np.ndarray, bit_depth: int) -> list[bytes]:
    """Return rows of samples below 8 bits packed most significant bit first."""
    per_byte = 8 // bit_depth
    rows = []
    for row in values:
        packed = bytearray()
        for start in range(0, len(row), per_byte):
            byte = 0
            for offset in range(per_byte):
                sample = int(row[start + offset]) if start + offset < len(row) else 0
                byte |= sample << (8 - bit_depth * (offset + 1))
            packed.append(byte)
        rows.append(bytes(packed))
    return rows


def sample_rows(samples: np.ndarray, bit_depth: int) -> list[bytes]:
    """Return rows of [H, W, S] samples of 8 or 16 bits, big-endian."""
    dtype = ">u2" if bit_depth == 16 else "u1"
    return [samples[y].astype(dtype).tobytes() for y in range(samples.shape[0])]


def scale_16(values: np.ndarray) -> np.ndarray:
    """Return 16-bit samples rounded to 8 bits, round(v / 257), which never ties."""
    return np.floor(values.astype(np.float64) / 257 + 0.5).astype(np.uint8)


def format_cases(generator: np.random.Generator) -> list[dict]:
    """Write the PNG files of the format cases and return their expected RGB bytes."""
    shape = (HEIGHT, WIDTH)
    cases = []

    def add(name: str, data: bytes, expected: np.ndarray, pillow_checked: bool) -> None:
        path = PNG_FOLDER / f"{name}.png"
        path.write_bytes(data)
        if pillow_checked:
            pillow = np.asarray(Image.open(path).convert("RGB"))
            assert np.array_equal(pillow, expected), f"{name}: Pillow disagrees"
        cases.append({
            "name": name,
            "file": f"png/{name}.png",
            "width": WIDTH,
            "height": HEIGHT,
            "rgb": [int(value) for value in np.transpose(expected, (2, 0, 1)).reshape(-1)],
        })

    grey1 = generator.integers(0, 2, shape)
    add("grey-1bit", encode_png(pack_bits(grey1, 1), 1, 0),
        np.repeat((grey1 * 255)[..., None], 3, axis=2).astype(np.uint8), True)

    grey8 = generator.integers(0, 256, shape)
    add("grey-8bit", encode_png(sample_rows(grey8[..., None], 8), 8, 0),
        np.repeat(grey8[..., None], 3, axis=2).astype(np.uint8), True)

    grey16 = generator.integers(0, 65536, shape)
    add("grey-16bit", encode_png(sample_rows(grey16[..., None], 16), 16, 0),
        np.repeat(scale_16(grey16)[..., None], 3, axis=2), False)

    grey_alpha = generator.integers(0, 256, shape + (2,))
    add("grey-alpha-8bit", encode_png(sample_rows(grey_alpha, 8), 8, 4),
        np.repeat(grey_alpha[..., :1], 3, axis=2).astype(np.uint8), True)

    rgb16 = generator.integers(0, 65536, shape + (3,))
    add("rgb-16bit", encode_png(sample_rows(rgb16, 16), 16, 2), scale_16(rgb16), False)

    rgba8 = generator.integers(0, 256, shape + (4,))
    add("rgba-8bit", encode_png(sample_rows(rgba8, 8), 8, 6),
        rgba8[..., :3].astype(np.uint8), True)

    palette = generator.integers(0, 256, (16, 3)).astype(np.uint8)
    alphas = generator.integers(0, 256, 16).astype(np.uint8)
    indices = generator.integers(0, 16, shape)
    add("palette-4bit", encode_png(pack_bits(indices, 4), 4, 3, palette.tobytes(),
                                   alphas.tobytes()),
        palette[indices], True)
    return cases


def read_photograph(name: str) -> np.ndarray:
    """Return a committed photograph as float32 [H, W, 3] values byte / 255."""
    with Image.open(IMAGE_FOLDER / f"{name}.png") as image:
        assert image.mode == "RGB", f"{name}: mode {image.mode}"
        return np.asarray(image, dtype=np.uint8).astype(np.float32) / np.float32(255)


def photograph_cases() -> list[dict]:
    """Return the size, five pixels and channel means of every committed photograph."""
    cases = []
    for path in sorted(IMAGE_FOLDER.glob("*.png")):
        with Image.open(path) as image:
            assert image.mode == "RGB", f"{path.name}: mode {image.mode}"
            pixels = np.asarray(image, dtype=np.uint8)
        height, width, _ = pixels.shape
        positions = [(0, 0), (width - 1, 0), (0, height - 1), (width - 1, height - 1),
                     (width // 2, height // 3)]
        means = (pixels.astype(np.float64) / 255).mean(axis=(0, 1))
        cases.append({
            "name": path.stem,
            "width": width,
            "height": height,
            "samples": [{"x": x, "y": y, "rgb": [int(value) for value in pixels[y, x]]}
                        for x, y in positions],
            "channel_means": [float(value) for value in means],
        })
    return cases


def area(tensor: torch.Tensor, factor: int) -> torch.Tensor:
    """Return PyTorch's area downscale of an [N, C, H, W] tensor by an integer factor."""
    return F.interpolate(tensor, scale_factor=1 / factor, mode="area")


def downscale_cases(inputs: Inputs) -> list[dict]:
    """Return area downscales of random tensors and of two photographs."""
    cases = []
    for name, shape, factor in [("random by 2", (2, 3, 9, 10), 2),
                                ("random by 4", (1, 3, 10, 13), 4)]:
        values = inputs.uniform(shape, 0, 1)
        output = area(torch.from_numpy(values), factor)
        cases.append({"name": name, "factor": factor, "input": record(values),
                      "output": record(output)})
    for image, factor in [("astronaut-64", 2), ("camera-64", 4)]:
        planar = np.transpose(read_photograph(image), (2, 0, 1))[None]
        output = area(torch.from_numpy(np.ascontiguousarray(planar)), factor)
        cases.append({"name": f"{image} by {factor}", "factor": factor, "image": image,
                      "output": record(output[0])})
    return cases


def quality(first: np.ndarray, second: np.ndarray) -> dict:
    """Return PSNR and SSIM of two float32 [H, W, 3] or [H, W] images, in float64."""
    first64, second64 = first.astype(np.float64), second.astype(np.float64)
    channel_axis = 2 if first.ndim == 3 else None
    ssim = structural_similarity(
        first64, second64, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
        data_range=1.0, channel_axis=channel_axis)
    psnr = peak_signal_noise_ratio(first64, second64, data_range=1.0)
    return {"psnr": float(psnr), "ssim": float(ssim)}


def planar(image: np.ndarray) -> np.ndarray:
    """Return an [H, W, 3] image as [3, H, W], or an [H, W] image as [1, H, W]."""
    if image.ndim == 2:
        return image[None]
    return np.ascontiguousarray(np.transpose(image, (2, 0, 1)))


def quality_cases(generator: np.random.Generator) -> list[dict]:
    """Return PSNR and SSIM of noisy copies and of photograph pairs."""
    cases = []
    for image, deviation in [("camera-32", 0.05), ("astronaut-32", 0.1), ("coffee-32", 0.2)]:
        clean = read_photograph(image)
        noise = generator.standard_normal(clean.shape).astype(np.float32) * np.float32(deviation)
        noisy = np.clip(clean + noise, 0, 1).astype(np.float32)
        cases.append({"name": f"{image} with noise {deviation}", "image": image,
                      "other": record(planar(noisy)), **quality(clean, noisy)})

    clean = read_photograph("rocket-32")[..., 0]
    noise = generator.standard_normal(clean.shape).astype(np.float32) * np.float32(0.1)
    noisy = np.clip(clean + noise, 0, 1).astype(np.float32)
    cases.append({"name": "rocket-32 red channel with noise 0.1", "image": "rocket-32",
                  "channel": 0, "other": record(planar(noisy)), **quality(clean, noisy)})

    cases.append({"name": "camera-32 against astronaut-32", "image": "camera-32",
                  "other_image": "astronaut-32",
                  **quality(read_photograph("camera-32"), read_photograph("astronaut-32"))})
    repeated = np.repeat(np.repeat(read_photograph("chelsea-32"), 2, axis=0), 2, axis=1)
    cases.append({"name": "chelsea-64 against chelsea-32 repeated", "image": "chelsea-64",
                  "other_image": "chelsea-32", "other_repeat": 2,
                  **quality(read_photograph("chelsea-64"), repeated)})
    return cases


def main() -> int:
    torch.set_num_threads(1)
    PNG_FOLDER.mkdir(parents=True, exist_ok=True)
    generator = np.random.default_rng(SEED)
    inputs = Inputs(SEED + 1)
    document = {
        "formats": format_cases(generator),
        "photographs": photograph_cases(),
        "downscale": downscale_cases(inputs),
        "quality": quality_cases(generator),
    }
    write_json(document, FIXTURE)
    print(f"wrote {FIXTURE.relative_to(REPOSITORY_ROOT)} and "
          f"{len(document['formats'])} files in {PNG_FOLDER.relative_to(REPOSITORY_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
