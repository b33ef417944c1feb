"""Browser test of the copy button on code blocks: builds a page with a numbered, marked Go block
and a console session, serves it from 127.0.0.1 (a secure context, so the clipboard works), and
drives headless Chromium by keyboard only: Tab to a block's button, press Enter, read the
clipboard. The copied text has no line numbers, prompts or output. Run by scripts/test.sh."""
import os
import shutil
import subprocess
import tempfile
import unittest

from browser import headless_chromium, serve
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CAIRN = os.environ.get("CAIRN_BINARY", os.path.join(REPO, ".build", "debug", "cairn"))

PAGE = """# Copy

```go {2} linenums title="main.go"
package main
func main() { println("<hi>") }
```

```console
$ make build \\
>   --jobs 2
building...
user@box:~/src$ make test
ok
```
"""



class CopyButtonTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="cairn-copy-")
        os.makedirs(os.path.join(cls.work, "content"))
        with open(os.path.join(cls.work, "content", "index.md"), "w") as page:
            page.write(PAGE)
        subprocess.run([CAIRN, "build", cls.work, "-q"], check=True)
        cls.server, cls.url = serve(os.path.join(cls.work, "_site"))
        cls.driver = headless_chromium()
        cls.driver.execute_cdp_cmd("Browser.grantPermissions", {
            "origin": cls.url.rstrip("/"), "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.server.shutdown()
        shutil.rmtree(cls.work, ignore_errors=True)

    def copy_by_keyboard(self, index):
        """Tabs from the top of the page to the index-th copy button, presses Enter, and returns
        what the clipboard then holds."""
        driver = self.driver
        driver.get(self.url)
        buttons = driver.find_elements(By.CSS_SELECTOR, "button.copy-code")
        self.assertEqual(len(buttons), 2)
        body = driver.find_element(By.TAG_NAME, "body")
        body.click()
        for _ in range(80):
            active = driver.switch_to.active_element
            if active == buttons[index]:
                break
            active.send_keys(Keys.TAB)
        self.assertEqual(driver.switch_to.active_element, buttons[index], "the copy button is reachable by Tab")
        buttons[index].send_keys(Keys.ENTER)
        # The clipboard write is a promise: wait for the button to say it is done.
        WebDriverWait(driver, 10).until(lambda _: buttons[index].text == "Copied")
        return driver.execute_async_script(
            "var done = arguments[0]; navigator.clipboard.readText().then(done, function (e) { done('ERROR ' + e); });")

    def test_copies_code_without_line_numbers(self):
        self.assertEqual(self.copy_by_keyboard(0), 'package main\nfunc main() { println("<hi>") }\n')

    def test_copies_commands_without_prompts_or_output(self):
        self.assertEqual(self.copy_by_keyboard(1), "make build \\\n  --jobs 2\nmake test\n")

    def test_button_is_labelled_and_the_copy_announced(self):
        self.copy_by_keyboard(0)
        button = self.driver.find_elements(By.CSS_SELECTOR, "button.copy-code")[0]
        self.assertEqual(button.get_attribute("type"), "button")
        self.assertEqual(button.get_attribute("aria-label"), "Copy code to clipboard")
        status = self.driver.find_element(By.CSS_SELECTOR, "[role=status]")
        self.assertEqual(status.get_attribute("textContent"), "Code copied to clipboard")


if __name__ == "__main__":
    unittest.main(verbosity=2)
