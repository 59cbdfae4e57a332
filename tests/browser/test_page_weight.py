"""Each page of the anonymous flow stays under 60 KB transferred, with everything it loads, and no web fonts.

People use Passage on slow or metered connections. Every response is
recorded while a browser walks the flow; the browser's cache is off, so each
page is weighed as on a first visit: HTML, CSS, scripts, images and any font.
"""

from __future__ import annotations

import pytest

from .plans import plan_raising
from .site import LANGUAGES
from .walk import follow, keep_answering, place_of, start

BUDGET = 60 * 1024


class Scale:
    """Responses grouped by the page they belong to (a redirect counts with the page it leads to)."""

    def __init__(self, page):
        self.page = page
        self.responses: list = []
        # Weigh every page as on a first visit: no HTTP or memory cache.
        page.context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})
        page.on("response", lambda response: self.responses.append(response))

    def weights(self) -> list[tuple[str, int]]:
        """(address, bytes) for each page shown, in order."""
        pages: list[list] = []
        pending = 0
        for response in self.responses:
            sizes = response.request.sizes()
            size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
            is_document = response.request.resource_type == "document" and response.frame == self.page.main_frame
            if is_document and 300 <= response.status < 400:
                pending += size
                continue
            if is_document:
                pages.append([response.url, pending])
                pending = 0
            pages[-1][1] += size
        return [(url, size) for url, size in pages]

    def fonts(self) -> list[str]:
        return [
            response.url
            for response in self.responses
            if response.request.resource_type == "font"
            or response.url.split("?")[0].endswith((".woff", ".woff2", ".ttf", ".otf"))
        ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_of_the_flow_weighs_under_60_kb(lang, new_page, site):
    page = new_page()
    scale = Scale(page)
    for path in (
        "/{lang}/",
        "/{lang}/emergency",
        "/{lang}/crisis",
        "/{lang}/region",
        "/{lang}/information/baclofen",
        "/{lang}/information/overdose",
        "/{lang}/information/treatment-types",
    ):
        page.goto(site.url(path.format(lang=lang)))
    start(page, site, lang)
    assert keep_answering(page, site).end.kind == "check"
    follow(page, "main a.button")
    assert place_of(page.url).kind == "results"
    emergency = plan_raising(site.questionnaire, site.rules, "emergency")
    start(page, site, lang)
    assert keep_answering(page, site, emergency).end.kind == "emergency"

    weights = scale.weights()
    kinds = {place_of(url).kind for url, _ in weights}
    assert {"home", "start", "question", "check", "results", "emergency"} <= kinds
    heavy = {url: size for url, size in weights if size > BUDGET}
    assert not heavy, f"pages over {BUDGET // 1024} KB: " + ", ".join(f"{url} {size // 1024} KB" for url, size in heavy.items())
    assert not scale.fonts(), f"web fonts were requested: {scale.fonts()}"
    assert all(size > 0 for _, size in weights)
