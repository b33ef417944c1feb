#!/usr/bin/env bash
# Sets up and runs every test: a browser test of search and links (Selenium + headless
# Chromium), then the Swift suites (unit, golden fixture sites, command line, publish).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
swift build --build-tests
# The browser test drives headless Chromium against the built example site.
python3 Tests/Browser/search_test.py
swift test --skip-build
