"""Issue 27, point 6: failed sign-ins are limited per email and address (as before), per account
from any address, and per address for any account, in Flask-Limiter's store (memory or Redis);
being locked out looks the same whether the account exists or not."""

from __future__ import annotations

import os

import pytest

from tests.counsel.conftest import sign_in
from tests.support.live_servers import unreachable

pytestmark = pytest.mark.db

REDIS_URL = os.environ.get("PASSAGE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
WRONG = "not the right password at all"
NOBODY = "nobody.here@example.org"


@pytest.fixture(params=["memory", "redis"])
def counsel_settings(request):
    """Each limit on its own: the one under test is set low by the test, the others high."""
    settings = {
        "COUNSEL_SIGN_IN_LIMIT": "100 per minute",
        "COUNSEL_SIGN_IN_ACCOUNT_LIMIT": "100 per minute",
        "COUNSEL_SIGN_IN_ADDRESS_LIMIT": "100 per minute",
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    if request.param == "redis":
        import redis

        try:
            redis.Redis.from_url(REDIS_URL, socket_timeout=5, socket_connect_timeout=5).ping()
        except redis.RedisError as error:
            unreachable(f"Redis at {REDIS_URL} is unreachable ({type(error).__name__})")
        settings["RATELIMIT_STORAGE_URI"] = REDIS_URL
    return settings


def from_address(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


def attempt(counsel_app, account="counselor_a", address="192.0.2.1", password=WRONG, email=None):
    return sign_in(counsel_app.test_client(), account, password=password, email=email, **from_address(address))


def test_one_account_tried_from_many_addresses_is_slowed(counsel_app):
    counsel_app.config["COUNSEL_SIGN_IN_ACCOUNT_LIMIT"] = "3 per minute"
    statuses = [attempt(counsel_app, address=f"198.51.100.{n}").status_code for n in range(1, 5)]
    assert statuses == [400, 400, 400, 429]
    # Even the right password waits, from yet another address: the limit is the account's.
    assert attempt(counsel_app, address="198.51.100.99", password="correct horse battery staple").status_code == 429
    # Another account is not held back.
    assert (
        attempt(counsel_app, account="admin_a", address="198.51.100.1", password="correct horse battery staple").status_code
        == 302
    )


def test_one_address_trying_many_accounts_is_slowed(counsel_app):
    counsel_app.config["COUNSEL_SIGN_IN_ADDRESS_LIMIT"] = "3 per minute"
    tried = ["counselor_a", "admin_a", "counselor_b"]
    statuses = [attempt(counsel_app, account=account, address="203.0.113.5").status_code for account in tried]
    assert statuses == [400, 400, 400]
    assert attempt(counsel_app, account="disabled", address="203.0.113.5").status_code == 429
    assert attempt(counsel_app, email=NOBODY, address="203.0.113.5").status_code == 429
    # Someone at another address signs in as usual.
    assert attempt(counsel_app, address="203.0.113.6", password="correct horse battery staple").status_code == 302


def test_successful_sign_ins_are_not_counted(counsel_app):
    counsel_app.config["COUNSEL_SIGN_IN_ACCOUNT_LIMIT"] = "2 per minute"
    counsel_app.config["COUNSEL_SIGN_IN_ADDRESS_LIMIT"] = "2 per minute"
    for _ in range(4):
        assert attempt(counsel_app, password="correct horse battery staple").status_code == 302


def visible_text(response) -> str:
    from tests.counsel.conftest import page

    shown = page(response)
    for token in shown.select("input[name=csrf_token]"):
        token.decompose()
    return shown.get_text(" ", strip=True)


@pytest.mark.parametrize("setting", ["COUNSEL_SIGN_IN_LIMIT", "COUNSEL_SIGN_IN_ACCOUNT_LIMIT"])
def test_the_lock_out_is_the_same_for_an_account_and_for_no_account(counsel_app, setting):
    counsel_app.config[setting] = "2 per minute"
    existing = [attempt(counsel_app, address="192.0.2.10") for _ in range(3)]
    missing = [attempt(counsel_app, email=NOBODY, address="192.0.2.10") for _ in range(3)]
    assert [r.status_code for r in existing] == [r.status_code for r in missing] == [400, 400, 429]
    assert visible_text(existing[-1]) == visible_text(missing[-1])
    assert visible_text(existing[0]) == visible_text(missing[0])
    assert sorted(existing[-1].headers.keys()) == sorted(missing[-1].headers.keys())


def test_the_limits_are_settings_checked_at_start_up(tmp_path):
    from app import create_app
    from app.config import DEFAULTS, from_environment

    environment = {
        "PASSAGE_COUNSEL_SIGN_IN_LIMIT": "4 per minute",
        "PASSAGE_COUNSEL_SIGN_IN_ACCOUNT_LIMIT": "8 per minute;20 per hour",
        "PASSAGE_COUNSEL_SIGN_IN_ADDRESS_LIMIT": "15 per minute",
    }
    assert from_environment(environment) == {
        "COUNSEL_SIGN_IN_LIMIT": "4 per minute",
        "COUNSEL_SIGN_IN_ACCOUNT_LIMIT": "8 per minute;20 per hour",
        "COUNSEL_SIGN_IN_ADDRESS_LIMIT": "15 per minute",
    }
    assert {"COUNSEL_SIGN_IN_ACCOUNT_LIMIT", "COUNSEL_SIGN_IN_ADDRESS_LIMIT"} <= set(DEFAULTS)
    with pytest.raises(SystemExit, match="PASSAGE_COUNSEL_SIGN_IN_ADDRESS_LIMIT must be a rate limit"):
        create_app(
            {"TESTING": True, "SECRET_KEY": "x", "COUNSEL_SIGN_IN_ADDRESS_LIMIT": "5 per fortnight"}, instance_path=str(tmp_path)
        )
