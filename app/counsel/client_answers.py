"""Start from the client's answers (issue 29): a counselor enters the share code a client
(or a family member) made; the client's answers open on check answers in the counselor
perspective. Wrong, used, withdrawn and expired codes get one message; entering a code is
limited per address and per account; each use is in the organization's audit trail, never the code."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..answer_store.codes import SHARE
from ..answer_store.documents import DocumentProblem, read_document_bytes
from ..answer_store.sharing import take_shared
from ..extensions import limiter
from ..i18n.wording import gettext as _
from ..intake_flow.from_client import PERSPECTIVE, carried_over, confirm_answer, save_from_client
from ..intake_flow.navigation import next_url
from ..intake_flow.progress import Progress, save_progress
from ..web.forms import CsrfForm
from .records import audit
from .views import _questionnaire_or_404

QUESTIONNAIRE = "intake"  # the questionnaire a share code's answers are read against first


def _account_key() -> str:
    """Per account, apart from the per-address limit: a counselor moving between addresses is still counted."""
    return f"share-code-account:{current_user.id}" if current_user.is_authenticated else "share-code-account:-"


def _refused(response) -> bool:
    """Only attempts that opened nothing count: the limits slow guessing, not a busy day of intakes."""
    return response.status_code != 302


def _limit() -> str:
    return current_app.config["SHARE_CODE_RATE_LIMIT"]


def _page(error: str | None = None, code_value: str = "", status: int = 200):
    return render_template(
        "counsel/start_from_client.html", form=CsrfForm(), error=error, code_value=code_value, code_length=SHARE.length
    ), status


def _not_valid(typed: str):
    audit(current_user, "share_code", "refused")
    return _page(
        _(
            "This code is not valid: it may be mistyped, already used, withdrawn by the client, or older than %(days)s days. Check it with the client, or start the questionnaire from the beginning.",
            days=current_app.config["SHARE_CODE_DAYS"],
        ),
        typed[:100],
        400,
    )


@login_required
@limiter.limit(_limit, methods=["POST"], deduct_when=_refused)
@limiter.limit(_limit, key_func=_account_key, methods=["POST"], deduct_when=_refused)
def start_from_client():
    if request.method == "GET":
        return _page()
    form = CsrfForm()
    typed = request.form.get("code", "")
    if not form.validate():
        return _page(_("This page was open for too long. Enter the code again."), typed[:100], 400)
    if not typed.strip():
        return _page(_("Enter the code the client gave you"), "", 400)
    code = SHARE.normalize(typed)
    if code is None:
        return _not_valid(typed)
    document = take_shared(code)  # gone from the server from here on, whatever follows
    if document is None:
        return _not_valid(typed)
    questionnaire, rules = _questionnaire_or_404(QUESTIONNAIRE)
    try:
        client = read_document_bytes(questionnaire, document)
    except DocumentProblem:
        # Answers to an older version of the questions (a release came between): not usable.
        audit(current_user, "share_code", "refused")
        return _page(
            _(
                "The client’s answers were given to an earlier version of the questions: they cannot be used. Start the questionnaire from the beginning."
            ),
            "",
            400,
        )
    return _begin_from(questionnaire, rules, client)


def _begin_from(questionnaire, rules, client):
    """The counselor's intake, begun from the client's answers: what carries over is saved, the rest is asked."""
    flow, state = carried_over(questionnaire, rules, client.answers, client.perspective)
    save_progress(questionnaire.id, Progress(PERSPECTIVE, dict(flow.answers), questionnaire.version, started=True))
    save_from_client(questionnaire.id, state)
    audit(current_user, "share_code")
    if state.to_ask:
        flash(
            _(
                "The client’s answers are here. Some answers could not be carried over as they were: ask the client these questions again."
            )
        )
    else:
        flash(_("The client’s answers are here. Go through each with the client, then confirm it or change it."))
    return redirect(next_url(flow))


@login_required
def confirm_client_answer(questionnaire_id: str):
    questionnaire, _rules = _questionnaire_or_404(questionnaire_id)
    if not CsrfForm().validate():
        flash(_("This page was open for too long. Please try again."))
    else:
        confirm_answer(questionnaire.id, request.form.get("item_id", ""))
    return redirect(url_for("assess.check", questionnaire_id=questionnaire.id))


# Added to the counsel blueprint by counsel.init_app, not on import.
ROUTES = (
    ("/from-client", start_from_client, ("GET", "POST")),
    ("/from-client/<questionnaire_id>/confirm", confirm_client_answer, ("POST",)),
)
