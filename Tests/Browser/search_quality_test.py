"""Search quality in CI: the labelled queries of search-queries.tsv (rust-rfcs and go-proposals of
../shared/corpora) typed into the real search box in headless Chromium. Holds Cairn at or above
what Pagefind 1.5.2 scored on the same pages (scripts/search-quality.py --pagefind: hit@1 60/80,
hit@3 70/80) and requires every misspelled query answered. Skipped where the corpora are not
(set CAIRN_CORPORA). Run by scripts/test.sh."""
import os
import sys
import unittest

import search_quality

CAIRN = os.environ.get("CAIRN_BINARY", os.path.join(search_quality.REPO, ".build", "debug", "cairn"))


@unittest.skipIf(search_quality.corpora_folder() is None, "no corpora (set CAIRN_CORPORA)")
class SearchQualityTest(unittest.TestCase):
    def test_labelled_queries_rank_the_wanted_page_first(self):
        results, tables = search_quality.run(CAIRN, log=lambda line: None)
        table = tables["Cairn"]
        misses = [(row["query"], row["rank"], row["top"][:1]) for row in results["Cairn"] if row["rank"] != 0]
        self.assertGreaterEqual(table["all"]["queries"], 60)
        self.assertGreaterEqual(table["all"]["hit1"], 60, misses)
        self.assertGreaterEqual(table["all"]["hit3"], 70, misses)
        self.assertEqual(table["typo"]["answered"], table["typo"]["queries"], misses)
        print(f"search quality: hit@1 {table['all']['hit1']}/{table['all']['queries']}, "
              f"hit@3 {table['all']['hit3']}/{table['all']['queries']}", file=sys.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
