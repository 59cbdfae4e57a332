"""The counselor workspace: organizations, counselors, intake records, audit (issue 13).

register_counsel(app) binds Flask-Login and the blueprint; the `flask counselors` commands are in
app/cli/counselors.py (the limiter is set up once by the application factory).
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

from . import (  # noqa: F401  (the tables known to Flask-Migrate)
    admin,  # noqa: F401  (admin routes on the same blueprint)
    client_answers,  # noqa: F401  (start from the client's answers, on the same blueprint)
    client_pdf,  # noqa: F401  (the client's PDF, on the same blueprint)
    models,
)
from .sessions import login_manager
from .views import bp


class RowIdConverter(IntegerConverter):
    """`<int:…>` in the workspace's URLs: a row id, 1 to the largest a PostgreSQL INTEGER holds.

    Outside that range no row can exist: the URL matches no route (404) rather than
    overflowing the database driver (a 500 on every route that takes an id).
    """

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def register_counsel(app: Flask) -> None:
    # Before the blueprint's routes are added, so each of them (and any added later) is bounded.
    app.url_map.converters["int"] = RowIdConverter
    login_manager.init_app(app)
    app.register_blueprint(bp)


__all__ = ["bp", "register_counsel"]
