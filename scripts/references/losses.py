"""Write the PyTorch reference fixture of the LabNN losses.

The file ``Tests/LabNNTests/Fixtures/losses_reference.json`` contains a list of
cases. Each case names a loss as ``losslab loss`` names it and contains:

* ``tensors``: the floating-point inputs by their PyTorch argument names
  (input, target, weight, pos_weight, anchor, positive, negative, embeddings);
* ``class_target``: integer class indices with their shape, for class-index
  targets of cross_entropy and nll;
* ``labels``: the integer labels of a mined triplet batch;
* ``options``: the PyTorch options by name (reduction, delta, beta,
  ignore_index, label_smoothing, margin, p, eps, swap), and ``distance``,
  ``miner`` and ``normalization`` where they apply;
* ``output``: the loss, as a tensor of shape [] unless the reduction is "none";
* ``upstream``: for reduction "none", the tensor u of the differentiated scalar
  ``(output * u).sum()``, so that every output element gets its own upstream
  gradient. Other cases have none, because their scalar output is
  differentiated itself;
* ``gradients``: the gradient of that scalar with respect to each input that
  PyTorch differentiates. Class weights and ``pos_weight`` are constants.

Inputs come from a NumPy generator with a fixed seed and are stored as float32;
PyTorch runs in float32 on the CPU. A tensor is ``{"shape": [...], "data": [...]}``
in row-major order and each value is written as the exact decimal of its float64
widening, so that Swift parses the same bits.

PyTorch has no triplet miners, so mined cases select the triplets in Python by
the rules that docs/losses.md gives, from distances that PyTorch computes, and
PyTorch computes the loss of the gathered rows and its gradient. Gram style
losses and total variation are likewise written out from PyTorch operations.

The known loss faults (large logits, weighted means, a triplet distance at 0)
are cases with their exact inputs.

Run it with ``bash scripts/torch_reference.sh references/losses.py``.
"""

import json
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
FIXTURE = REPOSITORY_ROOT / "Tests" / "LabNNTests" / "Fixtures" / "losses_reference.json"
SEED = 20_261_204
REDUCTIONS = ("none", "mean", "sum")


def record(values) -> dict:
    """Return a tensor as a JSON object of its shape and row-major float32 data."""
    if isinstance(values, torch.Tensor):
        values = values.detach().cpu().numpy()
    array = np.asarray(values, dtype=np.float32)
    return {"shape": list(array.shape), "data": [float(value) for value in array.reshape(-1)]}


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

    def integers(self, shape, high: int) -> np.ndarray:
        """Return integers in [0, high)."""
        return self.generator.integers(0, high, shape)

    def probabilities(self, shape) -> np.ndarray:
        """Return a softmax over dimension 1 (0 for rank 1) of normal samples."""
        values = torch.from_numpy(self.normal(shape))
        return torch.softmax(values, dim=1 if len(shape) > 1 else 0).numpy()


def evaluate(name, loss, tensors, differentiable, compute, options,
             upstream_source: Inputs, **extra) -> dict:
    """Run compute on leaf tensors and return the case with output and gradients.

    compute receives the dict of torch tensors (leaves for the names in
    differentiable, constants otherwise) and returns the loss tensor.
    """
    torch_tensors = {}
    for key, array in tensors.items():
        tensor = torch.tensor(array, dtype=torch.float32)
        if key in differentiable:
            tensor.requires_grad_(True)
        torch_tensors[key] = tensor
    output = compute(torch_tensors)
    case = {"name": name, "loss": loss, "tensors": {k: record(v) for k, v in tensors.items()},
            "options": options, "output": record(output)}
    case.update(extra)
    if output.requires_grad:
        if output.dim() > 0:
            upstream = upstream_source.normal(tuple(output.shape))
            case["upstream"] = record(upstream)
            (output * torch.from_numpy(upstream)).sum().backward()
        else:
            output.backward()
    case["gradients"] = {
        key: record(torch_tensors[key].grad if torch_tensors[key].grad is not None
                    else torch.zeros_like(torch_tensors[key]))
        for key in differentiable}
    return case


def regression_cases(inputs: Inputs) -> list[dict]:
    """Return mse, l1, huber and smooth_l1 cases over reductions and thresholds."""
    cases = []
    settings = [("mse", {}), ("l1", {}), ("huber", {"delta": 1.0}), ("huber", {"delta": 0.5}),
                ("huber", {"delta": 2.0}), ("smooth_l1", {"beta": 1.0}),
                ("smooth_l1", {"beta": 0.5}), ("smooth_l1", {"beta": 0.0}),
                ("smooth_l1", {"beta": 2.0})]
    functions = {"mse": F.mse_loss, "l1": F.l1_loss, "huber": F.huber_loss,
                 "smooth_l1": F.smooth_l1_loss}
    for loss, threshold in settings:
        reductions = REDUCTIONS if threshold.get("delta", threshold.get("beta", 1.0)) == 1.0 \
            else ("mean", "none")
        for reduction in reductions:
            shape = (3, 4) if reduction != "none" else (2, 3, 2)
            predicted = inputs.normal(shape)
            # Differences of about ±2 put elements on both sides of each threshold.
            target = (predicted + inputs.normal(shape, 1.5)).astype(np.float32)
            options = {"reduction": reduction, **threshold}
            cases.append(evaluate(
                f"{loss} {threshold} {reduction}", loss,
                {"input": predicted, "target": target}, ("input", "target"),
                lambda t, f=functions[loss], o=options: f(t["input"], t["target"], **o),
                options, inputs))
    return cases


def cross_entropy_function(options: dict):
    """Return a function of the torch tensors that calls F.cross_entropy."""
    def compute(tensors, class_target=None):
        target = class_target if class_target is not None else tensors["target"]
        return F.cross_entropy(tensors["input"], target, weight=tensors.get("weight"),
                               **options)
    return compute


def class_index_case(name, inputs, shape, options, weight=None, ignored=(), loss="cross_entropy",
                     logits=None, targets=None) -> dict:
    """Return a cross_entropy or nll case with class-index targets of the input."""
    class_count = shape[1] if len(shape) > 1 else shape[0]
    target_shape = (shape[0],) + tuple(shape[2:]) if len(shape) > 1 else ()
    values = logits if logits is not None else inputs.normal(shape, 2.0)
    if loss == "nll":
        values = torch.log_softmax(torch.from_numpy(values), dim=1 if len(shape) > 1 else 0) \
            .numpy()
    target = np.asarray(inputs.integers(target_shape, class_count) if targets is None
                        else targets, dtype=np.int64)
    ignore_index = options.get("ignore_index", -100)
    flat = target.reshape(-1)
    for position in ignored:
        flat[position] = ignore_index
    tensors = {"input": values}
    if weight is not None:
        tensors["weight"] = np.asarray(weight, dtype=np.float32)
    class_target = torch.from_numpy(target.copy())
    function = F.cross_entropy if loss == "cross_entropy" else F.nll_loss

    def compute(t):
        return function(t["input"], class_target, weight=t.get("weight"), **options)
    return evaluate(name, loss, tensors, ("input",), compute, options, inputs,
                    class_target={"shape": list(target.shape), "values": flat.tolist()})


def cross_entropy_index_cases(inputs: Inputs) -> list[dict]:
    """Return cross_entropy and nll cases with class indices, for every option combination."""
    cases = []
    weight = [0.5, 2.0, 1.0, 3.0, 0.25]
    combinations = [
        ("plain", {}, None, ()),
        ("weight", {}, weight, ()),
        ("ignore_index", {}, None, (1,)),
        ("label_smoothing", {"label_smoothing": 0.1}, None, ()),
        ("weight ignore_index", {}, weight, (0, 3)),
        ("weight label_smoothing", {"label_smoothing": 0.2}, weight, ()),
        ("ignore_index label_smoothing", {"label_smoothing": 0.15}, None, (2,)),
        ("weight ignore_index label_smoothing", {"label_smoothing": 0.3}, weight, (1, 2)),
    ]
    for label, extra, class_weight, ignored in combinations:
        for reduction in REDUCTIONS:
            options = {"reduction": reduction, **extra}
            cases.append(class_index_case(
                f"cross_entropy {label} {reduction}", inputs, (4, 5), options, class_weight,
                ignored))
    cases.append(class_index_case(
        "cross_entropy ignore_index 2", inputs, (6, 5), {"reduction": "mean", "ignore_index": 2}))
    cases.append(class_index_case(
        "cross_entropy ignore_index 2 weight smoothing", inputs, (6, 5),
        {"reduction": "mean", "ignore_index": 2, "label_smoothing": 0.1}, weight))
    for reduction in REDUCTIONS:
        cases.append(class_index_case(
            f"cross_entropy spatial [2, 3, 4] {reduction}", inputs, (2, 3, 4),
            {"reduction": reduction}))
    for reduction in ("mean", "none"):
        cases.append(class_index_case(
            f"cross_entropy spatial all options {reduction}", inputs, (2, 3, 4),
            {"reduction": reduction, "label_smoothing": 0.1}, [1.0, 2.0, 0.5], (1, 6)))
    cases.append(class_index_case(
        "cross_entropy spatial [2, 3, 2, 2] weight", inputs, (2, 3, 2, 2),
        {"reduction": "mean"}, [1.0, 2.0, 0.5]))
    cases.append(class_index_case(
        "cross_entropy unbatched [5]", inputs, (5,), {"reduction": "mean"}))

    nll_combinations = [("plain", None, ()), ("weight", weight, ()),
                        ("weight ignore_index", weight, (2,))]
    for label, class_weight, ignored in nll_combinations:
        for reduction in REDUCTIONS:
            cases.append(class_index_case(
                f"nll {label} {reduction}", inputs, (4, 5), {"reduction": reduction},
                class_weight, ignored, loss="nll"))
    cases.append(class_index_case(
        "nll spatial weight", inputs, (2, 3, 4), {"reduction": "mean"}, [1.0, 2.0, 0.5],
        (3,), loss="nll"))
    return cases


def known_fault_cases(inputs: Inputs) -> list[dict]:
    """Return the cross-entropy and triplet inputs of the known loss faults."""
    cases = []
    large = [("[1000, 0] target 0", [1000, 0], 0), ("[1000, 0] target 1", [1000, 0], 1),
             ("[-1000, -1000] target 0", [-1000, -1000], 0), ("[100, 0] target 1", [100, 0], 1),
             ("[-431, 279, 427] target 0", [-431, 279, 427], 0)]
    for label, logits, target in large:
        values = np.asarray([logits], dtype=np.float32)

        def compute(t, target=target):
            return F.cross_entropy(t["input"], torch.tensor([target]))
        cases.append(evaluate(
            f"fault large logits {label}", "cross_entropy", {"input": values}, ("input",),
            compute, {"reduction": "mean"}, inputs,
            class_target={"shape": [1], "values": [target]}))
    logits = np.asarray([[0.2, 0.3, 0.5], [0.5, 0.2, 0.3]], dtype=np.float32)
    for reduction in REDUCTIONS:
        cases.append(class_index_case(
            f"fault weighted mean {reduction}", inputs, (2, 3), {"reduction": reduction},
            [2.0, 4.0, 6.0], logits=logits, targets=[2, 1]))
    cases.append(class_index_case(
        "fault weighted mean single row", inputs, (1, 3), {"reduction": "mean"},
        [2.0, 4.0, 6.0], logits=logits[:1], targets=[2]))
    return cases


def probability_cases(inputs: Inputs) -> list[dict]:
    """Return cross_entropy cases with probability targets."""
    cases = []
    weight = np.asarray([0.5, 2.0, 1.0, 3.0], dtype=np.float32)
    combinations = [("plain", {}, None, REDUCTIONS), ("weight", {}, weight, REDUCTIONS),
                    ("label_smoothing", {"label_smoothing": 0.2}, None, ("mean",)),
                    ("weight label_smoothing", {"label_smoothing": 0.1}, weight,
                     ("mean", "none"))]
    for label, extra, class_weight, reductions in combinations:
        for reduction in reductions:
            options = {"reduction": reduction, **extra}
            tensors = {"input": inputs.normal((3, 4), 2.0), "target": inputs.probabilities((3, 4))}
            if class_weight is not None:
                tensors["weight"] = class_weight
            cases.append(evaluate(
                f"cross_entropy probabilities {label} {reduction}", "cross_entropy", tensors,
                ("input", "target"), cross_entropy_function(options), options, inputs))
    options = {"reduction": "mean"}
    tensors = {"input": inputs.normal((2, 3, 2), 2.0), "target": inputs.probabilities((2, 3, 2))}
    cases.append(evaluate(
        "cross_entropy probabilities spatial", "cross_entropy", tensors, ("input", "target"),
        cross_entropy_function(options), options, inputs))
    return cases


def binary_cases(inputs: Inputs) -> list[dict]:
    """Return binary_cross_entropy_with_logits cases with weight and pos_weight."""
    cases = []
    settings = [("plain", False, False, REDUCTIONS), ("weight", True, False, ("mean", "none")),
                ("pos_weight", False, True, REDUCTIONS), ("weight pos_weight", True, True,
                                                           ("mean", "sum"))]
    for label, has_weight, has_positive_weight, reductions in settings:
        for reduction in reductions:
            tensors = {"input": inputs.normal((4, 3), 3.0), "target": inputs.uniform((4, 3), 0, 1)}
            if has_weight:
                tensors["weight"] = inputs.uniform((3,), 0.5, 2.0)
            if has_positive_weight:
                tensors["pos_weight"] = inputs.uniform((3,), 0.5, 4.0)
            options = {"reduction": reduction}

            def compute(t, reduction=reduction):
                return F.binary_cross_entropy_with_logits(
                    t["input"], t["target"], weight=t.get("weight"),
                    pos_weight=t.get("pos_weight"), reduction=reduction)
            cases.append(evaluate(f"bce_with_logits {label} {reduction}", "bce_with_logits",
                                  tensors, ("input", "target"), compute, options, inputs))
    tensors = {"input": np.asarray([[100.0, -100.0, 30.0, -30.0]], dtype=np.float32),
               "target": np.asarray([[0.0, 1.0, 0.5, 1.0]], dtype=np.float32),
               "weight": np.asarray([[1.0], ], dtype=np.float32)}
    cases.append(evaluate(
        "bce_with_logits large logits", "bce_with_logits", tensors, ("input", "target"),
        lambda t: F.binary_cross_entropy_with_logits(t["input"], t["target"], weight=t["weight"],
                                                     reduction="sum"),
        {"reduction": "sum"}, inputs))
    return cases


def cosine_distance(first, second):
    """Return 1 − cosine similarity along the last dimension."""
    return 1 - F.cosine_similarity(first, second, dim=-1)


def triplet_function(options: dict, distance: str):
    """Return a function of the torch tensors that computes the triplet margin loss."""
    def compute(t):
        if distance == "cosine":
            return F.triplet_margin_with_distance_loss(
                t["anchor"], t["positive"], t["negative"], distance_function=cosine_distance,
                margin=options.get("margin", 1.0), swap=options.get("swap", False),
                reduction=options["reduction"])
        return F.triplet_margin_loss(t["anchor"], t["positive"], t["negative"], **options)
    return compute


def triplet_cases(inputs: Inputs) -> list[dict]:
    """Return triplet_margin cases with Euclidean and cosine distances."""
    cases = []
    settings = [("euclidean", {}, REDUCTIONS), ("euclidean", {"margin": 0.5}, ("mean",)),
                ("euclidean", {"p": 1.0}, ("mean", "none")),
                ("euclidean", {"p": 3.0, "margin": 2.0}, ("sum",)),
                ("euclidean", {"swap": True}, ("mean", "none")),
                ("euclidean", {"eps": 0.0}, ("mean",)),
                ("cosine", {}, REDUCTIONS), ("cosine", {"swap": True, "margin": 0.5}, ("none",))]
    for distance, extra, reductions in settings:
        for reduction in reductions:
            options = {"reduction": reduction, **extra}
            tensors = {key: inputs.normal((5, 3)) for key in ("anchor", "positive", "negative")}
            cases.append(evaluate(
                f"triplet_margin {distance} {extra} {reduction}", "triplet_margin", tensors,
                ("anchor", "positive", "negative"), triplet_function(options, distance),
                {**options, "distance": distance}, inputs))
    options = {"reduction": "none"}
    tensors = {key: inputs.normal((4,)) for key in ("anchor", "positive", "negative")}
    cases.append(evaluate(
        "triplet_margin unbatched", "triplet_margin", tensors, ("anchor", "positive", "negative"),
        triplet_function(options, "euclidean"), {**options, "distance": "euclidean"}, inputs))
    for eps in (1e-6, 0.0):
        options = {"reduction": "mean", "eps": eps}
        tensors = {"anchor": np.zeros((1, 2), np.float32), "positive": np.zeros((1, 2), np.float32),
                   "negative": np.asarray([[0.5, 0.0]], np.float32)}
        cases.append(evaluate(
            f"fault triplet distance at zero eps {eps}", "triplet_margin", tensors,
            ("anchor", "positive", "negative"), triplet_function(options, "euclidean"),
            {**options, "distance": "euclidean"}, inputs))
    return cases


def mine(distances: np.ndarray, labels: list[int], miner: str, margin: float):
    """Return the mined (anchor, positive, negative) triplets by the rules of docs/losses.md."""
    count = len(labels)
    valid = [(a, p, n) for a in range(count) for p in range(count) for n in range(count)
             if p != a and labels[p] == labels[a] and labels[n] != labels[a]]

    def category(triplet):
        a, p, n = triplet
        if distances[a, n] <= distances[a, p]:
            return "hard"
        return "semi_hard" if distances[a, n] < distances[a, p] + margin else "easy"
    if miner in ("all", "batch_all"):
        return valid, category
    if miner in ("hard", "semi_hard"):
        return [t for t in valid if category(t) == miner], category
    mined = []
    for a in range(count):
        positives = [p for p in range(count) if p != a and labels[p] == labels[a]]
        negatives = [n for n in range(count) if labels[n] != labels[a]]
        if positives and negatives:
            positive = max(positives, key=lambda p: (distances[a, p], -p))
            negative = min(negatives, key=lambda n: (distances[a, n], n))
            mined.append((a, positive, negative))
    return mined, category


def mined_cases(inputs: Inputs) -> list[dict]:
    """Return triplet_mined cases for every miner, with triplet counts."""
    cases = []
    labels = [0, 0, 1, 1, 2, 0, 1]
    settings = [(miner, "euclidean", "mean", 1.0) for miner in
                ("all", "hard", "semi_hard", "batch_hard", "batch_all")]
    settings += [("batch_hard", "cosine", "mean", 0.5), ("batch_all", "cosine", "sum", 0.5),
                 ("semi_hard", "euclidean", "none", 2.0), ("all", "euclidean", "sum", 1.0)]
    for miner, distance, reduction, margin in settings:
        embeddings = inputs.normal((len(labels), 3))
        options = {"reduction": reduction, "margin": margin, "distance": distance, "miner": miner}
        cases.append(mined_case(f"triplet_mined {miner} {distance} {reduction} margin {margin}",
                                embeddings, labels, options, inputs))
    options = {"reduction": "mean", "margin": 1.0, "distance": "euclidean", "miner": "batch_hard"}
    cases.append(mined_case("triplet_mined no valid triplet", inputs.normal((3, 2)), [0, 1, 2],
                            options, inputs))
    return cases


def mined_case(name, embeddings, labels, options, inputs: Inputs) -> dict:
    """Return one mined case: selection in Python, distances and loss in PyTorch."""
    margin = options["margin"]
    distance = options["distance"]
    points = torch.tensor(embeddings)
    count = len(labels)
    with torch.no_grad():
        if distance == "cosine":
            distances = cosine_distance(points[:, None, :], points[None, :, :]).numpy()
        else:
            distances = np.asarray([[float(F.pairwise_distance(points[i], points[j]))
                                     for j in range(count)] for i in range(count)])
    mined, category = mine(distances, labels, options["miner"], margin)
    categories = [category(t) for t in mined]
    counts = {name: categories.count(name) for name in ("easy", "semi_hard", "hard")}

    def compute(t):
        rows = t["embeddings"]
        if not mined:
            return (rows * 0).sum()
        index = torch.tensor(mined)
        anchor, positive, negative = rows[index[:, 0]], rows[index[:, 1]], rows[index[:, 2]]
        losses = triplet_function({"reduction": "none", "margin": margin}, distance)(
            {"anchor": anchor, "positive": positive, "negative": negative})
        if options["reduction"] == "none":
            return losses
        if options["reduction"] == "sum":
            return losses.sum()
        if options["miner"] == "batch_all":
            positive_count = int((losses > 0).sum())
            return losses.sum() / max(positive_count, 1)
        return losses.mean()
    return evaluate(name, "triplet_mined", {"embeddings": embeddings}, ("embeddings",), compute,
                    options, inputs, labels=labels, counts=counts)


def gram_cases(inputs: Inputs) -> list[dict]:
    """Return gram_style cases for each normalisation, and total_variation cases."""
    cases = []

    def gram_loss(t, normalization):
        n, c, h, w = t["input"].shape
        features = t["input"].reshape(n, c, h * w)
        targets = t["target"].reshape(n, c, h * w)
        gram = features @ features.transpose(1, 2)
        target_gram = targets @ targets.transpose(1, 2)
        if normalization == "gatys":
            return ((gram - target_gram) ** 2).sum() / (4 * c * c * (h * w) ** 2)
        scale = {"chw": c * h * w, "hw": h * w, "none": 1}[normalization]
        return F.mse_loss(gram / scale, target_gram / scale)
    shapes = [(1, 3, 4, 5), (2, 2, 3, 3)]
    for shape in shapes:
        for normalization in ("gatys", "chw", "hw", "none"):
            tensors = {"input": inputs.normal(shape), "target": inputs.normal(shape)}
            cases.append(evaluate(
                f"gram_style {normalization} {list(shape)}", "gram_style", tensors,
                ("input", "target"), lambda t, m=normalization: gram_loss(t, m),
                {"normalization": normalization}, inputs))

    def total_variation(t):
        x = t["input"]
        return (x[..., 1:, :] - x[..., :-1, :]).abs().sum() + \
            (x[..., :, 1:] - x[..., :, :-1]).abs().sum()
    for shape in [(1, 3, 4, 5), (2, 1, 3, 2)]:
        cases.append(evaluate(
            f"total_variation {list(shape)}", "total_variation", {"input": inputs.normal(shape)},
            ("input",), total_variation, {}, inputs))
    return cases


def main() -> int:
    torch.set_num_threads(1)
    inputs = Inputs(SEED)
    cases = (regression_cases(inputs) + cross_entropy_index_cases(inputs)
             + known_fault_cases(inputs) + probability_cases(inputs) + binary_cases(inputs)
             + triplet_cases(inputs) + mined_cases(inputs) + gram_cases(inputs))
    document = {
        "source": {"script": "scripts/references/losses.py", "torch_version": torch.__version__,
                   "numpy_version": np.__version__, "seed": SEED},
        "cases": cases,
    }
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {FIXTURE.relative_to(REPOSITORY_ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
