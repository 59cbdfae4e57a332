"""The master's warm-up before gunicorn forks its workers (gunicorn.conf.py), and what a forked
worker does with the database connections it inherits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from flask_babel import force_locale, get_translations
from sqlalchemy import text

from app.extensions import db
from app.web.warm import compile_templates, forget_inherited_connections, load_catalogs, warm_up

ROOT = Path(__file__).resolve().parents[2]


def test_every_template_is_compiled_before_the_first_request(app):
    names = app.jinja_env.list_templates()
    assert "assess/results.html" in names and "base.html" in names
    assert compile_templates(app) == len(names)
    cached = {key[1] for key in app.jinja_env.cache}
    assert set(names) <= cached


def test_each_language_catalog_is_loaded_once_and_reused(app):
    load_catalogs(app)
    with app.test_request_context("/fr/"), force_locale("fr"):
        first = get_translations()
        assert first.ugettext("Your next step") != "Your next step"
    with app.test_request_context("/fr/"), force_locale("fr"):
        assert get_translations() is first


def test_warm_up_imports_the_pdf_library_in_the_master(app):
    sys.modules.pop("weasyprint", None)
    warm_up(app)
    assert "weasyprint" in sys.modules


def test_a_forked_worker_opens_its_own_database_connection(app):
    with app.app_context():
        db.session.execute(text("SELECT 1"))
        db.session.remove()
        engine = db.engine
        assert engine.pool.checkedin() == 1
        inherited = engine.pool._pool.queue[0].dbapi_connection  # the master's connection
    forget_inherited_connections(app)
    with app.app_context():
        assert db.engine.pool.checkedin() == 0
        with db.engine.connect() as connection:
            assert connection.connection.dbapi_connection is not inherited
        # close=False: the master's connection was left open for the master.
        inherited.execute("SELECT 1")


def test_the_shipped_gunicorn_settings_preload_and_warm():
    settings: dict = {}
    exec(compile((ROOT / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), settings)
    assert settings["preload_app"] is True
    assert settings["max_requests"] > settings["max_requests_jitter"] > 0
    assert callable(settings["when_ready"]) and callable(settings["post_fork"])
    assert settings["bind"].startswith("127.0.0.1") or "PASSAGE_BIND" in os.environ


def test_what_the_master_built_is_frozen_out_of_the_collectors_sight_and_new_garbage_is_still_collected():
    # In a fresh interpreter: a frozen object is never collected, so this must not touch the test process.
    script = """
import gc, tempfile
from app import create_app
from app.web.warm import freeze_start_up_objects, warm_up
app = create_app({"SECRET_KEY": "x"}, instance_path=tempfile.mkdtemp())
warm_up(app)
frozen = freeze_start_up_objects()
assert frozen == gc.get_freeze_count() and gc.isenabled()
assert gc.is_tracked(app.jinja_env.cache) and len(gc.get_objects()) < frozen / 10
cycle = []
cycle.append(cycle)
del cycle
print(frozen, gc.collect())
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    frozen, collected = map(int, done.stdout.split())
    assert frozen > 50_000, "the warmed app should be most of the heap"
    assert collected >= 1, "a cycle made after the freeze is still collected"
