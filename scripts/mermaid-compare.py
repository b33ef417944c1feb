#!/usr/bin/env python3
"""Side-by-side pictures of Mermaid blocks: Mermaid's own rendering (the copy of Mermaid 11 that
JupyterLab bundles, run in headless Chromium) next to Cairn's build-time SVG.

    python3 scripts/mermaid-compare.py [--cairn .build/release/cairn] [--out docs/mermaid-comparison]

Needs chromium, network access to PyPI the first time (JupyterLab goes into a venv under /tmp)
and ../shared/corpora. Writes one PNG per diagram and the Markdown sources it drew.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPORA = os.path.join(ROOT, "..", "shared", "corpora")
VENV = "/tmp/cairn-jupyterlab"

# (name, corpus file, index of the ```mermaid block in it, a label only that diagram has)
DIAGRAMS = [
    ("rust-3668-flowchart", "rust-rfcs/content/text/3668-async-closures.md", 0, "LendingFnMut"),
    ("rust-3691-sequence-1", "rust-rfcs/content/text/3691-trusted-publishing-cratesio.md", 0, "OIDC Provider"),
    ("rust-3691-sequence-2", "rust-rfcs/content/text/3691-trusted-publishing-cratesio.md", 1, "cargo publish"),
    ("mermaid-docs-state-composite", "mermaid-syntax/content/stateDiagram.md", 8, "Another simple"),
    ("mermaid-docs-flowchart-decision", "mermaid-syntax/content/flowchart.md", 90, "Is it?"),
]


def blocks(path):
    with open(os.path.join(CORPORA, path), encoding="utf-8") as f:
        return re.findall(r"^```mermaid\n(.*?)^```", f.read(), re.M | re.S)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cairn", default=os.path.join(ROOT, ".build", "release", "cairn"))
    parser.add_argument("--out", default=os.path.join(ROOT, "docs", "mermaid-comparison"))
    args = parser.parse_args()
    work = "/tmp/cairn-mermaid-compare"
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, "site", "content"))
    os.makedirs(os.path.join(work, "notebooks"))
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(work, "site", "site.json"), "w") as f:
        f.write('{"title": "compare"}')
    sources = {}
    for name, path, index, _ in DIAGRAMS:
        source = blocks(path)[index]
        sources[name] = source
        with open(os.path.join(work, "site", "content", name + ".md"), "w") as f:
            f.write(f"# {name}\n\n```mermaid\n{source}```\n")
        notebook = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["```mermaid\n" + source + "```\n"]}],
                    "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
        with open(os.path.join(work, "notebooks", name + ".ipynb"), "w") as f:
            json.dump(notebook, f)
    subprocess.run([args.cairn, "build", os.path.join(work, "site")], check=True)

    if not os.path.exists(os.path.join(VENV, "bin", "jupyter")):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        subprocess.run([os.path.join(VENV, "bin", "pip"), "install", "-q", "jupyterlab"], check=True)
    lab = subprocess.Popen(
        [os.path.join(VENV, "bin", "jupyter"), "lab", "--no-browser", "--port", "8898", "--ServerApp.token=",
         "--ServerApp.password=", "--allow-root", "--ServerApp.root_dir=" + os.path.join(work, "notebooks")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(8)
        for name, _, _, marker in DIAGRAMS:
            dom = subprocess.run(
                ["chromium", "--headless", "--no-sandbox", "--virtual-time-budget=25000", "--dump-dom",
                 f"http://127.0.0.1:8898/lab/tree/{name}.ipynb"], capture_output=True, text=True, timeout=120).stdout
            # JupyterLab shows Mermaid's SVG as a data: image; pick the one with this diagram's label.
            theirs = next((s[s.index("<svg"):] for s in map(urllib.parse.unquote, re.findall(r'<img src="data:image/svg\+xml,([^"]*)"', dom))
                           if marker in s and "<svg" in s), None)
            with open(os.path.join(work, "site", "_site", name, "index.html"), encoding="utf-8") as f:
                ours = re.search(r'<svg[^>]*mermaid-svg.*?</svg>', f.read(), re.S).group(0)
            ours = ours.replace('class="diagram-svg mermaid-svg"', 'class="diagram-svg mermaid-svg" style="max-width:100%;height:auto"')
            page = (f'<html><body style="font-family:system-ui,sans-serif;margin:10px;color:#1f2328;background:#fff">'
                    f'<div style="font-size:13px;margin-bottom:6px"><b>{name}</b></div><table style="border-collapse:collapse"><tr>'
                    '<th style="font-size:12px;text-align:left">Mermaid 11 in the browser (JupyterLab\'s copy)</th>'
                    '<th style="font-size:12px;text-align:left">Cairn at build time</th></tr><tr>'
                    f'<td style="vertical-align:top;border:1px solid #ccc;padding:8px;width:640px"><div style="max-width:620px">{theirs or "(not rendered)"}</div></td>'
                    f'<td style="vertical-align:top;border:1px solid #ccc;padding:8px;width:640px"><div style="max-width:620px">{ours}</div></td>'
                    '</tr></table></body></html>')
            html = os.path.join(work, name + ".html")
            with open(html, "w", encoding="utf-8") as f:
                f.write(page)
            subprocess.run(["chromium", "--headless", "--no-sandbox", f"--screenshot={os.path.join(args.out, name + '.png')}",
                            "--window-size=1340,760", "file://" + html], capture_output=True, timeout=120)
            print(name, "mermaid" if theirs else "mermaid missing", "->", os.path.join(args.out, name + ".png"))
    finally:
        lab.terminate()


if __name__ == "__main__":
    main()
