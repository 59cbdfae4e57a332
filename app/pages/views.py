"""Routes for the pages around the questionnaire.

The emergency page must be reachable in one step from everywhere, so it
depends on nothing but the chosen region.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from werkzeug.exceptions import HTTPException

from ..engine import PERSPECTIVES, FlowState, flow_state
from ..i18n import words
from ..i18n.languages import browser_language
from ..i18n.wording import gettext as _
from ..intake_flow.navigation import crisis_continue_url, question_url, stopped_by_emergency
from ..intake_flow.progress import Progress, load_progress
from ..web.forms import CsrfForm
from ..web.library import get_library
from ..web.region_choice import region_form_choice, resolve_region_form

bp = Blueprint("pages", __name__)

INFO_PAGES = ("baclofen", "overdose", "treatment-types")


@bp.route("/")
def root():
    return redirect(url_for("pages.home", lang_code=browser_language()))


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico on their own; without this it would be taken for a language."""
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@bp.route("/<lang_code>/")
def home():
    questionnaire = get_library().questionnaires["intake"]
    perspectives = [p for p in PERSPECTIVES if p in questionnaire.perspectives]
    return render_template(
        "pages/home.html",
        form=CsrfForm(),
        perspectives=perspectives,
        questionnaire=questionnaire,
        region_choice=region_form_choice(),
    )


def _intake_progress() -> tuple[Progress, FlowState | None]:
    """This person's answers to the questionnaire behind the help pages, and its flow for them (None if not started)."""
    library = get_library()
    questionnaire = library.questionnaires["intake"]
    progress = load_progress(questionnaire.id, questionnaire.version)
    if not progress.started:
        return progress, None
    return progress, flow_state(questionnaire, library.rules["intake"], progress.answers, progress.perspective)


# The emergency and crisis pages have one address each, whether opened directly or
# reached because of an answer: what differs (a way back to the questions) comes
# from the person's own session, so the address tells a history or a log nothing.
@bp.route("/<lang_code>/emergency")
def emergency():
    _progress, flow = _intake_progress()
    stopped = stopped_by_emergency(flow)
    questionnaire = get_library().questionnaires["intake"]
    # The first page holds the emergency screen: offer to correct a mistaken answer.
    change_url = question_url(questionnaire, questionnaire.pages[0].id) if stopped else None
    # The kind of emergency comes from the session (set when the answers raised
    # it), never from the URL: answers stay out of addresses and logs.
    kind = session.get("emergency_kind") if stopped else None
    kind = kind if kind in words.EMERGENCY_TITLES else "overdose"
    return render_template("pages/emergency.html", stopped=stopped, change_url=change_url, kind=kind)


@bp.route("/<lang_code>/crisis")
def crisis():
    progress, flow = _intake_progress()
    return render_template(
        "pages/crisis.html",
        continue_url=crisis_continue_url(progress, flow),
        perspective=progress.perspective if progress.perspective in words.CRISIS_LEADS else "self",
    )


@bp.route("/<lang_code>/information/<name>")
def information(name: str):
    if name not in INFO_PAGES:
        abort(404)
    # The pathways' descriptions are the rules' own (rules.yaml `description`).
    return render_template(f"pages/info_{name.replace('-', '_')}.html", pathways=get_library().rules["intake"].pathways)


@bp.route("/<lang_code>/region", methods=["GET", "POST"])
def region():
    form = CsrfForm()
    errors: dict[str, str | None] = {"region_error": None, "province_error": None}
    back = request.values.get("next", "")
    posted = None
    if request.method == "POST":
        posted = (request.form.get("region"), request.form.get("province"))
        chosen, problem = resolve_region_form(*posted)
        if not form.validate():
            errors["region_error"] = _("This page was open for too long. Please choose again.")
        elif chosen is None:
            errors[f"{problem}_error"] = (
                _("Select your province or territory") if problem == "province" else _("Select where you are")
            )
        else:
            session["region"] = chosen
            return redirect(_safe_next(back))
    return render_template(
        "pages/region.html",
        form=form,
        region_choice=region_form_choice(posted),
        next=back,
        **errors,
    ), (400 if any(errors.values()) else 200)


def _safe_next(target: str) -> str:
    """Only a path of this app: a region change must never send anyone off-site.

    The address is parsed and rebuilt, never prefix-checked: browsers drop tabs
    and newlines and read a backslash as a slash, so `/\t/evil.example` or
    `/\\evil.example` would leave the site. Anything that is not a plain path
    (with an optional query) that this app routes goes home instead.
    """
    home = url_for("pages.home")
    if not target or len(target) > 2000:
        return home
    if any(ord(char) < 0x21 or ord(char) == 0x7F or char == "\\" for char in target):
        return home
    try:
        parts = urlsplit(target)
    except ValueError:
        return home
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return home
    # Decode what a browser or a proxy might decode before it reads the path.
    decoded = unquote(unquote(parts.path))
    if decoded.startswith(("//", "/\\")) or any(ord(char) < 0x21 or ord(char) == 0x7F or char == "\\" for char in decoded):
        return home
    path = quote(decoded, safe="/-._~!$&'()*+,;=:@")
    try:
        current_app.url_map.bind("localhost").match(path, method="GET")
    except HTTPException:
        return home
    query = urlencode(parse_qsl(parts.query, keep_blank_values=True))
    return urlunsplit(("", "", path, query, ""))
