"""Results speak to whoever is asking: the person, a family member, a professional.

Mechanics on the tiny fixture questionnaire; the real questionnaire's wording
for each perspective is covered in test_intake_flow.py.
"""

from __future__ import annotations


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
    assert "Suggestions for the person you are worried about" in text
    assert "How you can support them" in text
    assert "CRAFT (Community Reinforcement and Family Training)" in text
    assert "Al-Anon" in text and "Nar-Anon" in text and "SMART Recovery Family & Friends" in text
    assert "Looking after yourself" in text
    assert "Summary for a clinical note" not in text


def test_family_member_who_does_not_know_is_told_how_unknowns_were_treated(mini_visitor):
    walk(mini_visitor, "family", often="unknown")
    text = mini_visitor.text()
    assert "What you did not know" in text
    assert "You answered “I don't know” to 1 question." in text
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
    criteria = mini_app.extensions["passage_library"].rules["intake"].severity.criteria
    assert "Intake summary and suggested pathways" in text
    assert "Summary for a clinical note" in text
    # The number of criteria is the rules' own, never one typed into the template.
    assert f"Substance use criteria endorsed (past 12 months): 0 of {len(criteria)}," in text
    assert "How you can support them" not in text


def test_person_asking_for_themselves_gets_neither_family_nor_clinical_sections(mini_visitor):
    walk(mini_visitor, "self")
    text = mini_visitor.text()
    assert "Your suggestions" in text
    assert "How you can support them" not in text
    assert "Summary for a clinical note" not in text


def test_unknown_perspective_is_refused_with_a_message(mini_visitor):
    mini_visitor.get("/en/intake/start")
    page = mini_visitor.submit("/en/intake/start", {"perspective": "neighbour"})
    assert page.status_code == 400
    assert "Select who the questions are about" in mini_visitor.text()
