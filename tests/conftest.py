"""Shared fixtures: an app per test (Flask tutorial style) and a browser-like client.

The app and the client themselves live in tests/support (apps.py, visitor.py), which benchmarks/
imports too.
"""

from __future__ import annotations

import pytest

from app.i18n.languages import compile_catalogs
from tests.support import parallel_run
from tests.support.apps import MINI, REAL, ROOT, make_app

# The fuzz figures printed at the end of the run, added up over pytest-xdist's workers.
from tests.support.fuzz_figures import pytest_sessionfinish, pytest_terminal_summary, pytest_testnodedown  # noqa: F401
from tests.support.visitor import Visitor

# Catalogs as `make install` builds them, so a test run after editing a .po reads the new words.
compile_catalogs(ROOT / "translations", ROOT / "build" / "translations")


@pytest.fixture
def app(tmp_path):
    return make_app(tmp_path)


@pytest.fixture
def mini_app(tmp_path):
    """The app on a tiny questionnaire, to test flow mechanics apart from the real content."""
    return make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI))


@pytest.fixture(params=["mini", "real"])
def any_app(request, tmp_path):
    """The app on the mini fixture, then on the real questionnaire (once it exists)."""
    if request.param == "mini":
        return make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI))
    if not REAL.exists():
        pytest.skip("the real questionnaire is not written yet")
    return make_app(tmp_path)


@pytest.fixture(params=["mini", "real"])
def any_app_dir(request) -> str:
    """The questionnaire folder of any_app, for tests that build their own app."""
    if request.param == "real" and not REAL.exists():
        pytest.skip("the real questionnaire is not written yet")
    return str(MINI if request.param == "mini" else ROOT / "questionnaires")


@pytest.fixture
def any_visitor(any_app):
    return Visitor(any_app.test_client())


@pytest.fixture
def visitor(app):
    return Visitor(app.test_client())


@pytest.fixture
def mini_visitor(mini_app):
    return Visitor(mini_app.test_client())


def pytest_collection_modifyitems(config, items):
    """Mark `serial` the tests of the files that own a port, a server or a service (parallel_run.py),
    and run them first, then the browser files: in a parallel run the longest units then start at once
    rather than near the end, where the other workers would sit idle waiting for them."""
    for item in items:
        if parallel_run.is_serial(item.nodeid):
            item.add_marker(pytest.mark.serial)
    items.sort(key=lambda item: parallel_run.collection_rank(item.nodeid))  # stable: each rank keeps its order


@pytest.hookimpl(optionalhook=True, tryfirst=True)  # a pytest-xdist hook; before its own scheduler
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadfile` (as `make test` runs): one test file per work unit, the serial files as one."""
    if config.getvalue("dist") == "loadfile":
        return parallel_run.scheduler(config, log)
    return None
