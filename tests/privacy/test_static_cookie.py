"""Issue 14, item 6 (part): no static file response ever sets a cookie."""

from __future__ import annotations

from pathlib import Path

from tests.support.apps import MINI, make_app
from tests.support.visitor import Visitor
from tests.support.walk import start

STATIC = Path(__file__).resolve().parents[2] / "app" / "static"


def test_no_static_file_sets_a_cookie_even_mid_session(tmp_path):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI))
    visitor = Visitor(app.test_client())
    start(visitor)
    files = [path.relative_to(STATIC).as_posix() for path in STATIC.rglob("*") if path.is_file()]
    assert files
    for name in files:
        response = visitor.client.get(f"/static/{name}")
        assert response.status_code == 200, name
        assert "Set-Cookie" not in response.headers, name
