"""Fuzz test of raw HTML sanitizing, checked by an independent parser: random pages mixing
Markdown with hostile and ordinary HTML (from an XSS filter-evasion list, tag soup, quoting
games) are built with `cairn build` in the default `markdown.html: "sanitize"` mode, and each
page body is parsed with html5lib (the HTML5 parsing algorithm browsers use). Every element,
attribute and URL scheme in it must be on Cairn's allowlist or be one Cairn writes itself.
Run by scripts/test.sh; CAIRN_HTML_FUZZ_PAGES sets the number of pages (default 300)."""
import os
import random
import re
import shutil
import subprocess
import tempfile
import unittest

import html5lib

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CAIRN = os.environ.get("CAIRN_BINARY", os.path.join(REPO, ".build", "debug", "cairn"))

# Sources/CairnMarkdown/HTMLSanitizer.swift (HTMLAllowlist), plus what Cairn's own Markdown
# rendering writes (headings with anchors, tables, lists, code, task lists, footnotes, alerts,
# diagrams, placeholders).
ALLOWED_ELEMENTS = set("""
h1 h2 h3 h4 h5 h6 h7 h8 br b i strong em a pre code img tt div ins del sup sub p picture source ol ul table
thead tbody tfoot blockquote dl dt dd kbd q samp var hr ruby rt rp li tr td th s strike summary details
caption figure figcaption abbr bdo cite dfn mark small span time wbr center u colgroup col
section input svg path line rect text g polyline polygon circle ellipse title defs marker
""".split())
ALLOWED_ATTRIBUTES = set("""
abbr align alt aria-describedby aria-hidden aria-label aria-labelledby axis border cellpadding cellspacing
char charoff clear cols colspan color compact datetime dir headers height hreflang hspace id itemprop lang
nowrap noshade open rel rev role rows rowspan rules scope size span start summary tabindex target title type
valign value vspace width reversed href name src srcset sizes longdesc loading media itemscope itemtype cite
class checked disabled data-footnote-ref data-footnote-backref data-footnotes data-placeholder
viewbox xmlns fill stroke stroke-width d x y x1 y1 x2 y2 points rx ry cx cy r font-family font-size
text-anchor dominant-baseline stroke-linecap stroke-linejoin stroke-dasharray marker-end markerwidth
markerheight refx refy orient preserveaspectratio focusable transform
""".split())
URL_ATTRIBUTES = {"href", "src", "srcset", "longdesc", "cite"}
SAFE_SCHEMES = {"http", "https", "mailto"}

HOSTILE = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//x.example/x.js></SCRIPT>", "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"jav&#x09;ascript:alert(1);\">", "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)>",
    "<img src=\"java\nscript:alert(1)\">", "<a href=\"&#x6A;avascript:alert(1)\">x</a>", "<a href=' javascript:alert(1)'>x</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>", "<a href=\"vbscript:msgbox(1)\">x</a>", "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
    "<svg onload=alert(1)>", "<svg><script>alert(1)</script></svg>", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>", "<object data=\"x.swf\"></object>", "<embed src=x.swf>",
    "<form action=\"javascript:alert(1)\"><input type=submit></form>", "<style>body{background:url(javascript:alert(1))}</style>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>", "<body onload=alert(1)>", "<details open ontoggle=alert(1)>",
    "<a href=\"x\" onclick=\"alert(1)\">x</a>", "<img \"\"\"><script>alert(1)</script>\">", "<scr<script>ipt>alert(1)</script>",
    "<<script>alert(1)//<</script>", "<img src=x:alert(alt) onerror=eval(src) alt=0>", "<a/href=\"javascript:alert(1)\">x</a>",
    "<img src=`x`onerror=alert(1)>", "<div id=\"main\">clobber</div>", "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<link rel=stylesheet href=javascript:alert(1)>", "<base href=\"javascript:alert(1)//\">", "<textarea><script>alert(1)</script></textarea>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">", "<template><script>alert(1)</script></template>",
    "<video><source onerror=alert(1)>", "<isindex action=javascript:alert(1) type=image>", "<input autofocus onfocus=alert(1)>",
    "<a href=\"javas&#99;ript:alert(1)\">x</a>", "<a href=\"&#0000106avascript:alert(1)\">x</a>", "<img src=\"x\" srcset=\"javascript:alert(1) 1x\">",
    "</div></div></article></main>", "<div><div><b>unclosed", "<a name=\"x\" id=\"y\">", "<!-- <script>alert(1)</script> -->",
    "<![CDATA[<script>alert(1)</script>]]>", "<?xml version=\"1.0\"?><script>alert(1)</script>",
]
ORDINARY = [
    "<details>\n<summary>More</summary>\n\nHidden *text*.\n\n</details>", "<kbd>Ctrl</kbd>+<kbd>C</kbd>", "O(n<sup>2</sup>)",
    "H<sub>2</sub>O", "a<br>b", "<img src=\"media/logo.png\" width=\"100\">", "<a name=\"anchor\"></a>",
    "<p align=\"center\"><img src=\"logo.png\"></p>", "<table><tr><td>x</td><td><a href=\"other.md\">o</a></td></tr></table>",
    "<picture><source media=\"(prefers-color-scheme: dark)\" srcset=\"dark.png\"><img src=\"light.png\"></picture>",
    "<dl><dt>term</dt><dd>definition</dd></dl>", "<ruby>漢<rt>kan</rt></ruby>", "<center>c</center>", "<font color=red>red</font>",
    "<span title=\"t\">s</span>", "<div id=\"section-1\">x</div>", "<ins>new</ins> <del>old</del>",
]
MARKDOWN = ["# Heading", "Plain *text* with `code`.", "- item\n- item", "| a | b |\n|---|---|\n| 1 | 2 |", "> quote",
            "```\ncode <script>\n```", "[link](other.md)", "![img](media/logo.png)", "Text[^1]\n\n[^1]: note"]


class SanitizerFuzzTest(unittest.TestCase):
    def test_output_holds_only_allowed_markup(self):
        pages = int(os.environ.get("CAIRN_HTML_FUZZ_PAGES", "300"))
        rng = random.Random(20261202)
        work = tempfile.mkdtemp(prefix="cairn-html-fuzz-")
        try:
            content = os.path.join(work, "content")
            os.makedirs(os.path.join(content, "media"))
            with open(os.path.join(content, "media", "logo.png"), "wb") as handle:
                handle.write(b"\x89PNG\r\n\x1a\n")
            with open(os.path.join(content, "other.md"), "w") as handle:
                handle.write("# Other\n")
            for number in range(pages):
                parts = []
                for _ in range(rng.randint(2, 8)):
                    pool = rng.choice([HOSTILE, HOSTILE, ORDINARY, MARKDOWN])
                    piece = rng.choice(pool)
                    if rng.random() < 0.3:  # cut it somewhere: unclosed tags and attributes
                        piece = piece[: rng.randint(1, len(piece))]
                    joiner = rng.choice(["\n\n", "\n", " "])
                    parts.append(piece + joiner)
                with open(os.path.join(content, f"p{number}.md"), "w") as handle:
                    handle.write(f"# Page {number}\n\n" + "".join(parts) + "\n")
            subprocess.run([CAIRN, "build", work, "-q"], capture_output=True)
            checked = 0
            for number in range(pages):
                path = os.path.join(work, "_site", f"p{number}", "index.html")
                self.assertTrue(os.path.exists(path), f"p{number} was not built")
                with open(path, encoding="utf-8") as handle:
                    page = handle.read()
                start = page.index('<div class="content">')
                end = page.index('<div class="page-footer">')
                body = page[start:end]
                tree = html5lib.parse(body, treebuilder="etree", namespaceHTMLElements=False)
                for element in tree.iter():
                    tag = element.tag if isinstance(element.tag, str) else ""
                    if tag in ("html", "head", "body", ""):
                        continue
                    self.assertIn(tag, ALLOWED_ELEMENTS, f"p{number}: <{tag}> in\n{body[:2000]}")
                    for name, value in element.attrib.items():
                        name = name.lower()
                        self.assertIn(name, ALLOWED_ATTRIBUTES, f"p{number}: <{tag} {name}=...>")
                        self.assertFalse(name.startswith("on"), f"p{number}: event handler {name}")
                        if name in URL_ATTRIBUTES:
                            for url in ([c.strip().split(" ")[0] for c in value.split(",")] if name == "srcset" else [value]):
                                cleaned = re.sub(r"[\x00-\x20\x7f]", "", url)
                                scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", cleaned)
                                if scheme:
                                    self.assertIn(scheme.group(1).lower(), SAFE_SCHEMES, f"p{number}: {name}={value!r}")
                    if tag == "div" and element.attrib.get("id") in ("main", "sidebar", "search-results"):
                        self.fail(f"p{number}: an author's element took the theme's id {element.attrib['id']}")
                checked += 1
            self.assertEqual(checked, pages)
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
