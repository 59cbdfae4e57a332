"""The counselor workspace: organizations, counselors, intake records, audit (issue 13).

register_counsel(app) binds Flask-Login, the blueprint and the `flask counselors`
commands (the limiter is set up once by the application factory).
"""

from __future__ import annotations

from flask import Flask

from . import (  # noqa: F401  (SQLite settings; the tables known to Flask-Migrate)
    admin,  # noqa: F401  (admin routes on the same blueprint)
    client_pdf,  # noqa: F401  (the client's PDF, on the same blueprint)
    database,
    models,
)
from .cli import counselors_command
from .sessions import login_manager
from .views import bp


def register_counsel(app: Flask) -> None:
    login_manager.init_app(app)
    app.register_blueprint(bp)
    app.cli.add_command(counselors_command)


__all__ = ["bp", "register_counsel"]
