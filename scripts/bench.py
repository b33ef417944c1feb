#!/usr/bin/env python3
"""Cairn against Hugo on the same content, run alternately; called by scripts/bench.sh.

    python3 scripts/bench.py --cairn BIN --hugo BIN [--pages N | --corpus DIR] [--runs R] [--work DIR]
    python3 scripts/bench.py --cairn BIN --hugo BIN --scale 1000,10000,50000 [--runs R] [--work DIR]

--pages N generates N pages with ../shared/bench/gen_corpus.py (deterministic); --corpus DIR
takes a folder of Markdown as it is (for example ../shared/corpora/rust-rfcs/content, or
../shared/corpora to build every tree in it as one site). Each tool builds the same files into
its own output folder, R times each, alternating; the script prints the medians of wall time,
CPU time (user + system), peak resident memory, pages per second and output bytes, the ratios
Cairn / Hugo, and the cmark-gfm floor: the `cmark-gfm` command rendering all the Markdown as one
document in one process, which no builder on this library can beat on one core; and the write
floor: each tool's output tree written again by scripts/write-floor.c (nothing but mkdir, open,
write, close on two threads), deleting the previous copy first as the runs do.
--scale builds generated corpora of each size with Cairn alone and prints how time and memory
grow against the number of pages.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HUGO_CONFIG = """baseURL = "http://localhost/"
title = "Bench"
contentDir = "../hugo-content"
disableKinds = ["taxonomy", "term", "RSS"]
[markup.goldmark.parser.attribute]
title = false
[markup.goldmark.renderer]
unsafe = true
"""
# Minimal layouts, as ../shared/bench/gen_corpus.py writes them: Hugo's figures are a lower bound
# for a themed Hugo site (no navigation, no search).
SINGLE = """<!doctype html>
<html><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ .Content }}</main></body></html>
"""
LIST = """<!doctype html>
<html><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>
"""
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def markdown_files(folder):
    for parent, _, names in os.walk(folder):
        for name in sorted(names):
            if name.lower().endswith(".md"):
                yield os.path.join(parent, name)


def prepare(args, work):
    """Makes WORK/cairn (a Cairn site holding the Markdown) and WORK/hugo (a Hugo site over a copy
    where every page has front matter: Hugo refuses some files without it)."""
    cairn = os.path.join(work, "cairn")
    content = os.path.join(cairn, "content")
    if args.corpus:
        shutil.copytree(args.corpus, content, symlinks=False)
        source = f"{os.path.abspath(args.corpus)}"
    else:
        subprocess.run([sys.executable, os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py"),
                        "--pages", str(args.pages), "--out", os.path.join(work, "gen")], check=True,
                       stdout=subprocess.DEVNULL)
        os.makedirs(cairn)
        shutil.move(os.path.join(work, "gen", "content"), content)
        source = f"gen_corpus.py --pages {args.pages}"
    with open(os.path.join(cairn, "site.json"), "w") as handle:
        handle.write('{"title": "Bench"}\n')
    hugo = os.path.join(work, "hugo")
    hugo_content = os.path.join(work, "hugo-content")
    shutil.copytree(content, hugo_content)
    for path in markdown_files(hugo_content):
        with open(path, "rb") as handle:
            data = handle.read()
        if not data.startswith(b"---\n") and not data.startswith(b"+++\n"):
            with open(path, "wb") as handle:
                handle.write(b"---\n---\n" + data)
    os.makedirs(os.path.join(hugo, "layouts", "_default"))
    with open(os.path.join(hugo, "hugo.toml"), "w") as handle:
        handle.write(HUGO_CONFIG)
    for name, text in (("single.html", SINGLE), ("list.html", LIST)):
        with open(os.path.join(hugo, "layouts", "_default", name), "w") as handle:
            handle.write(text)
    pages = sum(1 for _ in markdown_files(content))
    size = sum(os.path.getsize(path) for path in markdown_files(content))
    return cairn, hugo, content, pages, size, source


def timed(command):
    """Runs `command` under GNU time; returns wall s, CPU s, peak RSS MB."""
    result = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", *command],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    last = result.stderr.strip().splitlines()[-1].split()
    if result.returncode not in (0, 1):  # Cairn exits 1 when pages have errors; it still builds
        sys.exit(f"{command[0]} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    wall, user, system, rss = float(last[0]), float(last[1]), float(last[2]), int(last[3])
    return wall, user + system, rss / 1024


def folder_bytes(folder):
    return sum(os.path.getsize(os.path.join(parent, name))
               for parent, _, names in os.walk(folder) for name in names)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cairn", required=True)
    parser.add_argument("--hugo", required=True)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--corpus")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work")
    parser.add_argument("--scale", help="comma-separated page counts: Cairn alone at each size, for linearity")
    args = parser.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="cairn-bench-")
    os.makedirs(work, exist_ok=True)
    # A work folder is reused only when this script made it (it holds the marker); then its
    # own subfolders are made again. Anything else in it is never deleted.
    marker = os.path.join(work, ".cairn-bench")
    if os.listdir(work) and not os.path.exists(marker):
        sys.exit(f"{work} is not empty and was not made by bench.py; pass an empty or new --work folder")
    open(marker, "w").close()
    for name in ("cairn", "hugo", "hugo-content", "gen", "out-cairn", "out-hugo", "floor-cairn", "floor-hugo", "write-floor"):
        shutil.rmtree(os.path.join(work, name), ignore_errors=True)
    if args.scale:
        return scale(args, work)
    cairn_site, hugo_site, content, pages, size, source = prepare(args, work)
    print(f"content: {source}: {pages:,} Markdown files, {size / 1e6:.1f} MB; work folder {work}")
    print(f"machine: {os.cpu_count()} cores; {subprocess.run([args.cairn, '--version'], capture_output=True, text=True).stdout.splitlines()[0]}; "
          f"Hugo {next((w for w in subprocess.run([args.hugo, 'version'], capture_output=True, text=True).stdout.split() if w.startswith('v0.')), '?')}")

    samples = {"Cairn": [], "Hugo": []}
    outputs = {"Cairn": os.path.join(work, "out-cairn"), "Hugo": os.path.join(work, "out-hugo")}
    commands = {
        "Cairn": [args.cairn, "build", cairn_site, "--output", outputs["Cairn"]],
        "Hugo": [args.hugo, "--quiet", "-s", hugo_site, "-d", outputs["Hugo"]],
    }
    # Cairn's first build of a site draws its Mermaid diagrams with Graphviz and keeps the
    # layouts in .cairn-cache (as every later build finds them): timed apart, not in the medians.
    cold = timed(commands["Cairn"])
    print(f"Cairn's first build (empty .cairn-cache): {cold[0]:.2f} s wall, {cold[1]:.2f} s CPU, {cold[2]:,.0f} MB", flush=True)
    for run in range(args.runs):
        for tool in ("Cairn", "Hugo") if run % 2 == 0 else ("Hugo", "Cairn"):
            shutil.rmtree(outputs[tool], ignore_errors=True)
            samples[tool].append(timed(commands[tool]))

    # The floor: cmark-gfm rendering all the Markdown as one document, in one process.
    everything = os.path.join(work, "ALL.md")
    with open(everything, "wb") as out:
        for path in markdown_files(content):
            with open(path, "rb") as handle:
                out.write(handle.read() + b"\n\n")
    floors = []
    for _ in range(args.runs):
        start = time.perf_counter()
        subprocess.run(["cmark-gfm", "-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tagfilter",
                        "-e", "tasklist", everything], stdout=subprocess.DEVNULL, check=True)
        floors.append(time.perf_counter() - start)

    # The write floor: each tool's output tree written again by a small C program with nothing
    # else to do (scripts/write-floor.c), after deleting the previous copy as the runs do. On a
    # file system that is slow to create files after many deletions, this is what neither tool
    # can go below.
    write_floors = write_floor(work, outputs, args.runs)

    rows = {}
    for tool, values in samples.items():
        wall = statistics.median(v[0] for v in values)
        cpu = statistics.median(v[1] for v in values)
        rss = statistics.median(v[2] for v in values)
        rows[tool] = (wall, cpu, rss, pages / wall, folder_bytes(outputs[tool]))
    print()
    print("| tool | wall (median) | CPU | cores used | peak RSS | pages/s | output |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for tool, (wall, cpu, rss, rate, out) in rows.items():
        print(f"| {tool} | {wall:.2f} s | {cpu:.2f} s | {cpu / wall:.2f} | {rss:,.0f} MB | {rate:,.0f} | {out / 1e6:.1f} MB |")
    c, h = rows["Cairn"], rows["Hugo"]
    print(f"| Cairn / Hugo | {c[0] / h[0]:.2f}× | {c[1] / h[1]:.2f}× | | {c[2] / h[2]:.2f}× | | |")
    print(f"| cmark-gfm floor (one document, one core) | {statistics.median(floors):.2f} s | | | | | |")
    for tool, (files, folders, seconds) in write_floors.items():
        print(f"| write floor: {tool}'s output again ({files:,} files, {folders:,} folders, 2 threads) | {seconds:.2f} s | | | | | |")
    print(f"\nruns: {args.runs} each, alternating; every sample (wall s, CPU s, MB): "
          + "; ".join(f"{tool} {[(round(w, 2), round(u, 2), round(r)) for w, u, r in values]}" for tool, values in samples.items()))


def write_floor(work, outputs, runs):
    """Median seconds scripts/write-floor.c takes to write each output tree again, alternating,
    deleting the previous copy right before; {} when there is no C compiler."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if not compiler:
        return {}
    program = os.path.join(work, "write-floor")
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "write-floor.c")
    subprocess.run([compiler, "-O2", "-pthread", "-o", program, source], check=True)
    found = {tool: [] for tool in outputs}
    for run in range(runs):
        for tool in outputs if run % 2 == 0 else reversed(list(outputs)):
            copy = os.path.join(work, "floor-" + tool.lower())
            shutil.rmtree(copy, ignore_errors=True)
            words = subprocess.run([program, outputs[tool], copy, "2"], capture_output=True, text=True, check=True).stdout.split()
            found[tool].append((int(words[0]), int(words[2]), float(words[4])))
    for tool in outputs:
        shutil.rmtree(os.path.join(work, "floor-" + tool.lower()), ignore_errors=True)
    return {tool: (values[0][0], values[0][1], statistics.median(v[2] for v in values)) for tool, values in found.items()}


def scale(args, work):
    """Cairn alone on generated corpora of each size: median wall time, CPU and peak memory, and
    each row's growth against the previous size next to the growth in pages."""
    sizes = [int(size) for size in args.scale.split(",")]
    print(f"machine: {os.cpu_count()} cores; {subprocess.run([args.cairn, '--version'], capture_output=True, text=True).stdout.splitlines()[0]}")
    print("\n| pages | wall (median) | CPU | cores used | peak RSS | pages/s | × pages | × wall | × RSS |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    previous = None
    every = []
    colds = []
    for size in sizes:
        site = os.path.join(work, f"scale-{size}")
        shutil.rmtree(site, ignore_errors=True)
        subprocess.run([sys.executable, os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py"),
                        "--pages", str(size), "--out", site], check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(site, "site.json"), "w") as handle:
            handle.write('{"title": "Scale"}\n')
        output = os.path.join(work, f"out-scale-{size}")
        samples = []
        # The first build fills .cairn-cache (Mermaid layouts); the timed ones find it, as usual.
        cold = timed([args.cairn, "build", site, "--output", output])
        colds.append((size, cold))
        for _ in range(args.runs):
            shutil.rmtree(output, ignore_errors=True)
            samples.append(timed([args.cairn, "build", site, "--output", output]))
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)
        wall = statistics.median(v[0] for v in samples)
        cpu = statistics.median(v[1] for v in samples)
        rss = statistics.median(v[2] for v in samples)
        growth = ("", "", "") if previous is None else (
            f"{size / previous[0]:.1f}×", f"{wall / previous[1]:.2f}×", f"{rss / previous[2]:.2f}×")
        print(f"| {size:,} | {wall:.2f} s | {cpu:.2f} s | {cpu / wall:.2f} | {rss:,.0f} MB | {size / wall:,.0f} | "
              + " | ".join(growth) + " |", flush=True)
        every.append((size, samples))
        previous = (size, wall, rss)
    print("\nevery sample (wall s, CPU s, MB): "
          + "; ".join(f"{size:,} {[(round(w, 2), round(u, 2), round(r)) for w, u, r in samples]}" for size, samples in every))
    print("first builds, empty .cairn-cache (wall s, CPU s, MB), not in the medians: "
          + "; ".join(f"{size:,} {(round(c[0], 2), round(c[1], 2), round(c[2]))}" for size, c in colds))


if __name__ == "__main__":
    main()
