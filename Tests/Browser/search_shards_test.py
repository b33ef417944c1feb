"""Browser test of search.js finding words across the index's range shards: a word past U+FFFF
(whose shard a UTF-16 comparison would get wrong, as the shard keys are in code-point order) and
a word whose stem's family lies in another shard ("tie" and "tying" with thousands of words
between them). Builds a generated site with `cairn build`, serves it with Python's static server,
and types into the real search box in headless Chromium. Run by scripts/test.sh."""
import bisect
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from browser import headless_chromium, serve
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CAIRN = os.environ.get("CAIRN_BINARY", os.path.join(REPO, ".build", "debug", "cairn"))

# Two-letter words of halfwidth katakana (U+FF66 to U+FF9D: below U+FFFF, above every UTF-16
# surrogate) and of CJK Extension B ideographs (U+20000 up: surrogate pairs in UTF-16).
HALFWIDTH = [chr(0xFF66 + a) + chr(0xFF66 + b) for a in range(56) for b in range(56)][:2400]
EXTENSION_B = [chr(0x20000 + a) + chr(0x20000 + b) for a in range(50) for b in range(48)]
# Filler words sorting between "tie" and "tying", so the stem's family cannot stay in one shard.
FILLER = ["tk" + a + b + c for a in "abcdefghij" for b in "abcdefghijklmnopqrst" for c in "abcdefghij"]


def key_of(keys, word, utf16=False):
    """The shard key search.js must pick for `word`: the last key at or before it, found by
    binary search; with utf16=True, as a plain JavaScript `<` would compare."""
    order = (lambda text: text.encode("utf-16-be")) if utf16 else (lambda text: text)
    low, high = 0, len(keys)
    while low < high:
        middle = (low + high) // 2
        if order(word) < order(keys[middle]):
            high = middle
        else:
            low = middle + 1
    return keys[low - 1] if low > 0 else None


class SearchShardsInBrowserTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="cairn-shards-")
        site = os.path.join(cls.work, "site")
        content = os.path.join(site, "content")
        os.makedirs(content)
        with open(os.path.join(site, "site.json"), "w") as handle:
            json.dump({"title": "Shards"}, handle)
        with open(os.path.join(content, "index.md"), "w") as handle:
            handle.write("# Shards\n\nWords in many shards.\n")
        cls.page_of = {}
        groups = [("kana", HALFWIDTH), ("ext-b", EXTENSION_B), ("filler", FILLER)]
        for name, words in groups:
            for start in range(0, len(words), 120):
                slug = f"{name}-{start // 120:02d}"
                chunk = words[start:start + 120]
                for word in chunk:
                    cls.page_of[word] = slug
                with open(os.path.join(content, slug + ".md"), "w") as handle:
                    handle.write(f"# Page {slug}\n\n" + " ".join(chunk) + "\n")
        with open(os.path.join(content, "knots.md"), "w") as handle:
            handle.write("# Knots\n\nSailors learn tying by hand.\n")
        with open(os.path.join(content, "neckwear.md"), "w") as handle:
            handle.write("# Neckwear\n\nA tie and two ties.\n")
        cls.output = os.path.join(cls.work, "www")
        subprocess.run([CAIRN, "build", site, "--output", cls.output, "-q"], check=True)
        with open(os.path.join(cls.output, "search", "index.json")) as handle:
            cls.keys = json.load(handle)["shards"]
        cls.server, cls.base = serve(cls.output)
        cls.driver = headless_chromium()

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.server.shutdown()
        shutil.rmtree(cls.work, ignore_errors=True)

    def results_for(self, query):
        """Types `query` into the search box (through the input event, as ChromeDriver cannot
        send characters past U+FFFF as keys) and returns the result links' URLs."""
        driver = self.driver
        driver.get(self.base)
        box = driver.find_element(By.CSS_SELECTOR, ".search input")
        driver.execute_script(
            "arguments[0].focus(); arguments[0].value = arguments[1];"
            "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", box, query)
        WebDriverWait(driver, 15).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, ".search-results [role=option] a")
            or "No results" in d.find_element(By.CSS_SELECTOR, ".search-results").text)
        return [link.get_attribute("href") for link in driver.find_elements(By.CSS_SELECTOR, ".search-results [role=option] a")]

    def test_the_keys_are_in_code_point_order_and_span_the_surrogates(self):
        self.assertEqual(self.keys, sorted(self.keys))
        self.assertTrue(any("\uFF66" <= key[0] <= "\uFF9D" for key in self.keys), self.keys)
        self.assertTrue(any(key[0] >= "\U00020000" for key in self.keys), self.keys)

    def test_a_word_past_U_FFFF_is_found_in_its_shard(self):
        # A word whose shard UTF-16 order would get wrong: the test means something only then.
        wrong = [word for word in EXTENSION_B if key_of(self.keys, word) != key_of(self.keys, word, utf16=True)]
        self.assertTrue(wrong, "no word past U+FFFF whose shard UTF-16 order gets wrong; the test proves nothing")
        for word in (wrong[0], wrong[-1]):
            urls = self.results_for(word)
            self.assertTrue(urls and urls[0].endswith(f"/{self.page_of[word]}/"), (word, urls))

    def test_a_stem_family_split_across_shards_is_found_whole(self):
        self.assertNotEqual(key_of(self.keys, "tie"), key_of(self.keys, "tying"),
                            "tie and tying share a shard; the test proves nothing")
        urls = self.results_for("ties")
        self.assertTrue(any(url.endswith("/knots/") for url in urls), urls)
        self.assertTrue(any(url.endswith("/neckwear/") for url in urls), urls)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=1).result
    failed = len(result.failures) + len(result.errors)
    print(f"browser: {result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
