"""The loaded questionnaires, rules, sources and helplines, shared by every blueprint."""

from __future__ import annotations

from flask import Flask, current_app

from .engine import Library, load_library


def init_library(app: Flask) -> Library:
    """Load and validate every data file once, at start-up: a bad file stops the app here."""
    library = load_library(app.config["QUESTIONNAIRES_DIR"])
    app.extensions["passage_library"] = library
    return library


def get_library() -> Library:
    return current_app.extensions["passage_library"]
