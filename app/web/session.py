"""Sessions kept in an encrypted cookie that expires after a short idle time.

Why not Flask's default signed cookie: it is only signed, so anyone with the
device could base64-decode the answers from the browser's cookie store.
Why not a server-side session: it would store answers on the server before
the person chose to save anything, and tie requests to one process.
So the session is encrypted and authenticated (Fernet, with a key derived
from SECRET_KEY): unreadable on the device, nothing kept on the server, and
the token's timestamp enforces the idle expiry on the server side — an
expired cookie is refused even if a browser still sends it.

The cookie has no Expires, so the browser drops it when it closes; quick exit
(/exit) deletes it and asks the browser to clear the site's data. A copy of
the cookie taken before the exit would still decrypt, so each session also
carries a random nonce that /exit revokes on the server
(app/privacy/revocation.py, checked on every request): the copy then opens
an empty session. The idle time stays short all the same.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
import zlib

from cryptography.fernet import Fernet, InvalidToken
from flask import request
from flask.sessions import SessionInterface, SessionMixin
from werkzeug.datastructures import CallbackDict

from ..privacy.revocation import NONCE_KEY, is_revoked


def compress(payload: bytes) -> bytes:
    """zlib with a 2 KiB window and small hash tables. A session is a kilobyte or two of JSON, and
    setting up zlib's default state (a 32 KiB window, 128 KiB of tables) cost more than compressing
    it: about 60 µs a page, now about 14, for a few bytes more. `zlib.decompress` reads both kinds,
    so cookies made before this change still open."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, 11, 2)
    return compressor.compress(payload) + compressor.flush()


class EncryptedSession(CallbackDict, SessionMixin):
    def __init__(self, initial=None, expired: bool = False):
        def on_update(session):
            session.modified = True

        super().__init__(initial, on_update)
        self.modified = False
        # True when the browser sent a session that had expired or could not be read.
        self.expired = expired


class EncryptedCookieSessionInterface(SessionInterface):
    session_class = EncryptedSession
    # The clock the idle expiry is measured with (tests replace it to move time on).
    now = staticmethod(time.time)

    def _fernet(self, app) -> Fernet | None:
        if not app.secret_key:
            return None
        digest = hashlib.sha256(b"passage-session:" + str(app.secret_key).encode()).digest()
        return Fernet(base64.urlsafe_b64encode(digest))

    def idle_seconds(self, app) -> int:
        return int(app.config["SESSION_IDLE_MINUTES"]) * 60

    def open_session(self, app, request):
        fernet = self._fernet(app)
        if fernet is None:
            return None
        token = request.cookies.get(self.get_cookie_name(app))
        if not token:
            return self.session_class()
        try:
            raw = fernet.decrypt_at_time(token.encode(), self.idle_seconds(app), int(self.now()))
            data = json.loads(zlib.decompress(raw))
        except (InvalidToken, ValueError, zlib.error):
            return self.session_class(expired=True)
        if not isinstance(data, dict):
            return self.session_class(expired=True)
        if self._revoked(app, request, data.get(NONCE_KEY)):
            # A copy of a cookie from before a quick exit: as if it had expired.
            return self.session_class(expired=True)
        return self.session_class(data)

    def _revoked(self, app, request, nonce) -> bool:
        if request.path.startswith(f"{app.static_url_path}/"):
            return False  # static files never read or write the session
        return isinstance(nonce, str) and is_revoked(app, nonce)

    def save_session(self, app, session, response):
        name = self.get_cookie_name(app)
        domain = self.get_cookie_domain(app)
        path = self.get_cookie_path(app)
        secure = self.get_cookie_secure(app)
        samesite = self.get_cookie_samesite(app)
        httponly = self.get_cookie_httponly(app)
        if request.endpoint == "static":
            # A stylesheet or script is no sign of a person at the page: never re-issue the
            # cookie there (it would restart the idle clock, or bring a session back after an exit).
            return
        if session.accessed:
            response.vary.add("Cookie")
        if not session:
            if session.modified or session.expired:
                response.delete_cookie(name, domain=domain, path=path, secure=secure, samesite=samesite, httponly=httponly)
            return
        # Re-encrypt on every request so the idle clock restarts with each page.
        data = dict(session)
        data.setdefault(NONCE_KEY, secrets.token_urlsafe(16))
        payload = compress(json.dumps(data, separators=(",", ":")).encode())
        token = self._fernet(app).encrypt_at_time(payload, int(self.now())).decode()
        response.vary.add("Cookie")
        # No Expires: a browser-session cookie, gone when the browser closes.
        response.set_cookie(name, token, domain=domain, path=path, secure=secure, samesite=samesite, httponly=httponly)
