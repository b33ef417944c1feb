#!/usr/bin/env bash
# Builds Cairn for installing on machines without Swift (Debian/Ubuntu, Linux):
#   dist/cairn_VERSION_ARCH.deb            (sudo apt-get install ./dist/cairn_*.deb)
#   dist/cairn-VERSION-linux-ARCH.tar.gz   (bin/, share/: copy into /usr/local or ~/.local)
# The binary has the Swift runtime and Foundation linked in (--static-swift-stdlib); it needs only
# the C and C++ runtime and Debian's libcmark-gfm, which the .deb depends on. The man page is
# generated from the command definitions, the bash/zsh/fish completions by the binary itself.
#
#   bash scripts/package.sh              build both into dist/
#   bash scripts/package.sh --tree DIR   only lay out the installed tree (DIR/usr/…), for install.sh
set -euo pipefail
cd "$(dirname "$0")/.."

tree_only=""
if [ "${1:-}" = "--tree" ]; then
  tree_only="${2:?usage: package.sh --tree DIR}"
fi

bash scripts/setup.sh --package
# --disable-local-rpath: an installed binary must not load libraries from its own folder ($ORIGIN).
swift build -c release --product cairn --static-swift-stdlib --disable-local-rpath --scratch-path .build-static
swift build --product generate-manual  # argument-parser's man page generator, a debug tool
bin=.build-static/release/cairn

# Nothing of the toolchain may be left for the loader to find.
if ldd "$bin" | grep -q -e '/opt/swift' -e 'libswift' -e 'libFoundation' -e 'not found' || readelf -d "$bin" | grep -q -e RPATH -e RUNPATH; then
  ldd "$bin" >&2
  readelf -d "$bin" | grep -e RPATH -e RUNPATH >&2 || true
  echo "error: $bin still needs the Swift toolchain's libraries, or has an rpath" >&2
  exit 1
fi

version=$("$bin" --version | head -n 1 | awk '{print $2}')
arch=$(dpkg --print-architecture)
# The man page's date is the last commit's, so the same commit packs the same bytes.
date=$(git log -1 --format=%cs 2>/dev/null || date +%F)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="${tree_only:-$work/cairn_${version}_${arch}}"
mkdir -p "$root"

install -D -m 0755 "$bin" "$root/usr/bin/cairn"
strip --strip-unneeded "$root/usr/bin/cairn"
mkdir -p "$root/usr/share/man/man1"
.build/debug/generate-manual "$root/usr/bin/cairn" --date "$date" --output-directory "$root/usr/share/man/man1"
gzip -9n -f "$root/usr/share/man/man1/cairn.1"
install -d "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions" \
  "$root/usr/share/fish/vendor_completions.d" "$root/usr/share/doc/cairn"
"$root/usr/bin/cairn" --generate-completion-script bash >"$root/usr/share/bash-completion/completions/cairn"
"$root/usr/bin/cairn" --generate-completion-script zsh >"$root/usr/share/zsh/vendor-completions/_cairn"
"$root/usr/bin/cairn" --generate-completion-script fish >"$root/usr/share/fish/vendor_completions.d/cairn.fish"
install -m 0644 README.md "$root/usr/share/doc/cairn/README.md"
cat >"$root/usr/share/doc/cairn/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: cairn
Comment: Cairn has no licence file yet; until it has one, all rights are reserved by its authors.
 The binary links the Swift runtime and Foundation (Apache-2.0 with Runtime Library Exception)
 and the Swift packages named in Package.swift (Apache-2.0 or MIT).

Files: *
Copyright: Cairn developers
License: none-yet
EOF

if [ -n "$tree_only" ]; then
  echo "laid out $tree_only/usr"
  exit 0
fi

# The shared libraries the binary needs, as Debian package names and versions.
# dpkg-shlibdeps wants a source package's layout: debian/control and debian/cairn/{DEBIAN,usr/bin/cairn}.
install -D -m 0755 "$root/usr/bin/cairn" "$work/shlibs/debian/cairn/usr/bin/cairn"
mkdir -p "$work/shlibs/debian/cairn/DEBIAN"
printf 'Source: cairn\n\nPackage: cairn\nArchitecture: any\n' >"$work/shlibs/debian/control"
depends=$(cd "$work/shlibs" && dpkg-shlibdeps -O debian/cairn/usr/bin/cairn | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "error: dpkg-shlibdeps found no dependencies" >&2; exit 1; }

mkdir -p "$root/DEBIAN"
cat >"$root/DEBIAN/control" <<EOF
Package: cairn
Version: $version
Architecture: $arch
Maintainer: Cairn developers <cairn@localhost>
Depends: $depends
Suggests: graphviz
Section: web
Priority: optional
Installed-Size: $(du -sk "$root/usr" | cut -f1)
Description: documentation-as-code static site builder
 Cairn turns a folder of Markdown docs (overview, architecture notes, runbooks,
 ADRs) into a fast static site: GitHub Flavored Markdown via libcmark-gfm, links
 and anchors checked at file:line:column, box-drawing and Graphviz diagrams as
 SVG, search without a service, a live-reloading preview (cairn watch) and a
 deployable output (cairn publish). cairn init starts a new site.
EOF

mkdir -p dist
rm -f "dist/cairn_${version}_${arch}.deb" "dist/cairn-${version}-linux-${arch}.tar.gz"
dpkg-deb --root-owner-group -Zxz --build "$root" "dist/cairn_${version}_${arch}.deb" >/dev/null
tarball="cairn-${version}-linux-${arch}"
mkdir -p "$work/$tarball"
cp -R "$root/usr/." "$work/$tarball/"
tar -C "$work" --owner=0 --group=0 --sort=name --mtime="$date" -czf "dist/$tarball.tar.gz" "$tarball"
ls -l "dist/cairn_${version}_${arch}.deb" "dist/$tarball.tar.gz"
echo "Depends: $depends"
