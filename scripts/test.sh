#!/usr/bin/env bash
# Sets up and runs every test: browser tests of search, links and live reload (Selenium +
# headless Chromium) and of init → publish, the Swift suites (unit, golden fixture sites,
# command line, publish), then the installable package (static release build, .deb, tarball).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
swift build --build-tests
# The browser tests drive headless Chromium: search on the published example site, and
# cairn watch (edit → live reload, broken front matter → overlay → fix); init_test crawls a new
# site's published links and reads its CI workflow.
python3 -m unittest discover -s Tests/Browser -p "*_test.py"
swift test --skip-build
# The package: built by scripts/package.sh, installed into a scratch root with dpkg, run with the
# Swift toolchain off PATH.
python3 -m unittest discover -s Tests/Package -p "*_test.py"
