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
from .progress import Progress, clear_progress, current_progress, save_progress

bp = Blueprint("assess", __name__, url_prefix="/<lang_code>/<questionnaire_id>")
bind_questionnaire_urls(bp)


def flash_if_expired() -> bool:
    """Tell the person their answers were cleared for privacy, if that is why they are gone."""
    if getattr(session, "expired", False):
        flash(_("For your privacy, answers are cleared after a while without activity. Please start again."))
        return True
    return False


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
    return render_template(
        "assess/start.html", form=form, perspectives=perspectives, chosen=chosen, error=error
    ), (400 if error else 200)


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
        back_url=url_for("assess.check") if request.values.get("return") == "check" else _previous_page(page, progress.answers),
        return_to=request.values.get("return") == "check",
        perspective=progress.perspective,
    ), status


@bp.route("/questions/<page_id>", methods=["GET", "POST"])
def question_page(page_id: str):
    questionnaire = g.questionnaire
    page = questionnaire.page(page_id)
    if page is None:
        abort(404, description="page")
    progress = current_progress()
    if not progress.started:
        return _restart_redirect()
    answers = progress.answers
    reachable, stop = pages_until_stop(questionnaire, g.rules, answers)
    reachable_ids = [p.id for p in reachable]
    if page.id not in [p.id for p in visible_pages(questionnaire, answers)]:
        # This topic does not apply given the answers so far.
        return redirect(next_url(answers))
    first_open = first_unanswered_page(questionnaire, g.rules, answers)
    if page.id not in reachable_ids or (
        first_open is not None and reachable_ids.index(page.id) > reachable_ids.index(first_open.id)
    ):
        flash(_("Please answer these questions first."))
        return redirect(next_url(answers))

    form = CsrfForm()
    shown = set(visible_items(questionnaire, answers))
    if request.method == "GET":
        values = {item.id: answers.get(item.id) for item in page.items}
        return _render_page(page, progress, values, {}, form)

    values = _page_raw_values(page, shown)
    if not form.validate():
        # Usually an expired token: keep what was typed and ask to send again.
        notice = _("This page was open for a long time, so your answers on it were not saved yet. Check them and continue.")
        return _render_page(page, progress, values, {}, form, notice=notice)
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for item in page.items:
        if item.id not in shown:
            continue
        value, problem = clean_item_answer(item, values[item.id], progress.perspective)
        if problem:
            errors[item.id] = problem_message(item, problem)
        else:
            cleaned[item.id] = value
    if errors:
        return _render_page(page, progress, values, errors, form)

    for item_id, value in cleaned.items():
        if value is None:
            answers.pop(item_id, None)
        else:
            answers[item_id] = value
    progress.answers = relevant_answers(questionnaire, answers)
    save_progress(questionnaire.id, progress)

    if raised_stop(questionnaire, g.rules, progress.answers, page) == "emergency":
        return to_emergency(assess(questionnaire, g.rules, progress.answers))
    returning = request.form.get("return") == "check"
    if raised_pause(questionnaire, g.rules, progress.answers, page) == "crisis":
        return redirect(url_for("assess.crisis", **({"return": "check"} if returning else {})))
    return redirect(next_url(progress.answers, after=None if returning else page, returning=returning))


def next_url(answers: dict, after: Page | None = None, returning: bool = False) -> str:
    """The next page: the one after `after` if given, else the first still to answer, else check answers.

    Someone changing an answer from the check page goes back there as soon as
    nothing is missing, and is kept on that round trip meanwhile.
    """
    if after is not None:
        ids = [p.id for p in visible_pages(g.questionnaire, answers)]
        if after.id in ids and ids.index(after.id) + 1 < len(ids):
            return url_for("assess.question_page", page_id=ids[ids.index(after.id) + 1])
    first_open = first_unanswered_page(g.questionnaire, g.rules, answers)
    if first_open is not None:
        extra = {"return": "check"} if returning else {}
        return url_for("assess.question_page", page_id=first_open.id, **extra)
    return url_for("assess.check")


@bp.route("/crisis")
def crisis():
    """Shown when answers point to a risk of suicide: help first, then the choice to go on."""
    progress = current_progress()
    if not progress.started:
        return redirect(url_for("pages.crisis"))
    return render_template("pages/crisis.html", continue_url=_continue_after_stop(progress))


def _continue_after_stop(progress: Progress) -> str | None:
    pages = visible_pages(g.questionnaire, progress.answers)
    pause_pages = [p for p in pages if p.pause == "crisis"]
    if not pause_pages:
        return None
    if request.args.get("return") == "check":
        return next_url(progress.answers, returning=True)
    return next_url(progress.answers, after=pause_pages[-1])


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
    """"withdrawal_seizure" when a seizure is the only danger ticked, else "overdose" (wording.EMERGENCY_TITLES)."""
    raised = {flag.reason.rule for flag in assessment.flags_of("emergency")}
    return "withdrawal_seizure" if raised == {WITHDRAWAL_SEIZURE} else "overdose"


def to_emergency(assessment):
    """The emergency page, titled for this kind of emergency; the kind stays in the session, never in the URL."""
    session["emergency_kind"] = emergency_kind(assessment)
    return redirect(url_for("pages.emergency", stopped=1))


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
