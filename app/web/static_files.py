"""Static files under content-hashed names, cached for a year.

`url_for("static", filename="passage.css")` gives /static/passage.<hash>.css:
the name changes whenever the content does, so browsers and proxies may keep
each file for a year without asking again (immutable), and a page of a new
release never gets an old stylesheet. The plain name still answers, with
revalidation each time, for anything that links to it directly.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, Response

HASH_LENGTH = 12
ONE_YEAR = 365 * 24 * 3600


def hashed_name(name: str, content: bytes) -> str:
    """passage.css -> passage.<first 12 hex of its SHA-256>.css"""
    stem, dot, extension = name.rpartition(".")
    digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
    return f"{stem}.{digest}.{extension}" if dot else f"{name}.{digest}"


def init_static_names(app: Flask) -> None:
    """Hash every static file once, at start-up, and make url_for give the hashed names."""
    folder = Path(app.static_folder or "")
    hashed = {
        path.relative_to(folder).as_posix(): hashed_name(path.relative_to(folder).as_posix(), path.read_bytes())
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    app.extensions["passage_static"] = {"hashed": hashed, "original": {new: old for old, new in hashed.items()}}

    @app.url_defaults
    def hashed_static_name(endpoint, values):
        if endpoint == "static" and values.get("filename") in hashed:
            values["filename"] = hashed[values["filename"]]


def send_static(app: Flask, filename: str, send) -> Response:
    """A static file by its hashed name (cached a year) or its plain name (revalidated)."""
    original = app.extensions.get("passage_static", {}).get("original", {}).get(filename)
    if original is None:
        return send(filename)
    response = send(original)
    response.cache_control.public = True
    response.cache_control.max_age = ONE_YEAR
    response.cache_control.immutable = True
    return response
