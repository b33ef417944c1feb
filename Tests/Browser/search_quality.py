"""Search quality on real documentation: the labelled queries of `search-queries.tsv` typed into
the real search box of a published site in headless Chromium, one fresh page load (empty caches)
per query. Prints hit@1 and hit@3 (the wanted page first / in the first three distinct pages),
per kind of query, and for each query the bytes the search downloaded and the time from the last
keystroke to the results.

Used by search_quality_test.py (Cairn only, in CI) and by scripts/search-quality.py, which adds
Pagefind (PyPI `pagefind[extended]`) indexing the same published pages, for comparison."""
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time

from browser import headless_chromium, serve
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
QUERIES = os.path.join(HERE, "search-queries.tsv")


def corpora_folder():
    folder = os.environ.get("CAIRN_CORPORA") or os.path.join(os.path.dirname(REPO), "shared", "corpora")
    return folder if os.path.isdir(os.path.join(folder, "rust-rfcs")) else None


def load_queries(path=QUERIES):
    queries = []
    with open(path, encoding="utf-8") as source:
        for line in source:
            if line.startswith("#") or not line.strip():
                continue
            tree, kind, query, wanted = line.rstrip("\n").split("\t")
            queries.append({"tree": tree, "kind": kind, "query": query, "wanted": wanted.split("|")})
    return queries


def route(content_path):
    """The URL path Cairn gives a content file: `text/2000-x.md` -> `text/2000-x/`."""
    stem = content_path[:-3] if content_path.endswith(".md") else content_path
    if stem == "README" or stem.endswith("/README") or stem == "index" or stem.endswith("/index"):
        stem = stem.rsplit("/", 1)[0] if "/" in stem else ""
    return stem + "/" if stem else ""


def build_site(cairn, corpora, tree, work):
    """Builds one tree with Cairn into work/<tree>/public; returns that folder."""
    site = os.path.join(work, tree)
    os.makedirs(site, exist_ok=True)
    content = os.path.join(site, "content")
    if not os.path.exists(content):
        # A copy: Cairn refuses a content folder reached through a symlink out of the site.
        shutil.copytree(os.path.join(corpora, tree, "content"), content)
    with open(os.path.join(site, "site.json"), "w") as config:
        json.dump({"title": tree}, config)
    output = os.path.join(site, "public")
    # `build`, not `publish`: these trees have broken links of their own, which publish refuses.
    subprocess.run([cairn, "build", site, "--output", output, "-q"], stderr=subprocess.DEVNULL)
    if not os.path.exists(os.path.join(output, "search", "index.json")):
        raise RuntimeError(f"cairn build {site} wrote no search index")
    return output


# In the page: the time of the last input event, of the first change to the results list after
# it (results appear) and of the last change (results settled).
WATCH = """
var selector = arguments[0];
window.__typed = 0; window.__first = 0; window.__shown = 0;
document.addEventListener('input', function () { window.__typed = performance.now(); }, true);
new MutationObserver(function (mutations) {
  var inResults = mutations.some(function (mutation) {
    var node = mutation.target.nodeType === 1 ? mutation.target : mutation.target.parentElement;
    return node && node.closest(selector);
  });
  if (!inResults) return;
  var now = performance.now();
  if (window.__first < window.__typed) window.__first = now;
  window.__shown = now;
}).observe(document.body, {childList: true, subtree: true, characterData: true});
"""

BYTES = """
var files = arguments[0];
return performance.getEntriesByType('resource')
  .filter(function (entry) { return entry.name.indexOf(files) >= 0; })
  .reduce(function (sum, entry) { return sum + (entry.decodedBodySize || 0); }, 0);
"""


class Engine:
    """How to drive one search box: its page, input, result links and index files."""
    def __init__(self, name, page, input_selector, results_selector, link_selector, files):
        self.name, self.page = name, page
        self.input_selector, self.results_selector, self.link_selector = input_selector, results_selector, link_selector
        self.files = files


CAIRN = Engine("Cairn", "", ".search input", ".search-results", ".search-results [role=option].search-page a", "/search/")
PAGEFIND = Engine("Pagefind", "pagefind-search.html", ".pagefind-ui__search-input", ".pagefind-ui__results-area",
                  ".pagefind-ui__result-link", "/pagefind/")


def run_query(driver, base, engine, query, settle=1.5, timeout=10):
    """Types `query` into a freshly loaded page with an empty HTTP cache (emptied rather than
    turned off: DevTools' network domain slows every request); returns (page URLs in result
    order, bytes downloaded from the index, ms from the last keystroke until results appeared)."""
    driver.execute_cdp_cmd("Network.clearBrowserCache", {})
    driver.get(base + engine.page)
    driver.execute_script(WATCH, engine.results_selector)
    box = driver.find_element(By.CSS_SELECTOR, engine.input_selector)
    box.click()
    box.send_keys(query)
    # Results have settled when the list has not changed for `settle` seconds.
    start = time.time()
    last_change, last_seen = time.time(), None
    while time.time() - start < timeout:
        shown = driver.execute_script("return window.__shown;")
        if shown != last_seen:
            last_seen, last_change = shown, time.time()
        elif shown and time.time() - last_change > settle:
            break
        time.sleep(0.1)
    links = [element.get_attribute("href") for element in driver.find_elements(By.CSS_SELECTOR, engine.link_selector)]
    pages = []
    for link in links:
        page = link.split("#")[0].split("?")[0]
        if page.endswith("index.html"):
            page = page[: -len("index.html")]
        if page not in pages:
            pages.append(page)
    typed, first = driver.execute_script("return [window.__typed, window.__first];")
    downloaded = driver.execute_script(BYTES, engine.files)
    return pages, downloaded, max(0.0, first - typed) if first >= typed else None


def evaluate(engines, queries, trees_served, log=print):
    """engines: list of Engine; trees_served: {tree: {engine name: base URL}}. Returns results."""
    driver = headless_chromium()
    results = {engine.name: [] for engine in engines}
    try:
        for query in queries:
            for engine in engines:
                base = trees_served[query["tree"]][engine.name]
                pages, downloaded, latency = run_query(driver, base, engine, query["query"])
                wanted = [base + route(path) for path in query["wanted"]]
                rank = next((position for position, page in enumerate(pages) if page in wanted), None)
                results[engine.name].append(dict(query, rank=rank, bytes=downloaded, ms=latency, top=pages[:3]))
                log(f"{engine.name:8} {query['tree']:13} {query['kind']:6} {query['query'][:32]:32} "
                    f"{'-' if rank is None else rank + 1:>2}  {downloaded / 1000:7.1f} KB  "
                    f"{'-' if latency is None else round(latency):>4} ms  {pages[0][len(base):] if pages else '(none)'}")
    finally:
        driver.quit()
    return results


def summary(rows):
    def hits(selected, k):
        return sum(1 for row in selected if row["rank"] is not None and row["rank"] < k)
    table = {}
    for kind in ("plain", "typo", "phrase", "all"):
        selected = [row for row in rows if kind == "all" or row["kind"] == kind]
        if not selected:
            continue
        table[kind] = {"queries": len(selected), "hit1": hits(selected, 1), "hit3": hits(selected, 3),
                       "answered": sum(1 for row in selected if row["top"])}
    sizes = sorted(row["bytes"] for row in rows)
    times = sorted(row["ms"] for row in rows if row["ms"] is not None)
    table["bytes"] = {"median": statistics.median(sizes), "max": max(sizes)} if sizes else {}
    table["ms"] = {"median": statistics.median(times), "max": max(times)} if times else {}
    return table


def print_summary(name, table, log=print):
    for kind, row in table.items():
        if kind in ("bytes", "ms"):
            continue
        log(f"{name}: {kind:6} hit@1 {row['hit1']}/{row['queries']}  hit@3 {row['hit3']}/{row['queries']}  "
            f"answered {row['answered']}/{row['queries']}")
    if table.get("bytes"):
        log(f"{name}: bytes per cold query median {table['bytes']['median'] / 1000:.1f} KB, max {table['bytes']['max'] / 1000:.1f} KB")
    if table.get("ms"):
        log(f"{name}: last keystroke to results median {table['ms']['median']:.0f} ms, max {table['ms']['max']:.0f} ms")


PAGEFIND_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Pagefind</title>
<link href="pagefind/pagefind-ui.css" rel="stylesheet"><script src="pagefind/pagefind-ui.js"></script></head>
<body><div id="search"></div><script>new PagefindUI({ element: "#search", showSubResults: true });</script></body></html>
"""


def add_pagefind(folder):
    """Indexes a published folder with Pagefind (main content only) and adds its search page."""
    subprocess.run(["python3", "-m", "pagefind", "--site", folder, "--root-selector", "main"], check=True,
                   stdout=subprocess.DEVNULL)
    with open(os.path.join(folder, PAGEFIND.page), "w") as page:
        page.write(PAGEFIND_PAGE)


NGINX = """daemon off; master_process off; worker_processes 1; error_log /dev/null crit; pid {work}/nginx-{port}.pid;
events {{ worker_connections 64; }}
http {{
  include /etc/nginx/mime.types; access_log off;
  client_body_temp_path {work}; proxy_temp_path {work}; fastcgi_temp_path {work}; uwsgi_temp_path {work}; scgi_temp_path {work};
  server {{ listen 127.0.0.1:{port}; root {root}; }}
}}
"""


class Nginx:
    """nginx serving `folder` (for timings: Python's own server answers a request in
    milliseconds, which is most of a query's time); `shutdown()` stops it."""
    def __init__(self, folder, work):
        import socket
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        config = os.path.join(work, f"nginx-{self.port}.conf")
        with open(config, "w") as out:
            out.write(NGINX.format(work=work, port=self.port, root=folder))
        self.process = subprocess.Popen(["nginx", "-c", config, "-p", work])
        time.sleep(0.5)

    def shutdown(self):
        self.process.terminate()
        self.process.wait()


def run(cairn, trees=("rust-rfcs", "go-proposals"), pagefind=False, log=print, work=None, nginx=False):
    corpora = corpora_folder()
    if corpora is None:
        raise RuntimeError("no corpora: set CAIRN_CORPORA or put them at ../shared/corpora")
    queries = [query for query in load_queries() if query["tree"] in trees]
    work = work or tempfile.mkdtemp(prefix="cairn-search-quality-")
    servers, served = [], {}
    try:
        for tree in trees:
            folder = build_site(cairn, corpora, tree, work)
            if pagefind:
                add_pagefind(folder)
            if nginx:
                server = Nginx(folder, work)
                base = f"http://127.0.0.1:{server.port}/"
            else:
                server, base = serve(folder)
            servers.append(server)
            served[tree] = {"Cairn": base, "Pagefind": base}
        engines = [CAIRN] + ([PAGEFIND] if pagefind else [])
        results = evaluate(engines, queries, served, log=log)
        tables = {name: summary(rows) for name, rows in results.items()}
        for name, table in tables.items():
            print_summary(name, table, log=log)
        return results, tables
    finally:
        for server in servers:
            server.shutdown()
        shutil.rmtree(work, ignore_errors=True)
