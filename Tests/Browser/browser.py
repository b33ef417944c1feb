"""What the browser tests share: headless Chromium through Selenium, as Debian packages it."""
import shutil

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def headless_chromium():
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"):
        options.add_argument(flag)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    return webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"))
