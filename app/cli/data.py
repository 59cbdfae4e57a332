"""`flask questionnaires check`, `flask assess`, `flask cases`, `flask validation`: the data files and the engine."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click
from flask.cli import AppGroup, with_appcontext

from ..engine import assess, clean_answers, load_library, validation
from ..engine.loader import QuestionnaireError
from ..engine.published_cases import CASES_DIR, agreement_table, check_case, load_cases
from ..web.library import get_library


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(1)


@click.group("questionnaires", cls=AppGroup)
def questionnaires_group():
    """Questionnaire and rule files."""


@questionnaires_group.command("check")
@click.option("--folder", type=click.Path(exists=True, file_okay=False), help="Check another folder.")
def check(folder):
    """Validate every questionnaire, rule, source and helpline file."""
    try:
        library = load_library(folder) if folder else get_library()
    except QuestionnaireError as error:
        click.echo(f"Invalid: {error}", err=True)
        sys.exit(1)
    for questionnaire in library.questionnaires.values():
        rules = library.rules[questionnaire.id]
        click.echo(
            f"{questionnaire.id} v{questionnaire.version}: {len(questionnaire.pages)} pages, "
            f"{len(questionnaire.items_by_id)} items; {rules.id} v{rules.version}: "
            f"{len(rules.all_rule_ids())} rules"
        )
    regional = ", ".join(library.regional_french) or "none"
    click.echo(f"{len(library.sources)} sources, regional French {regional}, {len(library.helplines)} regions: all valid")


def _read_answers_file(answers_file: Any) -> dict[str, Any]:
    try:
        data = json.load(answers_file)
    except json.JSONDecodeError as error:
        _fail(f"Not valid JSON: {error}")
    if not isinstance(data, dict):
        _fail("The file must hold a JSON object.")
    return data


@click.command("assess")
@click.argument("answers_file", type=click.File("r", encoding="utf-8"))
@click.option("--questionnaire", "questionnaire_id", default=None, help="Questionnaire id (default: from the file, else intake).")
@click.option("--perspective", default=None, help="self, family or counselor (default: from the file, else self).")
@with_appcontext
def assess_command(answers_file, questionnaire_id, perspective):
    """Print the assessment of a JSON file of answers.

    The file holds either {"answers": {...}, "questionnaire": ..., "perspective": ...}
    or just the answers mapping (item id -> value).
    """
    data = _read_answers_file(answers_file)
    answers = data.get("answers", data) if "answers" in data else data
    questionnaire_id = questionnaire_id or data.get("questionnaire") or "intake"
    perspective = perspective or data.get("perspective") or "self"
    library = get_library()
    if questionnaire_id not in library.questionnaires:
        _fail(f"Unknown questionnaire '{questionnaire_id}'.")
    questionnaire, rules = library.questionnaires[questionnaire_id], library.rules[questionnaire_id]
    if perspective not in questionnaire.perspectives:
        _fail(f"Unknown perspective '{perspective}'.")
    clean, problems = clean_answers(questionnaire, rules, answers, perspective)
    if problems:
        for problem in problems:
            click.echo(
                f"{problem.item}: {problem.code}" + (f" ({problem.detail})" if problem.detail is not None else ""), err=True
            )
        sys.exit(1)
    click.echo(json.dumps(assess(questionnaire, rules, clean, perspective).to_dict(), indent=2, ensure_ascii=False))


@click.command("cases")
@click.option("--folder", type=click.Path(exists=True, file_okay=False), default=str(CASES_DIR), help="Another folder of cases.")
@click.option("--strict", is_flag=True, help="Exit with status 1 when any case disagrees.")
@with_appcontext
def cases_command(folder, strict):
    """Compare the published validation cases with the engine's plan (agreement table)."""
    library = get_library()
    questionnaire, rules = library.questionnaires["intake"], library.rules["intake"]
    results = [check_case(case, questionnaire, rules) for case in load_cases(Path(folder))]
    for row in agreement_table(results):
        click.echo(row)
    if strict and not all(result.agrees for result in results):
        sys.exit(1)


def validation_folder(folder: str | None) -> Path:
    """The vignettes: --folder, else $PASSAGE_VALIDATION_DIR, else ../shared/validation beside the repository."""
    return Path(folder or os.environ.get("PASSAGE_VALIDATION_DIR") or validation.VALIDATION_DIR)


@click.command("validation")
@click.option("--folder", default=None, help="The validation folder (default: ../shared/validation beside the repository).")
@click.option("--strict", is_flag=True, help="Exit with status 1 below 90% plan agreement or 100% red-flag agreement.")
@with_appcontext
def validation_command(folder, strict):
    """Score the held-out validation vignettes against the engine (agreement table)."""
    path = validation_folder(folder)
    if not (path / "expectations.json").is_file():
        _fail(f"No validation vignettes at {path}: pass --folder or set PASSAGE_VALIDATION_DIR.")
    library = get_library()
    results = validation.score_all(path, library.questionnaires["intake"], library.rules["intake"])
    for row in validation.agreement_table(results):
        click.echo(row)
    if strict and (validation.percent(results, "plan_agrees") < 90 or validation.percent(results, "flags_agree") < 100):
        sys.exit(1)
