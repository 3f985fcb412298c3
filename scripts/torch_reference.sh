#!/usr/bin/env bash
# Writes the PyTorch reference fixtures of the tests by running
# scripts/torch_reference.py and every scripts/references/*.py in a Python
# virtual environment kept outside the repository. Each script writes its own
# fixture file under Tests/*/Fixtures.
#
# LOSSLAB_VENV sets the environment's folder (default ~/.cache/losslab/venv).
# An existing environment is reused. torch, torchvision, numpy, safetensors,
# scikit-learn, scikit-image and Pillow are installed from PyPI only when the
# environment cannot import them. With arguments, only the named
# scripts run (for example: scripts/torch_reference.sh references/ops.py).
set -euo pipefail

venv="${LOSSLAB_VENV:-$HOME/.cache/losslab/venv}"
script_dir="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"

if [[ ! -x "$venv/bin/python" ]]; then
  echo "creating a Python virtual environment in $venv" >&2
  python3 -m venv "$venv"
fi

packages=(torch torchvision numpy safetensors scikit-learn scikit-image pillow)
if ! "$venv/bin/python" -c "import torch, torchvision, numpy, safetensors, sklearn, skimage, PIL" \
  2>/dev/null; then
  echo "installing ${packages[*]} into $venv" >&2
  "$venv/bin/python" -m pip install --quiet "${packages[@]}"
fi

if [[ $# -gt 0 ]]; then
  scripts=("$@")
else
  scripts=(torch_reference.py)
  for path in "$script_dir"/references/*.py; do
    [[ -e "$path" ]] && scripts+=("references/$(basename "$path")")
  done
fi

for script in "${scripts[@]}"; do
  echo "running $script" >&2
  "$venv/bin/python" "$script_dir/$script"
done
