"""Keeping answers, only when the person asks: a file on their device, or
encrypted on the server behind a resume code; and the result as a PDF.

The tables saved_answers and shared_answers live in app/answer_store (shared with counsel);
its expired rows go by `flask keep purge` (app/cli/kept_answers.py).
"""

from flask import Flask

from . import share_views  # noqa: F401  (share-code routes, on the same blueprint)
from .views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


__all__ = ["bp", "init_app"]
