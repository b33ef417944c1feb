#!/usr/bin/env bash
# What Mermaid drawing costs a page: one page of 20 diagrams from Mermaid's own docs (8 flowcharts,
# 6 sequence, 6 state, from ../shared/corpora/mermaid-syntax), built by a release cairn with
#   diagrams.mermaid "client" (the baseline: blocks left to the script),
#   "build" with .cairn-cache emptied before each run (cold: every flowchart and state diagram runs dot),
#   "build" with the cache kept (warm), and
#   "build" with graphviz off (Cairn's own layout).
# Prints the median wall time of RUNS builds of each and the difference from the baseline.
#   bash scripts/mermaid-bench.sh [RUNS] [CAIRN]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-9}"
cairn="${2:-.build/release/cairn}"
[ -x "$cairn" ] || swift build -c release --product cairn
site="$(mktemp -d /tmp/cairn-mermaid-bench.XXXXXX)"
trap 'rm -rf "$site"' EXIT
mkdir -p "$site/content"
python3 - "$site/content/index.md" <<'EOF'
import re, sys
src = "../shared/corpora/mermaid-syntax/content/"
def blocks(name):
    return re.findall(r"^```mermaid\n(.*?)^```", open(src + name, encoding="utf-8").read(), re.M | re.S)
flow = [b for b in blocks("flowchart.md") if "@{" not in b and "click" not in b and "fa:" not in b and b.count("\n") > 4][:8]
seq = [b for b in blocks("sequenceDiagram.md") if "@{" not in b and "create" not in b and "link" not in b and "()" not in b and b.count("\n") > 5][:6]
state = [b for b in blocks("stateDiagram.md") if "--\n" not in b and b.count("\n") > 4][:6]
chosen = flow + seq + state
assert len(chosen) == 20, len(chosen)
page = "# Twenty diagrams\n\n" + "\n".join(f"## Diagram {i + 1}\n\n```mermaid\n{b}```\n" for i, b in enumerate(chosen))
open(sys.argv[1], "w", encoding="utf-8").write(page)
EOF
ms() { local start; start=$(date +%s%N); "$@" > /dev/null 2>&1; echo $(( ($(date +%s%N) - start) / 1000000 )); }
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
build() { ms "$cairn" build "$site" --output "$site/out"; }
echo '{"title": "bench", "diagrams": {"mermaid": "client"}}' > "$site/site.json"
base=$(for _ in $(seq "$runs"); do build; done | median)
echo '{"title": "bench"}' > "$site/site.json"
cold=$(for _ in $(seq "$runs"); do rm -rf "$site/.cairn-cache"; build; done | median)
build > /dev/null
warm=$(for _ in $(seq "$runs"); do build; done | median)
echo '{"title": "bench", "diagrams": {"graphviz": false}}' > "$site/site.json"
own=$(for _ in $(seq "$runs"); do build; done | median)
"$cairn" build "$site" --output "$site/out" > /dev/null 2>&1
drawn=$(grep -o 'mermaid-diagram' "$site/out/index.html" | wc -l)
echo "20 Mermaid diagrams on one page ($drawn drawn), median of $runs builds:"
echo "  client (script in the browser)  ${base} ms"
echo "  build, cold (cache emptied)     ${cold} ms  (+$((cold - base)) ms)"
echo "  build, warm                     ${warm} ms  (+$((warm - base)) ms)"
echo "  build, Cairn's own layout       ${own} ms  (+$((own - base)) ms)"
