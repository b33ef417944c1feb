#!/usr/bin/env bash
# Fuzzes the per-page pipeline (front matter, guard, Markdown, tree edits, links, diagrams,
# placeholders, checks, theme) with libFuzzer and AddressSanitizer for SECONDS seconds.
#   bash scripts/fuzz.sh 60
#   CAIRN_FUZZ_MERMAID=1 bash scripts/fuzz.sh 60    # the Mermaid parsers and layout only
# Seeds: Fuzz/corpus (ours, in git). What the fuzzer learns goes to .build-fuzz/corpus; a crash is
# saved under .build-fuzz/crashes/ and reproduces with: swift run CairnFuzz .build-fuzz/crashes/crash-…
# Leak detection is off: LeakSanitizer reports memory held by Swift statics through Data's
# storage as leaked (false positives); AddressSanitizer's memory-error checks stay on.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
bash scripts/setup.sh
# lld: Debian's gold crashes on the sanitizer runtimes' debug info.
swift build -c debug --product CairnFuzz --scratch-path .build-fuzz --toolset Fuzz/toolset.json \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DCAIRN_FUZZ
mkdir -p .build-fuzz/corpus .build-fuzz/crashes
ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}" .build-fuzz/debug/CairnFuzz .build-fuzz/corpus Fuzz/corpus \
  -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 -detect_leaks=0 \
  -artifact_prefix=.build-fuzz/crashes/ -print_final_stats=1
