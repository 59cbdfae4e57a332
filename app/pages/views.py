"""Routes for the pages around the questionnaire.

The emergency page must be reachable in one step from everywhere, so it
depends on nothing but the chosen region.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from ..engine import PERSPECTIVES
from ..forms import CsrfForm
from ..i18n import browser_language
from ..library import get_library
from ..regions import current_region, region_codes

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
    return render_template("pages/home.html", form=CsrfForm(), perspectives=perspectives, questionnaire=questionnaire)


@bp.route("/<lang_code>/emergency")
def emergency():
    stopped = request.args.get("stopped") == "1"
    change_url = None
    if stopped:
        # The first page holds the emergency screen: offer to correct a mistaken answer.
        questionnaire = get_library().questionnaires["intake"]
        change_url = url_for("assess.question_page", questionnaire_id=questionnaire.id, page_id=questionnaire.pages[0].id)
    return render_template("pages/emergency.html", stopped=stopped, change_url=change_url)


@bp.route("/<lang_code>/crisis")
def crisis():
    return render_template("pages/crisis.html", continue_url=None)


@bp.route("/<lang_code>/information/<name>")
def information(name: str):
    if name not in INFO_PAGES:
        abort(404)
    return render_template(f"pages/info_{name.replace('-', '_')}.html")


@bp.route("/<lang_code>/region", methods=["GET", "POST"])
def region():
    form = CsrfForm()
    error = None
    back = request.values.get("next", "")
    if request.method == "POST":
        chosen = request.form.get("region")
        if not form.validate():
            error = _("This page was open for too long. Please choose again.")
        elif chosen not in region_codes():
            error = _("Select where you are")
        else:
            session["region"] = chosen
            return redirect(_safe_next(back))
    return render_template(
        "pages/region.html",
        form=form,
        error=error,
        regions=get_library().helplines,
        chosen=request.form.get("region") or current_region(),
        next=back,
    ), (400 if error else 200)


def _safe_next(target: str) -> str:
    """Only local paths: a region change must never send anyone off-site."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("pages.home")
