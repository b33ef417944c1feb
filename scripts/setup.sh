#!/usr/bin/env bash
# Installs the system libraries Cairn links (Debian/Ubuntu), only when they are missing.
# With --test, also what the tests exercise: Graphviz (dot) for diagram fences.
set -euo pipefail

need=()
[ -f /usr/include/cmark-gfm.h ] || need+=(libcmark-gfm-dev)
[ -f /usr/include/cmark-gfm-core-extensions.h ] || need+=(libcmark-gfm-extensions-dev)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if [ "${1:-}" = "--test" ]; then
  command -v dot >/dev/null 2>&1 || need+=(graphviz)
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
fi

if [ ${#need[@]} -gt 0 ]; then
  echo "Installing: ${need[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ "${1:-}" = "--test" ] && ! python3 -c "import selenium, html5lib" >/dev/null 2>&1; then
  # selenium drives Chromium; html5lib is the independent HTML parser the sanitizer fuzz test checks with.
  echo "Installing: selenium, html5lib (PyPI)"
  python3 -m pip install -q selenium html5lib
fi

command -v swift >/dev/null 2>&1 || { echo "error: swift is not on PATH (Swift 6 toolchain required)" >&2; exit 1; }
