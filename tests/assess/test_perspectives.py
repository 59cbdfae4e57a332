"""Results speak to whoever is asking: the person, a family member, a professional.

Mechanics on the tiny fixture questionnaire; the real questionnaire's wording
for each perspective is covered in test_intake_flow.py.
"""

from __future__ import annotations

from tests.support import html_page


def walk(visitor, perspective, often="weekly", lang="en"):
    visitor.get(f"/{lang}/intake/start")
    visitor.submit(f"/{lang}/intake/start", {"perspective": perspective})
    visitor.submit(f"/{lang}/intake/questions/right_now", {"danger": "none"})
    visitor.submit(f"/{lang}/intake/questions/use", {"often": often, "days": "3"})
    visitor.submit(f"/{lang}/intake/questions/mood", {"plan": "no"})
    return visitor.get(f"/{lang}/intake/results")


def test_family_member_gets_support_advice_and_family_groups(mini_visitor):
    walk(mini_visitor, "family")
    text = mini_visitor.text()
    assert "A plan for the person you are worried about" in text
    page = html_page.parse(mini_visitor.html())
    today = html_page.words(page.select_one("section.family-today"))  # first, before the folded details
    assert today.startswith("What you can do today")
    assert "Community Reinforcement and Family Training" in today and "CRAFT" in today
    assert "choose a calm moment" in today
    helping = html_page.words(page.select_one("details#helping-them"))  # the longer advice, in one fold
    assert "Al-Anon" in helping and "Nar-Anon" in helping and "SMART Recovery Family & Friends" in helping
    assert "Looking after yourself" in helping
    assert page.select_one("section.family-support") is None and "How you can support them" not in text
    assert "Clinical summary" not in text


def test_family_member_who_does_not_know_is_told_how_unknowns_were_treated(mini_visitor):
    walk(mini_visitor, "family", often="unknown")
    text = mini_visitor.text()
    assert "What you did not know" in text
    assert "You answered “I don't know” to 1 question:" in text
    assert "How often do they use?" in text  # the question listed, worded for the family


def test_unknown_is_not_offered_to_the_person_about_themselves(mini_visitor):
    mini_visitor.get("/en/intake/start")
    mini_visitor.submit("/en/intake/start", {"perspective": "self"})
    mini_visitor.submit("/en/intake/questions/right_now", {"danger": "none"})
    assert "I don't know" not in mini_visitor.text()
    page = mini_visitor.submit("/en/intake/questions/use", {"often": "unknown", "days": "3"})
    assert page.status_code == 400
    assert "That answer is not one of the choices" in mini_visitor.text()


def test_professional_gets_a_clinical_note_summary(mini_app, mini_visitor):
    walk(mini_visitor, "counselor")
    text = mini_visitor.text()
    assert "Intake summary" in text
    assert "Clinical summary" in text
    # The count of criteria comes from the rules (the fixture has one), never from a typed number.
    summary = html_page.parse(mini_visitor.html()).select_one("#clinical-summary")
    rows = {html_page.words(row.dt): html_page.words(row.dd) for row in summary.select(".summary-row")}
    assert rows["DSM-5 criteria met (past 12 months)"].startswith("0 of 1:")
    assert "How you can help them" not in text and "How you can support them" not in text


def test_person_asking_for_themselves_gets_neither_family_nor_clinical_sections(mini_visitor):
    walk(mini_visitor, "self")
    text = mini_visitor.text()
    assert "Your plan" in text
    assert "How you can support them" not in text and "How you can help them" not in text
    assert "Clinical summary" not in text


def test_unknown_perspective_is_refused_with_a_message(mini_visitor):
    mini_visitor.get("/en/intake/start")
    page = mini_visitor.submit("/en/intake/start", {"perspective": "neighbour"})
    assert page.status_code == 400
    assert "Select who the questions are about" in mini_visitor.text()
