"""Take screenshots of the main pages at phone and desktop width.

Usage: python scripts/screenshots.py [BASE_URL] [OUT_DIR]
(default http://127.0.0.1:8000 and var/screenshots; needs a running server).
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "var/screenshots")
PAGES = {
    "home": "/",
    "speech": "/speeches/2023-10-23-acftu-leadership-talk/",
    "speech-p4": "/speeches/2023-10-23-acftu-leadership-talk/#p4",
    "search": "/search/?q=%E5%B7%A5%E5%8C%A0%E7%B2%BE%E7%A5%9E",
    "not-found": "/speeches/no-such-speech/",
}
WIDTHS = {"phone": (375, 740), "desktop": (1280, 900)}

OUT.mkdir(parents=True, exist_ok=True)
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    )
    for device, (width, height) in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        page = context.new_page()
        for name, path in PAGES.items():
            page.goto(BASE + path)
            page.screenshot(path=OUT / f"{name}-{device}.png", full_page=name in ("home", "speech"))
        context.close()
    browser.close()
print(f"screenshots in {OUT}")
