"""The length targets of issue 26 for every published case (tests/cases/), read by tests/assess/test_result_lengths_en.py and
test_result_lengths_fr.py (one file per language, so pytest-xdist's loadfile runs the two side by side).

A walk through the web form costs a quarter of a second a case; 140 walks a language would take a minute. So the
engine gives the answers a walk gives (`walked_answers`: each page in the flow's order, the case's answer where it
has one, else the calm default tests/support/visitor.py's Visitor picks), the session is seeded with them, and the real
results and check pages are served from it. test_the_walk_and_the_seeded_session_hold_the_same_answers checks
that shortcut against real walks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bs4 import NavigableString, Tag

from app.engine import clean_item_answer, flow_state
from app.engine.model import Item, Questionnaire, RuleSet
from app.engine.published_cases import case_answers, load_cases

from .html_page import parse, words

MAX_WORDS_BEFORE_FOLDS = 600
MAX_WORDS_IN_MAIN = 2500  # every fold open: all the text in <main>
MAX_BYTES = 35_000
MAX_WORDS_CHECK_PAGE = 600
PERSPECTIVES = ("self", "family", "counselor")
_CASES = {case["id"]: case for case in load_cases()}
CASES = list(_CASES)
# Besides the page with no region chosen (the international advice), each case is read in one region of its
# language, in turn, so every region's list of numbers is counted and a run stays short.
REGIONS = {"en": ("us", "ca_on", "ca_other", "uk"), "fr": ("fr", "ca_qc", "be", "ch")}


def calm_default(item: Item, perspective: str) -> str:
    """The answer tests/support/visitor.py's Visitor gives a question the plan leaves out."""
    values = item.values_for(perspective)
    if item.kind == "multiple":
        return "none" if "none" in values else values[0]
    if item.kind in ("single", "yes_no"):
        return "no" if "no" in values else values[0]
    return "0"


def _page_answers(items: list[Item], plan: Mapping[str, Any], perspective: str) -> dict[str, Any]:
    """A page's answers: the plan's where this perspective can give them, else the calm default (a family member's
    "I don't know" is no choice for the person themself)."""
    given: dict[str, Any] = {}
    for item in items:
        value, problem = clean_item_answer(item, plan.get(item.id, calm_default(item, perspective)), perspective)
        if problem is not None:
            value, problem = clean_item_answer(item, calm_default(item, perspective), perspective)
        assert problem is None, (item.id, problem)
        given[item.id] = value
    return given


def walked_answers(questionnaire: Questionnaire, rules: RuleSet, plan: Mapping[str, Any], perspective: str) -> tuple[dict, bool]:
    """The answers a person holds after answering page by page, and whether an emergency stopped the questions
    (no plan then: the emergency page). After crisis help the person goes on, as the crisis page lets them."""
    answers: dict[str, Any] = {}
    flow = flow_state(questionnaire, rules, answers, perspective)
    page = flow.pages[0] if flow.pages else None
    while page is not None:
        answers.update(_page_answers(flow.items_on(page), plan, perspective))
        answers = {key: value for key, value in answers.items() if value is not None}
        flow = flow_state(questionnaire, rules, answers, perspective)
        answers = dict(flow.answers)
        if flow.stop_raised_on(page):
            return answers, True
        page = flow.page_after(page) or flow.next_open
    assert flow.complete
    return answers, False


def seed(client, questionnaire: Questionnaire, perspective: str, answers: dict, region: str | None) -> None:
    """Hand the client a session holding these answers, as app/intake_flow/progress.py keeps them."""
    with client.session_transaction() as session:
        key = f"progress:{questionnaire.id}"  # kept beside what is there already (the start form's "started")
        session[key] = {**session.get(key, {}), "perspective": perspective, "answers": answers, "version": questionnaire.version}
        if region is not None:
            session["region"] = region


@dataclass
class Lengths:
    words_before_folds: int
    words_in_main: int
    size: int


def text_before_first_details(main: Tag) -> str:
    """The text of <main> before the result's folds (as tests/assess/test_results_page.py reads it): a small fold
    above them (a family member's plain words for the points read first) counts by its summary only."""
    first = main.select_one(".result-details details")
    pieces = []
    for node in main.descendants:
        if node is first:
            break
        folded = node.find_parent("details") is not None and node.find_parent("summary") is None
        if (
            isinstance(node, NavigableString)
            and node.parent is not None
            and node.parent.name not in ("script", "style")
            and not folded
        ):
            pieces.append(str(node))
    return " ".join(" ".join(pieces).split())


def measure(html: str) -> Lengths:
    main = parse(html).find("main")
    assert main is not None
    return Lengths(len(text_before_first_details(main).split()), len(words(main).split()), len(html.encode()))


def case_plan(case_id: str, questionnaire: Questionnaire) -> dict:
    answers, _problems = case_answers(_CASES[case_id], questionnaire)
    return answers


def region_for(lang: str, case_id: str, perspective: str) -> str:
    turn = CASES.index(case_id) * len(PERSPECTIVES) + PERSPECTIVES.index(perspective)
    return REGIONS[lang][turn % len(REGIONS[lang])]


def check_lengths(app, lang: str, case_id: str, perspective: str) -> list[str]:
    """What goes over a target on this case's results pages (no region, and its region in turn) and check page."""
    library = app.extensions["passage_library"]
    questionnaire, rules = library.questionnaires["intake"], library.rules["intake"]
    answers, emergency = walked_answers(questionnaire, rules, case_plan(case_id, questionnaire), perspective)
    client = app.test_client()
    if emergency:  # no plan: the emergency page comes instead of any result
        seed(client, questionnaire, perspective, answers, None)
        assert client.get(f"/{lang}/intake/results").location == f"/{lang}/emergency"
        return []
    over = []
    for region in (None, region_for(lang, case_id, perspective)):
        seed(client, questionnaire, perspective, answers, region)
        page = client.get(f"/{lang}/intake/results")
        assert page.status_code == 200, (region, page.status_code, page.location)
        found = measure(page.get_data(as_text=True))
        where = f"{lang} {perspective} region {region or 'none'}"
        if found.words_before_folds > MAX_WORDS_BEFORE_FOLDS:
            over.append(f"{where}: {found.words_before_folds} words before the first fold")
        if found.words_in_main > MAX_WORDS_IN_MAIN:
            over.append(f"{where}: {found.words_in_main} words in <main>")
        if found.size > MAX_BYTES:
            over.append(f"{where}: {found.size} bytes")
    check = client.get(f"/{lang}/intake/check")
    assert check.status_code == 200
    check_words = len(words(parse(check.get_data(as_text=True)).find("main")).split())
    if check_words > MAX_WORDS_CHECK_PAGE:
        over.append(f"{lang} {perspective}: {check_words} words on the check page")
    return over
