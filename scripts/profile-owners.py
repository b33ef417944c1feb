#!/usr/bin/env python3
"""Who owns the samples of a `perf record -g` profile: each sample is charged to the innermost
frame of our own code (Cairn's modules, the Mustache package, libcmark-gfm) on its stack, so the
standard library's String, hashing and allocation costs land on the function that asked for them.
The figures in issue #12's notes come from it.

    perf record -F 999 -g -o cairn.data .build/release/cairn build SITE --output OUT
    python3 scripts/profile-owners.py cairn.data [REGEX] [ROWS]

REGEX picks the frames that own samples (default: Cairn|Mustache|cmark); ROWS how many to print
(default 40). Samples with no such frame are listed as "(other)" with their innermost symbol.
Keep the profiled binary where it was: perf reads its symbols at report time.
"""
import collections
import re
import subprocess
import sys


def main():
    data = sys.argv[1]
    own = re.compile(sys.argv[2] if len(sys.argv) > 2 else r"Cairn|Mustache|cmark")
    rows = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    script = subprocess.run(["perf", "script", "-i", data, "-F", "ip,sym"], capture_output=True, text=True).stdout
    owners = collections.Counter()
    total = 0
    for sample in script.split("\n\n"):
        frames = [line.strip().split(None, 1)[-1] for line in sample.strip().split("\n") if line.strip()]
        if not frames:
            continue
        total += 1
        # Parallel.map's closures and thunks only pass work on; the frame inside them owns it.
        owner = next((f for f in frames if own.search(f) and "Parallel" not in f and "TRTA" not in f), None)
        owners[owner or "(other) " + frames[0]] += 1
    print(f"{total} samples")
    for name, count in owners.most_common(rows):
        print(f"{100 * count / total:6.2f}%  {name[:200]}")


if __name__ == "__main__":
    main()
