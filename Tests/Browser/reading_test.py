"""Browser tests of the reading experience on the published example site (headless Chromium
through Selenium): an axe-core audit of every page in light and dark mode at 1280 and 390 px,
the phone drawer and the on-page TOC driven by keyboard only, the theme toggle, scroll regions,
heading anchors, the favicon and print colours. Run by scripts/test.sh.

axe-core comes from PyPI's selenium-axe-python (axe-core 4.9); axe-selenium-python still ships
axe-core 3.1 from 2018, which knows none of the current rules."""
import os
import shutil
import subprocess
import tempfile
import unittest

from browser import headless_chromium, serve
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait
from selenium_axe_python import Axe

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CAIRN = os.environ.get("CAIRN_BINARY", os.path.join(REPO, ".build", "debug", "cairn"))
WIDE, PHONE = (1280, 900), (390, 844)



class ReadingExperienceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="cairn-reading-")
        cls.site = os.path.join(cls.work, "site")
        subprocess.run([CAIRN, "publish", REPO, "--output", cls.site, "-q"], check=True)
        cls.server, cls.base = serve(cls.site)
        cls.driver = headless_chromium()

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.server.shutdown()
        shutil.rmtree(cls.work, ignore_errors=True)

    def setUp(self):
        self.view(WIDE, "light")

    def view(self, size, scheme, media=""):
        """Window size (a phone is emulated as a mobile touch device) and colour scheme."""
        driver = self.driver
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
            "media": media, "features": [{"name": "prefers-color-scheme", "value": scheme}]})
        if size == PHONE:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": True})
            driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 1})
        else:
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
            driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": False})
            driver.set_window_size(*size)

    def open(self, path):
        self.driver.get(self.base + path)
        WebDriverWait(self.driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")

    def pages(self):
        found = []
        for folder, _, files in os.walk(self.site):
            for name in files:
                if name.endswith(".html"):
                    found.append(os.path.relpath(os.path.join(folder, name), self.site))
        return sorted(found)

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def focused(self):
        return self.js("var e = document.activeElement; return e.outerHTML.slice(0, 120);")

    # axe-core

    def test_axe_finds_no_serious_or_critical_violation_on_any_page(self):
        pages = self.pages()
        self.assertGreaterEqual(len(pages), 12)
        problems = []
        for scheme in ("light", "dark"):
            for size in (WIDE, PHONE):
                self.view(size, scheme)
                for page in pages:
                    self.open(page)
                    axe = Axe(self.driver)
                    axe.inject()
                    result = axe.run()
                    for violation in result["violations"]:
                        if violation["impact"] in ("serious", "critical"):
                            targets = [node["target"] for node in violation["nodes"][:3]]
                            problems.append(f"{scheme} {size[0]}px {page}: {violation['id']} ({violation['impact']}) {targets}")
                    # Every text colour pair was measured: color-contrast ran and looked at text.
                    checked = [rule for rule in result["passes"] + result["violations"] if rule["id"] == "color-contrast"]
                    self.assertTrue(checked, f"color-contrast did not run on {page}")
        self.assertEqual(problems, [], "\n".join(problems))

    def test_axe_run_can_fail(self):
        """The audit sees a violation when there is one: an unlabelled checkbox injected into a page."""
        self.open("index.html")
        self.js("var box = document.createElement('input'); box.type = 'checkbox'; document.querySelector('.content').append(box);")
        axe = Axe(self.driver)
        axe.inject()
        ids = [v["id"] for v in axe.run()["violations"]]
        self.assertIn("label", ids)

    # The phone drawer, by keyboard only

    def test_drawer_by_keyboard_on_a_phone(self):
        self.view(PHONE, "dark")
        self.open("operations/")
        body = self.driver.find_element(By.TAG_NAME, "body")
        inert = "return document.getElementById('sidebar').inert"
        self.assertTrue(self.js(inert), "a closed drawer is inert: its links are out of the tab order")
        body.send_keys(Keys.TAB)  # the skip link
        self.assertIn("skip-link", self.focused())
        active = self.driver.switch_to.active_element
        active.send_keys(Keys.TAB)
        self.assertIn("nav-button", self.focused())
        menu = self.driver.switch_to.active_element
        self.assertEqual(menu.tag_name, "button")
        self.assertEqual(menu.get_attribute("aria-expanded"), "false")
        menu.send_keys(Keys.ENTER)
        WebDriverWait(self.driver, 5).until(lambda d: menu.get_attribute("aria-expanded") == "true")
        self.assertFalse(self.js(inert))
        self.assertTrue(self.js("return document.getElementById('main').inert"), "the page behind the drawer is inert")
        self.assertIn('aria-current="page"', self.focused(), "focus moves to the current page's link")
        self.assertTrue(self.js("return !document.querySelector('.nav-backdrop').hidden"), "a dimmed backdrop")
        WebDriverWait(self.driver, 5).until(
            lambda d: self.js("return document.getElementById('sidebar').getBoundingClientRect().left") >= -1)
        # Tab walks the drawer's links and toggles.
        self.driver.switch_to.active_element.send_keys(Keys.TAB)
        self.assertTrue(self.js("return document.getElementById('sidebar').contains(document.activeElement)"))
        self.driver.switch_to.active_element.send_keys(Keys.ESCAPE)
        WebDriverWait(self.driver, 5).until(lambda d: menu.get_attribute("aria-expanded") == "false")
        self.assertIn("nav-button", self.focused(), "Escape returns focus to the menu button")
        self.assertTrue(self.js(inert))
        self.assertFalse(self.js("return document.getElementById('main').inert"))
        # Closed: Tab goes from the header to the page, never into the hidden drawer.
        for _ in range(4):
            self.driver.switch_to.active_element.send_keys(Keys.TAB)
            self.assertFalse(self.js("return document.getElementById('sidebar').contains(document.activeElement)"))
        # A tap outside closes it too.
        menu.click()
        WebDriverWait(self.driver, 5).until(lambda d: menu.get_attribute("aria-expanded") == "true")
        self.js("document.querySelector('.nav-backdrop').click()")
        self.assertEqual(menu.get_attribute("aria-expanded"), "false")

    def test_wide_screens_show_the_sidebar_without_a_menu_button(self):
        self.open("operations/")
        self.assertFalse(self.driver.find_element(By.CSS_SELECTOR, ".nav-button").is_displayed())
        self.assertFalse(self.js("return document.getElementById('sidebar').inert"))
        self.assertTrue(self.driver.find_element(By.CSS_SELECTOR, "#sidebar a[aria-current=page]").is_displayed())

    def test_the_404_page_has_no_menu_button(self):
        for size in (WIDE, PHONE):
            self.view(size, "light")
            self.open("404.html")
            self.assertEqual(self.driver.find_elements(By.CSS_SELECTOR, ".nav-button"), [])

    def test_sidebar_sections_fold_without_hiding_their_link(self):
        self.open("guides/")
        section = self.driver.find_element(By.CSS_SELECTOR, ".nav-section")
        link = section.find_element(By.CSS_SELECTOR, ":scope > a")
        summary = section.find_element(By.CSS_SELECTOR, ":scope > details > summary")
        self.assertEqual(summary.find_elements(By.CSS_SELECTOR, "a"), [], "no link inside a summary")
        self.assertTrue(link.is_displayed())
        self.assertEqual(self.js("return arguments[0].textContent", summary).strip(), link.text.strip())

    # On this page

    def test_toc_follows_the_scroll_on_wide_screens(self):
        self.open("overview/")
        toc = self.driver.find_element(By.CSS_SELECTOR, ".toc")
        self.assertTrue(self.js("return document.querySelector('.toc details').open"))
        self.assertEqual(self.js("return getComputedStyle(arguments[0]).position", toc), "fixed")
        self.js("document.getElementById('3-architecture-overview').scrollIntoView()")
        current = "return (document.querySelector('.toc a[aria-current]') || {}).getAttribute && document.querySelector('.toc a[aria-current]').getAttribute('href')"
        WebDriverWait(self.driver, 5).until(lambda d: self.js(current) == "#3-architecture-overview")
        self.js("document.getElementById('4-technology-stack').scrollIntoView()")
        WebDriverWait(self.driver, 5).until(lambda d: self.js(current) == "#4-technology-stack")
        self.assertEqual(len(self.driver.find_elements(By.CSS_SELECTOR, ".toc a[aria-current]")), 1)
        # The TOC never runs off the bottom of the screen: it scrolls inside itself.
        bottom = self.js("return arguments[0].getBoundingClientRect().bottom", toc)
        self.assertLessEqual(bottom, self.js("return innerHeight") + 1)
        # By keyboard: a TOC link followed with Enter lands on its section and marks it.
        link = self.driver.find_element(By.CSS_SELECTOR, ".toc a[href='#2-project-context']")
        self.js("arguments[0].focus()", link)
        self.driver.switch_to.active_element.send_keys(Keys.ENTER)
        WebDriverWait(self.driver, 5).until(lambda d: d.current_url.endswith("#2-project-context"))
        WebDriverWait(self.driver, 5).until(lambda d: self.js(current) == "#2-project-context")

    def test_toc_is_a_fold_at_the_top_on_phones(self):
        self.view(PHONE, "light")
        self.open("overview/")
        details = self.driver.find_element(By.CSS_SELECTOR, ".toc details")
        self.assertFalse(details.get_attribute("open"), "folded on a phone")
        summary = details.find_element(By.TAG_NAME, "summary")
        top = self.js("return arguments[0].getBoundingClientRect().top", summary)
        self.assertLess(top, 300, "at the top of the page")
        self.js("arguments[0].focus()", summary)
        self.driver.switch_to.active_element.send_keys(Keys.ENTER)
        WebDriverWait(self.driver, 5).until(lambda d: details.get_attribute("open"))
        self.driver.switch_to.active_element.send_keys(Keys.TAB)
        self.assertIn("#table-of-contents", self.focused(), "Tab goes from the fold to its first link")
        self.driver.switch_to.active_element.send_keys(Keys.TAB)
        self.assertIn("#1-executive-summary", self.focused())
        self.driver.switch_to.active_element.send_keys(Keys.ENTER)
        WebDriverWait(self.driver, 5).until(lambda d: d.current_url.endswith("#1-executive-summary"))
        self.assertFalse(details.get_attribute("open"), "following a link folds it again")

    # Theme, anchors, scroll regions, favicon, print

    def test_theme_toggle_is_remembered_without_a_flash(self):
        self.view(WIDE, "dark")
        self.open("index.html")
        self.js("localStorage.removeItem('cairn-theme')")
        self.open("index.html")
        button = self.driver.find_element(By.CSS_SELECTOR, ".theme-button")
        background = "return getComputedStyle(document.body).backgroundColor"
        self.assertEqual(self.js(background), "rgb(15, 18, 23)", "follows the system (dark)")
        self.assertIn("automatic", button.get_attribute("aria-label"))
        button.send_keys(Keys.ENTER)  # → light
        self.assertEqual(self.js("return document.documentElement.dataset.theme"), "light")
        self.assertEqual(self.js(background), "rgb(255, 255, 255)")
        self.assertIn("light", button.get_attribute("aria-label"))
        # The choice is applied by a script in <head> before the stylesheet: the first paint is right.
        with open(os.path.join(self.site, "index.html"), encoding="utf-8") as page:
            html = page.read()
        self.assertLess(html.index("cairn-theme"), html.index('rel="stylesheet"'))
        self.open("operations/")
        self.assertEqual(self.js("return document.documentElement.dataset.theme"), "light")
        self.assertEqual(self.js(background), "rgb(255, 255, 255)")
        button = self.driver.find_element(By.CSS_SELECTOR, ".theme-button")
        button.click()  # → dark
        self.assertEqual(self.js(background), "rgb(15, 18, 23)")
        button.click()  # → automatic again
        self.assertIsNone(self.js("return localStorage.getItem('cairn-theme')"))
        self.assertIsNone(self.js("return document.documentElement.dataset.theme || null"))

    def test_heading_anchors_never_take_a_line_of_their_own(self):
        for size in (WIDE, PHONE):
            self.view(size, "light")
            for page in ("overview/", "operations/", "guides/getting-started/"):
                self.open(page)
                grows = self.js("""
                    var out = [];
                    document.querySelectorAll('.content :is(h1,h2,h3,h4)').forEach(function (h) {
                      var a = h.querySelector('.heading-anchor'); if (!a) return;
                      var with_ = h.getBoundingClientRect().height;
                      a.style.display = 'none';
                      var without = h.getBoundingClientRect().height;
                      a.style.display = '';
                      if (with_ > without + 1) out.push(h.id);
                    });
                    return out;""")
                self.assertEqual(grows, [], f"{size[0]}px {page}")

    def test_wide_tables_scroll_with_a_cue_and_by_keyboard_on_phones(self):
        self.view(PHONE, "light")
        self.open("overview/")
        regions = self.driver.find_elements(By.CSS_SELECTOR, ".table-wrap[role=region]")
        self.assertGreater(len(regions), 3)
        labels = [region.get_attribute("aria-label") for region in regions]
        self.assertEqual(len(labels), len(set(labels)), "each scroll region has its own name")
        region = regions[0]
        self.assertEqual(region.get_attribute("tabindex"), "0")
        self.assertIn("scrolls-right", region.get_attribute("class"), "the hidden side is faded")
        self.js("arguments[0].focus()", region)
        for _ in range(6):
            self.driver.switch_to.active_element.send_keys(Keys.ARROW_RIGHT)
        WebDriverWait(self.driver, 5).until(lambda d: self.js("return arguments[0].scrollLeft", region) > 0)
        WebDriverWait(self.driver, 5).until(lambda d: "scrolls-left" in region.get_attribute("class"))
        # On a wide screen the same tables fit: no extra tab stops.
        self.view(WIDE, "light")
        self.open("overview/")
        self.assertEqual(self.driver.find_elements(By.CSS_SELECTOR, ".table-wrap[role=region]"), [])

    def test_mermaid_blocks_are_pictures_without_the_script(self):
        for scheme in ("light", "dark"):
            self.view(WIDE, scheme)
            self.open("/guides/diagrams/")
            pictures = self.js("""
                return [...document.querySelectorAll('figure.mermaid-diagram svg')].map(svg => {
                    const box = svg.getBoundingClientRect(), text = svg.querySelector('text');
                    return {label: svg.getAttribute('aria-label'), width: box.width, height: box.height,
                            text: getComputedStyle(text).fill, page: getComputedStyle(document.body).color};
                });""")
            self.assertEqual([p["label"].split(":")[0] for p in pictures], ["Sequence diagram", "State diagram"])
            for picture in pictures:
                self.assertGreater(picture["width"], 150)
                self.assertGreater(picture["height"], 150)
                # Labels are drawn in the page's text colour, so dark mode needs nothing of its own.
                self.assertEqual(picture["text"], picture["page"], scheme)
            self.assertIn("Shopper", self.js("return document.querySelector('figure.mermaid-diagram svg').textContent"))
            requests = self.js("return performance.getEntriesByType('resource').map(e => e.name)")
            self.assertFalse([r for r in requests if "mermaid" in r], "no Mermaid script is fetched")
            self.assertFalse(self.js("return document.querySelector('pre.mermaid, script[type=module]') !== null"))

    def test_favicon_is_the_themes_svg(self):
        self.open("guides/getting-started/")
        href = self.js("return document.querySelector('link[rel=icon]').href")
        self.assertTrue(href.endswith(".svg"), href)
        self.assertEqual(self.js("return document.querySelector('link[rel=icon]').type"), "image/svg+xml")
        status = self.js("return fetch(arguments[0]).then(function (r) { return r.status; })", href)
        self.assertEqual(status, 200)

    def test_print_is_dark_on_white_even_in_dark_mode(self):
        self.view(WIDE, "dark", media="print")
        self.open("operations/")
        colours = self.js("""
            var pre = document.querySelector('.content pre'), th = document.querySelector('.content th');
            return [getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor,
                    getComputedStyle(pre).backgroundColor, getComputedStyle(pre.querySelector('code')).color,
                    th ? getComputedStyle(th).backgroundColor : 'none'];""")
        self.assertEqual(colours[0], "rgb(0, 0, 0)")
        self.assertEqual(colours[1], "rgb(255, 255, 255)")
        self.assertEqual(colours[2], "rgb(243, 244, 246)", "code keeps its light background")
        self.assertNotEqual(colours[3], "rgb(230, 237, 243)", "code text is not the dark theme's")
        self.assertFalse(self.driver.find_element(By.CSS_SELECTOR, ".sidebar").is_displayed())

    def test_status_line_repeats_nothing_the_page_says(self):
        self.open("operations/")
        # The runbook states its status in its own text: no second status line above it.
        self.assertEqual(self.driver.find_elements(By.CSS_SELECTOR, ".page .page-meta"), [])
        text = self.driver.find_element(By.CSS_SELECTOR, ".page").text
        self.assertEqual(text.count("Approved"), 1)


if __name__ == "__main__":
    unittest.main()
