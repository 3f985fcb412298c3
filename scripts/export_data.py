"""Write scenarios/data/diabetes.csv from the diabetes data bundled with scikit-learn.

The features are the unscaled values (``load_diabetes(scaled=False)``), so the
file contains ages in years, BMI in kg/m² and so on, not the centred and scaled
columns that scikit-learn returns by default. Each value is written so that it
parses back to the same float64: integral values as integers (``59``) and all
others as Python's shortest round-trip ``repr`` (``4.8598``).

Run it through scripts/export_data.sh, which sets up the virtual environment.
"""

import argparse
import csv
import math
import sys
from pathlib import Path

import sklearn
from sklearn.datasets import load_diabetes

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPOSITORY_ROOT / "scenarios" / "data" / "diabetes.csv"
EXPECTED_ROWS = 442
FEATURE_NAMES = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]
TARGET_NAME = "progression"


def format_number(value: float) -> str:
    """Format a float64 as the shortest text that parses back to the same value."""
    if not math.isfinite(value):
        raise ValueError(f"diabetes data contains a non-finite value: {value!r}")
    if value.is_integer():
        return str(int(value))
    return repr(value)


def load_rows() -> list[list[str]]:
    """Load the unscaled diabetes data and return it as formatted CSV rows."""
    bunch = load_diabetes(scaled=False)
    if list(bunch.feature_names) != FEATURE_NAMES:
        raise ValueError(
            f"scikit-learn {sklearn.__version__} names the diabetes features "
            f"{list(bunch.feature_names)}, expected {FEATURE_NAMES}"
        )
    if bunch.data.shape != (EXPECTED_ROWS, len(FEATURE_NAMES)):
        raise ValueError(
            f"scikit-learn {sklearn.__version__} returned diabetes data of shape "
            f"{bunch.data.shape}, expected ({EXPECTED_ROWS}, {len(FEATURE_NAMES)})"
        )

    rows = []
    for features, target in zip(bunch.data.tolist(), bunch.target.tolist()):
        rows.append([format_number(value) for value in features + [target]])
    return rows


def write_csv(rows: list[list[str]], output: Path) -> None:
    """Write the header and rows to output with Unix line endings."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(FEATURE_NAMES + [TARGET_NAME])
        writer.writerows(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="CSV file to write (default: scenarios/data/diabetes.csv in the repository)",
    )
    arguments = parser.parse_args()

    rows = load_rows()
    write_csv(rows, arguments.output)
    print(f"wrote {len(rows)} rows to {arguments.output} with scikit-learn {sklearn.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
