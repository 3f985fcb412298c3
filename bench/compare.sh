#!/usr/bin/env bash
# Builds losslab in release mode and runs bench/compare.py, which times the
# bench workloads in losslab, NumPy, PyTorch and ONNX Runtime in one run and
# writes BENCHMARKS.md.
#
# The Python packages live in a virtual environment outside the repository:
# LOSSLAB_VENV sets its folder (default ~/.cache/losslab/venv). numpy, torch,
# onnx, onnxscript and onnxruntime are installed from PyPI when missing.
# Arguments go to compare.py (see `bench/compare.sh --help`).
set -euo pipefail

venv="${LOSSLAB_VENV:-$HOME/.cache/losslab/venv}"
root="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"

if [[ ! -x "$venv/bin/python" ]]; then
  echo "creating a Python virtual environment in $venv" >&2
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import numpy, torch, onnx, onnxscript, onnxruntime" 2>/dev/null; then
  echo "installing numpy, torch, onnx, onnxscript and onnxruntime into $venv" >&2
  "$venv/bin/python" -m pip install --quiet numpy torch onnx onnxscript onnxruntime
fi

cd "$root"
swift build -c release --product losslab >&2
exec "$venv/bin/python" bench/compare.py --losslab "$(swift build -c release --show-bin-path)/losslab" "$@"
