"""What an assessment is made of (app/engine/values.py): read-only to the type checker, which `make check`
runs on the engine, and equal and hashed by their fields, as frozen dataclasses were."""

from __future__ import annotations

import os
from pathlib import Path

from mypy import api

from app.engine.assessment import Assessment, RedFlag
from app.engine.conditions import Facts
from app.engine.plan import HeldFloor, Plan
from app.engine.reasons import Reason

ROOT = Path(__file__).resolve().parents[2]

ASSIGNMENTS = """
from app.engine.assessment import Assessment, RedFlag
from app.engine.conditions import Facts
from app.engine.plan import HeldFloor, Plan
from app.engine.reasons import Reason


def change(reason: Reason, facts: Facts, flag: RedFlag, held: HeldFloor, plan: Plan, assessment: Assessment) -> None:
    reason.answers = ()
    facts.severity = "none"
    flag.kind = "safety"
    held.safety = False
    plan.level = "self_help"
    assessment.plan = None
"""


def test_code_that_changes_an_assessment_does_not_pass_the_type_checker(tmp_path):
    module = tmp_path / "changes_an_assessment.py"
    module.write_text(ASSIGNMENTS)
    cwd = Path.cwd()
    os.chdir(ROOT)  # mypy finds `app` from the project's folder
    try:
        report, _errors, status = api.run(["--strict", "--follow-imports=silent", "--cache-dir", os.devnull, str(module)])
    finally:
        os.chdir(cwd)
    assert status == 1, report
    refused = [line for line in report.splitlines() if "is read-only" in line]
    assert len(refused) == ASSIGNMENTS.count(" = "), report


def test_values_are_equal_and_hashed_by_their_fields():
    reason = Reason("rule-a", "A text.", ("item_a", "item_b"), "source-a")
    same = Reason("rule-a", "A text.", ("item_a", "item_b"), "source-a")
    other = Reason("rule-a", "A text.", ("item_a",), "source-a")
    assert reason == same and hash(reason) == hash(same)
    assert reason != other
    assert len({reason, same, other}) == 2
    assert RedFlag("medical", reason) == RedFlag("medical", same)
    assert {HeldFloor("floor-a", "level", "outpatient", True, reason)} == {
        HeldFloor("floor-a", "level", "outpatient", True, same)
    }
    assert Facts({"item_a": "yes"}) == Facts({"item_a": "yes"}) != Facts({"item_a": "no"})
    assert Assessment.__slots__ and Plan.__slots__  # no instance dict: the fields are all it holds
