"""Blueprints share through modules they all import, never through each other's packages.

Importing any module of a blueprint's package runs that package's __init__,
which imports its views: so a blueprint importing another blueprint's package
depends on that blueprint's views.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "app"
BLUEPRINTS = ("api", "assess", "counsel", "explain", "keep", "pages", "privacy")


def imported_packages(path: Path) -> set[str]:
    """The first package under app/ named by each relative import of the module (`from ..keep.x import y` -> keep)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 2 and node.module:
            found.add(node.module.split(".")[0])
        if isinstance(node, ast.ImportFrom) and node.level == 2 and not node.module:
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("blueprint", BLUEPRINTS)
def test_a_blueprint_imports_no_other_blueprint(blueprint):
    crossing = {
        (module.name, package)
        for module in (APP / blueprint).glob("*.py")
        for package in imported_packages(module)
        if package in BLUEPRINTS and package != blueprint
    }
    assert crossing == set()


def test_the_check_reads_a_crossing_import(tmp_path):
    module = tmp_path / "views.py"
    module.write_text("from ..assess.views import bp\nfrom .. import keep\nfrom ..intake_flow import progress\n")
    assert imported_packages(module) == {"assess", "keep", "intake_flow"}


# The top of app/ holds the factory and what it wires first; everything else sits in a package.
TOP_LEVEL_MODULES = {"__init__.py", "config.py", "extensions.py", "database.py"}
# Shared packages (no routes of their own) beside the blueprints; the engine stays pure.
SHARED_PACKAGES = {"engine", "web", "i18n", "interop", "intake_flow", "answer_store", "cli", "results"}


def test_the_top_of_app_holds_only_the_factory_and_its_settings():
    assert {path.name for path in APP.glob("*.py")} == TOP_LEVEL_MODULES


def test_every_package_of_app_is_a_blueprint_or_a_shared_package():
    packages = {path.parent.name for path in APP.glob("*/__init__.py")}
    assert packages == set(BLUEPRINTS) | SHARED_PACKAGES


# Names every blueprint may have for its own part of the same job.
BLUEPRINT_MODULE_NAMES = {"__init__", "__main__", "views", "forms", "models"}


def test_no_two_modules_of_app_share_a_name():
    """`regions` meant two things (the engine's and the chosen region's), `flow` too: one name, one module."""
    names = [path.stem for path in APP.rglob("*.py") if path.stem not in BLUEPRINT_MODULE_NAMES]
    names += [path.parent.name for path in APP.rglob("__init__.py")]
    assert sorted({name for name in names if names.count(name) > 1}) == []


def test_every_command_is_declared_in_the_cli_package():
    """CLI commands in one place: no module outside app/cli/ declares one."""
    declaring = {
        str(path.relative_to(APP))
        for path in APP.rglob("*.py")
        if "cli" not in path.relative_to(APP).parts
        and any(
            marker in path.read_text(encoding="utf-8") for marker in ("click.command", "click.group", ".cli.command", "AppGroup")
        )
    }
    assert declaring == set()


@pytest.mark.parametrize("package", [*BLUEPRINTS, "web", "i18n", "cli"])
def test_each_package_the_factory_wires_has_its_init_app(package):
    tree = ast.parse((APP / package / "__init__.py").read_text(encoding="utf-8"))
    assert "init_app" in {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


@pytest.mark.parametrize(
    ("package", "modules"),
    [("counsel", ("admin", "client_answers", "client_pdf")), ("keep", ("share_views",))],
)
def test_importing_a_package_adds_no_route_building_its_blueprint_does(package, modules):
    """Routes kept in a module's ROUTES table join their blueprint in init_app, not on import."""
    script = (
        f"import app.{package} as package; from app.web.routes import with_routes; "
        "before = len(package.bp.deferred_functions); "
        f"with_routes(package.bp, tuple(getattr(package, name) for name in {modules!r})); "
        "print(before, len(package.bp.deferred_functions), "
        f"sum(len(getattr(package, name).ROUTES) for name in {modules!r}))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=APP.parent)
    before, after, routes = map(int, done.stdout.split())
    assert after - before == routes > 0
