"""The Flask extensions, created unbound so blueprints can import them, and the clock of stored dates."""

from datetime import UTC, datetime

import click
from flask import Flask
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from . import database  # noqa: F401  (the SQLite file is created private: see app/database.py)


class Base(DeclarativeBase):
    # Named constraints, so later migrations can alter them on every database (SQLite included).
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_name)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


db = SQLAlchemy(model_class=Base)
babel = Babel()
# Per client address; limits are set on each costly route (PDF, codes, API assessments).
# Storage: memory by default, Redis when configured (see app/config.py rate_limit_settings).
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def utcnow() -> datetime:
    """Now in UTC, without tzinfo: stored dates are naive UTC on every database."""
    return datetime.now(UTC).replace(tzinfo=None)


def init_app(app: Flask) -> None:
    """The database and the rate limits; Flask-Migrate only for `flask` commands and tests."""
    db.init_app(app)
    limiter.init_app(app)
    if app.testing or click.get_current_context(silent=True) is not None:
        init_migrations(app)


def init_migrations(app: Flask) -> None:
    """Flask-Migrate, for `flask db …` and the tests' databases.

    Not for a server: importing it (and alembic) is about 0.1 s of every start-up, and a
    server never migrates; `make run` and deployments run `flask --app app db upgrade`.
    """
    from flask_migrate import Migrate

    from .config import ROOT

    Migrate(app, db, directory=str(ROOT / "migrations"))
