"""The person's side of share codes (issue 29): make one from the results page, see it again in
the same session, withdraw it there or later with the code. Every form POSTs; the code is in
no URL. Storage and its rules: sharing.py."""

from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import format_date
from sqlalchemy.exc import OperationalError, ProgrammingError

from ..answer_store.codes import SHARE
from ..answer_store.sharing import (
    ShareCode,
    answers_fingerprint,
    forget_share,
    make_share,
    remember_share,
    remembered_share,
    withdraw_shared,
)
from ..extensions import db, limiter
from ..i18n.wording import gettext as _
from ..intake_flow.progress import current_progress, flow_of
from ..web.forms import CsrfForm
from .views import _configured_limit, _nothing_to_keep, expiry_day, last_saved_day

RESULTS_SHARE = "share"  # the results page's section, where each of these forms leads back


def _back_to_results():
    return redirect(url_for("assess.results", _anchor=RESULTS_SHARE))


@limiter.limit(_configured_limit("SAVE_CODE_RATE_LIMIT"))
def make_share_code():
    if not CsrfForm().validate():
        flash(_("This page was open for too long. Please try again."))
        return _back_to_results()
    progress = current_progress()
    if not progress.started:
        return _nothing_to_keep()
    flow = flow_of(progress)
    if not flow.complete or flow.flagged.flags_of("emergency"):
        return _back_to_results()  # the results page says what comes first
    expires_at = expiry_day(int(current_app.config["SHARE_CODE_DAYS"]))
    earlier = remembered_share(g.questionnaire.id)
    try:
        if earlier is not None:  # one code at a time: a new one replaces it
            withdraw_shared(earlier.code)
        code = make_share(g.questionnaire, progress, expires_at)
    except (OperationalError, ProgrammingError):
        db.session.rollback()
        current_app.logger.error("Making a share code failed: the database is not set up. Run: flask --app app db upgrade")
        code = None
    if code is None:
        forget_share(g.questionnaire.id)
        flash(_("A code cannot be made on this server right now. Download the result as a PDF and bring it instead."))
        return _back_to_results()
    fingerprint = answers_fingerprint(g.questionnaire, progress)
    remember_share(g.questionnaire.id, ShareCode(code, last_saved_day(expires_at), fingerprint))
    return _back_to_results()


def withdraw_session_share():
    """Withdraw the code made in this session, without typing it."""
    if not CsrfForm().validate():
        flash(_("This page was open for too long. Please try again."))
        return _back_to_results()
    share = remembered_share(g.questionnaire.id)
    if share is not None:
        withdraw_shared(share.code)
        forget_share(g.questionnaire.id)
        flash(_("The code is withdrawn: your answers are deleted from our server and the code no longer works."))
    return _back_to_results()


@limiter.limit(_configured_limit("RESUME_CODE_RATE_LIMIT"), methods=["POST"])
def withdraw_share_code():
    """Withdraw a code by typing it: from another device, or after the session ended."""
    form = CsrfForm()
    if request.method == "GET":
        return render_template("keep/withdraw_share.html", form=form, error=None, code_value="", withdrawn=False)
    typed = request.form.get("code", "")
    code = SHARE.normalize(typed)
    if not form.validate():
        error = _("This page was open for too long. Enter your code again.")
    elif not typed.strip():
        error = _("Enter the code you gave for your appointment")
    elif code is None:
        error = _(
            "Enter the code exactly as it was shown: %(length)s letters and numbers, for example %(example)s",
            length=SHARE.length,
            example=SHARE.example(),
        )
    elif withdraw_shared(code):
        share = remembered_share(g.questionnaire.id)
        if share is not None and share.code == code:
            forget_share(g.questionnaire.id)
        return render_template("keep/withdraw_share.html", form=form, error=None, code_value="", withdrawn=True)
    else:
        error = _("No shared answers match this code. It may already have been used or withdrawn, or have expired.")
    return render_template("keep/withdraw_share.html", form=form, error=error, code_value=typed[:100], withdrawn=False), 400


def share_context(questionnaire, progress) -> dict:
    """What the results page's share section and the PDF need: the code made in this session
    (if any) and whether the answers changed since."""
    share = remembered_share(questionnaire.id)
    changed = share is not None and share.fingerprint != answers_fingerprint(questionnaire, progress)
    last_day = format_date(share.last_day, format="long") if share is not None else ""
    return {
        "share": share,
        "share_changed": changed,
        "share_last_day": last_day,
        "share_days": current_app.config["SHARE_CODE_DAYS"],
    }


def share_state() -> dict:
    """For the results page's share section (keep/_share_result.html), on this request's questionnaire."""
    return share_context(g.questionnaire, current_progress())


# Added to the keep blueprint by keep.init_app, not on import.
ROUTES = (
    ("/share", make_share_code, ("POST",)),
    ("/share/withdraw", withdraw_session_share, ("POST",)),
    ("/share/withdraw-code", withdraw_share_code, ("GET", "POST")),
)
