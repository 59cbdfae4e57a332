"""Passage: a bilingual guide to treatment pathways for substance misuse.

create_app() is the application factory (see the Flask tutorial's pattern).
"""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask import Flask

from . import config as passage_config
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
    # Long but flat: each step wires one part of the app, in the order they depend on each other.
    instance_path = instance_path or os.environ.get("FLASK_INSTANCE_PATH") or None
    app = PassageFlask(__name__, instance_relative_config=True, instance_path=instance_path)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(passage_config.DEFAULTS)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "passage.sqlite")
    try:
        app.config.update(passage_config.from_environment())
    except passage_config.SettingError as error:
        raise SystemExit(f"Passage cannot start: {error}.") from error
    if test_config:
        app.config.update(test_config)
    if problem := passage_config.settings_problem(app.config):
        raise SystemExit(f"Passage cannot start: {problem}.")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = passage_config.instance_secret_key(app.instance_path)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = app.config["CATALOGS_DIR"]

    from .engine import QuestionnaireError
    from .extensions import babel, db, limiter
    from .i18n.languages import register_language_urls, select_locale, stale_catalogs
    from .web.library import init_library
    from .web.security import configure_https, register_security_headers
    from .web.session import EncryptedCookieSessionInterface
    from .web.static_files import init_static_names

    try:
        init_library(app)
    except QuestionnaireError as error:
        # A clear one-line reason instead of a traceback: the data files are wrong.
        raise SystemExit(f"Passage cannot start, a questionnaire file is invalid: {error}") from error
    if stale_catalogs(app.config["TRANSLATIONS_DIR"], app.config["CATALOGS_DIR"]):
        # Built by the install step, not here: say so rather than serve English to French readers.
        app.logger.warning("Translations are not compiled or out of date: run `make install`.")
    babel.init_app(app, locale_selector=select_locale)
    db.init_app(app)
    limiter.init_app(app)
    if app.testing or click.get_current_context(silent=True) is not None:
        init_migrations(app)
    app.session_interface = EncryptedCookieSessionInterface()
    configure_https(app)
    register_security_headers(app)
    register_language_urls(app)
    init_static_names(app)

    from . import api, assess, cli, counsel, explain, keep, pages, privacy
    from .i18n.templating import register_template_helpers
    from .web.errors import register_error_handlers

    app.register_blueprint(pages.bp)
    app.register_blueprint(assess.bp)
    app.register_blueprint(privacy.bp)
    app.register_blueprint(keep.bp)
    app.register_blueprint(explain.bp)
    api.register_api(app)
    counsel.register_counsel(app)
    register_error_handlers(app)
    register_template_helpers(app)
    cli.init_app(app)
    # Expired saved answers go by `flask --app app keep purge` (cron, and `make run` before serving),
    # never as a side effect of building the app: every `flask` command and gunicorn master builds it.
    return app


def init_migrations(app: Flask) -> None:
    """Flask-Migrate, for `flask db …` and the tests' databases.

    Not for a server: importing it (and alembic) is about 0.1 s of every start-up, and a
    server never migrates; `make run` and deployments run `flask --app app db upgrade`.
    """
    from flask_migrate import Migrate

    from .extensions import db

    Migrate(app, db, directory=str(passage_config.ROOT / "migrations"))
