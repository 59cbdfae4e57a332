"""The client's own copy of a record: the self-perspective result PDF (app/keep's), in the intake's language.

Made from the stored record (answers, assessment, region), worded to the client
("your plan"), rendered in memory and sent; nothing of it is kept. Audited as
an export and rate-limited like the anonymous PDF.
"""

from __future__ import annotations

from datetime import date

from flask import Response, current_app, flash, redirect, render_template, url_for
from flask_babel import force_locale, format_date
from flask_login import current_user, login_required

from ..engine import flow_state
from ..engine.stored import assessment_from_dict, worded_for
from ..extensions import limiter
from ..i18n.languages import regional_locale
from ..i18n.wording import gettext as _
from ..intake_flow.summary import answer_rows
from ..interop.pdf import render_pdf
from ..results.from_request import view_of_record
from ..web.forms import CsrfForm
from ..web.library import get_library
from ..web.region_choice import current_region_data, pin_region
from .exports import attachment, file_name_part
from .records import audit, record_for, region_of
from .views import audited_export


@limiter.limit(lambda: current_app.config["PDF_RATE_LIMIT"])
@login_required
def client_pdf(record_id: int):
    found = record_for(current_user, record_id)
    if not CsrfForm().validate():
        flash(_("This page was open for too long. Please try again."))
        return redirect(url_for("counsel.record", record_id=found.id))
    library = get_library()
    questionnaire = library.questionnaires.get(found.questionnaire_id)
    assessment = assessment_from_dict(found.assessment)
    problem = None
    if assessment.emergency:
        problem = _("This record shows an emergency at the time of the intake: it has no plan to hand over.")
    elif questionnaire is None or questionnaire.version != found.questionnaire_version:
        problem = _(
            "This record was saved with a version of the questionnaire this server no longer has: its PDF cannot be made."
        )
    if problem:
        audit(current_user, "export_pdf", "refused", found.id)
        flash(problem)
        return redirect(url_for("counsel.record", record_id=found.id))
    rules = library.rules[found.questionnaire_id]
    pin_region(region_of(found))  # the record's region: its numbers and its French words

    def document() -> Response:
        name = f"passage-{'resultat' if found.language == 'fr' else 'result'}-{file_name_part(found.code)}.pdf"
        html = _client_pdf_html(found, assessment, rules)
        return Response(render_pdf(html), mimetype="application/pdf", headers={"Content-Disposition": attachment(name)})

    return audited_export("export_pdf", found.id, document, url_for("counsel.record", record_id=found.id))


# Added to the counsel blueprint by counsel.init_app, not on import.
ROUTES = (("/records/<int:record_id>/client-pdf", client_pdf, ("POST",)),)


def _client_pdf_html(found, assessment, rules) -> str:
    """The record's result worded to the client (the self perspective, whoever ran the intake), in
    the intake's language and the record's region."""
    flow = flow_state(get_library().questionnaires[found.questionnaire_id], rules, found.answers, "self")
    with force_locale(regional_locale(found.language, region_of(found))):
        view = view_of_record(
            worded_for(assessment, rules, "self"), found.answers, flow.questionnaire, rules, current_region_data(), "self"
        )
        return render_template(
            "keep/result_pdf.html",
            view=view,
            answers=found.answers,
            rows=answer_rows(flow),
            perspective="self",
            made_on=format_date(date.today(), format="long"),
        )
