"""The counselor workspace: organizations, counselors, intake records, audit (issue 13).

init_app(app) binds Flask-Login and the blueprint: views.py's routes, and those of admin.py,
client_answers.py and client_pdf.py added from their ROUTES tables, here rather than by importing
them for their decorators. The `flask counselors` commands are in app/cli/counselors.py.
"""

from __future__ import annotations

from flask import Blueprint, Flask
from werkzeug.routing import IntegerConverter

from ..web.routes import with_routes
from . import (
    admin,
    client_answers,
    client_pdf,
    models,  # noqa: F401  (the tables known to Flask-Migrate)
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


def workspace_blueprint() -> Blueprint:
    """views.py's blueprint with the routes of admin.py, client_answers.py and client_pdf.py."""
    return with_routes(bp, (admin, client_answers, client_pdf))


def init_app(app: Flask) -> None:
    # Before the blueprint's routes are added, so each of them (and any added later) is bounded.
    app.url_map.converters["int"] = RowIdConverter
    login_manager.init_app(app)
    app.register_blueprint(workspace_blueprint())


__all__ = ["bp", "init_app"]
