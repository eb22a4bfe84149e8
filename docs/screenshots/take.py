"""Take the README's screenshots: `python docs/screenshots/take.py http://127.0.0.1:8000`.

Needs a running portal (`make run`) and Debian's Chromium; writes PNGs beside this file.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = {
    "home": "/",
    "document": "/documents/wzf-2020-7/",
    "calculator": "/rewards/ip-compensation/?loss=300万&business_year=1#answer",
    "catalogue": "/intermediary/#item-1",
}
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
OUT = Path(__file__).parent


def main(base: str) -> None:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for size_name, (width, height) in WIDTHS.items():
            context = browser.new_context(
                viewport={"width": width, "height": height},
                device_scale_factor=1,
                is_mobile=width < 600,
                locale="zh-CN",
            )
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(base + path)
                page.screenshot(path=OUT / f"{name}-{size_name}.png")
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000")
