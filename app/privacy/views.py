"""Quick exit and the privacy page.

Quick exit is a plain link to /exit, so it works without JavaScript; the
small script quick-exit.js adds the triple-Shift shortcut and opens it with
location.replace, so the page being left is not kept in the history. /exit
revokes the session on the server (revocation.py: a copied cookie stops
working), empties the session, deletes its cookie, asks the browser to clear what this
site stored (Clear-Site-Data) and sends the person to a neutral page
(QUICK_EXIT_URL). Every page is sent with Cache-Control: no-store
(app/web/security.py), so the back button cannot show answers again.
"""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, session

from .revocation import NONCE_KEY, revoke

bp = Blueprint("privacy", __name__)

CLEAR_SITE_DATA = '"cache", "cookies", "storage"'


@bp.route("/exit")
def quick_exit():
    nonce = session.get(NONCE_KEY)
    if isinstance(nonce, str):
        # A copy of the cookie stays readable for the idle time at most: revoke it that long.
        revoke(current_app, nonce, int(current_app.config["SESSION_IDLE_MINUTES"]) * 60 + 60)
    session.clear()  # an emptied session makes the session interface delete its cookie
    response = redirect(current_app.config["QUICK_EXIT_URL"], code=303)
    response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
    # Also delete the cookie under the other name it may have (HTTPS setting switched on or off).
    for name in {"passage_session", "__Host-passage_session"} - {current_app.config["SESSION_COOKIE_NAME"]}:
        response.delete_cookie(name, path="/", secure=name.startswith("__Host-"), httponly=True, samesite="Lax")
    return response


@bp.route("/<lang_code>/privacy")
def privacy():
    return render_template(
        "privacy/privacy.html",
        idle_minutes=current_app.config["SESSION_IDLE_MINUTES"],
        saved_days=current_app.config["SAVED_ANSWERS_DAYS"],
        share_days=current_app.config["SHARE_CODE_DAYS"],
    )
