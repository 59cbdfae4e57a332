"""A stored assessment reads back as the very assessment that was stored (counselor records rely on it)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings

from app.engine import assess
from app.engine.stored import assessment_from_dict, worded_for
from tests.support.answer_sets import answer_sets
from tests.support.people import answers, intake

QUESTIONNAIRE, RULES = intake()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(answer_sets(QUESTIONNAIRE, RULES))
def test_an_assessment_survives_a_trip_through_json(drawn):
    perspective, answer_set = drawn
    assessment = assess(QUESTIONNAIRE, RULES, answer_set, perspective)
    stored = json.loads(json.dumps(assessment.to_dict()))  # as a JSON column gives it back
    assert assessment_from_dict(stored) == assessment


def test_a_record_stored_before_later_plan_fields_still_reads():
    stored = json.loads(json.dumps(assess(QUESTIONNAIRE, RULES, answers(), "counselor").to_dict()))
    for newer in ("notes", "level_asked", "safety_level", "not_counted"):
        del stored["plan"][newer]
    read = assessment_from_dict(stored)
    assert read.plan is not None and read.plan.notes == () and read.plan.safety_level == "self_help"


def test_the_next_step_is_worded_again_for_the_client():
    for_counselor = assess(QUESTIONNAIRE, RULES, answers(), "counselor")
    for_client = assess(QUESTIONNAIRE, RULES, answers(), "self")
    assert for_counselor.plan.next_step.text != for_client.plan.next_step.text
    assert worded_for(for_counselor, RULES, "self") == for_client
