"""End-to-end test of `cairn watch` in a real browser: copies the example site to a temporary
folder, starts `cairn watch` on a free port, opens a page in headless Chromium (Selenium), then
edits the page's file and waits for the new text to appear without any reload from the test;
breaks the front matter and waits for the error overlay (with file:line); fixes it and waits
for the page to come back. Run by scripts/test.sh (RELIABILITY 37)."""
import os
import shutil
import socket
import subprocess
import tempfile
import time
import unittest

from browser import headless_chromium
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CAIRN = os.environ.get("CAIRN_BINARY", os.path.join(REPO, ".build", "debug", "cairn"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WatchInBrowserTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="cairn-watch-browser-")
        cls.site = os.path.join(cls.work, "site")
        os.makedirs(cls.site)
        for name in ("site.json", "content", "themes"):
            source = os.path.join(REPO, name)
            if os.path.isdir(source):
                shutil.copytree(source, os.path.join(cls.site, name))
            elif os.path.exists(source):
                shutil.copy(source, cls.site)
        cls.page = os.path.join(cls.site, "content", "operations.md")
        with open(cls.page, encoding="utf-8") as handle:
            cls.original = handle.read()
        cls.port = free_port()
        cls.watch = subprocess.Popen(
            [CAIRN, "watch", cls.site, "--port", str(cls.port)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = cls.watch.stdout.readline()
        while line and "Serving" not in line:
            line = cls.watch.stdout.readline()
        assert "Serving" in line, "cairn watch did not start"
        cls.driver = headless_chromium()

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.watch.terminate()
        cls.watch.wait(timeout=20)
        shutil.rmtree(cls.work, ignore_errors=True)

    def write(self, text):
        # Save the way many editors do: a new file renamed over the old one.
        temporary = self.page + ".tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, self.page)

    def main_text(self):
        # One script reads the text: an element handle can outlive the page when a live reload
        # replaces it between finding the element and reading it.
        return self.driver.execute_script("var m = document.querySelector('main'); return m ? m.innerText : ''")

    def wait_for(self, condition, message):
        # A live reload can replace the page between finding an element and reading it: try again.
        WebDriverWait(self.driver, 15, poll_frequency=0.05,
                      ignored_exceptions=[StaleElementReferenceException, WebDriverException]).until(
            lambda driver: condition(driver), message)

    def test_edit_overlay_fix(self):
        driver = self.driver
        driver.get(f"http://127.0.0.1:{self.port}/operations/")
        self.assertIn("Operations", driver.title)
        # Wait until the live-reload connection is up, then mark this page load: a reload
        # (by the script) clears the mark, and the test never reloads by itself.
        self.wait_for(lambda d: d.execute_script("return window.__cairnLiveReload === true"), "no live-reload script")
        time.sleep(0.3)
        driver.execute_script("window.scrollTo(0, 400); window.__loadedOnce = true;")

        # 1. An edit appears by itself, scrolled where it was.
        self.write(self.original.replace("\n\n", "\n\nFreshly edited paragraph from the browser test.\n\n", 1))
        self.wait_for(lambda d: "Freshly edited paragraph" in self.main_text(), "edit did not appear")
        self.assertIsNone(driver.execute_script("return window.__loadedOnce"), "the page was not reloaded by live reload")
        # Kept, not back at the top (the new paragraph above may shift it by its own height).
        self.wait_for(lambda d: 380 <= d.execute_script("return window.scrollY") <= 500, "scroll position not kept")

        # 2. Broken front matter: the overlay names the file and line over the last good page.
        self.write('---\ntitle: "Unclosed\n---\n' + self.original)
        self.wait_for(lambda d: d.find_elements(By.ID, "cairn-error-overlay"), "no error overlay")
        overlay = driver.find_element(By.ID, "cairn-error-overlay").text
        self.assertIn("content/operations.md:2:", overlay)
        self.assertIn("Freshly edited paragraph", self.main_text())

        # 3. The fix removes the overlay and shows the page again.
        self.write(self.original.replace("\n\n", "\n\nFixed and back.\n\n", 1))
        self.wait_for(lambda d: not d.find_elements(By.ID, "cairn-error-overlay")
                      and "Fixed and back." in self.main_text(), "page did not come back")

        # 4. A stylesheet change is swapped in without reloading the page.
        self.wait_for(lambda d: d.execute_script("return window.__cairnLiveReload === true"), "no live-reload script")
        time.sleep(0.3)
        driver.execute_script("window.__loadedOnce = true;")
        stylesheet = os.path.join(self.site, "themes", "default", "assets", "style.css")
        with open(stylesheet, "a", encoding="utf-8") as handle:
            handle.write("\nmain h1 { color: rgb(1, 2, 3) !important; }\n")
        self.wait_for(lambda d: d.execute_script(
            "return getComputedStyle(document.querySelector('main h1')).color") == "rgb(1, 2, 3)", "stylesheet not swapped")
        self.assertTrue(driver.execute_script("return window.__loadedOnce === true"), "the page reloaded for a CSS change")

        # The server is alive and serving after all of it.
        self.assertIsNone(self.watch.poll())


if __name__ == "__main__":
    unittest.main()
