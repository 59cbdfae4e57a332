"""The JSON API, /api/v1: questionnaires (native JSON and FHIR R4), readable rules,
and assessments computed without storing anything. Described by openapi.yaml."""

from __future__ import annotations

from flask import Flask

from .stateless import is_api_path, without_session_for_api
from .views import api_error, bp, openapi_document


def init_app(app: Flask) -> None:
    """The API without a session cookie (wraps the session interface web.init_app set), then its blueprint."""
    app.session_interface = without_session_for_api(app.session_interface)
    app.register_blueprint(bp)


__all__ = ["api_error", "bp", "is_api_path", "init_app", "openapi_document"]
