"""The loaded questionnaires, rules, sources and helplines, shared by every blueprint."""

from __future__ import annotations

from flask import Flask, current_app

from ..engine import Library, QuestionnaireError, load_library

# Sources the pages themselves cite (family support, support groups): checked
# at start-up so a missing one stops the app rather than a results page.
PAGE_SOURCES = ("craft-evidence", "al-anon", "nar-anon", "smart-recovery", "alcoholics-anonymous", "narcotics-anonymous")


def init_library(app: Flask) -> Library:
    """Load and validate every data file once, at start-up: a bad file stops the app here."""
    library = load_library(app.config["QUESTIONNAIRES_DIR"])
    missing = [key for key in PAGE_SOURCES if key not in library.sources]
    if missing:
        raise QuestionnaireError("sources.yaml", "", f"the pages cite sources it lacks: {', '.join(missing)}")
    app.extensions["passage_library"] = library
    return library


def get_library() -> Library:
    return current_app.extensions["passage_library"]
