"""/<lang>/how-it-works: every rule in plain words, with what triggers it, what it
suggests and its public source, read from the same data the engine applies."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from ..i18n.readable_rules import LICENSING_NOTE, describe
from ..i18n.wording import gettext as _
from ..i18n.words import SEVERITY_LEVEL_NAMES
from ..web.library import get_library

bp = Blueprint("explain", __name__)


@bp.route("/<lang_code>/how-it-works", defaults={"questionnaire_id": "intake"})
@bp.route("/<lang_code>/how-it-works/<questionnaire_id>")
def how_it_works(questionnaire_id: str):
    library = get_library()
    if questionnaire_id not in library.questionnaires:
        abort(404)
    questionnaire = library.questionnaires[questionnaire_id]
    rules = library.rules[questionnaire_id]
    names = {d.number: _(d.name) for d in rules.dimensions}
    flag_texts = {flag.id: _(flag.text) for flag in rules.red_flags}

    def words(condition):
        return describe(condition, questionnaire, names, flag_texts=flag_texts)

    return render_template(
        "explain/how_it_works.html",
        questionnaire=questionnaire,
        rules=rules,
        sources=library.sources,
        words=words,
        licensing_note=LICENSING_NOTE,
        level_names=SEVERITY_LEVEL_NAMES,
    )
