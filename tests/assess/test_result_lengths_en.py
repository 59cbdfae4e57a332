"""Issue 26's length targets for every published case in English, three perspectives (tests/support/result_lengths.py):
at most 600 words before the first fold, 2,500 in <main> with every fold open, 35 KB of HTML, 600 words on the check
page. The French pages are checked by test_result_lengths_fr.py."""

from __future__ import annotations

import pytest

from tests.support.apps import make_app
from tests.support.result_lengths import CASES, PERSPECTIVES, case_plan, check_lengths, walked_answers
from tests.support.visitor import Visitor


@pytest.fixture(scope="module")
def lengths_app(tmp_path_factory):
    return make_app(tmp_path_factory.mktemp("lengths"))


@pytest.mark.parametrize("perspective", PERSPECTIVES)
@pytest.mark.parametrize("case_id", CASES)
def test_the_english_result_is_short_enough_to_read(lengths_app, case_id, perspective):
    assert check_lengths(lengths_app, "en", case_id, perspective) == []


# Cases whose walks take the calm defaults, conditional pages and "I don't know" answers.
WALKED = ("at-risk-drinking-no-disorder-niaaa-guide", "family-son-unknown-seizure-history-nice-cg115")


@pytest.mark.parametrize("case_id", WALKED)
def test_the_walk_and_the_seeded_session_hold_the_same_answers(lengths_app, case_id):
    """The shortcut of result_lengths.py against a real walk through the form (tests/support/visitor.py)."""
    library = lengths_app.extensions["passage_library"]
    questionnaire, rules = library.questionnaires["intake"], library.rules["intake"]
    plan = case_plan(case_id, questionnaire)
    visitor = Visitor(lengths_app.test_client())
    visitor.finish_intake("en", "family", plan)
    with visitor.client.session_transaction() as session:
        walked = session[f"progress:{questionnaire.id}"]["answers"]
    assert walked_answers(questionnaire, rules, plan, "family") == (walked, False)
