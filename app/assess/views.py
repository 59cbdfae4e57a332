"""Routes of the questionnaire flow.

Answers travel only in POST bodies and live only in the encrypted session;
results are computed on each request and stored nowhere.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from ..engine import (
    PERSPECTIVES,
    assess,
    clean_item_answer,
    first_unanswered_page,
    pages_until_stop,
    relevant_answers,
    visible_items,
    visible_pages,
)
from ..engine.flow import raised_pause, raised_stop
from ..engine.model import Page
from ..forms import CsrfForm
from ..questionnaire_urls import bind_questionnaire_urls
from .messages import problem_message
from .navigation import flash_if_expired
from .navigation import next_url as _next_url
from .progress import Progress, clear_progress, current_progress, save_progress

bp = Blueprint("assess", __name__, url_prefix="/<lang_code>/<questionnaire_id>")
bind_questionnaire_urls(bp)


def _restart_redirect():
    """Send someone with no answers in progress to the start, saying why when it helps."""
    if not flash_if_expired():
        flash(_("Please start from the beginning."))
    return redirect(url_for("assess.start"))


@bp.route("/start", methods=["GET", "POST"])
def start():
    form = CsrfForm()
    perspectives = [p for p in PERSPECTIVES if p in g.questionnaire.perspectives]
    error = None
    if request.method == "POST":
        chosen = request.form.get("perspective")
        if not form.validate():
            error = _("This page was open for too long. Please choose again.")
        elif chosen not in perspectives:
            error = _("Select who the questions are about")
        else:
            progress = Progress(perspective=chosen, version=g.questionnaire.version, started=True)
            save_progress(g.questionnaire.id, progress)
            first = visible_pages(g.questionnaire, {})[0]
            return redirect(url_for("assess.question_page", page_id=first.id))
    progress = current_progress()
    chosen = request.form.get("perspective") or (progress.perspective if progress.started else None)
    return render_template("assess/start.html", form=form, perspectives=perspectives, chosen=chosen, error=error), (
        400 if error else 200
    )


def _position(page: Page, answers: dict) -> tuple[int, int]:
    pages = [p.id for p in visible_pages(g.questionnaire, answers)]
    return pages.index(page.id) + 1, len(pages)


def _previous_page(page: Page, answers: dict) -> str:
    pages = visible_pages(g.questionnaire, answers)
    ids = [p.id for p in pages]
    index = ids.index(page.id)
    if index == 0:
        return url_for("assess.start")
    return url_for("assess.question_page", page_id=ids[index - 1])


def _page_raw_values(page: Page, shown: set[str]) -> dict[str, Any]:
    """What the person sent for this page, as sent (to show it back on an error)."""
    values: dict[str, Any] = {}
    for item in page.items:
        if item.id not in shown:
            continue
        values[item.id] = request.form.getlist(item.id) if item.kind == "multiple" else request.form.get(item.id)
    return values


def _render_page(page: Page, progress: Progress, values: dict, errors: dict, form, notice: str | None = None):
    shown = set(visible_items(g.questionnaire, progress.answers))
    items = [item for item in page.items if item.id in shown]
    step, total = _position(page, progress.answers)
    total_changed = 0 < progress.shown_total != total
    if progress.shown_total != total:
        progress.shown_total = total
        save_progress(g.questionnaire.id, progress)
    status = 400 if errors or notice else 200
    return render_template(
        "assess/question.html",
        page=page,
        items=items,
        values=values,
        errors=errors,
        form=form,
        notice=notice,
        step=step,
        total=total,
        total_changed=total_changed,
        back_url=url_for("assess.check") if request.values.get("return") == "check" else _previous_page(page, progress.answers),
        return_to=request.values.get("return") == "check",
        perspective=progress.perspective,
    ), status


def _out_of_turn(page: Page, answers: dict):
    """A redirect when this page may not be shown now (not applicable, or earlier pages open), else None."""
    if page.id not in [p.id for p in visible_pages(g.questionnaire, answers)]:
        return redirect(next_url(answers))  # this topic does not apply given the answers so far
    reachable_ids = [p.id for p in pages_until_stop(g.questionnaire, g.rules, answers)[0]]
    first_open = first_unanswered_page(g.questionnaire, g.rules, answers)
    if page.id not in reachable_ids or (
        first_open is not None and reachable_ids.index(page.id) > reachable_ids.index(first_open.id)
    ):
        flash(_("Please answer these questions first."))
        return redirect(next_url(answers))
    return None


@bp.route("/questions/<page_id>", methods=["GET", "POST"])
def question_page(page_id: str):
    page = g.questionnaire.page(page_id)
    if page is None:
        abort(404, description="page")
    progress = current_progress()
    if not progress.started:
        return _restart_redirect()
    elsewhere = _out_of_turn(page, progress.answers)
    if elsewhere is not None:
        return elsewhere
    form = CsrfForm()
    if request.method == "GET":
        values = {item.id: progress.answers.get(item.id) for item in page.items}
        return _render_page(page, progress, values, {}, form)
    return _save_page(page, progress, form)


def _clean_page(page: Page, values: dict[str, Any], shown: set[str], perspective: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The page's answers cleaned, and a message per item whose answer does not fit."""
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for item in page.items:
        if item.id not in shown:
            continue
        value, problem = clean_item_answer(item, values[item.id], perspective)
        if problem:
            errors[item.id] = problem_message(item, problem)
        else:
            cleaned[item.id] = value
    return cleaned, errors


def _save_page(page: Page, progress: Progress, form: CsrfForm):
    """Check the answers sent for this page; keep them and go on, or show the page again with errors."""
    shown = set(visible_items(g.questionnaire, progress.answers))
    values = _page_raw_values(page, shown)
    if not form.validate():
        # Usually an expired token: keep what was typed and ask to send again.
        notice = _("This page was open for a long time, so your answers on it were not saved yet. Check them and continue.")
        return _render_page(page, progress, values, {}, form, notice=notice)
    cleaned, errors = _clean_page(page, values, shown, progress.perspective)
    if errors:
        return _render_page(page, progress, values, errors, form)
    answers = dict(progress.answers)
    for item_id, value in cleaned.items():
        if value is None:
            answers.pop(item_id, None)
        else:
            answers[item_id] = value
    progress.answers = relevant_answers(g.questionnaire, answers)
    returning = request.form.get("return") == "check"
    progress.returning_to_check = returning
    save_progress(g.questionnaire.id, progress)
    return redirect(_after_saving(page, progress.answers, returning))


def _after_saving(page: Page, answers: dict, returning: bool) -> str:
    """Where a saved page leads. Help reached because of an answer has the address anyone can open."""
    if raised_stop(g.questionnaire, g.rules, answers, page) == "emergency":
        return emergency_url(assess(g.questionnaire, g.rules, answers))
    if raised_pause(g.questionnaire, g.rules, answers, page) == "crisis":
        return url_for("pages.crisis")
    return next_url(answers, after=None if returning else page, returning=returning)


def next_url(answers: dict, after: Page | None = None, returning: bool = False) -> str:
    return _next_url(g.questionnaire, g.rules, answers, after=after, returning=returning)


@bp.route("/crisis")
def crisis():
    """An old address of crisis help: the page now has one address for everyone."""
    return redirect(url_for("pages.crisis"), code=301)


def _answer_rows(answers: dict, perspective: str) -> list[dict]:
    """Each answered question with its answer labels, page by page, for check-answers and results."""
    rows = []
    shown = visible_items(g.questionnaire, answers)
    for item_id in shown:
        if item_id not in answers:
            continue
        item = g.questionnaire.item(item_id)
        rows.append({"item": item, "page": g.questionnaire.page_of(item_id), "value": answers[item_id]})
    return rows


def _not_finished(progress: Progress):
    """Where to send someone who reaches check answers or results too early, or None."""
    if not progress.started:
        return _restart_redirect()
    first_open = first_unanswered_page(g.questionnaire, g.rules, progress.answers)
    if first_open is not None:
        flash(_("Please answer these questions first."))
        return redirect(url_for("assess.question_page", page_id=first_open.id))
    _reachable, stop = pages_until_stop(g.questionnaire, g.rules, progress.answers)
    if stop == "emergency":
        return to_emergency(assess(g.questionnaire, g.rules, progress.answers))
    return None


@bp.route("/check")
def check():
    progress = current_progress()
    elsewhere = _not_finished(progress)
    if elsewhere is not None:
        return elsewhere
    return render_template("assess/check.html", rows=_answer_rows(progress.answers, progress.perspective))


WITHDRAWAL_SEIZURE = "emergency-withdrawal-seizure-now"


def emergency_kind(assessment) -> str:
    """ "withdrawal_seizure" when a seizure is the only danger ticked, else "overdose" (wording.EMERGENCY_TITLES)."""
    raised = {flag.reason.rule for flag in assessment.flags_of("emergency")}
    return "withdrawal_seizure" if raised == {WITHDRAWAL_SEIZURE} else "overdose"


def emergency_url(assessment) -> str:
    """The emergency page, titled for this kind of emergency; the kind stays in the session, never in the URL."""
    session["emergency_kind"] = emergency_kind(assessment)
    return url_for("pages.emergency")


def to_emergency(assessment):
    return redirect(emergency_url(assessment))


@bp.route("/results")
def results():
    progress = current_progress()
    elsewhere = _not_finished(progress)
    if elsewhere is not None:
        return elsewhere
    assessment = assess(g.questionnaire, g.rules, progress.answers, progress.perspective)
    if assessment.emergency:  # whatever page raised it, emergency guidance comes first
        return to_emergency(assessment)
    return render_template(
        "assess/results.html",
        assessment=assessment,
        answers=progress.answers,
        rows=_answer_rows(progress.answers, progress.perspective),
        csrf_form=CsrfForm(),
    )


@bp.route("/restart", methods=["POST"])
def restart():
    form = CsrfForm()
    if form.validate():
        clear_progress(g.questionnaire.id)
    return redirect(url_for("assess.start"))
