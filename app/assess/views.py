"""Routes of the questionnaire flow.

Answers travel only in POST bodies and live only in the encrypted session;
results are computed on each request and stored nowhere.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for

from ..engine import PERSPECTIVES, FlowState, clean_item_answer, flow_state
from ..engine.model import Page
from ..i18n.wording import gettext as _
from ..i18n.words import problem_message
from ..intake_flow.from_client import PERSPECTIVE, client_differences, from_client, note_answers_saved
from ..intake_flow.navigation import flash_if_expired, next_url
from ..intake_flow.progress import Progress, clear_progress, current_progress, flow_of, save_progress
from ..intake_flow.summary import answer_rows
from ..intake_flow.urls import bind_questionnaire_urls
from ..results.from_request import answer_topics, emergency_url, not_ready, to_emergency, view_of_flow
from ..web.forms import CsrfForm
from ..web.region_choice import current_region_data, region_form_choice, resolve_region_form

bp = Blueprint("assess", __name__, url_prefix="/<lang_code>/<questionnaire_id>")
bind_questionnaire_urls(bp)


def _restart_redirect():
    """Send someone with no answers in progress to the start, saying why when it helps."""
    if not flash_if_expired():
        flash(_("Please start from the beginning."))
    return redirect(url_for("assess.start"))


@bp.route("/start", methods=["GET", "POST"])
def start():
    """Who the questions are about and where the person is, asked together: the region
    chosen here is the one kept (a separate form would be lost on "Start")."""
    form = CsrfForm()
    perspectives = [p for p in PERSPECTIVES if p in g.questionnaire.perspectives]
    if request.method == "GET":
        progress = current_progress()
        chosen = progress.perspective if progress.started else None
        return render_template("assess/start.html", **_start_form(form, perspectives, chosen))
    chosen = request.form.get("perspective")
    posted = (request.form.get("region"), request.form.get("province"))
    # Where the person is may be left unanswered (the pages then give the international advice and
    # say so); Canada without its province, or a value that is no choice, is asked again.
    region, region_problem = resolve_region_form(*posted) if any(posted) else (None, None)
    if not form.validate():
        errors = {"error": _("This page was open for too long. Please choose again.")}
    else:
        errors = {
            "error": None if chosen in perspectives else _("Select who the questions are about"),
            "region_error": _("Select where you are") if region_problem == "region" else None,
            "province_error": _("Select your province or territory") if region_problem == "province" else None,
        }
    if any(errors.values()):
        chosen = chosen if chosen in perspectives else None
        return render_template("assess/start.html", **_start_form(form, perspectives, chosen, posted, **errors)), 400
    if region is not None:
        session["region"] = region
    progress = Progress(perspective=chosen, version=g.questionnaire.version, started=True)
    clear_progress(g.questionnaire.id)  # a new start leaves nothing of an earlier one
    save_progress(g.questionnaire.id, progress)
    first = flow_of(progress).pages[0]
    return redirect(url_for("assess.question_page", page_id=first.id))


def _start_form(form, perspectives, chosen, posted=None, error=None, region_error=None, province_error=None) -> dict:
    return {
        "form": form,
        "perspectives": perspectives,
        "chosen": chosen,
        "error": error,
        "region_choice": region_form_choice(posted),
        "region_error": region_error,
        "province_error": province_error,
    }


def _back_url(page: Page, flow: FlowState) -> str:
    if request.values.get("return") == "check":
        return url_for("assess.check")
    before = flow.page_before(page)
    return url_for("assess.question_page", page_id=before.id) if before is not None else url_for("assess.start")


def _page_raw_values(page: Page, flow: FlowState) -> dict[str, Any]:
    """What the person sent for this page, as sent (to show it back on an error)."""
    return {
        item.id: request.form.getlist(item.id) if item.kind == "multiple" else request.form.get(item.id)
        for item in flow.items_on(page)
    }


def _render_page(page: Page, progress: Progress, flow: FlowState, values: dict, errors: dict, notice: str | None = None):
    step, total = flow.position(page)
    # Said once, on the page where it happens: going forward the total only shrinks (FlowState.position).
    total_change = ("fewer" if total < progress.shown_total else "more") if 0 < progress.shown_total != total else None
    if progress.shown_total != total:
        progress.shown_total = total
        save_progress(g.questionnaire.id, progress)
    status = 400 if errors or notice else 200
    return render_template(
        "assess/question.html",
        page=page,
        items=flow.items_on(page),
        values=values,
        errors=errors,
        notice=notice,
        step=step,
        total=total,
        total_change=total_change,
        back_url=_back_url(page, flow),
        return_to=request.values.get("return") == "check",
        perspective=flow.perspective,
    ), status


def _out_of_turn(page: Page, flow: FlowState):
    """A redirect when this page may not be shown now (not applicable, or earlier pages open), else None."""
    if page.id not in flow.page_ids():
        return redirect(next_url(flow))  # this topic does not apply given the answers so far
    if not flow.on_path(page):
        flash(_("Please answer these questions first."))
        return redirect(next_url(flow))
    return None


@bp.route("/questions/<page_id>", methods=["GET", "POST"])
def question_page(page_id: str):
    page = g.questionnaire.page(page_id)
    if page is None:
        abort(404, description="page")
    progress = current_progress()
    if not progress.started:
        return _restart_redirect()
    flow = flow_of(progress)
    elsewhere = _out_of_turn(page, flow)
    if elsewhere is not None:
        return elsewhere
    if request.method == "GET":
        # The page writes its token with csrf_input(): no form object to build for a page shown.
        values = {item.id: progress.answers.get(item.id) for item in page.items}
        return _render_page(page, progress, flow, values, {})
    return _save_page(page, progress, flow, CsrfForm())


def _clean_page(page: Page, values: dict[str, Any], flow: FlowState) -> tuple[dict[str, Any], dict[str, str]]:
    """The page's answers cleaned, and a message per item whose answer does not fit."""
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for item in flow.items_on(page):
        value, problem = clean_item_answer(item, values[item.id], flow.perspective)
        if problem:
            errors[item.id] = problem_message(item, problem, flow.perspective)
        else:
            cleaned[item.id] = value
    return cleaned, errors


def _save_page(page: Page, progress: Progress, flow: FlowState, form: CsrfForm):
    """Check the answers sent for this page; keep them and go on, or show the page again with errors."""
    values = _page_raw_values(page, flow)
    if not form.validate():
        # Usually an expired token: keep what was typed and ask to send again.
        notice = _("This page was open for a long time, so your answers on it were not saved yet. Check them and continue.")
        return _render_page(page, progress, flow, values, {}, notice=notice)
    cleaned, errors = _clean_page(page, values, flow)
    if errors:
        return _render_page(page, progress, flow, values, errors)
    answers = dict(progress.answers)
    for item_id, value in cleaned.items():
        if value is None:
            answers.pop(item_id, None)
        else:
            answers[item_id] = value
    # The answers changed, so the flow is worked out again, once, for the new answers.
    saved_flow = flow_state(g.questionnaire, g.rules, answers, progress.perspective)
    if progress.perspective == "counselor":  # an intake begun from the client's answers: these are confirmed now
        note_answers_saved(g.questionnaire.id, [item.id for item in flow.items_on(page)], progress.answers, saved_flow.answers)
    progress.answers = dict(saved_flow.answers)
    returning = request.form.get("return") == "check"
    progress.returning_to_check = returning
    save_progress(g.questionnaire.id, progress)
    return redirect(_after_saving(page, saved_flow, returning))


def _after_saving(page: Page, flow: FlowState, returning: bool) -> str:
    """Where a saved page leads. Help reached because of an answer has the address anyone can open."""
    if flow.stop_raised_on(page) == "emergency":
        return emergency_url(flow.flagged)
    if flow.pause_raised_on(page) == "crisis":
        return url_for("pages.crisis")
    return next_url(flow, after=None if returning else page, returning=returning)


@bp.route("/crisis")
def crisis():
    """An old address of crisis help: the page now has one address for everyone."""
    return redirect(url_for("pages.crisis"), code=301)


def _not_finished(progress: Progress, flow: FlowState):
    """Where to send someone who reaches check answers or results too early, or None."""
    problem = not_ready(progress.started, flow)
    if problem == "start":
        return _restart_redirect()
    if problem == "unanswered" and flow.next_open is not None:
        flash(_("Please answer these questions first."))
        return redirect(url_for("assess.question_page", page_id=flow.next_open.id))
    if problem == "emergency":
        return to_emergency(flow.flagged)
    return None


@bp.route("/check")
def check():
    progress = current_progress()
    flow = flow_of(progress)
    elsewhere = _not_finished(progress, flow)
    if elsewhere is not None:
        return elsewhere
    client = from_client(g.questionnaire.id) if flow.perspective == "counselor" else None
    return render_template(
        "assess/check.html",
        rows=answer_rows(flow),
        answers=flow.answers,
        perspective=flow.perspective,
        from_client=client,
        confirm_form=CsrfForm() if client else None,
        questionnaire_id=g.questionnaire.id,  # the counselor's confirm forms name it (templates read no `g`)
    )


@bp.route("/results")
def results():
    progress = current_progress()
    flow = flow_of(progress)
    elsewhere = _not_finished(progress, flow)
    if elsewhere is not None:
        return elsewhere
    view = view_of_flow(flow, current_region_data())
    return render_template(
        "assess/results.html",
        view=view,
        topics=answer_topics(flow, view.lines),
        answers=flow.answers,
        differences=client_differences(g.questionnaire, flow.answers) if flow.perspective == PERSPECTIVE else None,
        rows=answer_rows(flow),
        perspective=flow.perspective,
    )


@bp.route("/restart", methods=["POST"])
def restart():
    form = CsrfForm()
    if form.validate():
        clear_progress(g.questionnaire.id)
    return redirect(url_for("assess.start"))
