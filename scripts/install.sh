#!/usr/bin/env bash
# Builds Cairn from source and installs it under PREFIX (default /usr/local): bin/cairn (the
# Swift runtime linked in, so the toolchain may be removed afterwards), the man page, and the
# bash, zsh and fish completions. Needs a Swift 6 toolchain and apt-get (Debian/Ubuntu) for
# libcmark-gfm; prefer the .deb from scripts/package.sh where you can.
#
#   bash scripts/install.sh              # into /usr/local (run as root or with sudo)
#   bash scripts/install.sh ~/.local     # for yourself
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${1:-/usr/local}"

tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
bash scripts/package.sh --tree "$tree"

install -D -m 0755 "$tree/usr/bin/cairn" "$prefix/bin/cairn"
install -D -m 0644 "$tree/usr/share/man/man1/cairn.1.gz" "$prefix/share/man/man1/cairn.1.gz"
install -D -m 0644 "$tree/usr/share/bash-completion/completions/cairn" "$prefix/share/bash-completion/completions/cairn"
install -D -m 0644 "$tree/usr/share/zsh/vendor-completions/_cairn" "$prefix/share/zsh/site-functions/_cairn"
install -D -m 0644 "$tree/usr/share/fish/vendor_completions.d/cairn.fish" "$prefix/share/fish/vendor_completions.d/cairn.fish"

echo "Installed $("$prefix/bin/cairn" --version | head -n 1) into $prefix"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "note: $prefix/bin is not on your PATH; add it, e.g. export PATH=\"$prefix/bin:\$PATH\"" ;;
esac
