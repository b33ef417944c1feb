"""The theme's search.js stems as the reference Snowball English stemmer does: every word of
Tests/CairnCoreTests/Fixtures/search/stemmer-vocabulary.tsv, stemmed in headless Chromium by the
script the published site loads (EnglishStemmer.swift is held to the same file by
SearchStemmerTests). Run by scripts/test.sh."""
import os
import unittest

from browser import headless_chromium

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class SearchStemmerTest(unittest.TestCase):
    def test_every_vocabulary_word_stems_as_the_reference_has_it(self):
        with open(os.path.join(REPO, "themes", "default", "assets", "search.js"), encoding="utf-8") as source:
            script = source.read()
        words, stems = [], []
        with open(os.path.join(REPO, "Tests", "CairnCoreTests", "Fixtures", "search", "stemmer-vocabulary.tsv"), encoding="utf-8") as table:
            for line in table:
                if line.startswith("#"):
                    continue
                word, stem = line.rstrip("\n").split("\t")
                words.append(word)
                stems.append(stem)
        driver = headless_chromium()
        try:
            driver.get("about:blank")
            driver.execute_script(script)
            got = driver.execute_script("return arguments[0].map(window.CairnSearch.stem);", words)
        finally:
            driver.quit()
        wrong = [(word, have, want) for word, have, want in zip(words, got, stems) if have != want]
        self.assertGreater(len(words), 60000)
        self.assertEqual(wrong[:20], [], f"{len(wrong)} of {len(words)} differ")


if __name__ == "__main__":
    unittest.main(verbosity=2)
