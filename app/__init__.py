"""Passage: a bilingual guide to treatment pathways for substance misuse.

create_app() is the application factory (see the Flask tutorial's pattern).
"""

from __future__ import annotations

import os

from flask import Flask

from . import config
from .web.security import PassageFlaskMixin


class PassageFlask(PassageFlaskMixin, Flask):
    """Flask, with error logs that never quote what was sent (see app/web/security.py), and static
    files served under content-hashed names (see app/web/static_files.py)."""

    def send_static_file(self, filename: str):
        from .web.static_files import send_static

        return send_static(self, filename, super().send_static_file)


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    """Build the app; `instance_path` (else FLASK_INSTANCE_PATH, else Flask's default) holds the
    secret key and the SQLite file; tests pass a temporary one."""
    instance_path = instance_path or os.environ.get("FLASK_INSTANCE_PATH") or None
    app = PassageFlask(__name__, instance_relative_config=True, instance_path=instance_path)
    # Imported here: `python -m app.i18n` and the engine's users import this package without them.
    from . import api, assess, cli, counsel, explain, extensions, i18n, keep, pages, privacy, web

    config.init_app(app, test_config)  # first: every later step reads the settings, checked
    web.init_app(app)  # questionnaires, session, HTTPS and headers, static names, error pages
    i18n.init_app(app)  # Flask-Babel, /<lang>/ URLs, template helpers
    extensions.init_app(app)  # database, rate limits
    for package in (pages, assess, privacy, keep, explain, api, counsel):
        package.init_app(app)  # api after web: it wraps the session interface web set
    cli.init_app(app)
    # Expired saved answers go by `flask --app app keep purge` (cron, and `make run` before serving),
    # never as a side effect of building the app: every `flask` command and gunicorn master builds it.
    return app


def init_migrations(app: Flask) -> None:
    """Flask-Migrate on an app (the tests' and benchmarks' own databases): see app/extensions.py."""
    from .extensions import init_migrations

    init_migrations(app)
