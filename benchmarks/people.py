"""The people the benchmark sets up before the load: someone who finished the
questionnaire, and a counselor with one saved record.

Their cookies and CSRF tokens are then replayed by the load tool, so every
request under load is one a real browser could have sent.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.engine import assess, load_library, visible_items

from .visitor import Page, Visitor

ROOT = Path(__file__).resolve().parent.parent

# A realistic heavy answer set (daily misuse mixed with alcohol, withdrawal signs): the
# results page then has a full plan, flags and reasons to render.
PLAN: dict[str, Any] = {
    "danger_now": ["none"],
    "baclofen_use": "more_than_prescribed",
    "other_substances": ["alcohol"],
    "use_frequency": "daily",
    "use_duration": "over_year",
    "taken_together": "yes",
    "more_than_meant": "yes",
    "cut_down": "yes",
    "craving": "yes",
    "tolerance": "yes",
    "withdrawal_symptoms": "yes",
    "withdrawal_unwell": "yes",
    "needs_to_feel_normal": "yes",
    "pregnancy": "not_applicable",
    "change_readiness": "ready",
    "housing": "stable",
    "supportive_person": "yes",
    "daily_responsibilities": ["children"],
    "can_step_away": "no",
}
STOPS = {"emergency", "crisis"}
COUNSELOR_EMAIL = "bench-admin@example.org"
COUNSELOR_PASSWORD = "benchmark only, a long passphrase"


def _candidates(item) -> list[Any]:
    """The plan's answer first, then calm ones ("none", "no"), then every other."""
    if item.kind == "yes_no":
        calm: list[Any] = ["no", "yes"]
    elif item.kind == "multiple":
        calm = [[o.value] for o in item.options if o.exclusive] + [[o.value] for o in item.options]
    elif item.kind == "number":
        calm = [item.minimum]
    else:
        calm = [o.value for o in item.options]
    return ([PLAN[item.id]] if item.id in PLAN else []) + calm


def bench_answers(questionnaire, rules) -> dict[str, Any]:
    """A complete answer set that reaches the results (no emergency or crisis stop)."""
    answers: dict[str, Any] = {}
    for page in questionnaire.pages:
        for item in page.items:
            if item.id not in visible_items(questionnaire, answers):
                continue
            for candidate in _candidates(item):
                trial = {**answers, item.id: candidate}
                if not {flag.kind for flag in assess(questionnaire, rules, trial).red_flags} & STOPS:
                    answers = trial
                    break
    return answers


def page_answers(questionnaire, answers: dict[str, Any], page_id: str) -> dict[str, Any]:
    """The form fields of one question page for these answers."""
    shown = set(visible_items(questionnaire, answers))
    page = questionnaire.page(page_id)
    return {item.id: answers[item.id] for item in page.items if item.id in shown and item.id in answers}


@dataclass
class Person:
    visitor: Visitor
    answers: dict[str, Any]
    questionnaire: Any


def walk_questionnaire(base: str, perspective: str, visitor: Visitor | None = None) -> Person:
    """Answer every page as a person does, until check answers; fails loudly if anything else happens."""
    library = load_library(ROOT / "questionnaires")
    questionnaire, rules = library.questionnaires["intake"], library.rules["intake"]
    answers = bench_answers(questionnaire, rules)
    visitor = visitor or Visitor(base)
    page = visitor.submit(visitor.open("/en/intake/start"), {"perspective": perspective})
    for _ in range(len(questionnaire.pages) + 1):
        if not page.path.startswith("/en/intake/questions/"):
            break
        page = visitor.submit(page, page_answers(questionnaire, answers, page.path.rsplit("/", 1)[1]))
    if page.path != "/en/intake/check":
        raise RuntimeError(f"the walk through the questionnaire ended on {page.path}, not on check answers")
    return Person(visitor, answers, questionnaire)


def create_counselor(env: dict[str, str]) -> None:
    """An organization and its admin, in the benchmark's own database (the project's CLI)."""
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "counselors", "create-admin"]
        + ["--organization", "Benchmark CSAPA", "--email", COUNSELOR_EMAIL],
        input=COUNSELOR_PASSWORD + "\n",
        text=True,
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )


def counselor_record(base: str) -> tuple[Visitor, str]:
    """Sign in, run an intake with a client, save it: the signed-in visitor and the record's path."""
    visitor = Visitor(base)
    signed_in = visitor.submit(visitor.open("/en/counsel/sign-in"), {"email": COUNSELOR_EMAIL, "password": COUNSELOR_PASSWORD})
    if signed_in.path != "/en/counsel/":
        raise RuntimeError(f"the benchmark counselor could not sign in (ended on {signed_in.path})")
    walk_questionnaire(base, "counselor", visitor)
    form: Page = visitor.open("/en/counsel/records/new/intake")
    saved = visitor.submit(form, {"code": "BENCH-1", "notes": "", "form_token": form.hidden("form_token")})
    if not saved.path.startswith("/en/counsel/records/"):
        raise RuntimeError(f"saving the benchmark record ended on {saved.path}")
    return visitor, saved.path
