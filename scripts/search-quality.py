#!/usr/bin/env python3
"""Search quality, Cairn against Pagefind, on the labelled queries of
Tests/Browser/search-queries.tsv over the real trees of ../shared/corpora: both sites published
from the same pages, both real search boxes driven in headless Chromium (one fresh page load per
query, caches off). Prints every query's rank, bytes and time, then hit@1/hit@3 per kind.

    python3 scripts/search-quality.py [--pagefind] [--nginx] [--cairn BINARY] [--trees rust-rfcs,go-proposals] [--json OUT]

--pagefind installs `pagefind[extended]` from PyPI if needed and indexes the same published
HTML (main content only). Not run by CI; CI runs the Cairn half (search_quality_test.py)."""
import argparse
import importlib.util
import json
import os
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "Tests", "Browser"))
import search_quality  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pagefind", action="store_true", help="also run Pagefind on the same pages")
    parser.add_argument("--cairn", default=os.path.join(REPO, ".build", "release", "cairn"))
    parser.add_argument("--trees", default="rust-rfcs,go-proposals")
    parser.add_argument("--json", help="write every query's result here")
    parser.add_argument("--nginx", action="store_true",
                        help="serve with nginx (apt-get install nginx-light) instead of Python's slower server, for timings")
    args = parser.parse_args()
    if not os.path.exists(args.cairn):
        subprocess.run(["swift", "build", "-c", "release", "--product", "cairn"], cwd=REPO, check=True)
    if args.pagefind and importlib.util.find_spec("pagefind") is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "pagefind[extended]"], check=True)
    results, tables = search_quality.run(args.cairn, trees=tuple(args.trees.split(",")), pagefind=args.pagefind, nginx=args.nginx)
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"results": results, "summary": tables}, out, indent=1)


if __name__ == "__main__":
    main()
