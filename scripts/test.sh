#!/usr/bin/env bash
# Sets up and runs every test (unit, fixture-site golden tests, command-line tests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
swift build --build-tests
swift test --skip-build
