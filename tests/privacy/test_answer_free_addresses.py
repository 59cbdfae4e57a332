"""Page addresses never reveal answers (issue 14, item 3).

A browser history or a proxy log sees the address of every page. The help a
person reaches because of an answer (the emergency page, crisis help) has the
same address as the one anyone can open from the home page; only the person's
own session adds a way back to the questions.
"""

from __future__ import annotations

import pytest

from tests.support.people import walked

MILD_STABLE = walked("mild_stable")
REGION_OF = {"en": "us", "fr": "fr"}  # ticked on the start form


def _address(visitor) -> str:
    """The full address the browser shows (path and query)."""
    request = visitor.page.request
    query = request.query_string.decode()
    return request.path + (f"?{query}" if query else "")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_emergency_from_an_answer_has_the_address_of_the_emergency_page(visitor, lang):
    visitor.start(lang, region=REGION_OF[lang])
    visitor.submit(f"/{lang}/intake/questions/right_now", {"danger_now": "breathing"})
    assert visitor.page.status_code == 200
    assert _address(visitor) == f"/{lang}/emergency"
    # The person who answered is still offered to correct a mistaken answer.
    assert f'href="/{lang}/intake/questions/right_now"' in visitor.html()
    # And the results, asked for later, send back to that same address.
    visitor.get(f"/{lang}/intake/results", follow_redirects=True)
    assert _address(visitor) == f"/{lang}/emergency"


def test_emergency_page_opened_directly_has_no_way_back_to_answers(visitor):
    visitor.get("/en/emergency")
    assert visitor.page.status_code == 200
    assert "Possible overdose: what to do now" in visitor.text()
    assert "Change my answer" not in visitor.text()
    # Someone who started but raised no emergency is not told they did.
    visitor.start(region="us")
    visitor.get("/en/emergency")
    assert "Change my answer" not in visitor.text()


def test_crisis_help_from_an_answer_has_the_address_of_the_crisis_page(visitor):
    visitor.start(region="us")
    where = visitor.answer_until_done({**MILD_STABLE, "suicidal_thoughts": "yes", "suicidal_plan": "yes"})
    assert where == "/en/crisis"
    assert _address(visitor) == "/en/crisis"
    assert "Continue the questions" in visitor.text()
    visitor.get("/en/crisis")  # the same page, opened again from the history, keeps the way on
    assert "Continue the questions" in visitor.text()


def test_crisis_page_opened_directly_offers_no_questions(visitor):
    visitor.get("/en/crisis")
    assert visitor.page.status_code == 200
    assert "You don't have to go through this alone" in visitor.text()
    assert "Continue the questions" not in visitor.text()
    visitor.start(region="us")
    visitor.answer_until_done({**MILD_STABLE, "suicidal_thoughts": "no"})
    visitor.get("/en/crisis")
    assert "Continue the questions" not in visitor.text()


def test_old_crisis_address_of_the_questionnaire_leads_to_the_one_address(visitor):
    page = visitor.get("/en/intake/crisis")
    assert page.status_code == 301
    assert page.headers["Location"].endswith("/en/crisis")
