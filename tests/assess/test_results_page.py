"""The results page a person can act on: in the order they act, short, one h1, only the chosen region's numbers.

Read with BeautifulSoup (tests/support/html_page.py); four plans (RESULT_PLANS, tests/support/people.yaml)
for each perspective and language, and every region of questionnaires/helplines.yaml.
"""

from __future__ import annotations

import pytest
from bs4 import NavigableString

from app.engine import assess
from app.engine.assessment import applying_answers
from tests.support.apps import make_app, own_helplines
from tests.support.html_page import parse, repeated_ids, words
from tests.support.people import LANGS, PERSPECTIVES, RESULT_PLANS
from tests.support.visitor import Visitor

MAX_WORDS = 600
# The sections directly in <main>, in order; the folded details come before "keep this plan",
# which is close after them since they are folded.
SECTION_ORDER = {
    "self": ["red-flags", "next-step", "plan", "find-service", "result-details", "keep-result"],
    "family": ["red-flags", "next-step", "plan", "find-service", "result-details", "keep-result"],
    "counselor": ["next-step", "clinical-summary-section", "result-details", "keep-result"],
}
FIRST_DETAILS = {"self": "why", "family": "helping-them", "counselor": "find-a-service"}


def step_first(main) -> bool:
    """A family member's next step read before what they can do today (a call or a visit today)."""
    sections = [section["class"][0] for section in main.find_all("section", recursive=False)]
    return "family-today" in sections and sections.index("next-step") < sections.index("family-today")


@pytest.fixture(scope="module")
def shared_app(tmp_path_factory):
    return make_app(tmp_path_factory.mktemp("results"))


def results_html(app, lang: str, perspective: str, plan: str | dict, region: str | None = None) -> str:
    """The results page for one of RESULT_PLANS (by name) or for these answers."""
    visitor = Visitor(app.test_client())
    visitor.finish_intake(lang, perspective, RESULT_PLANS[plan][0] if isinstance(plan, str) else plan, region)
    page = visitor.get(f"/{lang}/intake/results")
    assert page.status_code == 200
    return visitor.html()


def text_before_first_details(html: str) -> str:
    """The words a person reads before the result's folds, without opening anything: a small fold above them
    (a family member's plain words for the points read first) counts by its summary only."""
    main = parse(html).find("main")
    first = main.select_one(".result-details details")
    pieces = []
    for node in main.descendants:
        if node is first:
            break
        folded = node.find_parent("details") is not None and node.find_parent("summary") is None
        if isinstance(node, NavigableString) and node.parent.name not in ("script", "style") and not folded:
            pieces.append(str(node))
    return " ".join(" ".join(pieces).split())


@pytest.mark.parametrize("plan", list(RESULT_PLANS))
def test_each_answer_set_leads_to_its_plan(app, plan):
    library = app.extensions["passage_library"]
    answers, (level, withdrawal) = RESULT_PLANS[plan]
    result = assess(library.questionnaires["intake"], library.rules["intake"], answers).plan
    assert result is not None and result.withdrawal == withdrawal
    assert level is None or result.level == level


@pytest.mark.parametrize("plan", list(RESULT_PLANS))
@pytest.mark.parametrize("perspective", PERSPECTIVES)
@pytest.mark.parametrize("lang", LANGS)
def test_the_page_is_in_acting_order_short_and_has_one_h1(shared_app, lang, perspective, plan):
    html = results_html(shared_app, lang, perspective, plan)
    page = parse(html)
    assert len(page.find_all("h1")) == 1
    assert repeated_ids(page) == []  # each form's token once wrote id="csrf_token"
    main = page.find("main")
    shown = [
        name
        for section in main.find_all("section", recursive=False)
        for name in section.get("class", [])
        if name in SECTION_ORDER[perspective]
    ]
    expected = [name for name in SECTION_ORDER[perspective] if name != "red-flags" or main.select_one("section.red-flags")]
    # A family member's next step today gives the number to use now: where to find a service is the first fold then.
    urgent = step_first(main)
    if urgent:
        expected.remove("find-service")
    assert shown == expected
    # The next step holds one action and a tappable number; the plan path lists its steps in order.
    next_step = main.select_one("section.next-step")
    assert next_step.select_one(".next-step-action") and next_step.select('a[href^="tel:"]')
    if perspective != "counselor":
        cards = [card["class"][1] for card in main.select("section.plan ol.plan-path > li")]
        steps = ["plan-card--level", "plan-card--supports", "plan-card--aftercare"]
        has_withdrawal = RESULT_PLANS[plan][1][1] != "none"
        assert cards == (["plan-card--withdrawal"] if has_withdrawal else []) + steps
    assert main.select_one(".result-details details")["id"] == ("find-a-service" if urgent else FIRST_DETAILS[perspective])
    if urgent:
        assert main.select_one("details#find-a-service section.find-service") is not None
    before = text_before_first_details(html)
    assert len(before.split()) <= MAX_WORDS, (len(before.split()), before)
    # Plain words on the person's part of the page: no scores, no dimension names (they are folded).
    if perspective != "counselor":
        assert "/4" not in before and "Intoxication" not in before and "Dimension" not in before


@pytest.mark.parametrize("region", ["us", "ca_qc", "ca_on", "ca_other", "fr", "be", "ch", "uk", "other"])
@pytest.mark.parametrize("perspective", PERSPECTIVES)
def test_every_number_and_service_link_shown_belongs_to_the_chosen_region(shared_app, region, perspective):
    library = shared_app.extensions["passage_library"]
    services = library.helplines[region]["services"]
    own_numbers = {"".join(c for c in s["number"] if c.isdigit()) for s in services if s.get("number")}
    own_links = {url for s in services for url in (s.get("links") or {}).values()}
    for plan in ("outpatient", "hospital_withdrawal"):
        page = parse(results_html(shared_app, "fr" if region in ("fr", "be", "ch", "ca_qc") else "en", perspective, plan, region))
        main = page.find("main")
        tel = {"".join(c for c in a["href"] if c.isdigit()) for a in main.select('a[href^="tel:"]')}
        assert tel and tel <= own_numbers, (region, tel - own_numbers)
        links = {a["href"] for a in main.select("a.service-link")}
        assert links <= own_links, (region, links - own_links)
        # No box of services is ever empty.
        assert all(box.select("li") for box in main.select("ul.service-list"))


@pytest.mark.parametrize("lang", LANGS)
def test_the_counselor_summary_names_the_criteria_met_by_their_short_names_in_the_rules(shared_app, lang):
    from flask_babel import force_locale, gettext

    rules = shared_app.extensions["passage_library"].rules["intake"]
    with shared_app.test_request_context("/"), force_locale(lang):
        names = {gettext(name) for name in rules.severity.short_names.values()}
    assert len(names) == len(rules.severity.criteria)  # rules.yaml names every criterion
    summary = parse(results_html(shared_app, lang, "counselor", "hospital_withdrawal")).select_one("#clinical-summary")
    criteria_row = summary.select(".summary-row")[
        ["DSM-5" in words(row.dt) for row in summary.select(".summary-row")].index(True)
    ]
    rest, listed = words(criteria_row.select_one(".clinical-list")).removesuffix("."), []
    while rest:  # names joined by ", " (a name may itself hold a comma): each read off the front
        name = max((n for n in names if rest.startswith(n)), key=len, default=None)
        assert name is not None, rest
        listed.append(name)
        rest = rest.removeprefix(name).removeprefix(", ")
    assert listed


def test_the_counselor_summary_is_one_block_with_a_copy_button_script(shared_app):
    html = results_html(shared_app, "en", "counselor", "hospital_withdrawal")
    page = parse(html)
    summary = page.select_one("#clinical-summary")
    assert summary is not None and summary.get("tabindex") == "0"
    assert summary["data-copy-label"] == "Copy summary"
    assert any("/copy-summary." in script.get("src", "") for script in page.find_all("script"))  # content-hashed name
    rows = [words(row.dt) for row in summary.select(".summary-row")]
    for needed in (
        "Baclofen",
        "Frequency",
        "Duration",
        "Baclofen dose",
        "DSM-5 criteria met (past 12 months)",
        "Level of care",
        "Withdrawal setting",
        "Red flags",
        "To check",
    ):
        assert needed in rows, needed
    assert sum(row.startswith("Dimension ") for row in rows) == 6
    assert "questionnaire intake v" in words(summary)


@pytest.mark.parametrize("lang", LANGS)
def test_the_family_member_reads_what_they_can_do_today_first_then_more_in_one_fold(shared_app, lang):
    html = results_html(shared_app, lang, "family", "outpatient", "us")
    page = parse(html)
    main = page.find("main")
    today = main.select_one("section.family-today")
    library = shared_app.extensions["passage_library"]
    samhsa = next(s for s in library.helplines["us"]["services"] if s["kind"] == "family_line")
    # A line for the family member, CRAFT with its source, before the first fold and before the next step
    # (which no longer starts with "help them book"): the person may not want help yet.
    assert samhsa["number"] in words(today) and "tel:18006624357" in {a["href"] for a in today.select('a[href^="tel:"]')}
    assert "CRAFT" in words(today) and today.select_one("a.source-link")["href"].startswith("https://")
    assert today.find_parent("details") is None
    sections = [section["class"][0] for section in main.find_all("section", recursive=False)]
    assert sections.index("family-today") < sections.index("next-step")
    assert "tel:911" in {a["href"] for a in main.select_one("section.next-step").select('a[href^="tel:"]')}
    # One fold for the rest of the family's help: the two overlapping sections are one.
    assert len(main.select("section.family-help")) == 1 and main.select_one("details#helping-them section.family-help")
    # Addressed to the family member about "them": never "your plan" or "you take".
    if lang == "en":
        assert "Your plan" not in words(main)


def test_an_urgent_next_step_comes_before_what_a_family_member_can_do_today(shared_app):
    drowsy = {**RESULT_PLANS["hospital_withdrawal"][0], "sedation_episodes": "yes"}  # next step: a doctor today
    main = parse(results_html(shared_app, "en", "family", drowsy, "us")).find("main")
    assert "today" in words(main.select_one(".next-step-action"))
    sections = [section["class"][0] for section in main.find_all("section", recursive=False)]
    assert sections.index("next-step") < sections.index("family-today")
    assert step_first(main) and main.select_one("details#find-a-service section.find-service") is not None


def test_a_region_without_locators_still_says_where_to_find_a_service(shared_app):
    html = results_html(shared_app, "en", "self", "outpatient", "uk")
    section = parse(html).select_one("section.find-service")
    assert section.select_one("ul.service-list") is None  # the UK lists no verified locator or helpline yet: no empty box
    assert "A doctor or a pharmacist can say which addiction services exist nearby." in words(section)
    assert "What to ask for" in words(section)


def _with_group_services(app) -> None:
    """The United States with a support group, a family group and a naloxone service, as region data will list them."""
    services = app.extensions["passage_library"].helplines["us"]["services"]
    base = {"description": "d", "source": "samhsa-helpline", "checked": "2026-12-03"}
    services.append({**base, "kind": "support_group", "name": "Test Meetings", "links": {"en": "https://meetings.example/"}})
    services.append(
        {**base, "kind": "family_support_group", "name": "Test Family Groups", "links": {"en": "https://family.example/"}}
    )
    services.append({**base, "kind": "naloxone", "name": "Test Naloxone", "links": {"en": "https://naloxone.example/"}})


def test_the_regions_groups_and_naloxone_are_shown_where_they_help_and_nowhere_else(tmp_path):
    app = make_app(tmp_path)
    services = own_helplines(app)["us"]["services"]
    services[:] = [s for s in services if s["kind"] not in ("support_group", "family_support_group", "naloxone")]
    plain = parse(results_html(app, "en", "self", "outpatient", "us"))
    for absent in ("support_group", "family_support_group", "naloxone"):
        assert plain.select_one(f'li[data-kind="{absent}"]') is None  # the region lists none: no box at all
    _with_group_services(app)
    self_page = parse(results_html(app, "en", "self", "outpatient", "us"))
    supports = self_page.select_one("li.plan-card--supports")
    assert [a["href"] for a in supports.select("a.service-link")] == ["https://meetings.example/"]
    family_page = parse(results_html(app, "en", "family", "outpatient", "us"))
    family_card = {a["href"] for a in family_page.select_one("li.plan-card--supports").select("a.service-link")}
    # The groups for families are not repeated in the person's plan: the family member reads them under
    # "More on helping them" (and first of all in "What you can do today" when the region has no family line).
    assert family_card == {"https://meetings.example/"}
    helping = family_page.select_one("details#helping-them")
    assert "https://family.example/" in {a["href"] for a in helping.select("a.service-link")}
    # Naloxone for a family member: with what they can do today, only when opioids may be involved.
    assert family_page.select_one('section.family-today li[data-kind="naloxone"]') is None
    # In the plan, naloxone only when opioids may be involved.
    assert self_page.select_one('li.plan-card--supports li[data-kind="naloxone"]') is None
    with_opioids = {**RESULT_PLANS["outpatient"][0], "other_substances": ["alcohol", "opioids"]}
    opioids_page = parse(results_html(app, "en", "self", with_opioids, "us"))
    assert opioids_page.select_one('li.plan-card--supports li[data-kind="naloxone"]') is not None
    family_opioids = parse(results_html(app, "en", "family", with_opioids, "us"))
    assert family_opioids.select_one('section.family-today li[data-kind="naloxone"] a[href="https://naloxone.example/"]')


def test_the_helpline_of_the_next_step_is_named_not_repeated_where_to_find_a_service(shared_app):
    html = results_html(shared_app, "fr", "family", "hospital_withdrawal", "fr")
    page = parse(html)
    next_step_numbers = {a["href"] for a in page.select('section.next-step a[href^="tel:"]')}
    assert "tel:0800231313" in next_step_numbers  # Drogues Info Service, where a doctor is not a listed service
    section = page.select_one("section.find-service")
    assert section.select('a[href^="tel:"]') == []
    assert "Drogues Info Service, ci-dessus, connaît les services de la région" in words(section)


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        ("ca_other", "The region lists no line of that kind; this one can help instead."),  # 211, a finder, for the helpline
        # No helpline and no finder with a number: a verified line that advises today (NHS 111 in the UK).
        (
            "uk",
            "No line for this step in this region yet: a doctor or a pharmacist knows the services nearby, and this line advises today.",
        ),
        ("other", "No such line is listed for this region yet: a doctor or a pharmacist can say which services exist nearby."),
    ],
)
def test_a_next_step_to_a_helpline_the_region_lacks_still_says_where_to_turn(shared_app, region, expected):
    next_step = parse(results_html(shared_app, "en", "self", "outpatient", region)).select_one("section.next-step")
    assert expected in words(next_step)
    if region != "other":
        assert next_step.select_one('.next-step-contact a[href^="tel:"]') is not None  # a number to tap


@pytest.mark.parametrize("lang", LANGS)
def test_each_answer_is_cited_once_and_changed_from_your_answers_only(shared_app, lang):
    # Each reason used to repeat its whole list of answers, with a change link for each: the page ran to thousands
    # of words and a screen reader's list of links named the same questions again and again.
    page = parse(results_html(shared_app, lang, "self", "residential"))
    why = page.find("details", id="why")
    cited = [words(li) for li in why.select("ul.reason-answer-list > li")]
    assert cited, "the plan's reasons cite the answers they rest on"
    assert len(cited) == len(set(cited))
    options = page.find("details", id="other-options")
    assert not options.select("ul.reason-answer-list") and not options.select("a[href*='return=check']")
    assert not why.select("a[href*='return=check']")
    answers = page.find("details", id="answers")
    changes = answers.select("a[href*='return=check']")
    assert len(changes) == len({link["href"] for link in changes}) >= 10  # one per topic
    for link in changes:  # named "Change <topic>" for a screen reader, without writing the topic twice
        named = [page.find(id=part) for part in link["aria-labelledby"].split()]
        assert named[0] is link and named[1].name == "h3"


def test_your_answers_lists_each_answer_once_under_its_topic_in_questionnaire_order(shared_app):
    answers = RESULT_PLANS["residential"][0]
    page = parse(results_html(shared_app, "en", "self", "residential")).find("details", id="answers")
    questionnaire = shared_app.extensions["passage_library"].questionnaires["intake"]
    listed = []
    for topic in page.select("div.answer-topic"):
        page_id = topic.h3["id"].removeprefix("t-")
        assert topic.a["href"] == f"/en/intake/questions/{page_id}?return=check"  # its own page, back to check
        assert words(topic.h3) == questionnaire.page(page_id).title.for_perspective("self")
        rows = topic.find_next_sibling("dl").select("div.summary-row")
        assert rows, page_id
        listed += [(page_id, words(row.dt)) for row in rows]
    kept, shown_ids = applying_answers(questionnaire, answers)
    given = [item_id for item_id in shown_ids if item_id in kept]  # the set's answers (the visitor may add more)
    assert len(listed) == len(set(listed)) >= len(given)  # each answer once
    pages = [page.id for page in questionnaire.pages]
    topics = [page_id for page_id, _ in listed]
    assert topics == sorted(topics, key=pages.index)  # in questionnaire order
    assert len(page.select("div.answer-topic")) == len(set(topics))  # each topic once, all its answers under it
    assert {questionnaire.page_of(item_id).id for item_id in given} <= set(topics)


def test_the_fold_of_every_number_is_worded_for_whether_the_person_chose_another_country(shared_app):
    """The fold is made once per process for a region (app/i18n/templating.all_numbers_in_template); for
    "another country" it also says whether the person chose it, so one made for the other case is never reused."""
    chose = parse(results_html(shared_app, "en", "self", "outpatient", "other")).select_one("details#all-numbers")
    assert "We do not list phone numbers for your country" in words(chose)
    did_not = parse(results_html(shared_app, "en", "self", "outpatient")).select_one("details#all-numbers")  # no region
    assert "You have not said where you are" in words(did_not) and "We do not list" not in words(did_not)
