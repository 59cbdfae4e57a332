"""Routes kept in a table (a module's ROUTES: rule, view, methods) and added to a blueprint by the
package's init_app, rather than by importing the module for its decorators."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from types import ModuleType

from flask import Blueprint

Routes = tuple[tuple[str, Callable, tuple[str, ...]], ...]


@cache
def with_routes(bp: Blueprint, modules: tuple[ModuleType, ...]) -> Blueprint:
    """`bp` with each module's ROUTES added, once per process: a blueprint takes no new route after
    an app has registered it, and tests build many apps."""
    for module in modules:
        for rule, view, methods in module.ROUTES:
            bp.add_url_rule(rule, view_func=view, methods=list(methods))
    return bp
