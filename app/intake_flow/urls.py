"""Blueprints whose URLs hold a questionnaire id (/<lang_code>/<questionnaire_id>/…).

Sets g.questionnaire and g.rules from the URL (unknown id: 404) and puts the
id back into every url_for, so views never repeat it.
"""

from __future__ import annotations

from flask import Blueprint, abort, g

from ..web.library import get_library


def bind_questionnaire_urls(blueprint: Blueprint) -> None:
    @blueprint.url_value_preprocessor
    def pull_questionnaire(endpoint, values):
        questionnaire_id = values.pop("questionnaire_id", None)
        library = get_library()
        if questionnaire_id not in library.questionnaires:
            abort(404, description="questionnaire")
        g.questionnaire = library.questionnaires[questionnaire_id]
        g.rules = library.rules[questionnaire_id]

    @blueprint.url_defaults
    def add_questionnaire(endpoint, values):
        if "questionnaire_id" not in values and getattr(g, "questionnaire", None) is not None:
            values["questionnaire_id"] = g.questionnaire.id
