#!/usr/bin/env python3
"""Measures `cairn watch` on a site: time from a file write to the `reload` event, and the
server's memory over many edit cycles.

    python3 scripts/watch-bench.py SITE [--cairn .build/release/cairn] [--runs 20] [--cycles 500]

Edits one page of SITE (restored at the end): a one-word body edit and a title change, `--runs`
times each, reporting the median and range; then `--cycles` body edits, reporting the server's
resident memory (VmRSS) after 10 cycles and after all of them.
"""
import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Events:
    """A live-reload client reading the server-sent events of /_cairn/events."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.connection.request("GET", "/_cairn/events")
        self.response = self.connection.getresponse()
        assert self.response.status == 200, self.response.status
        self.next_event()  # hello

    def next_event(self):
        name = None
        while True:
            line = self.response.fp.readline().decode()
            if line.startswith("event:"):
                name = line.split(":", 1)[1].strip()
            elif line == "\n" and name:
                return name


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("site")
    parser.add_argument("--cairn", default=".build/release/cairn")
    parser.add_argument("--page", help="content-relative page to edit (default: the 500th in sorted order)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--cycles", type=int, default=500)
    args = parser.parse_args()

    content = os.path.join(args.site, "content")
    pages = sorted(
        os.path.relpath(os.path.join(folder, name), content)
        for folder, _, names in os.walk(content) for name in names if name.endswith(".md"))
    page = os.path.join(content, args.page or pages[min(499, len(pages) - 1)])
    original = open(page, encoding="utf-8").read()
    port = free_port()
    started = time.monotonic()
    server = subprocess.Popen(
        [args.cairn, "watch", args.site, "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline()
        while line and "Serving" not in line:
            line = server.stdout.readline()
        print(f"first build and server up: {time.monotonic() - started:.2f} s ({len(pages)} pages)")
        events = Events(port)

        def timed_write(text, settle=True):
            start = time.monotonic()
            with open(page, "w", encoding="utf-8") as handle:
                handle.write(text)
            event = events.next_event()
            while event == "search":  # a search index finishing from an earlier edit
                event = events.next_event()
            assert event == "reload", event
            elapsed = (time.monotonic() - start) * 1000
            if settle:
                # The search index follows in the background; let it land before the next edit
                # so each sample measures a rebuild alone.
                assert events.next_event() == "search"
            return elapsed

        def report(name, samples):
            print(f"{name}: median {statistics.median(samples):.0f} ms, min {min(samples):.0f}, max {max(samples):.0f} (n={len(samples)})")

        word = [timed_write(original.replace("\n\n", f"\n\nword{i} ", 1)) for i in range(args.runs)]
        report("one-word edit, write → reload", word)
        title = re.compile(r'^title: "?([^"\n]*)"?$', re.M)
        retitled = []
        for i in range(args.runs):
            text = title.sub(f'title: "Retitled {i}"', original, count=1) if title.search(original) \
                else re.sub(r"^# .*$", f"# Retitled {i}", original, count=1, flags=re.M)
            retitled.append(timed_write(text))
        report("title change, write → reload", retitled)

        # Edit cycles back to back, as fast as the server reloads (search jobs superseded by
        # newer edits are dropped); memory is read once the last search index has landed.
        memory = {}
        cycle_times = []
        for cycle in range(1, args.cycles + 1):
            settle = cycle in (10, args.cycles)
            cycle_times.append(timed_write(original.replace("\n\n", f"\n\ncycle{cycle} ", 1), settle=settle))
            if settle:
                time.sleep(1)
                memory[cycle] = rss_kb(server.pid)
        report(f"{args.cycles} back-to-back edit cycles, write → reload", cycle_times)
        for cycle, kb in memory.items():
            print(f"server memory after {cycle} edit cycles: {kb / 1024:.0f} MB")
    finally:
        with open(page, "w", encoding="utf-8") as handle:
            handle.write(original)
        server.terminate()
        code = server.wait(timeout=30)
        print(f"cairn watch exited with {code} on SIGTERM")


if __name__ == "__main__":
    sys.exit(main())
