"""Routes for keeping answers and results, each only at the person's request.

- a file: downloaded to the device (POST, from the session), uploaded later;
- a resume code: answers encrypted on the server for SAVED_ANSWERS_DAYS,
  deleted at expiry (`flask keep purge`, also at start-up) or on request;
- a PDF of the result, made on request and kept nowhere.
Every form POSTs; nothing of the answers is ever in a URL.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import Blueprint, Response, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import format_date
from sqlalchemy import delete, func, select
from sqlalchemy.exc import OperationalError, ProgrammingError
from werkzeug.exceptions import RequestEntityTooLarge

from ..answer_store import codes
from ..answer_store.documents import MAX_BYTES, DocumentProblem, document_bytes, read_document_bytes
from ..answer_store.models import SavedAnswers, utcnow
from ..answer_store.sharing import answers_fingerprint, remembered_share
from ..database import checkpoint_wal
from ..engine import FlowState
from ..extensions import db, limiter
from ..i18n.languages import current_language
from ..i18n.wording import gettext as _
from ..intake_flow.navigation import flash_if_expired, next_url
from ..intake_flow.progress import Progress, current_progress, flow_of, save_progress
from ..intake_flow.summary import answer_rows
from ..intake_flow.urls import bind_questionnaire_urls
from ..interop.pdf import render_pdf
from ..results.from_request import not_ready, to_emergency, view_of_flow
from ..web.forms import CsrfForm
from ..web.region_choice import current_region_data
from .pdf_cache import pdf_cache_of

bp = Blueprint("keep", __name__, url_prefix="/<lang_code>/<questionnaire_id>")
bind_questionnaire_urls(bp)


def _nothing_to_keep():
    if not flash_if_expired():
        flash(_("There are no answers to keep yet. Start the questions, or load answers you kept."))
    return redirect(url_for("keep.resume"))


def _continue_url(flow: FlowState) -> str:
    """Where to carry on: the first page still to answer, else the check page."""
    return next_url(flow)


def _stale_form_redirect(endpoint: str = "keep.keep_page"):
    flash(_("This page was open for too long. Please try again."))
    return redirect(url_for(endpoint))


@bp.route("/keep")
def keep_page():
    progress = current_progress()
    if not progress.started:
        return _nothing_to_keep()
    flow = flow_of(progress)
    return render_template(
        "keep/keep.html",
        form=CsrfForm(),
        complete=flow.complete,
        continue_url=_continue_url(flow),
        saved_days=current_app.config["SAVED_ANSWERS_DAYS"],
    )


@bp.route("/keep/file", methods=["POST"])
def download_file():
    if not CsrfForm().validate():
        return _stale_form_redirect()
    progress = current_progress()
    if not progress.started:
        return _nothing_to_keep()
    filename = f"passage-{g.questionnaire.id}-{date.today().isoformat()}.json"
    return Response(
        document_bytes(g.questionnaire, progress),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _configured_limit(name: str):
    """A limit read from the config at request time, so each deployment (and test) sets its own."""
    return lambda: current_app.config[name]


@bp.route("/keep/code", methods=["POST"])
@limiter.limit(_configured_limit("SAVE_CODE_RATE_LIMIT"))
def save_with_code():
    if not CsrfForm().validate():
        return _stale_form_redirect()
    progress = current_progress()
    if not progress.started:
        return _nothing_to_keep()
    try:
        saved = _store_with_code(progress)
    except (OperationalError, ProgrammingError):
        db.session.rollback()
        # The table is missing: the database was never set up with `flask db upgrade`.
        current_app.logger.error("Saving with a code failed: the database is not set up. Run: flask --app app db upgrade")
        return _cannot_save(
            _("Saving with a code is not available on this server right now. Download your answers as a file instead.")
        )
    if saved is None:
        return _cannot_save(
            _(
                "Saving with a code is not possible right now: too many answers are saved on this server. Download your answers as a file instead."
            )
        )
    code, expires_at = saved
    # Shown here once, in a page no cache keeps; never stored, never sent again.
    return render_template(
        "keep/code.html",
        code=codes.grouped(code),
        expires=format_date(expires_at, format="long"),  # "deleted on": the day that midnight starts
        form=CsrfForm(),
        continue_url=_continue_url(flow_of(progress)),
    )


def _cannot_save(message: str):
    flash(message)
    return redirect(url_for("keep.keep_page"))


def _store_with_code(progress: Progress):
    """(code, expiry) of the new row, or None when the table holds SAVED_ANSWERS_MAX_ROWS already."""
    if _saved_rows() >= int(current_app.config["SAVED_ANSWERS_MAX_ROWS"]):
        purge_expired()
        if _saved_rows() >= int(current_app.config["SAVED_ANSWERS_MAX_ROWS"]):
            return None
    code = codes.new_code()
    salt, sealed = codes.seal(code, document_bytes(g.questionnaire, progress))
    expires_at = expiry_day(int(current_app.config["SAVED_ANSWERS_DAYS"]))
    db.session.add(SavedAnswers(lookup=codes.lookup_hash(code), salt=salt, sealed=sealed, expires_at=expires_at))
    db.session.commit()
    return code, expires_at


def expiry_day(days: int) -> datetime:
    """Midnight (UTC) at least `days` days from now: the stored expiry tells the day a set was
    saved, never the hour."""
    return datetime.combine(utcnow().date() + timedelta(days=days + 1), time.min)


def last_saved_day(expires_at: datetime) -> date:
    """The last whole day answers stay saved: the day before the midnight they expire at."""
    return (expires_at - timedelta(seconds=1)).date()


def _delete_saved(row: SavedAnswers) -> None:
    db.session.delete(row)
    db.session.commit()
    checkpoint_wal(db.session)


def _find_saved(code: str) -> SavedAnswers | None:
    """The row for a code, unless it has expired (then it is deleted at once)."""
    row = db.session.scalar(select(SavedAnswers).where(SavedAnswers.lookup == codes.lookup_hash(code)))
    if row is not None and row.is_expired():
        _delete_saved(row)
        return None
    return row


def _document_message(problem: str) -> str:
    messages = {
        "empty": _("The selected file is empty. Choose the answers file you downloaded from Passage."),
        "too_large": _(
            "The selected file is too large to be a Passage answers file. Choose the file you downloaded from Passage."
        ),
        "not_json": _(
            "The selected file is not a Passage answers file. Choose the file you downloaded from Passage (it ends in .json)."
        ),
        "not_passage": _(
            "The selected file is not a Passage answers file. Choose the file you downloaded from Passage (it ends in .json)."
        ),
        "other_questionnaire": _(
            "The selected file holds answers to another questionnaire. Choose the file you downloaded from these questions."
        ),
        "other_version": _(
            "These answers were given to an earlier version of the questions, so they cannot be loaded. Please start again."
        ),
        "tampered": _(
            "The answers in this file have been changed or damaged, so they cannot be loaded. Choose another copy, or start again."
        ),
    }
    return messages.get(problem, messages["not_passage"])


def _render_resume(file_error: str | None = None, code_error: str | None = None, code_value: str = "", status: int = 200):
    return render_template(
        "keep/resume.html",
        # formdata=None: never read the request again (it may be the body that was too large).
        form=CsrfForm(formdata=None),
        file_error=file_error,
        code_error=code_error,
        code_value=code_value,
        max_kilobytes=MAX_BYTES // 1024,
    ), status


def _resume_with(progress: Progress, notice: str):
    save_progress(g.questionnaire.id, progress)
    flash(notice)
    return redirect(_continue_url(flow_of(progress)))


@bp.route("/resume")
def resume():
    return _render_resume()


@bp.route("/resume/file", methods=["POST"])
def resume_file():
    try:
        valid = CsrfForm().validate()
        upload = request.files.get("answers_file")
        raw = upload.stream.read(MAX_BYTES + 1) if upload is not None and upload.filename else None
    except RequestEntityTooLarge:
        return _render_resume(file_error=_document_message("too_large"), status=413)
    if not valid:
        return _render_resume(file_error=_("This page was open for too long. Choose the file again."), status=400)
    if raw is None:
        return _render_resume(file_error=_("Choose the answers file you downloaded from Passage"), status=400)
    try:
        progress = read_document_bytes(g.questionnaire, raw)
    except DocumentProblem as problem:
        return _render_resume(file_error=_document_message(problem.code), status=400)
    return _resume_with(progress, _("Your answers are loaded. Carry on where you left off."))


def _code_from_form() -> tuple[str | None, str | None]:
    """(code, error message)."""
    typed = request.form.get("code", "")
    if not typed.strip():
        return None, _("Enter your resume code")
    code = codes.normalize(typed)
    if code is None:
        return None, _(
            "Enter the code exactly as it was shown: %(length)s letters and numbers, for example %(example)s",
            length=codes.LENGTH,
            example="ABCD-EFGH-JKMN-PQRS-TUVW",
        )
    return code, None


# Trying a code to resume and trying one to delete count against one limit per address: the delete
# form would otherwise be a second, destructive way to guess codes.
resume_code_limit = limiter.shared_limit(_configured_limit("RESUME_CODE_RATE_LIMIT"), scope="resume_code", methods=["POST"])


@bp.route("/resume/code", methods=["POST"])
@resume_code_limit
def resume_code():
    if not CsrfForm().validate():
        return _render_resume(code_error=_("This page was open for too long. Enter your code again."), status=400)
    code, error = _code_from_form()
    if error:
        return _render_resume(code_error=error, code_value=request.form.get("code", "")[:100], status=400)
    row = _find_saved(code)
    plaintext = codes.unseal(code, row.salt, row.sealed) if row is not None else None
    if plaintext is None:
        return _render_resume(
            code_error=_("No saved answers match this code. Check the code; saved answers are also deleted after a few days."),
            code_value=codes.grouped(code),
            status=400,
        )
    try:
        progress = read_document_bytes(g.questionnaire, plaintext)
    except DocumentProblem as problem:
        return _render_resume(code_error=_document_message(problem.code), status=400)
    return _resume_with(
        progress,
        _(
            "Your answers are loaded. They stay saved with your code until %(date)s, unless you delete them.",
            date=format_date(last_saved_day(row.expires_at), format="long"),
        ),
    )


@bp.route("/saved/delete", methods=["GET", "POST"])
@resume_code_limit
def delete_saved():
    form = CsrfForm()
    if request.method == "GET":
        return render_template("keep/delete.html", form=form, error=None, code_value="", deleted=False)
    if not form.validate():
        error, code = _("This page was open for too long. Enter your code again."), None
    else:
        code, error = _code_from_form()
    if code is not None:
        row = _find_saved(code)
        if row is None:
            error = _("No saved answers match this code. They may already have been deleted, or have expired.")
        else:
            _delete_saved(row)
            return render_template("keep/delete.html", form=form, error=None, code_value="", deleted=True)
    return render_template(
        "keep/delete.html", form=form, error=error, code_value=request.form.get("code", "")[:100], deleted=False
    ), 400


@bp.route("/results/pdf", methods=["POST"])
@limiter.limit(_configured_limit("PDF_RATE_LIMIT"))
def result_pdf():
    if not CsrfForm().validate():
        return _stale_form_redirect("assess.results")
    progress = current_progress()
    if not progress.started:
        return _nothing_to_keep()
    flow = flow_of(progress)
    problem = not_ready(progress.started, flow)
    if problem == "unanswered":
        flash(_("Please answer these questions first."))
        return redirect(_continue_url(flow))
    if problem == "emergency":  # never a PDF that hides an emergency: its page, titled for its kind
        return to_emergency(flow.flagged)
    html = render_template(
        "keep/result_pdf.html",
        view=view_of_flow(flow, current_region_data()),
        answers=flow.answers,
        rows=answer_rows(flow),
        perspective=flow.perspective,
        made_on=format_date(date.today(), format="long"),
        share=_share_for_pdf(progress),
    )
    name = "passage-resultat.pdf" if current_language() == "fr" else "passage-result.pdf"
    # Made in memory and sent: no file is written; the bytes stay a minute at most in this
    # process's cache (pdf_cache.py), so pressing the button again costs nothing.
    return Response(
        pdf_cache_of(current_app).get_or_make(html, render_pdf),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _share_for_pdf(progress: Progress):
    """The share code made in this session, when it shares the answers this PDF shows. It is part
    of the PDF's HTML, so the PDF cache (keyed by that HTML) never gives it to anyone else."""
    share = remembered_share(g.questionnaire.id)
    if share is None or share.fingerprint != answers_fingerprint(g.questionnaire, progress):
        return None
    return {"code": share.grouped, "last_day": format_date(share.last_day, format="long")}


def _saved_rows() -> int:
    return int(db.session.scalar(select(func.count()).select_from(SavedAnswers)) or 0)


def purge_expired() -> int:
    """Delete saved answers whose time is up; the number deleted."""
    result = db.session.execute(delete(SavedAnswers).where(SavedAnswers.expires_at <= utcnow()))
    db.session.commit()
    checkpoint_wal(db.session)
    return int(getattr(result, "rowcount", 0) or 0)  # a DELETE's result is a CursorResult
