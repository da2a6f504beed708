"""Take screenshots of the main pages at phone and desktop width (and the speech page in dark mode).

Usage: python scripts/screenshots.py [BASE_URL] [OUT_DIR] [GROUP_SLUG]
(default http://127.0.0.1:8000 and docs/screenshots; needs a running server).
With SESSIONID set to a signed-in member's session cookie, the speech page shows the
group's notes and GROUP_SLUG's notebook is included.
"""

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
GROUP = sys.argv[3] if len(sys.argv) > 3 else ""
SPEECH = "/speeches/2023-10-23-acftu-leadership-talk/"
PAGES = {
    "home": "/",
    "speech": SPEECH,
    "notes": SPEECH + "?notes=3#p3",
    "search": "/search/?q=%E5%B7%A5%E5%8C%A0%E7%B2%BE%E7%A5%9E",
}
if GROUP:
    PAGES["notebook"] = f"/groups/{GROUP}/notebook/"
WIDTHS = {"phone": (375, 740), "desktop": (1280, 860)}

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
    for scheme in ("light", "dark"):
        for device, (width, height) in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
            if os.environ.get("SESSIONID"):
                context.add_cookies([{"name": "sessionid", "value": os.environ["SESSIONID"], "url": BASE}])
            page = context.new_page()
            for name, path in PAGES.items():
                if scheme == "dark" and name != "speech":
                    continue
                page.goto(BASE + path)
                if name == "notes":
                    page.locator("#notes-p3").scroll_into_view_if_needed()
                suffix = "-dark" if scheme == "dark" else ""
                page.screenshot(path=OUT / f"{name}-{device}{suffix}.png")
            context.close()
    browser.close()
print(f"screenshots in {OUT}")
