"""Issue 14, item 7: SQLite keeps nothing it should not. The file is born readable by its owner only,
secure_delete is on, a deletion leaves no copy of the row in the file or its write-ahead log, the
expiry of saved answers tells only the day, and every sealed blob has the same size."""

from __future__ import annotations

import os
import stat
from datetime import datetime, time

import pytest
from sqlalchemy import select, text

from app.answer_store import codes
from app.answer_store import models as keep_models
from app.answer_store.models import SavedAnswers
from app.extensions import db
from app.keep import views as keep_views
from tests.support import html_page
from tests.support.apps import MINI, make_app
from tests.support.keeping import save_with_code, saved_rows
from tests.support.visitor import Visitor
from tests.support.walk import answer_everything, start


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_database_and_its_log_are_created_readable_by_their_owner_only(tmp_path, monkeypatch):
    # With chmod doing nothing, only the mode the file was created with can make it private.
    monkeypatch.setattr(os, "chmod", lambda *args, **kwargs: None)
    previous = os.umask(0o022)
    try:
        # The database named, so the app creates the file itself (not the tests' copy of a migrated one).
        app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI), SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'test.sqlite'}")
        visitor = Visitor(app.test_client())
        answer_everything(visitor, app)
        save_with_code(visitor)
    finally:
        os.umask(previous)
    database = tmp_path / "test.sqlite"
    assert mode(database) == 0o600
    for companion in (tmp_path / "test.sqlite-wal", tmp_path / "test.sqlite-shm"):
        assert companion.exists() and mode(companion) == 0o600, companion


def test_secure_delete_and_wal_are_on(tmp_path):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI))
    with app.app_context():
        assert db.session.execute(text("PRAGMA secure_delete")).scalar() == 1
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def saved_blob(app) -> bytes:
    (row,) = saved_rows(app)
    return row.sealed


def files_hold(tmp_path, blob: bytes) -> list[str]:
    """Which of the database's files still hold a piece of `blob`."""
    pieces = [blob[i : i + 64] for i in range(0, len(blob) - 64, 512)]
    found = []
    for name in ("test.sqlite", "test.sqlite-wal"):
        path = tmp_path / name
        content = path.read_bytes() if path.exists() else b""
        if any(piece in content for piece in pieces):
            found.append(name)
    return found


def test_deleting_saved_answers_leaves_no_copy_in_the_file_or_the_log(tmp_path):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI))
    visitor = Visitor(app.test_client())
    answer_everything(visitor, app)
    code = save_with_code(visitor)
    blob = saved_blob(app)
    assert files_hold(tmp_path, blob)  # the check can see a stored blob
    visitor.get("/en/intake/saved/delete")
    visitor.submit("/en/intake/saved/delete", {"code": code})
    assert saved_rows(app) == []
    assert files_hold(tmp_path, blob) == []
    assert (tmp_path / "test.sqlite-wal").stat().st_size == 0


def test_purging_expired_answers_leaves_no_copy_in_the_file_or_the_log(tmp_path):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI))
    visitor = Visitor(app.test_client())
    answer_everything(visitor, app)
    save_with_code(visitor)
    blob = saved_blob(app)
    with app.app_context():
        db.session.execute(text("UPDATE saved_answers SET expires_at = '2000-01-01 00:00:00'"))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["keep", "purge"])
    assert "Deleted 1" in result.output
    assert files_hold(tmp_path, blob) == []


@pytest.mark.parametrize("hour", [time(0, 0, 1), time(9, 13, 7), time(23, 59, 58)])
def test_the_stored_expiry_tells_the_day_of_saving_never_the_hour(tmp_path, monkeypatch, hour):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI), SAVED_ANSWERS_DAYS=7)
    monkeypatch.setattr(keep_views, "utcnow", lambda: datetime.combine(datetime(2026, 3, 10).date(), hour))
    visitor = Visitor(app.test_client())
    answer_everything(visitor, app)
    save_with_code(visitor)
    (row,) = saved_rows(app)
    # Whatever the hour of saving on 10 March, the row says: until midnight at the end of 17 March.
    assert row.expires_at == datetime(2026, 3, 18, 0, 0)


def test_every_sealed_blob_has_the_same_size_whatever_was_answered(tmp_path):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI))
    barely_started = Visitor(app.test_client())
    start(barely_started)
    save_with_code(barely_started)
    all_answered = Visitor(app.test_client())
    answer_everything(all_answered, app)
    code = save_with_code(all_answered)
    sizes = {len(row.sealed) for row in saved_rows(app)}
    assert sizes == {codes.NONCE_BYTES + codes.PADDED_BYTES + 16}  # 16: the AES-GCM tag
    # And the padded answers still open with the code.
    with app.app_context():
        row = db.session.scalar(select(SavedAnswers).where(SavedAnswers.lookup == codes.lookup_hash(codes.normalize(code))))
        assert codes.unseal(codes.normalize(code), row.salt, row.sealed).endswith(b"}")


def test_the_pages_name_the_deletion_day_and_the_last_whole_day_saved(tmp_path, monkeypatch):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI), SAVED_ANSWERS_DAYS=7)
    monkeypatch.setattr(keep_views, "utcnow", lambda: datetime(2026, 3, 10, 21, 47))
    monkeypatch.setattr(keep_models, "utcnow", lambda: datetime(2026, 3, 10, 21, 48))
    visitor = Visitor(app.test_client())
    answer_everything(visitor, app)
    code = save_with_code(visitor)
    # Deleted at the midnight that starts 18 March: saved through 17 March, seven whole days on.
    assert "deleted on March 18, 2026" in " ".join(html_page.parse(visitor.html()).get_text(" ").split())
    other = Visitor(app.test_client())
    other.get("/en/intake/resume")
    other.submit("/en/intake/resume/code", {"code": code})
    assert "until March 17, 2026" in " ".join(html_page.parse(other.html()).get_text(" ").split())
