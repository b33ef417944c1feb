#!/usr/bin/env bash
# Sets up, builds cairn (release) and builds the example site at the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product cairn
.build/release/cairn build .
echo "Open $(pwd)/_site/index.html in a browser, or preview it with live reload: .build/release/cairn watch (http://127.0.0.1:8000/)"
