"""Error pages in the person's language: a clear message, never a bare 500."""

from __future__ import annotations

from flask import Flask, g, render_template, request
from werkzeug.exceptions import HTTPException

from ..i18n.languages import browser_language
from ..i18n.wording import gettext as _


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if _is_api(request.path):
            from ..api import api_error

            allowed = getattr(error, "valid_methods", None)
            return api_error(error.code or 500, {"Allow": ", ".join(allowed)} if allowed else None)
        if not getattr(g, "lang_code", None):
            # A URL with a bad language prefix still gets a page in a language the person reads.
            first = request.path.strip("/").split("/", 1)[0]
            g.lang_code = first if first in app.config["LANGUAGES"] else browser_language()
        messages = {
            400: (_("Something in the request was not right"), _("Please go back and try again.")),
            404: (_("Page not found"), _("The address may be mistyped, or the page may have moved.")),
            405: (_("This action is not possible here"), _("Please go back and use the buttons on the page.")),
            413: (_("What was sent is too large"), _("Please go back and send less at once.")),
            429: (
                _("Too many requests at once"),
                _("Please wait a minute, then try again. Your answers are still in this browser."),
            ),
        }
        title, detail = messages.get(error.code or 500, (_("Something went wrong"), _("Please go back and try again.")))
        return render_template("error.html", title=title, detail=detail, code=error.code), error.code

    @app.errorhandler(500)
    def server_error(error):
        if _is_api(request.path):
            from ..api import api_error

            return api_error(500)
        g.lang_code = getattr(g, "lang_code", None) or browser_language()
        return render_template(
            "error.html",
            title=_("Sorry, something went wrong on our side"),
            detail=_("Your answers are still in this browser. Please try again in a moment."),
            code=500,
        ), 500


def _is_api(path: str) -> bool:
    """The JSON API answers errors with problem details (RFC 9457), never with an HTML page."""
    from ..api import is_api_path

    return is_api_path(path)
