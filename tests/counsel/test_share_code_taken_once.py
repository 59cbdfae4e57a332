"""Issue 29: a share code is taken once, even when two counselors enter it at the same moment:
one gets the answers, the other nothing (the same as a wrong code). Two threads, each with its
own connection, on SQLite and (with PASSAGE_TEST_POSTGRES_URL) PostgreSQL."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest

from app.answer_store import sharing
from app.answer_store.codes import SHARE
from app.extensions import db, utcnow
from app.intake_flow.progress import Progress
from app.web.library import get_library

pytestmark = pytest.mark.db


def shared_code(app) -> str:
    with app.test_request_context("/en/"):
        questionnaire = get_library().questionnaires["intake"]
        progress = Progress(perspective="family", answers={"danger_now": ["none"]}, version=questionnaire.version, started=True)
        code = sharing.make_share(questionnaire, progress, utcnow() + timedelta(days=7))
    assert code is not None
    return code


@pytest.mark.parametrize("attempt", range(3))
def test_two_concurrent_takes_one_wins(counsel_app, attempt):
    code = shared_code(counsel_app)
    barrier = threading.Barrier(2)
    results: list[bytes | None] = []
    errors: list[BaseException] = []

    def take():
        try:
            with counsel_app.app_context():
                db.session.connection()  # each thread opens its own connection before the race
                barrier.wait(timeout=10)
                results.append(sharing.take_shared(code))
                db.session.remove()
        except BaseException as error:  # noqa: BLE001 (reported by the assertion below)
            errors.append(error)

    threads = [threading.Thread(target=take) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert len(results) == 2
    won = [result for result in results if result is not None]
    assert len(won) == 1, "exactly one of two concurrent takes gets the answers"
    assert json.loads(won[0])["perspective"] == "family"
    with counsel_app.app_context():
        assert sharing.take_shared(code) is None


def test_a_wrong_code_opens_nothing(counsel_app):
    shared_code(counsel_app)
    with counsel_app.app_context():
        assert sharing.take_shared(SHARE.new_code()) is None
