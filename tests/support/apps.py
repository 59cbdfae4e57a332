"""The app as tests (and benchmarks) build it: a fresh database made by the migrations, rate limits off."""

from __future__ import annotations

from pathlib import Path

import flask_migrate
from sqlalchemy import func, inspect, select, table

from app import create_app

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini"
REAL = ROOT / "questionnaires" / "intake" / "questionnaire.yaml"


def make_app(tmp_path, **settings):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite'}",
        # Rate limits are tested on their own (tests/web/test_rate_limits.py); elsewhere they would
        # only make the many requests of other tests flaky.
        "RATELIMIT_ENABLED": False,
    }
    config.update(settings)
    app = create_app(config)
    with app.app_context():
        # A fresh database built by the migrations, as `make run` builds it (never create_all).
        flask_migrate.upgrade()
    return app


def row_counts(app) -> dict[str, int]:
    """Rows in every table of the database, whatever the tables are."""
    from app.extensions import db

    with app.app_context():
        engine = db.engine
        names = inspect(engine).get_table_names()
        with engine.connect() as connection:
            return {name: connection.execute(select(func.count()).select_from(table(name))).scalar_one() for name in names}
