"""End-to-end test of starting a site: `cairn init` in an empty folder, `cairn build` with only
the overview template's own warnings, `cairn new` adding a numbered ADR, `cairn publish` under a
subpath, then a crawl of the published site over HTTP (every link, stylesheet, script and image
answers 200, every #fragment names an id on its page), and the GitHub workflow `init` writes
parses as YAML and names only commands and options that exist. Run by scripts/test.sh."""
import html.parser
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import unittest
import urllib.parse
import urllib.request

import yaml
from browser import serve

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CAIRN = os.environ.get("CAIRN_BINARY", os.path.join(REPO, ".build", "debug", "cairn"))



class Links(html.parser.HTMLParser):
    """The URLs a page loads or links to, and the ids it defines."""

    def __init__(self):
        super().__init__()
        self.urls, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) and not (tag == "link" and attrs.get("rel") in ("canonical", "alternate")):
                self.urls.append(attrs[name])


def cairn(*arguments, cwd):
    return subprocess.run([CAIRN, *arguments], cwd=cwd, capture_output=True, text=True)


class InitToPublishTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="cairn-init-")
        cls.site = os.path.join(cls.work, "docs")
        cls.init = cairn("init", "docs", cwd=cls.work)
        cls.build = cairn("build", cwd=cls.site)
        cls.new = cairn("new", "adr/use-a-message-queue.md", cwd=cls.site)
        served = os.path.join(cls.work, "www")
        cls.publish = cairn("publish", "--output", os.path.join(served, "handbook"),
                            "--base-url", "https://example.com/handbook/", cwd=cls.site)
        cls.server, root = serve(served)
        cls.base = root + "handbook/"

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        shutil.rmtree(cls.work, ignore_errors=True)

    def test_init_then_build_has_only_the_templates_own_warnings(self):
        self.assertEqual(self.init.returncode, 0, self.init.stderr)
        self.assertIn("  cd docs\n  cairn watch", self.init.stdout)
        self.assertEqual(self.build.returncode, 0, self.build.stderr)
        self.assertIn("Built 5 pages", self.build.stdout)
        warnings = [line for line in self.build.stderr.splitlines() if not line.startswith("    hint:")]
        self.assertEqual(len(warnings), 2, self.build.stderr)
        self.assertRegex(warnings[0], r"^content/overview\.md:4:19: warning: 173 unfilled placeholders")
        self.assertRegex(warnings[1], r"^content/overview\.md:10:1: warning: table of contents lists 4 of 8 sections")

    def test_new_adds_the_next_decision_record(self):
        self.assertEqual(self.new.returncode, 0, self.new.stderr)
        self.assertEqual(self.new.stdout, "Created content/adr/0002-use-a-message-queue.md (adr template)\n")
        with open(os.path.join(self.site, "content/adr/0002-use-a-message-queue.md")) as page:
            self.assertIn("# ADR 0002: Use a message queue", page.read())

    def test_published_site_passes_the_link_crawl(self):
        self.assertEqual(self.publish.returncode, 0, self.publish.stderr)
        seen, queue, broken, pages = set(), [self.base], [], {}
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            try:
                with urllib.request.urlopen(url) as response:
                    body = response.read()
                    kind = response.headers.get("Content-Type", "")
            except Exception as error:
                broken.append((url, str(error)))
                continue
            if "text/html" not in kind:
                continue
            parser = Links()
            parser.feed(body.decode("utf-8"))
            pages[url] = parser
            for href in parser.urls:
                target = urllib.parse.urljoin(url, href)
                if target.startswith(self.base):
                    queue.append(target.split("#")[0])
        for url, parser in pages.items():
            for href in parser.urls:
                target, _, fragment = urllib.parse.urljoin(url, href).partition("#")
                if fragment and target in pages and urllib.parse.unquote(fragment) not in pages[target].ids:
                    broken.append((url, href))
        self.assertEqual(broken, [])
        self.assertEqual(len(pages), 6)  # home, overview, runbook, the ADR index and two records
        self.assertIn(self.base + "adr/0002-use-a-message-queue/", pages)

    def test_workflow_parses_and_names_only_commands_that_exist(self):
        with open(os.path.join(self.site, ".github/workflows/docs.yml")) as file:
            workflow = yaml.safe_load(file)
        triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads `on` as true
        self.assertIn("pull_request", triggers)
        self.assertEqual(triggers["push"]["branches"], ["main"])
        steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
        self.assertIn("actions/deploy-pages@v4", [step.get("uses") for step in steps])
        subcommands = re.findall(r"^  (\w+)\s", cairn("--help", cwd=self.work).stdout.split("SUBCOMMANDS:")[1], re.M)
        commands = []
        for step in steps:
            for line in step.get("run", "").splitlines():
                words = shlex.split(line.strip())
                if words and words[0] == "cairn":
                    commands.append(words)
        self.assertIn(["cairn", "publish", "--format", "github"], commands)
        self.assertTrue(any(words[:2] == ["cairn", "publish"] and "--base-url" in words for words in commands))
        for words in commands:
            if words[1].startswith("--"):
                self.assertIn(words[1], cairn("--help", cwd=self.work).stdout)
                continue
            self.assertIn(words[1], subcommands, words)
            usage = cairn(words[1], "--help", cwd=self.work).stdout
            for option in (word for word in words[2:] if word.startswith("--")):
                self.assertIn(option, usage, f"{' '.join(words)}: {option} is not an option of cairn {words[1]}")


    def test_readme_upload_recipe_lists_only_what_a_one_word_edit_changed(self):
        with open(os.path.join(REPO, "README.md")) as readme:
            section = readme.read().split("**Object storage, uploading only what changed**")[1]
        recipe = section.split("```sh\n")[1].split("```")[0]
        jq_lines = [line for line in recipe.splitlines() if line.startswith("jq ")]
        self.assertEqual(len(jq_lines), 2)
        site = os.path.join(self.work, "deploy")
        self.assertEqual(cairn("init", "deploy", cwd=self.work).returncode, 0)
        self.assertEqual(cairn("new", "adr/short-lived.md", cwd=site).returncode, 0)
        self.assertEqual(cairn("publish", "-q", cwd=site).returncode, 0)
        shutil.copy(os.path.join(site, "public", ".cairn-manifest.json"), os.path.join(site, "old-manifest.json"))
        runbook = os.path.join(site, "content", "operations.md")
        with open(runbook) as page:
            text = page.read()
        with open(runbook, "w") as page:
            page.write(text.replace("hand-over on Monday", "hand-over on Tuesday"))

        def deploy():
            self.assertEqual(cairn("publish", "-q", cwd=site).returncode, 0)
            for line in jq_lines:
                subprocess.run(["bash", "-c", line], cwd=site, check=True)
            lists = []
            for name in ("changed.txt", "removed.txt"):
                with open(os.path.join(site, name)) as file:
                    lists.append(file.read().split())
            shutil.copy(os.path.join(site, "public", ".cairn-manifest.json"), os.path.join(site, "old-manifest.json"))
            return lists

        changed, removed = deploy()  # a one-word edit: that page and the search files of its words
        self.assertEqual([path for path in changed if not path.startswith("search/")],
                         ["operations/index.html"])
        self.assertTrue(0 < sum(path.startswith("search/t/") for path in changed) <= 3, changed)
        self.assertIn("search/index.json", changed)  # the new build id
        self.assertTrue(0 < sum(path.startswith("search/p/") for path in changed) <= 2, changed)
        self.assertEqual(removed, [])  # the index's file names are fixed
        os.remove(os.path.join(site, "content", "adr", "0002-short-lived.md"))
        changed, removed = deploy()  # a page removed: it goes, and every sidebar changes
        self.assertEqual([path for path in removed if not path.startswith("search/")], ["adr/0002-short-lived/index.html"])
        self.assertIn("overview/index.html", changed)
        self.assertFalse(any(path.startswith("_cairn/") for path in changed), changed)

if __name__ == "__main__":
    unittest.main(verbosity=2)
