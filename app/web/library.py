"""The loaded questionnaires, rules, sources and helplines, shared by every blueprint."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask, current_app

from ..engine import Library, QuestionnaireError, load_library

# A source a template names itself: {{ cited_source("craft-evidence") }}.
CITED_BY_NAME = re.compile(r"""cited_source\(["']([^"']+)["']\)""")


def page_sources(app: Flask) -> set[str]:
    """The sources the templates name themselves (the rest come from the data files, checked as they load)."""
    folder = Path(app.root_path) / (app.template_folder or "templates")
    return {key for path in folder.rglob("*.html") for key in CITED_BY_NAME.findall(path.read_text(encoding="utf-8"))}


def init_library(app: Flask) -> Library:
    """Load and validate every data file once, at start-up: a bad file stops the app here, and so does a
    template citing a source sources.yaml lacks (rather than a results page)."""
    library = load_library(app.config["QUESTIONNAIRES_DIR"])
    missing = sorted(key for key in page_sources(app) if key not in library.sources)
    if missing:
        raise QuestionnaireError("sources.yaml", "", f"the pages cite sources it lacks: {', '.join(missing)}")
    app.extensions["passage_library"] = library
    return library


def get_library() -> Library:
    return current_app.extensions["passage_library"]
