"""The app as tests (and benchmarks) build it: a fresh database made by the migrations, rate limits off."""

from __future__ import annotations

import atexit
import copy
import dataclasses
import os
import shutil
import tempfile
from pathlib import Path

import flask_migrate
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from sqlalchemy import func, inspect, select, table

from app import create_app
from app.extensions import db

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini"
REAL = ROOT / "questionnaires" / "intake" / "questionnaire.yaml"


class CompiledTemplates(BytecodeCache):
    """Templates compiled once for the whole test process rather than once per app (a test builds its own):
    Jinja checks each template's source against the checksum stored with its code."""

    def __init__(self) -> None:
        self._code: dict[tuple, bytes] = {}

    @staticmethod
    def _key(bucket: Bucket) -> tuple:
        env = bucket.environment  # the settings that change what a template compiles to
        return (bucket.key, env.lstrip_blocks, env.trim_blocks, tuple(sorted(env.extensions)))

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(self._key(bucket))
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[self._key(bucket)] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledTemplates()


_migrated: list[Path] = []  # the process's database built by the migrations, copied for each app


def _migrated_database() -> Path:
    """A database the migrations built once in this process, to copy (a fresh upgrade per app was ~40 ms of
    each test; the migrations themselves are tested in tests/counsel/test_migrations.py)."""
    if not _migrated:
        folder = Path(tempfile.mkdtemp(prefix="passage-migrated-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        built = make_app(folder, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'migrated.sqlite'}")
        with built.app_context():
            db.engine.dispose()  # every connection closed: the log folded into the file
        _migrated.append(folder / "migrated.sqlite")
    return _migrated[0]


def _copy_database(source: Path, target: Path) -> None:
    # Born readable by its owner only, as the app creates its own file (app/database.py).
    with open(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as copy:
        copy.write(source.read_bytes())


def make_app(tmp_path, **settings):
    """The app on a database built by the migrations, as `make run` builds it (never create_all): its own
    SQLite file in `tmp_path` unless the settings name another database."""
    # A new file is a copy of the migrated one; a file already there (a second app on the same database,
    # a restart) is upgraded where it is, keeping its rows.
    copied = "SQLALCHEMY_DATABASE_URI" not in settings and not (tmp_path / "test.sqlite").exists()
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite'}",
        # Rate limits are tested on their own (tests/web/test_rate_limits.py); elsewhere they would
        # only make the many requests of other tests flaky.
        "RATELIMIT_ENABLED": False,
    }
    config.update(settings)
    # Built before this app, not after: the app that builds it has its rate limits off, and Flask-Limiter's one
    # limiter takes the setting of the last app it was given (a rate-limit test first in its process saw none).
    source = _migrated_database() if copied else None
    app = create_app(config)
    app.jinja_env.bytecode_cache = COMPILED_TEMPLATES
    if source is not None:  # after create_app, which opens no connection: a settings problem stops it first
        _copy_database(source, tmp_path / "test.sqlite")
    else:
        with app.app_context():
            flask_migrate.upgrade()
    return app


def own_helplines(app) -> dict:
    """The app's region data, copied for it alone: a test may edit it. The apps of a process share one
    reading of the data files (app/web/library.py), so an edit to the shared one would reach every app
    built after it in that process (a family result lost its Al-Anon link after a test removed the
    United States' groups)."""
    library = app.extensions["passage_library"]
    app.extensions["passage_library"] = dataclasses.replace(library, helplines=copy.deepcopy(library.helplines))
    return app.extensions["passage_library"].helplines


def row_counts(app) -> dict[str, int]:
    """Rows in every table of the database, whatever the tables are."""
    from app.extensions import db

    with app.app_context():
        engine = db.engine
        names = inspect(engine).get_table_names()
        with engine.connect() as connection:
            return {name: connection.execute(select(func.count()).select_from(table(name))).scalar_one() for name in names}
