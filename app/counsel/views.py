"""Routes of the counselor workspace: sign-in/out, records (save, list, view, re-assess), audit."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import wraps

from flask import Blueprint, Response, abort, current_app, flash, g, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import refresh
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import inspect, select
from sqlalchemy.exc import OperationalError, ProgrammingError, SQLAlchemyError
from werkzeug.exceptions import HTTPException

from ..engine import PATHWAYS, Assessment, flow_state
from ..engine.assessment import CARD_OF_LEVEL
from ..engine.model import Questionnaire, RuleSet
from ..engine.stored import assessment_from_dict
from ..extensions import db, limiter
from ..i18n import words
from ..i18n.wording import gettext as _
from ..i18n.words import AUDIT_ACTIONS, AUDIT_OUTCOMES, PLAN_PARTS
from ..intake_flow.from_client import from_client
from ..intake_flow.progress import forget_the_person, load_progress
from ..interop.fhir import care_plan_resource
from ..results.from_request import view_of_record
from ..web.forms import CsrfForm, SelectChoice
from ..web.library import get_library
from ..web.region_choice import current_region, current_region_data, pin_region
from .exports import attachment, file_name_part, record_bundle, records_csv
from .forms import SaveRecordForm, SearchForm, SignInForm
from .models import AuditEvent, Counselor, IntakeRecord
from .passwords import check_password
from .records import (
    audit,
    matching_services,
    record_for,
    record_of_form,
    region_of,
    save_record,
    search_records,
    versions_of,
)
from .sessions import idle_warning_seconds, in_time_zone, open_session, revoke_session, session_ends

bp = Blueprint("counsel", __name__, url_prefix="/<lang_code>/counsel")
SEARCHABLE_CARE = {*CARD_OF_LEVEL.values(), "support_groups"}


def _sign_in_email() -> str:
    try:
        return (request.form.get("email") or "").strip().casefold()
    except HTTPException:
        # A body too large to read: the key is also read after the error page, and must not fail again.
        return ""


def _sign_in_key() -> str:
    # Per account and address: a burst against one account slows only that account from that address.
    return f"{_sign_in_email()}|{request.remote_addr}"


def _sign_in_account_key() -> str:
    # Per account from any address: one account tried from many addresses. Any email counts,
    # whether it has an account or not, so being slowed down says nothing about the account.
    return f"account|{_sign_in_email()}"


def _sign_in_address_key() -> str:
    # Per address for any email: one password tried on many accounts.
    return f"address|{request.remote_addr}"


def _sign_in_limit(setting: str, key_func: Callable[[], str], scope: str):
    """Failed sign-ins only (a success redirects): counted per key_func, in the limiter's store (Redis when set)."""
    return limiter.limit(
        lambda: current_app.config[setting],
        key_func=key_func,
        scope=scope,
        methods=["POST"],
        deduct_when=lambda response: response.status_code != 302,
    )


def admin_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_admin:
            abort(404)
        return view(*args, **kwargs)

    return wrapped


@bp.context_processor
def counsel_context():
    context = {
        "idle_warning_seconds": None,
        "session_ends": None,
        "plan_parts": PLAN_PARTS,
    }
    if current_user.is_authenticated:
        ends = session_ends(current_user)
        zone = current_app.config["COUNSEL_TIME_ZONE"]
        context.update(
            idle_warning_seconds=idle_warning_seconds(ends[0]),
            session_ends=tuple(in_time_zone(end, zone) for end in ends),
            time_zone=zone,
        )
    return context


@bp.errorhandler(OperationalError)
@bp.errorhandler(ProgrammingError)
def database_not_ready(error):
    """A database without the workspace tables: say how to create them instead of a bare 500."""
    db.session.rollback()
    if "counselors" in inspect(db.engine).get_table_names():
        raise error
    current_app.logger.error("The counselor tables are missing: run `flask --app app db upgrade` (or `make run`).")
    title = _("The counselor workspace is not set up yet")
    detail = _("Its database tables do not exist. The person running this server needs to run “flask --app app db upgrade”.")
    return render_template("error.html", title=title, detail=detail, code=503), 503


@bp.after_request
def never_cache(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/sign-in", methods=["GET", "POST"])
@_sign_in_limit("COUNSEL_SIGN_IN_LIMIT", _sign_in_key, "counsel_sign_in")
@_sign_in_limit("COUNSEL_SIGN_IN_ACCOUNT_LIMIT", _sign_in_account_key, "counsel_sign_in_account")
@_sign_in_limit("COUNSEL_SIGN_IN_ADDRESS_LIMIT", _sign_in_address_key, "counsel_sign_in_address")
def sign_in():
    form = SignInForm()
    error = None
    if form.validate_on_submit():
        email = form.email.data.strip().casefold()
        counselor = db.session.scalar(select(Counselor).where(Counselor.email == email))
        valid = check_password(counselor.password_hash if counselor else None, form.password.data)
        if valid and counselor is not None and counselor.active:
            forget_the_person()  # answers begun before signing in may be someone else's: never saved as this client's
            login_user(open_session(counselor))
            audit(counselor, "sign_in")
            return redirect(url_for("counsel.records"))
        audit(counselor, "sign_in", "refused")
        error = _("The email or password is not right, or the account is disabled.")
    elif request.method == "POST" and not form.errors.get("email") and not form.errors.get("password"):
        error = _("This page was open for too long. Please sign in again.")
    status = 400 if request.method == "POST" else 200
    return render_template("counsel/sign_in.html", form=form, error=error), status


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    if not CsrfForm().validate():
        flash(_("This page was open for too long. Please try again."))
        return redirect(url_for("counsel.records"))
    if current_user.is_authenticated:
        audit(current_user, "sign_out")
        revoke_session(current_user.session_id)
    logout_user()
    forget_the_person()  # the client's answers leave with the counselor
    flash(_("You are signed out."))
    return redirect(url_for("counsel.sign_in"))


def _searched() -> tuple[SearchForm, list]:
    form = SearchForm(request.args)
    # The care a record suggests (its top_pathway): the card holding the plan's level, or the emergency.
    cards = [SelectChoice(code, words.PATHWAY_NAMES[code]) for code in PATHWAYS if code in SEARCHABLE_CARE]
    form.pathway.choices = [SelectChoice("", _("Any")), *cards, SelectChoice("emergency", words.FLAG_TITLES["emergency"])]
    if not form.validate():
        return form, []
    return form, search_records(current_user, form.code.data, form.date.data, form.pathway.data)


@bp.route("/")
@login_required
def records():
    form, found = _searched()
    questionnaires = list(get_library().questionnaires.values())
    return render_template("counsel/records.html", form=form, records=found, questionnaires=questionnaires)


def _questionnaire_or_404(questionnaire_id: str):
    library = get_library()
    if questionnaire_id not in library.questionnaires:
        abort(404)
    return library.questionnaires[questionnaire_id], library.rules[questionnaire_id]


@bp.route("/records/new/<questionnaire_id>", methods=["GET", "POST"])
@login_required
def new_record(questionnaire_id: str):
    """Save the intake just run in this browser (the questionnaire flow's answers) as a record."""
    questionnaire, rules = _questionnaire_or_404(questionnaire_id)
    progress = load_progress(questionnaire.id, questionnaire.version)
    flow = flow_state(questionnaire, rules, progress.answers, progress.perspective)
    answers = dict(flow.answers)
    form = SaveRecordForm()
    if not answers:
        saved = _saved_by_this_form(form)
        if saved is not None:  # a double submit: the first one saved the record and cleared the answers
            return redirect(url_for("counsel.record", record_id=saved.id))
        return render_template("counsel/new_record.html", form=form, questionnaire=questionnaire, answers=None), 200
    problem = None
    client = from_client(questionnaire.id) if progress.perspective == "counselor" else None
    if form.validate_on_submit() and form.form_token.data:
        record = _store(form, progress.perspective, flow.assessment, answers, client.perspective if client else None)
        if record is not None:
            forget_the_person()  # saved: the next intake on this device starts from nothing
            audit(current_user, "create_from_client" if client else "create", record_id=record.id)
            flash(_("Record %(code)s saved (version %(number)d).", code=record.code, number=record.version))
            return redirect(url_for("counsel.record", record_id=record.id))
        problem = _(
            "The record was not saved: the database did not answer. Your answers and notes are still here: please try again."
        )
    if request.method == "GET" or not form.form_token.data:
        form.form_token.data = secrets.token_urlsafe(24)
    status = (503 if problem else 400) if request.method == "POST" else 200
    return render_template(
        "counsel/new_record.html", form=form, questionnaire=questionnaire, answers=answers, problem=problem
    ), status


def _saved_by_this_form(form: SaveRecordForm) -> IntakeRecord | None:
    if request.method != "POST" or not form.validate_on_submit() or not form.form_token.data:
        return None
    return record_of_form(current_user, form.form_token.data)


def _store(
    form: SaveRecordForm, perspective: str, assessment: Assessment, answers: dict, began_from: str | None = None
) -> IntakeRecord | None:
    """Save the record; None when the database fails (the page then says so and keeps everything on screen)."""
    try:
        return save_record(
            current_user,
            form.code.data or "",
            form.form_token.data or "",
            answers,
            perspective,
            assessment,
            g.lang_code,
            form.notes.data or "",
            current_region(),
            began_from=began_from,
        )
    except SQLAlchemyError as error:
        db.session.rollback()
        if "intake_records" not in inspect(db.engine).get_table_names():
            raise  # not a passing failure: the workspace is not set up (database_not_ready says so)
        # Only the kind of failure: SQLAlchemy's message quotes the statement's parameters, i.e. the answers.
        current_app.logger.error("An intake record could not be saved: %s", type(error).__name__)
        return None


def record_context(found: IntakeRecord) -> dict:
    """What the record and print pages show: the stored assessment, read back as it was, in the record's region."""
    questionnaire = get_library().questionnaires.get(found.questionnaire_id)
    if questionnaire is not None and questionnaire.version != found.questionnaire_version:
        questionnaire = None  # another version's items: the answers behind each reason cannot be named
    pin_region(region_of(found))  # the record's region: its numbers
    refresh()  # the page's French is the record's region's (fr_CA…): the locale is chosen again
    rules = _rules_of(found, questionnaire)
    assessment = assessment_from_dict(found.assessment)
    view = view_of_record(assessment, found.answers, questionnaire, rules, current_region_data(), found.perspective)
    return {
        "record": found,
        "perspective": found.perspective,
        "assessment": assessment,
        "view": view,
        "answers": found.answers,
        "questionnaire": questionnaire,
        "rules": rules,
        "today_rules": _today_rules_version(found),
        "services": matching_services(found),
    }


def _today_rules_version(found: IntakeRecord) -> str | None:
    """Today's rules for the record's questionnaire when the record was decided with others (the
    record page says so: its plan may differ from what today's rules suggest); None otherwise."""
    rules = get_library().rules.get(found.questionnaire_id)
    if rules is None or f"{rules.id}@{rules.version}" == found.rules_version:
        return None
    return f"{rules.id}@{rules.version}"


def _rules_of(found: IntakeRecord, questionnaire: Questionnaire | None) -> RuleSet | None:
    """Today's rules when the record was made with them (the clinical summary reads their
    criteria and flag sentences); None for an older record, shown as it was stored."""
    rules = get_library().rules.get(found.questionnaire_id)
    if rules is None or f"{rules.id}@{rules.version}" != found.rules_version or questionnaire is None:
        return None
    return rules


@bp.route("/records/<int:record_id>")
@login_required
def record(record_id: int):
    found = record_for(current_user, record_id)
    page = render_template(
        "counsel/record.html",
        versions=versions_of(found),
        form_token=secrets.token_urlsafe(24),  # the re-assessment's: one new version however often it is sent
        **record_context(found),
    )
    # Recorded once the page is made, and before it is sent: a commit expires every loaded row,
    # and auditing first made the page load the record and the counselor a second time.
    audit(current_user, "view", record_id=found.id)
    return page


@bp.route("/records/<int:record_id>/reassess", methods=["POST"])
@login_required
def reassess(record_id: int):
    """A new version: the same answers through today's questionnaire and rules; the old one stays."""
    found = record_for(current_user, record_id)
    form = SaveRecordForm()
    form.code.data = found.code
    if not form.validate_on_submit() or not form.form_token.data:
        flash(_("This page was open for too long. Please try again."))
        return redirect(url_for("counsel.record", record_id=found.id))
    questionnaire, rules = _questionnaire_or_404(found.questionnaire_id)
    flow = flow_state(questionnaire, rules, found.answers, found.perspective)
    new = save_record(
        current_user,
        found.code,
        form.form_token.data,
        dict(flow.answers),
        found.perspective,
        flow.assessment,
        found.language,
        found.notes,
        found.region,
        began_from=found.began_from,
    )
    audit(current_user, "edit", record_id=new.id)
    return redirect(url_for("counsel.record", record_id=new.id))


@bp.route("/records/<int:record_id>/print")
@login_required
def print_record(record_id: int):
    found = record_for(current_user, record_id)
    page = render_template("counsel/print.html", **record_context(found))
    audit(current_user, "print", record_id=found.id)  # after the page is made, as for the record page
    return page


@bp.route("/records/<int:record_id>/fhir")
@login_required
def export_fhir(record_id: int):
    found = record_for(current_user, record_id)
    questionnaire = get_library().questionnaires.get(found.questionnaire_id)
    if questionnaire is None or questionnaire.version != found.questionnaire_version:
        # The answers belong to a questionnaire version this server no longer has: they cannot be named in FHIR.
        audit(current_user, "export_fhir", "refused", found.id)
        flash(
            _(
                "This record was saved with a version of the questionnaire this server no longer has: it cannot be exported as FHIR."
            )
        )
        return redirect(url_for("counsel.record", record_id=found.id))

    def bundle() -> Response:
        assessment = assessment_from_dict(found.assessment)
        care_plan = care_plan_resource(assessment, g.lang_code, words.plan_words(assessment))
        response = jsonify(record_bundle(found, questionnaire, care_plan))
        response.mimetype = "application/fhir+json"
        response.headers["Content-Disposition"] = attachment(f"intake-{file_name_part(found.code)}-v{found.version}.json")
        return response

    return audited_export("export_fhir", found.id, bundle, url_for("counsel.record", record_id=found.id))


@bp.route("/records.csv")
@login_required
def export_csv():
    _form, found = _searched()
    return audited_export("export_csv", None, lambda: _csv_of(found), url_for("counsel.records"))


def _csv_of(found: list[IntakeRecord]) -> Response:
    headers = [
        _("Client code"),
        _("Version"),
        _("Date"),
        _("Suggested care"),
        _("Questionnaire"),
        _("Questionnaire version"),
        _("Rules"),
    ]
    care_names = {code: str(name) for code, name in words.PATHWAY_NAMES.items()}
    care_names["emergency"] = str(words.FLAG_TITLES["emergency"])
    body = records_csv(found, headers, care_names)
    return Response(body, mimetype="text/csv", headers={"Content-Disposition": attachment("intake-records.csv")})


def audited_export(action: str, record_id: int | None, make: Callable[[], Response], back: str) -> ResponseReturnValue:
    """Make an export, then audit it as it turned out: "ok" once it is made, "failed" when making it failed."""
    try:
        response = make()
    except Exception as error:  # whatever broke, the trail must not say the export was made
        db.session.rollback()
        current_app.logger.error("An export (%s) failed: %s", action, type(error).__name__)
        audit(current_user, action, "failed", record_id)
        flash(_("The export could not be made. Please try again; if it fails again, tell the person who runs this server."))
        return redirect(back)
    audit(current_user, action, record_id=record_id)
    return response


@bp.route("/audit")
@admin_required
def audit_log():
    """The organization's trail: who (email), when, which record, what, outcome. Never an answer."""
    rows = db.session.execute(
        select(AuditEvent, Counselor.email, IntakeRecord.code, IntakeRecord.version)
        .outerjoin(Counselor, Counselor.id == AuditEvent.counselor_id)
        .outerjoin(IntakeRecord, IntakeRecord.id == AuditEvent.record_id)
        .where(AuditEvent.organization_id == current_user.organization_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(500)
    )
    return render_template("counsel/audit.html", rows=list(rows), audit_actions=AUDIT_ACTIONS, audit_outcomes=AUDIT_OUTCOMES)
