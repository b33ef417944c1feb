"""What the browser tests share: headless Chromium through Selenium, as Debian packages it, and
a quiet static file server for the sites they build."""
import functools
import http.server
import shutil
import threading

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def headless_chromium():
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"):
        options.add_argument(flag)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    return webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    # Keep-alive, as real static hosts do: a browser's parallel requests reuse connections.
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass


def serve(folder):
    """Serves `folder` from 127.0.0.1 on a free port in a background thread; returns the server
    (call shutdown() when done) and its base URL, ending in '/'."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"
