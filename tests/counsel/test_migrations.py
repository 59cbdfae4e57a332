"""The workspace migration, from an empty database and from the previous revision with data,
on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

from datetime import datetime

import flask_migrate
import pytest
import sqlalchemy as sa

from app import create_app
from app.extensions import db

pytestmark = pytest.mark.db

WORKSPACE_TABLES = {"organizations", "counselors", "counselor_sessions", "intake_records", "audit_events"}


@pytest.fixture
def bare_app(tmp_path, database_uri):
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": database_uri}, instance_path=str(tmp_path / "instance")
    )
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def tables(app) -> set[str]:
    with app.app_context():
        return set(sa.inspect(db.engine).get_table_names())


def test_upgrade_from_empty_creates_the_workspace_tables(bare_app):
    with bare_app.app_context():
        flask_migrate.upgrade()
    assert tables(bare_app) >= WORKSPACE_TABLES


def test_upgrade_from_the_previous_revision_keeps_data_and_downgrade_removes_only_the_workspace(bare_app):
    row = {"lookup": "a" * 64, "salt": b"0" * 16, "sealed": b"sealed", "expires_at": datetime(2030, 1, 1)}
    with bare_app.app_context():
        flask_migrate.upgrade(revision="0001")
        saved = sa.table("saved_answers", *(sa.column(name) for name in row))
        db.session.execute(saved.insert().values(**row))
        db.session.commit()
        flask_migrate.upgrade()
        assert db.session.execute(sa.text("SELECT lookup FROM saved_answers")).scalar_one() == row["lookup"]
    assert tables(bare_app) >= WORKSPACE_TABLES
    with bare_app.app_context():
        flask_migrate.downgrade(revision="0001")
        assert db.session.execute(sa.text("SELECT count(*) FROM saved_answers")).scalar_one() == 1
    assert not WORKSPACE_TABLES & tables(bare_app)


def test_sqlite_database_is_private_and_durable(bare_app, database_uri):
    if not database_uri.startswith("sqlite"):
        pytest.skip("SQLite settings only")
    import os
    import stat

    with bare_app.app_context():
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            pragma = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "secure_delete", "busy_timeout")
            }
    assert pragma == {"journal_mode": "wal", "foreign_keys": 1, "secure_delete": 1, "busy_timeout": 5000}
    path = database_uri.removeprefix("sqlite:///")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_records_keep_their_data_when_the_region_column_is_added_and_removed(bare_app):
    record = {
        "id": 1,
        "organization_id": 1,
        "code": "C-042",
        "version": 1,
        "questionnaire_id": "intake",
        "questionnaire_version": 2,
        "rules_version": "intake-rules@2",
        "perspective": "counselor",
        "language": "fr",
        "notes": "Premier entretien",
        "answers": '{"use_frequency": "daily"}',
        "assessment": "{}",
        "top_pathway": "outpatient",
        "form_token": "t" * 32,
        "created_at": datetime(2026, 12, 1, 9, 30),
    }
    records = sa.table("intake_records", *(sa.column(name) for name in record))
    with bare_app.app_context():
        flask_migrate.upgrade(revision="0002_counsel")
        db.session.execute(sa.text("INSERT INTO organizations (id, name) VALUES (1, 'Org A')"))
        db.session.execute(records.insert().values(**record))
        db.session.commit()
        flask_migrate.upgrade()
        kept = db.session.execute(sa.text("SELECT code, notes, answers, region FROM intake_records")).one()
        assert (kept.code, kept.notes, kept.region) == ("C-042", "Premier entretien", None)
        assert "daily" in str(kept.answers)
        db.session.execute(sa.text("UPDATE intake_records SET region = 'ca_qc'"))
        db.session.commit()
        flask_migrate.downgrade(revision="0002_counsel")
        columns = {column["name"] for column in sa.inspect(db.engine).get_columns("intake_records")}
        assert "region" not in columns
        assert db.session.execute(sa.text("SELECT code, notes FROM intake_records")).one() == ("C-042", "Premier entretien")
