"""What every blueprint shares to serve a request: the questionnaires loaded once (library.py), the
chosen region (region_choice.py), the encrypted session (session.py), security headers
(security.py), error pages (errors.py), CSRF-only forms (forms.py), hashed static names
(static_files.py) and the preforking server's warm-up (warm.py)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Questionnaires loaded (a bad data file stops the start here), then the encrypted session,
    HTTPS and security headers, hashed static names and the error pages."""
    # Imported here, not above: library, session and errors import blueprints' modules, which
    # import this package for its forms.
    from ..engine import QuestionnaireError
    from .errors import register_error_handlers
    from .forms import csrf_input
    from .library import init_library
    from .security import configure_https, register_security_headers
    from .session import EncryptedCookieSessionInterface
    from .static_files import init_static_names

    try:
        init_library(app)
    except QuestionnaireError as error:
        # A clear one-line reason instead of a traceback: the data files are wrong.
        raise SystemExit(f"Passage cannot start, a questionnaire file is invalid: {error}") from error
    app.session_interface = EncryptedCookieSessionInterface()
    configure_https(app)
    register_security_headers(app)
    init_static_names(app)
    register_error_handlers(app)
    app.jinja_env.globals["csrf_input"] = csrf_input
