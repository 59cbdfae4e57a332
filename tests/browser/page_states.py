"""Every page state a person can meet, in one list: the accessibility, reflow and screenshot runs use it.

A new page is one line in PAGE_STATES: `visit(name, path)` for a page at an
address, or `PageState(name, reach, error=...)` with a function that gets
there in the browser (reach(page, site, lang)). Question pages and their
error states are added from the questionnaire itself, so a new topic page
is covered without a line here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from app.web.library import loaded_library  # read once per process: the apps the tests build share it
from tests.support.visitor import Visitor

from .counsel_states import counsel_states
from .plans import default_answer, plan_raising, plans_covering_every_page, simulate
from .site import questionnaires_dir
from .walk import SUBMIT, answer_shown_items, follow, place_of, start


@dataclass(frozen=True)
class PageState:
    name: str
    reach: Callable  # reach(page, site, lang): leaves the page in this state
    error: bool = False  # a form sent back with a problem: the error summary must take focus
    key: bool = False  # one of the key pages for screenshots


def visit(name: str, path: str, key: bool = False) -> PageState:
    def reach(page, site, lang):
        page.goto(site.url(path.format(lang=lang)))

    return PageState(name, reach, key=key)


def _submit_start_without_choosing(page, site, lang):
    page.goto(site.url(f"/{lang}/intake/start"))
    follow(page, SUBMIT)


def _canada_ticked(page, site, lang):
    """The start form with Canada ticked: its province question is shown (CSS only, no script)."""
    page.goto(site.url(f"/{lang}/intake/start"))
    page.check('input[name="region"][value="ca"]')


def _submit_canada_without_its_province(page, site, lang):
    page.goto(site.url(f"/{lang}/intake/start"))
    page.check('input[name="perspective"][value="self"]')
    page.check('input[name="region"][value="ca"]')
    page.eval_on_selector_all("input[name=province]", "inputs => inputs.forEach(i => { i.checked = false; })")
    follow(page, SUBMIT)


def _send_empty(path: str, form_action: str):
    def reach(page, site, lang):
        page.goto(site.url(path.format(lang=lang)))
        follow(page, f'main form[action$="{form_action}"] button[type=submit]')

    return reach


def _submit_region_without_choosing(page, site, lang):
    page.goto(site.url(f"/{lang}/region"))
    # The current region is pre-selected; a person could still send none (e.g. an old browser).
    page.eval_on_selector_all("input[name=region]", "inputs => inputs.forEach(i => { i.checked = false; })")
    follow(page, SUBMIT)


# Cookies (the encrypted session: answers so far and CSRF secret) saved on each question page of a
# walk, so that a state deep in the questionnaire is reached with one request instead of a new walk.
# The walk itself goes through the app's test client, answering as the browser walk does (walk.py's
# answer_shown_items: the plan's answer, else plans.default_answer), and its session cookie is handed to the
# browser: the same app serves both (tests/browser/test_flow.py walks the questions in the browser).
_SAVED_WALKS: dict[tuple, dict[str, list]] = {}


def _session_cookie(site, visitor: Visitor) -> list[dict]:
    name = site.app.config["SESSION_COOKIE_NAME"]
    cookie = visitor.client.get_cookie(name)
    assert cookie is not None, "the test client holds no session"
    return [{"name": name, "value": cookie.value, "url": site.base_url}]


def _saved_walk(page, site, lang: str, plan: dict, perspective: str = "self") -> dict[str, list]:
    """Cookies on arrival at each question page of this plan's walk, and at its end ("end")."""
    key = (site.base_url, lang, perspective, json.dumps(plan, sort_keys=True))
    if key not in _SAVED_WALKS:
        visitor = Visitor(site.app.test_client())
        visitor.start(lang, perspective)
        saved: dict[str, list] = {}
        for _ in range(3 * len(site.questionnaire.pages) + 5):
            place = place_of(visitor.path())
            if place.kind != "question":
                break
            saved.setdefault(place.page_id, _session_cookie(site, visitor))
            items = [site.questionnaire.item(name) for name in visitor.fields()]
            visitor.submit(visitor.path(), {item.id: plan.get(item.id, default_answer(item)) for item in items})
        assert place_of(visitor.path()).kind == "check", f"the walk ended on {visitor.path()}, not on check-answers"
        saved["end"] = _session_cookie(site, visitor)
        _SAVED_WALKS[key] = saved
    return _SAVED_WALKS[key]


def _resume(page, site, lang, plan, at: str, path: str, perspective: str = "self"):
    cookies = _saved_walk(page, site, lang, plan, perspective)[at]
    page.context.clear_cookies()
    page.context.add_cookies(cookies)
    page.goto(site.url(path))
    assert page.url == site.url(path), f"{path} sent on to {page.url}"


def _walked_to(plan: dict | None = None, then: Callable | None = None, perspective: str = "self"):
    def reach(page, site, lang):
        _resume(page, site, lang, plan or {}, "end", f"/{lang}/intake/check", perspective)
        if then:
            then(page)

    return reach


def _answered_then(path: str):
    """A page of the flow that needs answers in progress (e.g. keeping them)."""

    def reach(page, site, lang):
        _resume(page, site, lang, {}, "end", path.format(lang=lang))

    return reach


def _family_question(page, site, lang):
    """A question page worded for a family member, with its "I don't know" choices."""
    start(page, site, lang, "family")
    page.check('input[name="danger_now"][value="none"]')
    follow(page, SUBMIT)
    assert place_of(page.url).kind == "question", page.url


def _see_results(page):
    follow(page, "main a.button")  # "See the suggestions" on check-answers
    assert place_of(page.url).kind == "results", page.url


def _results_with_share_code(page, site, lang):
    """Results after making a code for a counselor (issue 29); codes are kept in the site's database."""
    from .counsel_states import _prepare

    _prepare(site)
    _walked_to(then=_see_results)(page, site, lang)
    follow(page, "#share form button[type=submit]")
    assert page.locator("#share-code").count() == 1, "no share code shown"


def _question_page(page_id: str, plan: dict, send_empty: bool):
    def reach(page, site, lang):
        _resume(page, site, lang, plan, page_id, f"/{lang}/intake/questions/{page_id}")
        if send_empty:
            follow(page, SUBMIT)

    return reach


def _stopped_by(plan: dict, kind: str):
    """The stop this plan raises, reached as a person does: on the page that raises it, the plan's answers
    are sent (the pages before it are resumed from a test-client walk with the same answers)."""

    def reach(page, site, lang):
        stopping = simulate(site.questionnaire, site.rules, plan).pages[-1]
        before = {item_id: value for item_id, value in plan.items() if site.questionnaire.page_of(item_id).id != stopping}
        _resume(page, site, lang, before, stopping, f"/{lang}/intake/questions/{stopping}")
        answer_shown_items(page, site, plan)
        follow(page, SUBMIT)
        assert place_of(page.url).kind == kind, f"{page.url}, not the {kind} page"

    return reach


def _library():
    library = loaded_library(questionnaires_dir())
    return library.questionnaires["intake"], library.rules["intake"]


def question_page_states() -> list[PageState]:
    questionnaire, rules = _library()
    states = []
    for page_id, plan in plans_covering_every_page(questionnaire, rules).items():
        page = questionnaire.page(page_id)
        states.append(
            PageState(f"question {page_id}", _question_page(page_id, plan, False), key=page_id == questionnaire.pages[1].id)
        )
        if any(item.required for item in page.items):
            states.append(
                PageState(
                    f"question {page_id}, nothing answered",
                    _question_page(page_id, plan, True),
                    error=True,
                    key=page_id == questionnaire.pages[1].id,
                )
            )
    return states


def stop_states() -> list[PageState]:
    questionnaire, rules = _library()
    states = []
    for stop in ("emergency", "crisis"):
        plan = plan_raising(questionnaire, rules, stop)
        if plan is not None:
            states.append(PageState(f"{stop} during the questions", _stopped_by(plan, stop)))
    # Each kind of emergency has its own first aid (rules.yaml red flags' `emergency`).
    for name, danger in (
        ("withdrawal now", ["withdrawal_confusion"]),
        ("a baclofen pump stopped", ["pump_problem"]),
        ("overdose and withdrawal", ["unresponsive", "withdrawal_confusion"]),
    ):
        states.append(PageState(f"emergency: {name}", _stopped_by({"danger_now": danger}, "emergency")))
    return states


PAGE_STATES: list[PageState] = [
    visit("home", "/{lang}/", key=True),
    visit("start", "/{lang}/intake/start"),
    PageState("start, nobody chosen", _submit_start_without_choosing, error=True),
    PageState("start, Canada ticked", _canada_ticked),
    PageState("start, Canada without its province", _submit_canada_without_its_province, error=True),
    visit("emergency", "/{lang}/emergency", key=True),
    visit("crisis", "/{lang}/crisis"),
    visit("information: baclofen", "/{lang}/information/baclofen", key=True),
    visit("information: overdose", "/{lang}/information/overdose"),
    visit("information: types of treatment", "/{lang}/information/treatment-types"),
    visit("region", "/{lang}/region"),
    PageState("region, none chosen", _submit_region_without_choosing, error=True),
    visit("page not found", "/{lang}/no-such-page"),
    PageState("check answers", _walked_to(), key=True),
    PageState("results", _walked_to(then=_see_results), key=True),
    PageState("results for a family member", _walked_to(then=_see_results, perspective="family")),
    PageState("results for a professional", _walked_to(then=_see_results, perspective="counselor")),
    PageState("a question for a family member", _family_question),
    visit("how Passage makes its suggestions", "/{lang}/how-it-works"),
    visit("privacy", "/{lang}/privacy"),
    PageState("keep my answers", _answered_then("/{lang}/intake/keep")),
    visit("resume", "/{lang}/intake/resume"),
    PageState("resume, no code entered", _send_empty("/{lang}/intake/resume", "/resume/code"), error=True),
    PageState("results with a code for a counselor", _results_with_share_code),
    visit("withdraw a code for a counselor", "/{lang}/intake/share/withdraw-code"),
    PageState(
        "withdraw a code for a counselor, no code entered",
        _send_empty("/{lang}/intake/share/withdraw-code", "/share/withdraw-code"),
        error=True,
    ),
    visit("delete saved answers", "/{lang}/intake/saved/delete"),
    PageState("delete saved answers, no code entered", _send_empty("/{lang}/intake/saved/delete", "/saved/delete"), error=True),
    *stop_states(),
    *question_page_states(),
    *counsel_states(PageState),
]
