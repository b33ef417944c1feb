"""Browser test of the default theme's search: builds the example site with `cairn publish`
under a subpath, serves it from 127.0.0.1 with Python's static server, and drives headless
Chromium through Selenium: press "/", type a query, see highlighted results, arrow down and
Enter, land on the section. Run by scripts/test.sh."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from browser import headless_chromium, serve
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CAIRN = os.environ.get("CAIRN_BINARY", os.path.join(REPO, ".build", "debug", "cairn"))



class SearchInBrowserTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="cairn-browser-")
        # Serve the site under /docs/ to prove every URL works below a subpath.
        served = os.path.join(cls.work, "www")
        site = os.path.join(served, "docs")
        os.makedirs(served)
        subprocess.run(
            [CAIRN, "publish", REPO, "--output", site, "--base-url", "https://example.com/docs/", "-q"],
            check=True)
        cls.server, base = serve(served)
        cls.port = cls.server.server_address[1]
        cls.driver = headless_chromium()

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.server.shutdown()
        shutil.rmtree(cls.work, ignore_errors=True)

    def test_search_finds_and_follows_a_section(self):
        driver = self.driver
        driver.get(f"http://127.0.0.1:{self.port}/docs/guides/getting-started/")
        wait = WebDriverWait(driver, 15)
        body = driver.find_element(By.TAG_NAME, "body")
        body.send_keys("/")
        search = driver.switch_to.active_element
        self.assertEqual(search.get_attribute("type"), "search")
        search.send_keys("rollback")
        first = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, ".search-results [role=option] a")))
        self.assertIn("Rollback", first.text)
        marks = driver.find_elements(By.CSS_SELECTOR, ".search-results mark")
        self.assertTrue(any(mark.text.lower() == "rollback" for mark in marks))
        search.send_keys(Keys.ARROW_DOWN)
        search.send_keys(Keys.ENTER)
        wait.until(lambda d: "/docs/operations/" in d.current_url)
        self.assertTrue(driver.current_url.endswith("/docs/operations/#rollback"), driver.current_url)
        heading = driver.find_element(By.ID, "rollback")
        self.assertEqual(heading.text.replace("#", "").strip(), "Rollback")

    def test_every_internal_link_resolves_under_the_subpath(self):
        driver = self.driver
        base = f"http://127.0.0.1:{self.port}/docs/"
        seen, queue, broken = set(), [base], []
        import urllib.request
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            driver.get(url)
            for link in driver.find_elements(By.CSS_SELECTOR, "a[href], link[href], script[src]"):
                target = link.get_attribute("href") or link.get_attribute("src")
                target = target.split("#")[0]
                if not target.startswith(base):
                    continue
                try:
                    with urllib.request.urlopen(target) as response:
                        ok = response.status == 200
                except Exception:
                    ok = False
                if not ok:
                    broken.append((url, target))
                elif target.endswith("/") and target not in seen:
                    queue.append(target)
        self.assertGreater(len(seen), 10)
        self.assertEqual(broken, [])


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=1).result
    failed = len(result.failures) + len(result.errors)
    print(f"browser: {result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
