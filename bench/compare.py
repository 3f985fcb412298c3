"""Time LossLab's bench workloads against NumPy, PyTorch and ONNX Runtime.

Each round runs every workload once in each engine, one engine after the other,
so that all engines see the same machine state: ``losslab bench WORKLOAD
--format json`` in a child process, then PyTorch, NumPy and ONNX Runtime in this
process. The samples of all rounds are pooled, and the medians give the ratios
written to BENCHMARKS.md together with the machine and the commands.

Where each workload runs:

* sgemm-1536: all four engines (NumPy's matmul calls OpenBLAS).
* conv3x3-64-112 and vgg16-224 (inference): losslab, PyTorch, ONNX Runtime.
* mlp-mse, cnn-ce, triplet and perceptual-sr (one training step each, with
  backward pass and optimizer update): losslab and PyTorch; NumPy and ONNX
  Runtime have no training step to compare with.

Every engine uses two threads, as many as the lab uses on the build machine:
PyTorch through ``torch.set_num_threads``, ONNX Runtime through its intra-op
thread count, NumPy through OPENBLAS_NUM_THREADS, losslab through
LOSSLAB_THREADS. The workloads' definitions match ``losslab help bench``.

Run it through bench/compare.sh, which builds losslab and installs the Python
packages into a virtual environment outside the repository.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

THREADS = 2
os.environ.setdefault("OPENBLAS_NUM_THREADS", str(THREADS))
os.environ.setdefault("OMP_NUM_THREADS", str(THREADS))

import numpy as np  # noqa: E402  (the thread variables must be set first)
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
WORKLOADS = [
    "sgemm-1536", "conv3x3-64-112", "vgg16-224", "mlp-mse", "cnn-ce", "triplet",
    "perceptual-sr",
]
SGEMM_SIZE = 1536
SEED = 20_241_204

# torchvision's configuration "D": convolution widths, "M" for max pooling.
VGG16_LAYOUT = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M",
                512, 512, 512, "M"]


def vgg16_features(upto: int | None = None) -> nn.Sequential:
    """Return VGG-16's feature extractor as torchvision builds it, cut after
    `upto` modules when given (9 ends at relu2_2)."""
    layers: list[nn.Module] = []
    channels = 3
    for entry in VGG16_LAYOUT:
        if entry == "M":
            layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
        else:
            layers.append(nn.Conv2d(channels, entry, kernel_size=3, padding=1))
            layers.append(nn.ReLU(inplace=True))
            channels = entry
    return nn.Sequential(*layers[:upto] if upto is not None else layers)


class VGG16(nn.Module):
    """VGG-16 with torchvision's layer order and classifier."""

    def __init__(self) -> None:
        super().__init__()
        self.features = vgg16_features()
        self.avgpool = nn.AdaptiveAvgPool2d((7, 7))
        self.classifier = nn.Sequential(
            nn.Linear(512 * 7 * 7, 4096), nn.ReLU(True), nn.Dropout(),
            nn.Linear(4096, 4096), nn.ReLU(True), nn.Dropout(),
            nn.Linear(4096, 1000),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.avgpool(self.features(x))
        return self.classifier(torch.flatten(x, 1))


def training_step(model: nn.Module, optimizer: torch.optim.Optimizer, loss_of):
    """Return a function that runs one optimisation step of `loss_of(model)`."""

    def step() -> None:
        optimizer.zero_grad(set_to_none=True)
        loss = loss_of(model)
        loss.backward()
        optimizer.step()

    return step


def torch_workload(name: str):
    """Return (function, flop count or None) running `name` once in PyTorch."""
    generator = torch.Generator().manual_seed(SEED)

    def normal(*shape: int) -> torch.Tensor:
        return torch.randn(*shape, generator=generator)

    if name == "sgemm-1536":
        a, b = normal(SGEMM_SIZE, SGEMM_SIZE), normal(SGEMM_SIZE, SGEMM_SIZE)
        return (lambda: torch.matmul(a, b)), 2 * SGEMM_SIZE**3
    if name == "conv3x3-64-112":
        x, w, bias = normal(1, 64, 112, 112), normal(64, 64, 3, 3) * 0.05, normal(64)

        def convolve() -> None:
            with torch.no_grad():
                F.conv2d(x, w, bias, padding=1)

        return convolve, 2 * 64 * 64 * 9 * 112 * 112
    if name == "vgg16-224":
        model, x = VGG16().eval(), normal(1, 3, 224, 224)

        def forward() -> None:
            with torch.no_grad():
                model(x)

        return forward, 2 * 15_470_264_320
    if name == "mlp-mse":
        model = nn.Sequential(nn.Linear(8, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(),
                              nn.Linear(64, 1))
        x, y = normal(64, 8), normal(64, 1)
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        return training_step(model, optimizer, lambda m: F.mse_loss(m(x), y)), None
    if name == "cnn-ce":
        model = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(32 * 4 * 4, 10),
        )
        x = normal(32, 1, 16, 16)
        labels = torch.randint(0, 10, (32,), generator=generator)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        return training_step(model, optimizer, lambda m: F.cross_entropy(m(x), labels)), None
    if name == "triplet":
        model = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 16))
        anchor, positive, negative = normal(32, 32), normal(32, 32), normal(32, 32)
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

        def loss_of(m: nn.Module) -> torch.Tensor:
            return F.triplet_margin_loss(m(anchor), m(positive), m(negative))

        return training_step(model, optimizer, loss_of), None
    if name == "perceptual-sr":
        model = nn.Sequential(
            nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.Conv2d(32, 32, 3, padding=1),
            nn.ReLU(), nn.Conv2d(32, 3, 3, padding=1),
        )
        features = vgg16_features(upto=9).eval()
        for parameter in features.parameters():
            parameter.requires_grad_(False)
        x, target = normal(4, 3, 64, 64), normal(4, 3, 64, 64)
        with torch.no_grad():
            target_features = features(target)
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

        def loss_of(m: nn.Module) -> torch.Tensor:
            return F.mse_loss(features(m(x)), target_features)

        return training_step(model, optimizer, loss_of), None
    raise ValueError(f"unknown workload {name}")


def numpy_workload(name: str):
    """Return (function, flop count) for the workloads NumPy can run, or None."""
    if name != "sgemm-1536":
        return None
    generator = np.random.default_rng(SEED)
    a = generator.standard_normal((SGEMM_SIZE, SGEMM_SIZE), dtype=np.float32)
    b = generator.standard_normal((SGEMM_SIZE, SGEMM_SIZE), dtype=np.float32)
    return (lambda: a @ b), 2 * SGEMM_SIZE**3


def onnx_workload(name: str, folder: Path):
    """Return (function, flop count) running `name` in ONNX Runtime, or None
    for the training workloads. The model is exported from PyTorch."""
    import onnxruntime

    generator = torch.Generator().manual_seed(SEED)
    if name == "sgemm-1536":
        module, inputs, flops = _MatMul(), (
            torch.randn(SGEMM_SIZE, SGEMM_SIZE, generator=generator),
            torch.randn(SGEMM_SIZE, SGEMM_SIZE, generator=generator)), 2 * SGEMM_SIZE**3
    elif name == "conv3x3-64-112":
        module = nn.Conv2d(64, 64, 3, padding=1).eval()
        inputs, flops = (torch.randn(1, 64, 112, 112, generator=generator),), \
            2 * 64 * 64 * 9 * 112 * 112
    elif name == "vgg16-224":
        module = VGG16().eval()
        inputs, flops = (torch.randn(1, 3, 224, 224, generator=generator),), 2 * 15_470_264_320
    else:
        return None
    path = folder / f"{name}.onnx"
    names = [f"input{index}" for index in range(len(inputs))]
    torch.onnx.export(module, inputs, str(path), input_names=names, dynamo=False)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = THREADS
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(str(path), options,
                                           providers=["CPUExecutionProvider"])
    feed = {key: value.numpy() for key, value in zip(names, inputs)}
    return (lambda: session.run(None, feed)), flops


class _MatMul(nn.Module):
    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return a @ b


def time_function(function, repeat: int, warmup: int) -> list[float]:
    """Return the wall-clock milliseconds of `repeat` calls after `warmup` calls."""
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def losslab_samples(binary: Path, name: str, repeat: int) -> tuple[list[float], float]:
    """Run `losslab bench NAME` and return its per-run milliseconds and the
    child's peak resident memory in MB."""
    environment = dict(os.environ, LOSSLAB_THREADS=str(THREADS))
    command = [str(binary), "bench", name, "--repeat", str(repeat), "--format", "json",
               "--samples"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=environment)
    output, errors = process.communicate()
    # The peak memory comes from the child's own report, because
    # RUSAGE_CHILDREN would give the largest peak of all children so far.
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed with status {process.returncode}: "
                         f"{errors.decode().strip()}")
    report = json.loads(output)
    workload = report["workloads"][0]
    return workload["samples"], report.get("peak_memory_mb", float("nan"))


# Scenarios whose training speed BENCHMARKS.md records: the scenario, the
# steps to run and further settings. Super-resolution runs at 64x64 on four
# photos with two VGG layers, evaluating every 5 steps as the scenario does.
SCENARIO_SPEEDS = [
    ("digits", 5000, ()), ("spiral", 5000, ()), ("house-prices", 5000, ()),
    ("super-resolution", 100,
     ("image.size=64", "image.photos=astronaut,camera,coffee,rocket",
      "loss.layers=relu1_2,relu2_2")),
]


def scenario_speed(binary: Path, scenario: str, steps: int, settings: tuple) -> float:
    """Run `losslab run SCENARIO` headless and return its training steps per
    second, as the command prints it on its last line."""
    environment = dict(os.environ, LOSSLAB_THREADS=str(THREADS))
    command = [str(binary), "run", scenario, "--set", f"training.steps={steps}"]
    for setting in settings:
        command += ["--set", setting]
    result = subprocess.run(command, capture_output=True, text=True, env=environment)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed with status {result.returncode}: "
                         f"{result.stderr.strip()}")
    last = result.stdout.strip().splitlines()[-1]
    # The line reads "N steps in T s (R steps/s)".
    return float(last.rsplit("(", 1)[1].split()[0])


def summary(samples: list[float]) -> dict:
    return {"min": min(samples), "median": statistics.median(samples), "max": max(samples)}


def machine_description() -> list[str]:
    """Return lines naming the CPU, cores, memory, system and package versions."""
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kb = next(int(line.split()[1]) for line in
                         Path("/proc/meminfo").read_text().splitlines()
                         if line.startswith("MemTotal"))
        memory = f"{memory_kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        memory = "unknown"
    import onnxruntime

    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout
    return [
        f"- CPU: {cpu}, {os.cpu_count()} logical cores; memory {memory}",
        f"- System: {platform.system()} {platform.release()} ({platform.machine()})",
        f"- Swift: {swift.splitlines()[0] if swift else 'unknown'} "
        "(release build, `-Ounchecked -target-cpu native`)",
        f"- Python {platform.python_version()}, NumPy {np.__version__}, "
        f"PyTorch {torch.__version__}, ONNX Runtime {onnxruntime.__version__}",
        f"- Threads: {THREADS} in every engine",
    ]


def ratio_rows(medians: dict, peak_memory: float) -> list[tuple[str, str, str, bool | None]]:
    """Return (measure, value, target, met) rows for the targets of the bench."""
    rows = []

    def add(measure: str, value: float | None, target: str, met) -> None:
        if value is None:
            rows.append((measure, "not measured", target, None))
        else:
            rows.append((measure, f"{value:.2f}×", target, met(value)))

    def get(engine: str, name: str) -> float | None:
        return medians.get((engine, name))

    def quotient(top: float | None, bottom: float | None) -> float | None:
        return None if top is None or bottom is None else top / bottom

    add("sgemm-1536 GFLOP/s, losslab / NumPy", quotient(get("numpy", "sgemm-1536"),
        get("losslab", "sgemm-1536")), "≥ 0.9×", lambda value: value >= 0.9)
    add("vgg16-224 time, losslab / ONNX Runtime", quotient(get("losslab", "vgg16-224"),
        get("onnxruntime", "vgg16-224")), "≤ 1.25×", lambda value: value <= 1.25)
    add("vgg16-224 time, losslab / PyTorch", quotient(get("losslab", "vgg16-224"),
        get("torch", "vgg16-224")), "≤ 0.8×", lambda value: value <= 0.8)
    for name, needed in [("mlp-mse", 10), ("triplet", 10), ("cnn-ce", 3)]:
        add(f"{name} speed-up, PyTorch time / losslab time",
            quotient(get("torch", name), get("losslab", name)), f"≥ {needed}×",
            lambda value, needed=needed: value >= needed)
    add("perceptual-sr time, losslab / PyTorch", quotient(get("losslab", "perceptual-sr"),
        get("torch", "perceptual-sr")), "≤ 0.8×", lambda value: value <= 0.8)
    if peak_memory == peak_memory:  # not NaN
        rows.append(("vgg16-224 forward, losslab peak resident memory",
                     f"{peak_memory:.0f} MB", "≤ 800 MB", peak_memory <= 800))
    return rows


def write_report(path: Path, results: dict, flops: dict, peak_memory: float,
                 speeds: dict, arguments: argparse.Namespace, started: str) -> None:
    engines = [("losslab", "losslab"), ("torch", "PyTorch"), ("numpy", "NumPy"),
               ("onnxruntime", "ONNX Runtime")]
    medians = {key: summary(samples)["median"] for key, samples in results.items()}
    lines = [
        "# Benchmarks",
        "",
        "Written by `bench/compare.sh` (bench/compare.py); do not edit by hand. Each",
        "figure is the median wall-clock time of one call in milliseconds, pooled over",
        f"{arguments.rounds} rounds of {arguments.repeat} timed calls after a warm-up,",
        "the engines taking turns within each round. Ratios compare medians from this",
        "one run.",
        "",
        f"Run on {started}:",
        "",
        *machine_description(),
        "",
        "Command: `" + " ".join(["bench/compare.sh", *arguments.passed]) + "`",
        "",
        "## Targets",
        "",
        "| measure | reached | target | met |",
        "| --- | --- | --- | --- |",
    ]
    for measure, value, target, met in ratio_rows(medians, peak_memory):
        if met is None:
            mark = "n/a"
        else:
            mark = "yes" if met else "no"
        lines.append(f"| {measure} | {value} | {target} | {mark} |")
    lines += [
        "",
        "## Times (median ms; min–max in brackets; GFLOP/s where it applies)",
        "",
        "| workload | " + " | ".join(title for _, title in engines) + " |",
        "| --- |" + " --- |" * len(engines),
    ]
    for name in arguments.workloads:
        cells = []
        for engine, _ in engines:
            samples = results.get((engine, name))
            if not samples:
                cells.append("—")
                continue
            stats = summary(samples)
            cell = f"{stats['median']:.3f} ({stats['min']:.3f}–{stats['max']:.3f})"
            if flops.get(name):
                cell += f", {flops[name] / stats['median'] / 1e6:.1f} GFLOP/s"
            cells.append(cell)
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "Workload definitions: `losslab help bench`.", ""]
    if speeds:
        lines += [
            "## Scenario training speed",
            "",
            "Steps per second of `losslab run SCENARIO --set training.steps=N --set ...`,",
            f"the best of {arguments.rounds} runs, evaluations included (the lab itself",
            "trains at the scenario's speed setting).",
            "",
            "| scenario | settings | steps | steps/s |",
            "| --- | --- | --- | --- |",
        ]
        for (scenario, steps, settings), rates in speeds.items():
            shown = ", ".join(f"`{setting}`" for setting in settings) or "as shipped"
            lines.append(f"| {scenario} | {shown} | {steps} | {max(rates):,.1f} |")
        lines.append("")
    path.write_text("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--losslab", type=Path, required=True,
                        help="the losslab executable (a release build)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds in which every engine runs every workload (default 3)")
    parser.add_argument("--repeat", type=int, default=10,
                        help="timed calls per workload, engine and round (default 10)")
    parser.add_argument("--output", type=Path, default=REPOSITORY_ROOT / "BENCHMARKS.md",
                        help="the report to write (default BENCHMARKS.md)")
    parser.add_argument("workloads", nargs="*", default=WORKLOADS,
                        help="workloads to run (default: all)")
    arguments = parser.parse_args()
    arguments.passed = sys.argv[1:]
    arguments.passed = [word for index, word in enumerate(arguments.passed)
                        if word != "--losslab" and (index == 0 or
                                                    arguments.passed[index - 1] != "--losslab")]
    unknown = [name for name in arguments.workloads if name not in WORKLOADS]
    if unknown:
        parser.error(f"unknown workload {unknown[0]}; workloads are {', '.join(WORKLOADS)}")

    torch.manual_seed(SEED)
    torch.set_num_threads(THREADS)
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    results: dict[tuple[str, str], list[float]] = {}
    flops: dict[str, int] = {}
    peak_memory = float("nan")
    with tempfile.TemporaryDirectory() as folder:
        builders = {
            "torch": lambda name: torch_workload(name),
            "numpy": lambda name: numpy_workload(name),
            "onnxruntime": lambda name: onnx_workload(name, Path(folder)),
        }
        prepared = {}
        for name in arguments.workloads:
            for engine, build in builders.items():
                workload = build(name)
                if workload is not None:
                    prepared[(engine, name)] = workload[0]
                    flops[name] = workload[1] or flops.get(name)
        for round_index in range(arguments.rounds):
            for name in arguments.workloads:
                print(f"round {round_index + 1}/{arguments.rounds}: {name}", file=sys.stderr)
                samples, peak = losslab_samples(arguments.losslab, name, arguments.repeat)
                results.setdefault(("losslab", name), []).extend(samples)
                if name == "vgg16-224":
                    peak_memory = peak if peak_memory != peak_memory else max(peak_memory, peak)
                for engine in builders:
                    function = prepared.get((engine, name))
                    if function is not None:
                        results.setdefault((engine, name), []).extend(
                            time_function(function, arguments.repeat, warmup=2))
    speeds: dict[tuple[str, int, tuple], list[float]] = {}
    for round_index in range(arguments.rounds):
        for scenario, steps, settings in SCENARIO_SPEEDS:
            print(f"round {round_index + 1}/{arguments.rounds}: scenario {scenario}",
                  file=sys.stderr)
            speeds.setdefault((scenario, steps, settings), []).append(
                scenario_speed(arguments.losslab, scenario, steps, settings))
    write_report(arguments.output, results, flops, peak_memory, speeds, arguments, started)
    print(f"wrote {arguments.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
