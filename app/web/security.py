"""HTTP security headers, HTTPS cookies and logs that never carry answers.

One small module in the Flask way (an after_request hook) rather than
Flask-Talisman, whose last release is from 2023: the policy is short and
written out here where it can be read.

HTTPS is a deployment fact the app cannot always see behind a proxy, so it is
a setting: PASSAGE_HTTPS=1 says "this site is served over HTTPS". It turns on
HSTS, the Secure flag and the `__Host-` prefix on the session cookie, and
https links. PASSAGE_TRUSTED_PROXIES=N (the number of proxies in front of the
app) makes it trust their X-Forwarded-* headers through Werkzeug's ProxyFix;
HSTS is also sent on any request that arrived over HTTPS.
"""

from __future__ import annotations

import logging
import traceback

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

# Everything from this site, nothing inline, nothing from anywhere else.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    )
)

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "interest-cohort",
        "browsing-topics",
        "accelerometer",
        "gyroscope",
        "magnetometer",
    )
)

HSTS = "max-age=31536000; includeSubDomains"

SECURE_COOKIE_NAME = "__Host-passage_session"


def configure_https(app: Flask) -> None:
    """Cookie flags and URL scheme from the HTTPS setting; trust proxies if told to."""
    if app.config.get("HTTPS"):
        app.config["SESSION_COOKIE_SECURE"] = True
        # __Host-: only over HTTPS, for this exact host, path /: no subdomain can set or read it.
        app.config["SESSION_COOKIE_NAME"] = SECURE_COOKIE_NAME
        app.config["SESSION_COOKIE_PATH"] = "/"
        app.config["SESSION_COOKIE_DOMAIN"] = None
        app.config["PREFERRED_URL_SCHEME"] = "https"
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:
        # Flask's documented way to wrap the WSGI app; mypy sees a method being replaced.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )


def register_security_headers(app: Flask) -> None:
    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "no-referrer"
        headers["Permissions-Policy"] = PERMISSIONS_POLICY
        headers["X-Frame-Options"] = "DENY"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Cross-Origin-Resource-Policy"] = "same-origin"
        if app.config.get("HTTPS") or request.is_secure:
            headers["Strict-Transport-Security"] = HSTS
        if request.endpoint != "static":
            # Pages may hold answers: never keep them in a cache or in the back/forward history.
            headers["Cache-Control"] = "no-store, max-age=0"
            headers["Pragma"] = "no-cache"
            headers["Expires"] = "0"
        return response


def redacted_traceback(exc_info) -> str:
    """The traceback of an error with every exception message left out.

    Messages can quote input (``int('...')`` errors quote the text given), so
    they are replaced by the exception's type: where the error happened is
    kept, what the person typed is not.
    """
    _, error, _ = exc_info
    lines: list[str] = []
    seen: set[int] = set()
    chain = []
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        chain.append(error)
        error = error.__cause__ or error.__context__
    for index, one in enumerate(reversed(chain)):
        if index:
            lines.append("\nDuring handling of the above exception, another exception occurred:\n")
        lines.append("Traceback (most recent call last):\n")
        lines.extend(traceback.format_list(traceback.extract_tb(one.__traceback__)))
        lines.append(f"{type(one).__module__}.{type(one).__qualname__} (message withheld: it may quote answers)\n")
    return "".join(lines)


class PassageFlaskMixin:
    """Logs an unhandled error by place and type only, never with request data or messages."""

    logger: logging.Logger  # Flask's, on the class this is mixed into

    def log_exception(self, exc_info) -> None:  # Flask's hook for unhandled errors
        self.logger.error("Exception on %s [%s]\n%s", request.path, request.method, redacted_traceback(exc_info))
