"""The ceiling this machine allows: a minimal Flask app rendering one plain template.

`/page/<size>` answers GET or POST with one template (templates/plain.html)
padded to exactly `size` bytes, so each page under test is compared with a
response of its own size served with the same gunicorn settings. Nothing else:
no session, no CSRF, no translations, no database.

Served by benchmarks/run.py: `gunicorn -c gunicorn.conf.py benchmarks.minimal_app:app`.
"""

from __future__ import annotations

from flask import Flask, render_template

app = Flask(__name__)


def render_page(padding: str) -> str:
    return render_template("plain.html", title="Minimal page", padding=padding)


with app.app_context():
    # The template's own size; each response is padded from there.
    BASE_BYTES = len(render_page("").encode())


@app.route("/page/<int:size>", methods=["GET", "POST"])
def page(size: int):
    return render_page("x" * max(0, size - BASE_BYTES))
