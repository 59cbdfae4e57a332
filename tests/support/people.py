"""The people tests and benchmarks answer as (people.yaml), and how they walk a live server.

Each person is the low-risk baseline with only what is different about them changed, so a test reads
as their story: `answers(*MILD, housing="unstable")`. benchmarks/run.py sets up its person and its
counselor here too, over HTTP (visitor.LiveClient), so the load replays what a real browser sent.
"""

from __future__ import annotations

import functools
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from app.engine import assess, first_unanswered_page, load_library, relevant_answers, visible_items
from tests.support import html_page
from tests.support.visitor import LiveClient, Visitor

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = yaml.safe_load((Path(__file__).with_name("people.yaml")).read_text(encoding="utf-8"))

CRITERIA: tuple[str, ...] = tuple(PEOPLE["criteria"])
BASELINE: dict[str, Any] = {**PEOPLE["baseline"], **{criterion: "no" for criterion in CRITERIA}}
MILD, MODERATE, SEVERE = (tuple(PEOPLE["signs"][name]) for name in ("mild", "moderate", "severe"))
HEAVY: dict[str, Any] = PEOPLE["heavy_daily_with_alcohol"]

PERSPECTIVES = ("self", "family", "counselor")
LANGS = ("en", "fr")
STOPS = {"emergency", "crisis"}  # the red-flag kinds that end the questionnaire early
COUNSELOR_EMAIL = "bench-admin@example.org"
COUNSELOR_PASSWORD = "benchmark only, a long passphrase"


@functools.cache
def intake() -> tuple[Any, Any]:
    """The real intake questionnaire and its rules (questionnaires/), loaded once per process."""
    library = load_library(ROOT / "questionnaires")
    return library.questionnaires["intake"], library.rules["intake"]


def answers(*signs: str, **changes: Any) -> dict[str, Any]:
    """The baseline, with these criteria answered yes and these other answers changed."""
    return {**BASELINE, **{sign: "yes" for sign in signs}, **changes}


def _result_plan(person: dict) -> tuple[dict[str, Any], tuple[str | None, str]]:
    signs = PEOPLE["signs"][person["signs"]] if "signs" in person else ()
    level, withdrawal = person["plan"]
    return answers(*signs, **person.get("changes", {})), (level, withdrawal)


def walked(name: str) -> dict[str, Any]:
    """What this person of people.yaml's `walked` answers (a copy); the Visitor answers the rest calmly."""
    return dict(PEOPLE["walked"][name])


# plan name -> (answers, (level, withdrawal) they must lead to)
RESULT_PLANS = {name: _result_plan(person) for name, person in PEOPLE["result_plans"].items()}


def candidates(item) -> list[Any]:
    """The answers to try for an item, calm ones ("none", "no", the lowest number) first."""
    if item.kind == "number":
        return [item.minimum, item.maximum]
    if item.kind == "yes_no":
        return ["no", "yes"]
    values = [option.value for option in item.options]
    if item.kind == "multiple":
        return [[option.value] for option in item.options if option.exclusive] + [[value] for value in values]
    return values


def stops(questionnaire, rules, answers: dict[str, Any]) -> bool:
    """Whether these answers end the questionnaire early (an emergency or crisis red flag)."""
    return bool({flag.kind for flag in assess(questionnaire, rules, answers).red_flags} & STOPS)


def complete_answers(questionnaire, rules, given: dict[str, Any] | None = None, optional: bool = False) -> dict[str, Any]:
    """`given`, and every other question the flow then shows (the optional ones too if `optional`)
    answered with the first candidate that stops nothing: a set that reaches the results, on any
    questionnaire."""
    done = dict(given or {})
    pages = questionnaire.pages if optional else iter(lambda: first_unanswered_page(questionnaire, rules, done), None)
    for page in pages:
        shown = set(visible_items(questionnaire, done))
        for item in page.items:
            if item.id in shown and item.id not in done:
                options = candidates(item)
                done[item.id] = next((v for v in options if not stops(questionnaire, rules, {**done, item.id: v})), options[0])
    return relevant_answers(questionnaire, done)


def bench_answers(questionnaire, rules) -> dict[str, Any]:
    """The benchmark person's complete answers (heavy daily use with alcohol)."""
    return complete_answers(questionnaire, rules, HEAVY, optional=True)


def page_answers(questionnaire, given: dict[str, Any], page_id: str) -> dict[str, Any]:
    """The form fields of one question page for these answers."""
    shown = set(visible_items(questionnaire, given))
    page = questionnaire.page(page_id)
    return {item.id: given[item.id] for item in page.items if item.id in shown and item.id in given}


@dataclass
class Person:
    visitor: Visitor
    answers: dict[str, Any]
    questionnaire: Any


def walk_questionnaire(base: str, perspective: str, visitor: Visitor | None = None) -> Person:
    """The benchmark person answers every page of a live server, in English, until check answers."""
    questionnaire, rules = intake()
    given = bench_answers(questionnaire, rules)
    visitor = visitor or Visitor(LiveClient(base))
    visitor.finish_intake("en", perspective, given)
    return Person(visitor, given, questionnaire)


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
    visitor = Visitor(LiveClient(base))
    visitor.get("/en/counsel/sign-in")
    visitor.submit("/en/counsel/sign-in", {"email": COUNSELOR_EMAIL, "password": COUNSELOR_PASSWORD})
    if visitor.path() != "/en/counsel/":
        raise RuntimeError(f"the benchmark counselor could not sign in (ended on {visitor.path()})")
    walk_questionnaire(base, "counselor", visitor)
    visitor.get("/en/counsel/records/new/intake")
    form_token = html_page.field_value(visitor.html(), "form_token")
    visitor.submit("/en/counsel/records/new/intake", {"code": "BENCH-1", "notes": "", "form_token": form_token})
    if not visitor.path().startswith("/en/counsel/records/"):
        raise RuntimeError(f"saving the benchmark record ended on {visitor.path()}")
    return visitor, visitor.path()
