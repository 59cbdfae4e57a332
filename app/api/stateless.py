"""The API never opens the browser's session.

Wraps the app's session interface: requests under /api/ get Flask's null
session, which is never saved, so an API call neither reads the encrypted
answers cookie nor sets, refreshes or deletes it. Every other request is
handled by the wrapped interface unchanged.
"""

from __future__ import annotations

from flask.sessions import SessionInterface


def is_api_path(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


class WithoutSessionForApi(SessionInterface):
    def __init__(self, inner: SessionInterface):
        self.inner = inner

    def open_session(self, app, request):
        if is_api_path(request.path):
            return self.make_null_session(app)
        return self.inner.open_session(app, request)

    def save_session(self, app, session, response):
        return self.inner.save_session(app, session, response)

    def is_null_session(self, obj) -> bool:
        return self.inner.is_null_session(obj) or super().is_null_session(obj)
