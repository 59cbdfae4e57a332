"""Issue 14, items 4 and 9: saving with a code is bounded, purged, and never a 500."""

from __future__ import annotations

import subprocess
from datetime import timedelta

from app import create_app
from app.answer_store.models import SavedAnswers, utcnow
from app.extensions import db
from tests.support.apps import MINI, ROOT, make_app
from tests.support.html_page import page_text
from tests.support.visitor import Visitor
from tests.support.walk import answer_everything


def save(visitor):
    visitor.get("/en/intake/keep")
    return visitor.submit("/en/intake/keep/code", {})


def test_without_db_upgrade_saving_says_so_on_the_page_and_in_the_log(tmp_path, caplog):
    # No migrations run: the saved_answers table does not exist.
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "k",
            "QUESTIONNAIRES_DIR": str(MINI),
            "RATELIMIT_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'bare.sqlite'}",
        }
    )
    visitor = Visitor(app.test_client())
    answer_everything(visitor, app)
    page = save(visitor)
    assert page.status_code == 200
    assert "Saving with a code is not available on this server right now" in page_text(page)
    assert any("flask --app app db upgrade" in record.getMessage() for record in caplog.records)


def test_a_full_table_refuses_new_codes_with_a_clear_message(tmp_path):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI), SAVED_ANSWERS_MAX_ROWS=1)
    visitor = Visitor(app.test_client())
    answer_everything(visitor, app)
    assert save(visitor).status_code == 200
    assert save_count(app) == 1
    page = save(visitor)
    assert "too many answers are saved on this server" in page_text(page)
    assert save_count(app) == 1


def save_count(app) -> int:
    with app.app_context():
        return db.session.query(SavedAnswers).count()


def add_expired(app):
    with app.app_context():
        db.session.add(SavedAnswers(lookup="x" * 64, salt=b"s" * 16, sealed=b"z", expires_at=utcnow() - timedelta(days=1)))
        db.session.commit()


def test_keep_purge_and_its_older_name_delete_expired_rows(tmp_path):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI))
    for command in (["keep", "purge"], ["saved", "purge"]):
        add_expired(app)
        result = app.test_cli_runner().invoke(args=command)
        assert result.exit_code == 0, result.output
        assert "Deleted 1 expired" in result.output
        assert save_count(app) == 0


def test_starting_the_app_purges_nothing_make_run_and_cron_do(tmp_path):
    # Building the app (every `flask` command, every gunicorn master) is no time to delete rows.
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI))
    add_expired(app)
    create_app(
        {"SECRET_KEY": "k", "QUESTIONNAIRES_DIR": str(MINI), "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}
    )
    assert save_count(app) == 1
    # `make run` migrates, purges, then serves (the README's daily cron line is the same command).
    recipe = subprocess.run(["make", "-n", "run", "VENV=.venv"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    steps = [line.split("--app app ", 1)[1] for line in recipe.splitlines() if "flask --app app " in line]
    assert steps[:2] == ["db upgrade", "keep purge"] and steps[2].startswith("run ")
    assert app.test_cli_runner().invoke(args=["keep", "purge"]).exit_code == 0
    assert save_count(app) == 0
