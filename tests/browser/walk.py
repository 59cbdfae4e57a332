"""Walking the questionnaire in a browser, as a person does, whatever the page order.

On each question page the walker reads which questions are shown, answers
them from a plan (item id -> answer; see plans.py for the defaults) by
clicking the labels and typing, and presses the page's button. Works with
and without JavaScript.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .plans import default_answer

SUBMIT = "main form[method=post] button[type=submit]"


@dataclass
class Place:
    kind: str  # question | start | check | results | emergency | crisis | home | other
    page_id: str | None = None


def place_of(url: str) -> Place:
    path = urlsplit(url).path
    if match := re.fullmatch(r"/\w\w/[\w-]+/questions/([\w-]+)", path):
        return Place("question", match.group(1))
    for pattern, kind in (
        (r"/\w\w/[\w-]+/start", "start"),
        (r"/\w\w/[\w-]+/check", "check"),
        (r"/\w\w/[\w-]+/results", "results"),
        (r"/\w\w/crisis", "crisis"),
        (r"/\w\w/emergency", "emergency"),
        (r"/\w\w/", "home"),
    ):
        if re.fullmatch(pattern, path):
            return Place(kind)
    return Place("other")


def follow(page, selector: str) -> None:
    """Click a link or button and wait until the page it leads to has fully loaded.

    page.click alone returns once the new page starts arriving: reading it then
    could see half of its questions.
    """
    with page.expect_navigation():
        page.click(selector)


def start(page, site, lang: str, perspective: str = "self") -> None:
    """Open the start page and choose who the questions are about."""
    page.goto(site.url(f"/{lang}/intake/start"))
    page.check(f'input[name="perspective"][value="{perspective}"]')
    follow(page, SUBMIT)


def shown_items(page, site) -> list:
    """The questionnaire items whose fields are on the current page, in page order."""
    place = place_of(page.url)
    assert place.kind == "question", f"not a question page: {page.url}"
    names = page.eval_on_selector_all("main form input:not([type=hidden])", "inputs => [...new Set(inputs.map(i => i.name))]")
    return [site.questionnaire.item(name) for name in names]


def answer_shown_items(page, site, plan: dict) -> dict:
    """Fill in every question on the page from the plan (default answers otherwise); returns what was given."""
    given = {}
    for item in shown_items(page, site):
        value = plan.get(item.id, default_answer(item))
        given[item.id] = value
        if item.kind == "number":
            page.fill(f'input[name="{item.id}"]', str(value))
        elif item.kind == "multiple":
            wanted = set(value)
            for box in page.query_selector_all(f'input[name="{item.id}"]'):
                box.set_checked(box.get_attribute("value") in wanted)
        else:
            page.check(f'input[name="{item.id}"][value="{value}"]')
    return given


@dataclass
class WalkResult:
    pages: list[str] = field(default_factory=list)  # question pages answered, in order
    end: Place | None = None


def keep_answering(
    page,
    site,
    plan: dict | None = None,
    continue_after_crisis: bool = False,
    until_page: str | None = None,
    on_each_page=None,
) -> WalkResult:
    """From the current page, answer question pages until the flow leaves them (check, emergency, crisis).

    With `until_page`, stop on that question page, before answering it;
    `on_each_page(page)` is called on each question page before it is answered.
    """
    plan = plan or {}
    result = WalkResult()
    limit = 3 * len(site.questionnaire.pages) + 5
    for _ in range(limit):
        place = place_of(page.url)
        if place.kind == "crisis" and continue_after_crisis and page.query_selector("main a.button--secondary"):
            follow(page, "main a.button--secondary")
            continue
        if place.kind != "question" or place.page_id == until_page:
            result.end = place
            return result
        assert place.page_id not in result.pages[-1:], f"page {place.page_id} was shown again after answering it: " + (
            page.text_content("#error-summary") or "no error summary"
        )
        if on_each_page:
            on_each_page(page)
        answer_shown_items(page, site, plan)
        result.pages.append(place.page_id)
        follow(page, SUBMIT)
    raise AssertionError(f"the questionnaire did not end after {limit} pages: {result.pages}")


def walk(page, site, lang: str, plan: dict | None = None, perspective: str = "self", **options) -> WalkResult:
    """Start and answer every question page from the plan."""
    start(page, site, lang, perspective)
    return keep_answering(page, site, plan, **options)
