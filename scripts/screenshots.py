"""Photograph the pages shown in the README into docs/screenshots/.

Run through `make screenshots`, which serves the seed content from a throwaway database and
passes the server's address: `python scripts/screenshots.py http://127.0.0.1:8765`.
Uses Debian's Chromium (`apt-get install chromium`), never a browser downloaded by Playwright.
Chinese pages need a CJK font (`apt-get install fonts-noto-cjk`), or they show empty boxes.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Keep Chromium from calling Google's services (the network here refuses them).
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
    "--disable-dev-shm-usage",
]
COMPARISON = "/{lang}/compare/citizen-card-vs-social-security-card/"
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {
    "viewport": {"width": 360, "height": 800},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
# (file name, path, context options, the tallest picture we keep in CSS pixels; None = all)
SHOTS = [
    ("comparison-zh-hans.png", COMPARISON.format(lang="zh-hans"), DESKTOP, None),
    ("comparison-en.png", COMPARISON.format(lang="en"), DESKTOP, None),
    ("comparison-phone-zh-hans.png", COMPARISON.format(lang="zh-hans"), PHONE, None),
    # The law page lists all 98 articles: its top is enough to show the layout.
    ("law-en.png", "/en/laws/social-insurance-law/", DESKTOP, 1600),
    ("search-zh-hans.png", "/zh-hans/search/?q=%E7%A4%BE%E4%BF%9D", DESKTOP, 1400),
    ("guide-en.png", "/en/guide/", DESKTOP, None),
    ("guide-phone-zh-hans.png", "/zh-hans/guide/", PHONE, None),
]


def wait_for(url, timeout=60):
    """Wait until the server started by `make screenshots` answers."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError) as error:
            if time.monotonic() > deadline:
                sys.exit(f"No answer from {url} after {timeout}s ({error}); see the server log")
            time.sleep(0.3)


def has_cjk_font():
    if not shutil.which("fc-list"):
        return True  # cannot tell; don't nag
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    return bool(fonts.strip())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url", help="the running site, e.g. http://127.0.0.1:8765")
    base_url = parser.parse_args().base_url.rstrip("/")

    if not Path(CHROMIUM).exists():
        sys.exit(f"No Chromium at {CHROMIUM}: apt-get install chromium")
    if not has_cjk_font():
        print(
            "warning: no Chinese font installed (apt-get install fonts-noto-cjk); "
            "Chinese text will show as boxes",
            file=sys.stderr,
        )
    wait_for(base_url + COMPARISON.format(lang="zh-hans"))
    OUTPUT.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        for name, path, options, max_height in SHOTS:
            context = browser.new_context(**options)
            page = context.new_page()
            response = page.goto(base_url + path, wait_until="networkidle")
            if response is None or response.status != 200:
                sys.exit(f"{path} answered {response and response.status}, expected 200")
            page.evaluate("document.fonts.ready")
            target = OUTPUT / name
            if max_height is None:
                page.screenshot(path=target, full_page=True, animations="disabled")
            else:
                width = options["viewport"]["width"]
                height = min(max_height, page.evaluate("document.documentElement.scrollHeight"))
                page.screenshot(
                    path=target,
                    full_page=True,
                    clip={"x": 0, "y": 0, "width": width, "height": height},
                    animations="disabled",
                )
            print(f"wrote {target.relative_to(OUTPUT.parent.parent)}")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
