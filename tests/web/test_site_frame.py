"""Every page's frame (base.html): its fixed parts are made once per process for each language
(site_part, app/i18n/templating.py); what depends on the page stays the page's own."""

from __future__ import annotations

from tests.support import html_page


def frame(response) -> dict:
    page = html_page.parse(response.get_data(as_text=True))
    return {
        "lang": page.html["lang"],
        "footer": [(a.get_text(strip=True), a["href"]) for a in page.select(".footer-links a")],
        "region": page.select_one(".footer-region a")["href"],
        "switch": page.select_one(".language-switch")["href"],
        "exit": page.select_one(".quick-exit-link").get_text(strip=True),
        "emergency": page.select_one(".emergency-link")["href"],
        "styles": [link["href"] for link in page.select("link[rel=stylesheet]")],
    }


def test_each_language_and_page_gets_its_own_frame_from_the_same_process(app):
    client = app.test_client()
    english, french = frame(client.get("/en/")), frame(client.get("/fr/"))
    assert (english["lang"], french["lang"]) == ("en", "fr")
    assert english["exit"] == "Leave this site quickly" and french["exit"] != english["exit"]
    assert ("Types of treatment", "/en/information/treatment-types") in english["footer"]
    assert all(href.startswith("/fr/") for _, href in french["footer"]) and french["emergency"] == "/fr/emergency"
    assert english["styles"] == french["styles"] and all(href.startswith("/static/") for href in english["styles"])
    # The links that bring the person back to this page are made for each page, never kept.
    again = frame(client.get("/en/information/overdose"))
    assert again["footer"] == english["footer"]
    assert (english["region"], again["region"]) == ("/en/region?next=/en/", "/en/region?next=/en/information/overdose")
    assert (english["switch"], again["switch"]) == ("/fr/", "/fr/information/overdose")


def test_a_prefix_from_a_reverse_proxy_stays_with_its_own_requests(app):
    client = app.test_client()
    prefixed = frame(client.get("/en/emergency", environ_overrides={"SCRIPT_NAME": "/passage"}))
    plain = frame(client.get("/en/emergency"))
    assert (
        all(href.startswith("/passage/en/") for _, href in prefixed["footer"])
        and prefixed["emergency"] == "/passage/en/emergency"
    )
    assert all(href.startswith("/en/") for _, href in plain["footer"]) and plain["emergency"] == "/en/emergency"
    prefixed_again = html_page.parse(
        client.get("/en/emergency", environ_overrides={"SCRIPT_NAME": "/passage"}).get_data(as_text=True)
    )
    plain_again = html_page.parse(client.get("/en/emergency").get_data(as_text=True))
    assert prefixed_again.select_one(".helplines a[href*='region']")["href"].startswith("/passage/en/region")
    assert plain_again.select_one(".helplines a[href*='region']")["href"].startswith("/en/region")
