#!/usr/bin/env bash
# Sets up and runs every test: a browser test of search and links (Selenium + headless
# Chromium), then the Swift suites (unit, golden fixture sites, command line, publish).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
swift build --build-tests
# The browser tests drive headless Chromium: search on the published example site, and
# cairn watch (edit → live reload, broken front matter → overlay → fix).
python3 -m unittest discover -s Tests/Browser -p "*_test.py"
swift test --skip-build
