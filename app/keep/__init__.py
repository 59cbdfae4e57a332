"""Keeping answers, only when the person asks: a file on their device, or
encrypted on the server behind a resume code; and the result as a PDF.

The tables saved_answers and shared_answers live in app/answer_store (shared with counsel);
its expired rows go by `flask keep purge` (app/cli/kept_answers.py).
"""

from flask import Flask

from ..web.routes import with_routes
from . import share_views
from .views import bp


def init_app(app: Flask) -> None:
    # The share-code routes (share_views.py) join views.py's blueprint here, not on import.
    app.register_blueprint(with_routes(bp, (share_views,)))
    app.add_template_global(share_views.share_state, "share_state")


__all__ = ["bp", "init_app"]
