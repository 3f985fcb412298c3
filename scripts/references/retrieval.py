"""Write the NumPy and scikit-learn reference fixture of the LabNN retrieval metrics and PCA.

The file ``Tests/LabNNTests/Fixtures/retrieval_reference.json`` contains two lists:

* ``retrieval``: labelled embeddings [N, D] with the distance (``euclidean`` or
  ``cosine``), and for them recall@k for several k, the mean average precision,
  and how many queries were evaluated and skipped. Every embedding is a query
  that ranks all the others by distance, ties broken by the lower index. A query
  whose class has no other member is skipped, because it has nothing to
  retrieve. Recall@k is the fraction of evaluated queries with at least one
  embedding of their class among the k nearest. Average precision comes from
  ``sklearn.metrics.average_precision_score`` with the negated distances as
  scores, and is checked against the mean of the precisions at the ranks of
  the relevant embeddings. scikit-learn scores tied distances as one step,
  unlike the index order, so the script rejects inputs with tied distances.
* ``pca``: inputs [N, D] and scikit-learn's ``PCA(n_components=2)``: the mean,
  the two principal directions, the projected coordinates and the explained
  variance ratios. Each direction, and the projected column with it, is
  flipped so that the component of largest magnitude is positive (the first
  one on a tie), which is the convention of LabNN.

Inputs come from a NumPy generator with a fixed seed and are stored as float32.
A tensor is ``{"shape": [...], "data": [...]}`` in row-major order and each
float32 input is written as the exact decimal of its float64 widening, so that
Swift parses the same bits. Distances and results are computed in float64
from those values and written as float64.

Run it with ``bash scripts/torch_reference.sh references/retrieval.py``.
"""

import json
import sys
from pathlib import Path

import numpy as np
import sklearn
from sklearn.decomposition import PCA
from sklearn.metrics import average_precision_score

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
FIXTURE = REPOSITORY_ROOT / "Tests" / "LabNNTests" / "Fixtures" / "retrieval_reference.json"
SEED = 20_261_205
RECALL_KS = (1, 2, 5)
COSINE_FLOOR = 1e-8


def record(values) -> dict:
    """Return an array as a JSON object of its shape and row-major float32 data."""
    array = np.asarray(values, dtype=np.float32)
    return {"shape": list(array.shape), "data": [float(value) for value in array.reshape(-1)]}


def record_double(values) -> dict:
    """Return an array as a JSON object of its shape and row-major float64 data."""
    array = np.asarray(values, dtype=np.float64)
    return {"shape": list(array.shape), "data": [float(value) for value in array.reshape(-1)]}


def distances(embeddings: np.ndarray, distance: str) -> np.ndarray:
    """Return the [N, N] float64 distance matrix of float32 embeddings."""
    x = embeddings.astype(np.float64)
    if distance == "euclidean":
        difference = x[:, None, :] - x[None, :, :]
        return np.sqrt((difference * difference).sum(axis=-1))
    norms = np.maximum(np.linalg.norm(x, axis=1), COSINE_FLOOR)
    return 1.0 - (x @ x.T) / (norms[:, None] * norms[None, :])


def retrieval_case(name: str, embeddings: np.ndarray, labels: np.ndarray, distance: str) -> dict:
    """Return recall@k, mean average precision and query counts of one labelled set."""
    matrix = distances(embeddings, distance)
    count = len(labels)
    hits = {k: 0 for k in RECALL_KS}
    precisions = []
    skipped = 0
    for query in range(count):
        others = np.array([index for index in range(count) if index != query])
        relevant = labels[others] == labels[query]
        if not relevant.any():
            skipped += 1
            continue
        scores = matrix[query, others]
        if len(np.unique(scores)) != len(scores):
            raise AssertionError(f"{name}: query {query} has tied distances")

        order = others[np.lexsort((others, scores))]
        ranked_relevant = labels[order] == labels[query]
        for k in RECALL_KS:
            hits[k] += int(ranked_relevant[:k].any())

        average_precision = average_precision_score(relevant, -scores)
        ranks = np.flatnonzero(ranked_relevant) + 1
        by_hand = np.mean(np.arange(1, len(ranks) + 1) / ranks)
        if abs(average_precision - by_hand) > 1e-12:
            raise AssertionError(
                f"{name}: query {query} has average precision {average_precision} from "
                f"scikit-learn but {by_hand} by hand")
        precisions.append(average_precision)

    evaluated = count - skipped
    return {
        "name": name,
        "embeddings": record(embeddings),
        "labels": [int(label) for label in labels],
        "distance": distance,
        "recall": [{"k": k, "value": hits[k] / evaluated} for k in RECALL_KS],
        "mean_average_precision": float(np.mean(precisions)),
        "query_count": evaluated,
        "skipped_query_count": skipped,
    }


def clustered(generator, class_sizes, dimension: int, spread: float) -> tuple:
    """Draw embeddings around one normal centre per class, in shuffled order."""
    centres = generator.standard_normal((len(class_sizes), dimension))
    labels = np.repeat(np.arange(len(class_sizes)), class_sizes)
    generator.shuffle(labels)
    points = centres[labels] + spread * generator.standard_normal((len(labels), dimension))
    return points.astype(np.float32), labels


def retrieval_cases(generator) -> list[dict]:
    """Return cases of overlapping clusters, with a singleton class that is skipped."""
    cases = []
    settings = [
        ("5 classes of 6, D 4, spread 0.8", [6] * 5, 4, 0.8),
        ("4 classes of sizes 9, 5, 3, 1, D 8, spread 1.2", [9, 5, 3, 1], 8, 1.2),
        ("12 classes of 4, D 16, spread 1.1", [4] * 12, 16, 1.1),
    ]
    for name, sizes, dimension, spread in settings:
        embeddings, labels = clustered(generator, sizes, dimension, spread)
        for distance in ("euclidean", "cosine"):
            cases.append(retrieval_case(f"{name}, {distance}", embeddings, labels, distance))
    return cases


def apply_sign_convention(components: np.ndarray, projected: np.ndarray) -> None:
    """Flip each direction, and its projected column, so its largest-magnitude entry is positive."""
    for row in range(components.shape[0]):
        largest = int(np.argmax(np.abs(components[row])))
        if components[row, largest] < 0:
            components[row] *= -1
            projected[:, row] *= -1


def pca_case(name: str, points: np.ndarray) -> dict:
    """Return scikit-learn's two-component PCA of float32 points, in float64."""
    x = points.astype(np.float64)
    model = PCA(n_components=2, svd_solver="full")
    projected = model.fit_transform(x)
    components = model.components_.copy()
    apply_sign_convention(components, projected)
    return {
        "name": name,
        "input": record(points),
        "mean": record_double(model.mean_),
        "components": record_double(components),
        "projected": record_double(projected),
        "explained_variance_ratio": [float(value) for value in model.explained_variance_ratio_],
    }


def pca_cases(generator) -> list[dict]:
    """Return PCA cases with well separated leading variances, so each direction is defined."""
    cases = []
    settings = [
        ("N 20, D 3", 20, [3.0, 1.5, 0.4]),
        ("N 40, D 8", 40, [4.0, 2.0, 1.0, 0.8, 0.6, 0.4, 0.2, 0.1]),
        ("N 5, D 6, fewer samples than features", 5, [3.0, 2.0, 1.0, 1.0, 0.5, 0.5]),
    ]
    for name, count, scales in settings:
        dimension = len(scales)
        rotation, _ = np.linalg.qr(generator.standard_normal((dimension, dimension)))
        latent = generator.standard_normal((count, dimension)) * np.array(scales)
        offset = generator.uniform(-5, 5, dimension)
        cases.append(pca_case(name, (latent @ rotation.T + offset).astype(np.float32)))
    return cases


def main() -> int:
    generator = np.random.default_rng(SEED)
    document = {
        "source": {"script": "scripts/references/retrieval.py", "numpy_version": np.__version__,
                   "sklearn_version": sklearn.__version__, "seed": SEED},
        "retrieval": retrieval_cases(generator),
        "pca": pca_cases(generator),
    }
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote {len(document['retrieval'])} retrieval and {len(document['pca'])} PCA cases "
          f"to {FIXTURE.relative_to(REPOSITORY_ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
