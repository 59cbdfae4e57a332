"""Privacy of the anonymous flow: quick exit and the page that says what is kept."""

from flask import Flask

from . import revocation  # noqa: F401  (the revoked_sessions table must be known to Flask-Migrate)
from .views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


__all__ = ["bp", "init_app"]
