"""Configuration from environment variables, with safe defaults.

Every setting is defined once in SETTINGS (default, how it is read, the least a
number may be) and can be given as PASSAGE_<NAME> in the environment, except the
few marked in_code (a mapping, or something the templates depend on). The secret
key, when not given, is generated once and kept in the instance folder so
sessions survive a restart without anyone having to invent one.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    """One setting: its default, how PASSAGE_<NAME> is read (None: set in code only), what a value
    must be (for the start-up message), and the least a whole number may be."""

    default: Any
    read: Callable[[str], Any] | None = str
    expects: str = ""
    at_least: int | None = None


def _flag(value: str) -> bool:
    word = value.strip().lower()
    if word not in ("1", "true", "yes", "on", "0", "false", "no", "off"):
        raise ValueError(value)
    return word in ("1", "true", "yes", "on")


def _rate_limit(value: str) -> str:
    from limits import parse_many

    parse_many(value)  # raises ValueError on anything Flask-Limiter could not read
    return value.strip()


def _time_zone(value: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)  # tzdata (requirements.txt) where the system has no zone files
    except (ZoneInfoNotFoundError, TypeError) as error:
        raise ValueError(value) from error
    return value


def text(default: Any) -> Setting:
    return Setting(default)


def whole(default: int, at_least: int) -> Setting:
    return Setting(default, int, "a whole number", at_least)


def flag(default: bool) -> Setting:
    return Setting(default, _flag, "1 or 0 (or true/false, yes/no, on/off)")


def rate_limit(default: str) -> Setting:
    return Setting(default, _rate_limit, "a rate limit such as '6 per minute' or '5 per minute;30 per hour'")


def in_code(default: Any) -> Setting:
    return Setting(default, None)


SETTINGS: dict[str, Setting] = {
    # Given in the environment only (never kept in code); made in the instance folder when absent.
    "SECRET_KEY": text(None),
    # SQLite in the instance folder unless given (or DATABASE_URL): see create_app.
    "SQLALCHEMY_DATABASE_URI": text(None),
    # Rate limits per client address (Flask-Limiter syntax): the costly routes only.
    # Explicit, because the one limiter object keeps the last app's setting otherwise.
    "RATELIMIT_ENABLED": flag(True),  # off only for a server that is not public: the benchmark's
    "RATELIMIT_STORAGE_URI": text("memory://"),  # or REDIS_URL: see rate_limit_settings
    "RATELIMIT_HEADERS_ENABLED": flag(True),
    # If the counters' store (Redis) cannot be reached, count in this process's memory until it is
    # back, and let a request through rather than answer 500: a limit fails open, a page never fails.
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": flag(True),
    "RATELIMIT_SWALLOW_ERRORS": flag(True),
    "PDF_RATE_LIMIT": rate_limit("6 per minute"),
    # The same result asked for again within this many seconds is served from memory (app/keep/pdf_cache.py).
    "PDF_CACHE_SECONDS": whole(60, 0),
    "PDF_CACHE_ENTRIES": whole(32, 0),
    "SAVE_CODE_RATE_LIMIT": rate_limit("5 per minute;30 per hour"),
    "RESUME_CODE_RATE_LIMIT": rate_limit("10 per minute"),
    # A counselor entering a client's share code: counted per address and, apart, per account.
    "SHARE_CODE_RATE_LIMIT": rate_limit("5 per minute;20 per hour"),
    "API_ASSESS_RATE_LIMIT": rate_limit("120 per minute"),
    "QUESTIONNAIRES_DIR": text(str(ROOT / "questionnaires")),
    "TRANSLATIONS_DIR": text(str(ROOT / "translations")),
    # Compiled catalogs (.mo), written by `make install` (python -m app.i18n), never into translations/.
    "CATALOGS_DIR": text(str(ROOT / "build" / "translations")),
    # The languages the templates and catalogs are written in: a change is a code change.
    "LANGUAGES": in_code(("en", "fr")),
    "BABEL_DEFAULT_LOCALE": in_code("en"),
    # In-progress answers live only this long without activity (minutes).
    "SESSION_IDLE_MINUTES": whole(30, 1),
    "SESSION_COOKIE_NAME": text("passage_session"),
    # Revoked sessions (quick exit): None keeps them in the database; a redis:// URL in Redis.
    "SESSION_REVOCATION_URI": text(None),
    "SESSION_COOKIE_HTTPONLY": in_code(True),  # the session cookie is never for scripts
    "SESSION_COOKIE_SAMESITE": in_code("Lax"),  # forms post to the same site; Strict would drop links in
    "MAX_CONTENT_LENGTH": whole(64 * 1024, 1),
    "WTF_CSRF_TIME_LIMIT": whole(3600, 1),
    "SQLALCHEMY_ENGINE_OPTIONS": in_code({"pool_pre_ping": True}),  # a mapping, not a word
    # Served over HTTPS (HSTS, Secure and __Host- session cookie): see app/web/security.py.
    "HTTPS": flag(False),
    # How many proxies in front of the app to trust for X-Forwarded-* (0: none).
    "TRUSTED_PROXIES": whole(0, 0),
    # Where "Leave this site quickly" goes: a neutral page on a well-known site.
    "QUICK_EXIT_URL": text("https://www.bbc.co.uk/weather"),
    # Answers saved on the server with a resume code are deleted after this many days.
    "SAVED_ANSWERS_DAYS": whole(7, 1),
    # A share code (answers for a counselor) works once, for at most this many days.
    "SHARE_CODE_DAYS": whole(7, 1),
    # At most this many saved answer sets at once: a flood cannot fill the disk.
    "SAVED_ANSWERS_MAX_ROWS": whole(10000, 1),
    # Counselor workspace (app/counsel): session timeouts, sign-in limit, record retention.
    "COUNSEL_IDLE_MINUTES": whole(30, 1),
    # A counselor's last activity is written at most this often (seconds), not at every page:
    # the idle limit then counts from up to this much earlier, and the pages say so exactly.
    "COUNSEL_LAST_SEEN_SECONDS": whole(60, 0),
    "COUNSEL_ABSOLUTE_HOURS": whole(10, 1),
    # Failed sign-ins, three ways at once: per email from one address, per email from any address
    # (one account tried from many), per address for any email (one password tried on many accounts).
    # Counted the same whether the account exists or not (SECURITY.md).
    "COUNSEL_SIGN_IN_LIMIT": rate_limit("5 per minute"),
    "COUNSEL_SIGN_IN_ACCOUNT_LIMIT": rate_limit("10 per minute;30 per hour"),
    "COUNSEL_SIGN_IN_ADDRESS_LIMIT": rate_limit("20 per minute;100 per hour"),
    "COUNSEL_RETENTION_DAYS": whole(3650, 1),
    # The organization's time zone (an IANA name): the workspace shows its times in it, naming it.
    "COUNSEL_TIME_ZONE": Setting("Europe/Paris", _time_zone, "a time zone name such as 'Europe/Paris'"),
}
DEFAULTS = {name: setting.default for name, setting in SETTINGS.items()}


class SettingError(ValueError):
    """A setting the app cannot run with; its message names the setting and what it must be."""


def from_environment(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Every setting given as PASSAGE_<NAME> (an empty value counts as not given), read by its parser."""
    environ = os.environ if environ is None else environ
    settings: dict[str, Any] = {}
    for name, setting in SETTINGS.items():
        value = environ.get(f"PASSAGE_{name}")
        if value and setting.read is not None:
            try:
                settings[name] = setting.read(value)
            except ValueError:
                # Only settings with a stated form can fail to read (never a key or a URL): safe to repeat.
                raise SettingError(f"PASSAGE_{name} must be {setting.expects}, not {value!r}") from None
    if "SQLALCHEMY_DATABASE_URI" not in settings and environ.get("DATABASE_URL"):
        settings["SQLALCHEMY_DATABASE_URI"] = environ["DATABASE_URL"]
    if settings.get("SQLALCHEMY_DATABASE_URI", "").startswith(("postgresql://", "postgres://")):
        # psycopg 3 is the PostgreSQL driver we install (SQLAlchemy would pick psycopg2).
        settings["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + settings["SQLALCHEMY_DATABASE_URI"].split("://", 1)[1]
    settings.update(rate_limit_settings(environ))
    settings.update(revocation_settings(environ))
    return settings


def settings_problem(config: Mapping[str, Any]) -> str | None:
    """What is wrong with the settings the app would start with, in one sentence (naming each
    setting by its environment variable), or None. Values set in code are checked too."""
    for name, setting in SETTINGS.items():
        if problem := _value_problem(name, setting, config.get(name)):
            return problem
    if config["COUNSEL_LAST_SEEN_SECONDS"] >= config["COUNSEL_IDLE_MINUTES"] * 60:
        # The idle limit counts from the last activity written: written less often than the
        # limit, an active counselor would be signed out in the middle of their work.
        return (
            f"PASSAGE_COUNSEL_LAST_SEEN_SECONDS ({config['COUNSEL_LAST_SEEN_SECONDS']}) must be less than "
            f"PASSAGE_COUNSEL_IDLE_MINUTES in seconds ({config['COUNSEL_IDLE_MINUTES'] * 60})"
        )
    return None


def _value_problem(name: str, setting: Setting, value: Any) -> str | None:
    if setting.at_least is not None:
        if not isinstance(value, int) or isinstance(value, bool):
            return f"PASSAGE_{name} must be a whole number, not {value!r}"
        if value < setting.at_least:
            return f"PASSAGE_{name} must be at least {setting.at_least}, not {value}"
    elif setting.read in (_rate_limit, _time_zone):
        try:
            setting.read(value)
        except (ValueError, TypeError, AttributeError):
            return f"PASSAGE_{name} must be {setting.expects}, not {value!r}"
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


def init_app(app: Flask, test_config: Mapping[str, Any] | None = None) -> None:
    """The settings, in order: defaults, PASSAGE_<NAME> from the environment, the tests' own; checked
    before anything reads them (a wrong one stops the start with one sentence naming it)."""
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(DEFAULTS)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "passage.sqlite")
    try:
        app.config.update(from_environment())
    except SettingError as error:
        raise SystemExit(f"Passage cannot start: {error}.") from error
    app.config.update(test_config or {})
    if problem := settings_problem(app.config):
        raise SystemExit(f"Passage cannot start: {problem}.")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = app.config["CATALOGS_DIR"]
