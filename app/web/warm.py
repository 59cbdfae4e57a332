"""What a preforking server (gunicorn with `preload_app`, see gunicorn.conf.py) does with the app
in its master process: warm it once before forking, and let each forked worker drop the
database connections it inherited.

Everything warmed here is read-only after start-up, so the workers share it through
copy-on-write and a recycled worker starts ready rather than paying for it on its first
requests (the PDF library alone takes over a second to import).
"""

from __future__ import annotations

import gc

from flask import Flask
from flask_babel import force_locale, get_translations


def warm_up(app: Flask) -> None:
    compile_templates(app)
    load_catalogs(app)
    import weasyprint  # noqa: F401  # the PDF's library, imported by app.pdf on a first PDF otherwise


def freeze_start_up_objects() -> int:
    """Put everything built so far out of the garbage collector's sight (gc.freeze, Python's advice
    before forking); how many objects.

    Those objects live as long as the process. Left in view, a worker's collections walk all of
    them (one pass took 75-160 ms after the warm-up: a stall every request queued behind it
    waits for) and write to their memory, which then stops being shared with the master.
    Cycles already garbage are collected first, since frozen ones would never be."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def compile_templates(app: Flask) -> int:
    """Every template compiled into the environment's cache; how many."""
    names = app.jinja_env.list_templates()
    for name in names:
        app.jinja_env.get_template(name)
    return len(names)


def load_catalogs(app: Flask) -> None:
    """Each language's compiled catalog, and each regional French one (fr_CA…), read into Flask-Babel's cache."""
    regional = list(app.extensions["passage_library"].regional_french)
    for locale in [*app.config["LANGUAGES"], *regional]:
        with app.test_request_context(f"/{locale.split('_')[0]}/"), force_locale(locale):
            get_translations()


def forget_inherited_connections(app: Flask) -> None:
    """In a freshly forked worker: the pool's connections belong to the master; leave them to it
    (close=False) and let this process open its own (SQLAlchemy's advice for forking servers)."""
    from ..extensions import db

    with app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)
