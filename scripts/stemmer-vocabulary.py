#!/usr/bin/env python3
"""Writes Tests/CairnCoreTests/Fixtures/search/stemmer-vocabulary.tsv: English words and their
stems by the reference Snowball English stemmer (PyPI `snowballstemmer`, the Snowball project's
own generated code), against which Cairn's two ports (EnglishStemmer.swift, search.js) are
tested. The words: every lower-case word of Debian's `wamerican` list (apt-get install
wamerican) plus technical words that list lacks. Not run by CI: the fixture is committed.

    pip install snowballstemmer && python3 scripts/stemmer-vocabulary.py
"""
import os
import re

import snowballstemmer
from importlib.metadata import version

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXTRA = """closures closure closed closing async awaiting deserialization deserializer serializing
lifetimes borrowed borrowing generics generically monomorphization monomorphized iterators
proposals proposal deprecations deprecating rebuilt rebuilding hashing hashed interop
codegen unstable stabilization stabilized stabilizing traits trait implementations impls
dying lying tying inning outing canning herring earring evening proceed exceed succeed
proceeding exceedingly succeeded skis skies idly gently ugly early only singly sky news howe
atlas cosmos bias andes generously communism arsenal emergency internal lateral organization
universal pasting past pasta pastime goroutines runtime runtimes channels""".split()


def main():
    with open("/usr/share/dict/american-english", encoding="utf-8") as source:
        words = {line.strip() for line in source if re.fullmatch(r"[a-z]+", line.strip())}
    words.update(EXTRA)
    stemmer = snowballstemmer.stemmer("english")
    path = os.path.join(REPO, "Tests/CairnCoreTests/Fixtures/search/stemmer-vocabulary.tsv")
    with open(path, "w", encoding="utf-8") as out:
        out.write(f"# {len(words)} words and their Snowball English stems (snowballstemmer "
                  f"{version('snowballstemmer')}); "
                  "made by scripts/stemmer-vocabulary.py\n")
        for word in sorted(words):
            out.write(f"{word}\t{stemmer.stemWord(word)}\n")
    print(f"{len(words)} words -> {os.path.relpath(path, REPO)}")


if __name__ == "__main__":
    main()
