"""The API never opens the browser's session.

Requests under /api/ get Flask's null session, which is never saved, so an
API call neither reads the encrypted answers cookie nor sets, refreshes or
deletes it. Every other request is handled by the app's session interface
unchanged: the interface keeps its object and settings, and only gains this
one rule (its class becomes a subclass that checks the path first).
"""

from __future__ import annotations

from flask.sessions import SessionInterface


def is_api_path(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


def without_session_for_api(interface: SessionInterface) -> SessionInterface:
    base = type(interface)

    # A subclass of whichever interface the app uses, made at run time (mypy cannot follow it).
    class WithoutSessionForApi(base):  # type: ignore[valid-type,misc]
        def open_session(self, app, request):
            if is_api_path(request.path):
                return self.make_null_session(app)
            return super().open_session(app, request)

    WithoutSessionForApi.__name__ = f"{base.__name__}WithoutSessionForApi"
    interface.__class__ = WithoutSessionForApi
    return interface
