"""Password hashes for the tests' own accounts.

Argon2id with argon2-cffi's cheapest parameters (its profile made for tests): the app verifies a hash
with the parameters stored in it, so every sign-in in the tests is checked for real, at a fraction of
a millisecond instead of ~0.12 s. Accounts the app makes itself (an admin adding a counselor,
`flask counsel create-admin`) keep the app's own parameters, and the tests that read them see those.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST

_cheap = PasswordHasher.from_parameters(CHEAPEST)


def cheap_password_hash(password: str) -> str:
    return _cheap.hash(password)
