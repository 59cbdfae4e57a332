"""Passage with one more view, `/bench-floor`, for the benchmark and the profiler only.

The view does nothing: it reads the person's progress from the session and
returns a body the size of a question page. Behind it runs everything every
Passage page with a session pays before it does any work: the encrypted cookie
opened and saved again, the check that no quick exit ended the session, the
language from the URL, the security headers. `make bench` serves it beside the
app and the minimal app, so the floor is measured in the same run as the pages.

Served by benchmarks/run.py: `gunicorn -c gunicorn.conf.py 'benchmarks.floor_app:create_floor_app()'`;
never part of the served app.
"""

from __future__ import annotations

from flask import Flask, session

FLOOR_PATH = "/bench-floor"
QUESTION_PAGE_BYTES = 11112
MINIMAL_PAGE_PATH = f"/page/{QUESTION_PAGE_BYTES}"  # the minimal app's page of that size (benchmarks/minimal_app.py)


def add_floor_view(app: Flask) -> None:
    def floor() -> str:
        session.get("progress:intake")
        return "x" * QUESTION_PAGE_BYTES

    app.add_url_rule(FLOOR_PATH, "bench_floor", floor)


def create_floor_app() -> Flask:
    from app import create_app  # here: the constants above are read without importing Passage

    app = create_app()
    add_floor_view(app)
    return app
