#!/usr/bin/env bash
# Writes scenarios/data/diabetes.csv by running scripts/export_data.py in a
# Python virtual environment kept outside the repository.
#
# LOSSLAB_VENV sets the environment's folder (default ~/.cache/losslab/venv).
# An existing environment is reused. scikit-learn is installed from PyPI only
# when the environment cannot import it. Arguments go to export_data.py, for
# example --output PATH.
set -euo pipefail

venv="${LOSSLAB_VENV:-$HOME/.cache/losslab/venv}"
script_dir="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"

if [[ ! -x "$venv/bin/python" ]]; then
  echo "creating a Python virtual environment in $venv" >&2
  python3 -m venv "$venv"
fi

if ! "$venv/bin/python" -c "import sklearn" 2>/dev/null; then
  echo "installing scikit-learn into $venv" >&2
  # load_diabetes(scaled=False) first appeared in scikit-learn 1.1.
  "$venv/bin/python" -m pip install --quiet "scikit-learn>=1.1"
fi

exec "$venv/bin/python" "$script_dir/export_data.py" "$@"
