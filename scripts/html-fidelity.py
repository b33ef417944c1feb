#!/usr/bin/env python3
"""Words a reader loses: each page's visible text in Cairn's output against `cmark-gfm --unsafe`
(Debian's cmark-gfm command, the same library GitHub's renderer grew from), scripts and styles
left out of both.

    python3 scripts/html-fidelity.py CAIRN [CORPUS_DIR ...]

For every corpus folder (default: the three proposal trees in ../shared/corpora), the content is
copied into a scratch site and built twice, with markdown.html "sanitize" (the default) and
"omit"; for each page the words of cmark-gfm's rendering that are missing from Cairn's page body
(a multiset difference) are counted. Prints one line per corpus and mode, and the pages that lose
the most, so a loss can be looked at.
"""
import collections
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

WORD = re.compile(r"\w+", re.UNICODE)


class Text(html.parser.HTMLParser):
    """Visible text: everything but script and style contents (and comments); with
    `only_content`, only inside the first element whose class is `content` (Cairn's page body)."""

    VOID = {"br", "hr", "img", "wbr", "source", "col", "input", "meta", "link", "area", "base", "embed", "param", "track"}

    def __init__(self, only_content):
        super().__init__(convert_charrefs=True)
        self.collecting = not only_content
        self.waiting = only_content  # for the content element to start
        self.depth = 0  # open elements inside the content element
        self.skip = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        if self.waiting:
            if ("class", "content") in attrs:
                self.waiting = False
                self.collecting = True
                self.depth = 1
            return
        if self.depth:
            self.depth += 1
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        if self.depth:
            self.depth -= 1
            if self.depth == 0:
                self.collecting = False

    def handle_data(self, data):
        if self.collecting and not self.skip:
            self.parts.append(data)

    def words(self):
        # Case is ignored: GitHub shows an alert marker `[!NOTE]` as "Note", and so does Cairn.
        return collections.Counter(word.lower() for word in WORD.findall(" ".join(self.parts)))


def words_of(markup, only_content):
    parser = Text(only_content)
    parser.feed(markup)
    parser.close()
    return parser.words()


def strip_front_matter(text):
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        alt = text.find("\n...\n", 4)
        ends = [e for e in (end, alt) if e != -1]
        if ends:
            return text[min(ends) + 5:]
    return text


def output_page(site_out, content_path):
    parts = content_path[:-3].split("/")
    if parts[-1].lower() in ("index", "readme"):
        parts = parts[:-1]
    return os.path.join(site_out, *parts, "index.html")


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    cairn = os.path.abspath(sys.argv[1])
    here = os.path.dirname(os.path.abspath(__file__))
    corpora = sys.argv[2:] or [
        os.path.join(here, "..", "..", "shared", "corpora", name) for name in ("rust-rfcs", "go-proposals", "grpc-proposals")
    ]
    total_lost = 0
    for corpus in corpora:
        name = os.path.basename(os.path.normpath(corpus))
        with tempfile.TemporaryDirectory() as scratch:
            site = os.path.join(scratch, "site")
            shutil.copytree(os.path.join(corpus, "content"), os.path.join(site, "content"))
            pages = []
            for folder, _, files in os.walk(os.path.join(site, "content")):
                for file in files:
                    if file.lower().endswith(".md"):
                        pages.append(os.path.relpath(os.path.join(folder, file), os.path.join(site, "content")))
            pages.sort()
            reference = {}
            for page in pages:
                with open(os.path.join(site, "content", page), encoding="utf-8", errors="replace") as handle:
                    source = strip_front_matter(handle.read())
                rendered = subprocess.run(
                    ["cmark-gfm", "--unsafe", "-e", "footnotes", "-e", "table", "-e", "strikethrough", "-e", "autolink",
                     "-e", "tasklist"], input=source, capture_output=True, text=True, check=True).stdout
                reference[page] = words_of(rendered, only_content=False)
            for mode in ("sanitize", "omit"):
                with open(os.path.join(site, "site.json"), "w") as handle:
                    json.dump({"title": name, "markdown": {"html": mode}, "placeholders": False}, handle)
                out = os.path.join(scratch, "out-" + mode)
                subprocess.run([cairn, "build", site, "--output", out, "--quiet"], capture_output=True)
                lost_by_page = {}
                missing = 0
                for page in pages:
                    path = output_page(out, page)
                    if not os.path.exists(path):
                        missing += 1
                        lost_by_page[page] = sum(reference[page].values())
                        continue
                    with open(path, encoding="utf-8") as handle:
                        ours = words_of(handle.read(), only_content=True)
                    lost = reference[page] - ours
                    if lost:
                        lost_by_page[page] = sum(lost.values())
                words = sum(sum(counter.values()) for counter in reference.values())
                lost = sum(lost_by_page.values())
                if mode == "sanitize":
                    total_lost += lost
                print(f"{name:16} {mode:9} pages {len(pages):4}  words {words:9,}  lost {lost:7,} on {len(lost_by_page):3} pages"
                      + (f"  ({missing} pages not built)" if missing else ""))
                for page, count in sorted(lost_by_page.items(), key=lambda item: -item[1])[:3]:
                    print(f"    {count:6,}  {page}")
    return 0 if total_lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
