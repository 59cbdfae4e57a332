"""Write PNGs of the key pages, at phone and desktop widths, in English and French, to screenshots/.

    make screenshots        (or: .venv/bin/python -m tests.browser.screenshots [--all])

The key pages are those marked `key=True` in page_states.PAGE_STATES; with
--all, every page state. Uses the same served app and Debian Chromium as the
browser tests.
"""

from __future__ import annotations

import re
import sys
import time

from .page_states import PAGE_STATES
from .site import LANGUAGES, ROOT, missing_browser_tools, running_browser, running_site

SIZES = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 900}}
OUTPUT = ROOT / "screenshots"


def file_name(state_name: str, lang: str, size: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", state_name.lower()).strip("-")
    return f"{slug}-{lang}-{size}.png"


def main(argv: list[str]) -> int:
    reason = missing_browser_tools()
    if reason:
        print(f"Cannot take screenshots: {reason}", file=sys.stderr)
        return 1
    states = PAGE_STATES if "--all" in argv else [state for state in PAGE_STATES if state.key]
    OUTPUT.mkdir(exist_ok=True)
    began = time.monotonic()
    count = 0
    with running_site() as site, running_browser() as browser:
        for state in states:
            for lang in LANGUAGES:
                for size, viewport in SIZES.items():
                    context = browser.new_context(viewport=viewport)
                    page = context.new_page()
                    state.reach(page, site, lang)
                    page.screenshot(path=str(OUTPUT / file_name(state.name, lang, size)), full_page=True)
                    context.close()
                    count += 1
    print(f"{count} screenshots in {OUTPUT.relative_to(ROOT)}/ ({time.monotonic() - began:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
