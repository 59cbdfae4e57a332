"""Configuration from environment variables, with safe defaults.

Every setting can be given as PASSAGE_<NAME> in the environment; the secret
key, when not given, is generated once and kept in the instance folder so
sessions survive a restart without anyone having to invent one.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

DEFAULTS = {
    # Rate limits per client address (Flask-Limiter syntax): the costly routes only.
    # Explicit, because the one limiter object keeps the last app's setting otherwise.
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_HEADERS_ENABLED": True,
    # If the counters' store (Redis) cannot be reached, count in this process's memory until it is
    # back, and let a request through rather than answer 500: a limit fails open, a page never fails.
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
    "RATELIMIT_SWALLOW_ERRORS": True,
    "PDF_RATE_LIMIT": "6 per minute",
    # The same result asked for again within this many seconds is served from memory (app/keep/pdf_cache.py).
    "PDF_CACHE_SECONDS": 60,
    "PDF_CACHE_ENTRIES": 32,
    "SAVE_CODE_RATE_LIMIT": "5 per minute;30 per hour",
    "RESUME_CODE_RATE_LIMIT": "10 per minute",
    # A counselor entering a client's share code: counted per address and, apart, per account.
    "SHARE_CODE_RATE_LIMIT": "5 per minute;20 per hour",
    "API_ASSESS_RATE_LIMIT": "120 per minute",
    "QUESTIONNAIRES_DIR": str(ROOT / "questionnaires"),
    "TRANSLATIONS_DIR": str(ROOT / "translations"),
    # Compiled catalogs (.mo), written by `make install` (python -m app.i18n), never into translations/.
    "CATALOGS_DIR": str(ROOT / "build" / "translations"),
    "LANGUAGES": ("en", "fr"),
    "BABEL_DEFAULT_LOCALE": "en",
    # In-progress answers live only this long without activity (minutes).
    "SESSION_IDLE_MINUTES": 30,
    "SESSION_COOKIE_NAME": "passage_session",
    # Revoked sessions (quick exit): None keeps them in the database; a redis:// URL in Redis.
    "SESSION_REVOCATION_URI": None,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "WTF_CSRF_TIME_LIMIT": 3600,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    # Served over HTTPS (HSTS, Secure and __Host- session cookie): see app/security.py.
    "HTTPS": False,
    # How many proxies in front of the app to trust for X-Forwarded-* (0: none).
    "TRUSTED_PROXIES": 0,
    # Where "Leave this site quickly" goes: a neutral page on a well-known site.
    "QUICK_EXIT_URL": "https://www.bbc.co.uk/weather",
    # Answers saved on the server with a resume code are deleted after this many days.
    "SAVED_ANSWERS_DAYS": 7,
    # A share code (answers for a counselor) works once, for at most this many days.
    "SHARE_CODE_DAYS": 7,
    # Counselor workspace (app/counsel): session timeouts, sign-in limit, record retention.
    "COUNSEL_IDLE_MINUTES": 30,
    # A counselor's last activity is written at most this often (seconds), not at every page:
    # the idle limit then counts from up to this much earlier, and the pages say so exactly.
    "COUNSEL_LAST_SEEN_SECONDS": 60,
    "COUNSEL_ABSOLUTE_HOURS": 10,
    "COUNSEL_SIGN_IN_LIMIT": "5 per minute",
    "COUNSEL_RETENTION_DAYS": 3650,
    # At most this many saved answer sets at once: a flood cannot fill the disk.
    "SAVED_ANSWERS_MAX_ROWS": 10000,
}


# Settings read from PASSAGE_<NAME>, with how to parse them.
def _flag(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


ENVIRONMENT: dict[str, Callable[[str], Any]] = {
    "SECRET_KEY": str,
    "SQLALCHEMY_DATABASE_URI": str,
    "SESSION_IDLE_MINUTES": int,
    "MAX_CONTENT_LENGTH": int,
    "QUESTIONNAIRES_DIR": str,
    "CATALOGS_DIR": str,
    "HTTPS": _flag,
    # Off only for a server that is not public: the benchmark's, which loads it from one address.
    "RATELIMIT_ENABLED": _flag,
    "TRUSTED_PROXIES": int,
    "QUICK_EXIT_URL": str,
    "SAVED_ANSWERS_DAYS": int,
    "COUNSEL_IDLE_MINUTES": int,
    "COUNSEL_LAST_SEEN_SECONDS": int,
    "COUNSEL_ABSOLUTE_HOURS": int,
    "COUNSEL_RETENTION_DAYS": int,
}


class SettingError(ValueError):
    """A setting the app cannot run with; its message names the setting and what it must be."""


def from_environment(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    environ = os.environ if environ is None else environ
    settings: dict[str, Any] = {}
    for name, parse in ENVIRONMENT.items():
        value = environ.get(f"PASSAGE_{name}")
        if value:
            try:
                settings[name] = parse(value)
            except ValueError:
                # Only whole-number settings can fail to parse; their value is safe to repeat.
                raise SettingError(f"PASSAGE_{name} must be a whole number, not {value!r}") from None
    if "SQLALCHEMY_DATABASE_URI" not in settings and environ.get("DATABASE_URL"):
        settings["SQLALCHEMY_DATABASE_URI"] = environ["DATABASE_URL"]
    if settings.get("SQLALCHEMY_DATABASE_URI", "").startswith(("postgresql://", "postgres://")):
        # psycopg 3 is the PostgreSQL driver we install (SQLAlchemy would pick psycopg2).
        settings["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + settings["SQLALCHEMY_DATABASE_URI"].split("://", 1)[1]
    settings.update(rate_limit_settings(environ))
    settings.update(revocation_settings(environ))
    return settings


# Whole-number settings and the least each may be (a zero idle time would end every session at once).
AT_LEAST = {
    "SESSION_IDLE_MINUTES": 1,
    "MAX_CONTENT_LENGTH": 1,
    "TRUSTED_PROXIES": 0,
    "SAVED_ANSWERS_DAYS": 1,
    "COUNSEL_IDLE_MINUTES": 1,
    "COUNSEL_LAST_SEEN_SECONDS": 0,
    "COUNSEL_ABSOLUTE_HOURS": 1,
    "COUNSEL_RETENTION_DAYS": 1,
}


def settings_problem(config: Mapping[str, Any]) -> str | None:
    """What is wrong with the settings the app would start with, in one sentence (naming each
    setting by its environment variable), or None."""
    for name, least in AT_LEAST.items():
        value = config.get(name)
        if not isinstance(value, int):
            return f"PASSAGE_{name} must be a whole number, not {value!r}"
        if value < least:
            return f"PASSAGE_{name} must be at least {least}, not {value}"
    if config["COUNSEL_LAST_SEEN_SECONDS"] >= config["COUNSEL_IDLE_MINUTES"] * 60:
        # The idle limit counts from the last activity written: written less often than the
        # limit, an active counselor would be signed out in the middle of their work.
        return (
            f"PASSAGE_COUNSEL_LAST_SEEN_SECONDS ({config['COUNSEL_LAST_SEEN_SECONDS']}) must be less than "
            f"PASSAGE_COUNSEL_IDLE_MINUTES in seconds ({config['COUNSEL_IDLE_MINUTES'] * 60})"
        )
    return None


def revocation_settings(environ: Mapping[str, str]) -> dict:
    """Where revoked sessions live: PASSAGE_SESSION_REVOCATION_URI, else REDIS_URL, else the database."""
    uri = environ.get("PASSAGE_SESSION_REVOCATION_URI") or environ.get("REDIS_URL")
    return {"SESSION_REVOCATION_URI": uri} if uri else {}


def rate_limit_settings(environ: Mapping[str, str]) -> dict:
    """Where request counts live: PASSAGE_RATELIMIT_STORAGE_URI, else REDIS_URL, else memory."""
    uri = environ.get("PASSAGE_RATELIMIT_STORAGE_URI") or environ.get("REDIS_URL")
    if not uri:
        return {}
    if uri.startswith(("redis://", "rediss://", "unix://")):
        # A Redis that hangs (stopped, or its network gone) costs a request one second, not a worker.
        return {"RATELIMIT_STORAGE_URI": uri, "RATELIMIT_STORAGE_OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1}}
    return {"RATELIMIT_STORAGE_URI": uri}


def instance_secret_key(instance_path: str) -> str:
    """The secret key kept in the instance folder, made on first use (readable by the owner only)."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()
