#!/usr/bin/env bash
# Installs the system libraries Cairn links (Debian/Ubuntu), only when they are missing.
# With --package, also what scripts/package.sh needs (dpkg-shlibdeps from dpkg-dev).
# With --test, also what the tests exercise: Graphviz (dot) for diagram fences, Chromium for
# the browser tests, dpkg-dev for the package test.
set -euo pipefail

need=()
[ -f /usr/include/cmark-gfm.h ] || need+=(libcmark-gfm-dev)
[ -f /usr/include/cmark-gfm-core-extensions.h ] || need+=(libcmark-gfm-extensions-dev)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if [ "${1:-}" = "--test" ] || [ "${1:-}" = "--package" ]; then
  command -v dpkg-shlibdeps >/dev/null 2>&1 || need+=(dpkg-dev)
fi
if [ "${1:-}" = "--test" ]; then
  command -v dot >/dev/null 2>&1 || need+=(graphviz)
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
  command -v jq >/dev/null 2>&1 || need+=(jq)  # the README's upload recipe, run by init_test
fi

if [ ${#need[@]} -gt 0 ]; then
  echo "Installing: ${need[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ "${1:-}" = "--test" ] && ! python3 -c "import selenium, selenium_axe_python, html5lib, yaml" >/dev/null 2>&1; then
  # selenium drives Chromium; selenium-axe-python brings axe-core 4 for the accessibility audit;
  # html5lib is the independent HTML parser the sanitizer fuzz test checks with; PyYAML reads
  # the GitHub workflow `cairn init` writes.
  echo "Installing: selenium, selenium-axe-python, html5lib, PyYAML (PyPI)"
  python3 -m pip install -q selenium selenium-axe-python html5lib pyyaml
fi

command -v swift >/dev/null 2>&1 || { echo "error: swift is not on PATH (Swift 6 toolchain required)" >&2; exit 1; }
