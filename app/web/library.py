"""The loaded questionnaires, rules, sources and helplines, shared by every blueprint."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask, current_app

from ..engine import Library, QuestionnaireError, load_library

SCHEMAS = Path(__file__).resolve().parents[2] / "questionnaires" / "schema"

# A source a template names itself: {{ cited_source("craft-evidence") }}.
CITED_BY_NAME = re.compile(r"""cited_source\(["']([^"']+)["']\)""")


def page_sources(app: Flask) -> set[str]:
    """The sources the templates name themselves (the rest come from the data files, checked as they load)."""
    folder = Path(app.root_path) / (app.template_folder or "templates")
    return {key for path in folder.rglob("*.html") for key in CITED_BY_NAME.findall(path.read_text(encoding="utf-8"))}


# Loaded libraries by folder and the files' fingerprint: a server builds one app, but the tests build many in
# one process, and reading and schema-checking the data files was most of what building one cost (~0.2 s).
_loaded: dict[tuple, Library] = {}
KEPT_LIBRARIES = 4  # the app's folder and the tests' small one, with room for edits


def _fingerprint(folder: Path) -> tuple:
    """Every data and schema file with its size and modification time: any edit reads the folder again."""
    files = sorted([*folder.rglob("*.yaml"), *SCHEMAS.glob("*.json")])
    stats = [(str(path), path.stat()) for path in files]
    return tuple((name, stat.st_mtime_ns, stat.st_size) for name, stat in stats)


def loaded_library(folder: str | Path) -> Library:
    """The folder's library, read and checked once for as long as its files are unchanged (shared
    read-only, as every app treats it)."""
    key = (str(Path(folder).resolve()), _fingerprint(Path(folder)))
    if key not in _loaded:
        if len(_loaded) >= KEPT_LIBRARIES:
            del _loaded[next(iter(_loaded))]  # the oldest: an edited folder's old reading is never needed again
        _loaded[key] = load_library(folder)
    return _loaded[key]


def init_library(app: Flask) -> Library:
    """Load and validate every data file at start-up: a bad file stops the app here, and so does a
    template citing a source sources.yaml lacks (rather than a results page)."""
    library = loaded_library(app.config["QUESTIONNAIRES_DIR"])
    missing = sorted(key for key in page_sources(app) if key not in library.sources)
    if missing:
        raise QuestionnaireError("sources.yaml", "", f"the pages cite sources it lacks: {', '.join(missing)}")
    app.extensions["passage_library"] = library
    return library


def get_library() -> Library:
    return current_app.extensions["passage_library"]
