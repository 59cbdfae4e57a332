"""Password hashing (Argon2id) and the password policy, in the spirit of OWASP ASVS V2.1:
at least 12 characters, up to 128, any characters, and no password from a list of
commonly used ones (common_passwords.txt, with its source at the top)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..i18n.wording import gettext as _

MIN_LENGTH = 12
MAX_LENGTH = 128
_hasher = PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified against when the email is unknown, so timing does not say which accounts exist.

    Made on first use, not at import: one Argon2 hash is ~0.2 s of every start-up otherwise.
    """
    return _hasher.hash("not a real password, only for timing")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    path = Path(__file__).with_name("common_passwords.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str) -> str | None:
    """Why this password cannot be used, in the reader's language; None when it can."""
    if len(password) < MIN_LENGTH:
        return _("Use at least %(count)d characters.", count=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Use at most %(count)d characters.", count=MAX_LENGTH)
    if password.casefold() in common_passwords():
        return _("This password is too common. Choose another one.")
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _dummy_hash(), password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False
