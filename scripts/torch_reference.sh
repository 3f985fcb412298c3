#!/usr/bin/env bash
# Writes the PyTorch reference fixtures of the LabTensor and LabNN tests by
# running scripts/torch_reference.py in a Python virtual environment kept
# outside the repository.
#
# LOSSLAB_VENV sets the environment's folder (default ~/.cache/losslab/venv).
# An existing environment is reused. torch and numpy are installed from PyPI
# only when the environment cannot import them. Arguments go to
# torch_reference.py, for example --engine-output PATH.
set -euo pipefail

venv="${LOSSLAB_VENV:-$HOME/.cache/losslab/venv}"
script_dir="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"

if [[ ! -x "$venv/bin/python" ]]; then
  echo "creating a Python virtual environment in $venv" >&2
  python3 -m venv "$venv"
fi

if ! "$venv/bin/python" -c "import torch, numpy" 2>/dev/null; then
  echo "installing torch and numpy into $venv" >&2
  "$venv/bin/python" -m pip install --quiet torch numpy
fi

exec "$venv/bin/python" "$script_dir/torch_reference.py" "$@"
