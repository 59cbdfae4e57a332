"""Counselor fixtures: two organizations, each with a counselor and an admin, plus a disabled account.

Every test here uses the database (marker `db`); with PASSAGE_TEST_POSTGRES_URL
(or DATABASE_URL pointing at PostgreSQL) they run on a fresh PostgreSQL schema too.
"""

from __future__ import annotations

import os
import uuid

import flask_migrate
import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from app import create_app
from app.counsel.models import Counselor, Organization
from app.extensions import db, limiter
from tests.support.accounts import cheap_password_hash
from tests.support.apps import COMPILED_TEMPLATES

PASSWORD = "correct horse battery staple"
ACCOUNTS = {
    "counselor_a": ("Org A", "counselor.a@example.org", "counselor", True),
    "admin_a": ("Org A", "admin.a@example.org", "admin", True),
    "counselor_b": ("Org B", "counselor.b@example.org", "counselor", True),
    "disabled": ("Org A", "disabled@example.org", "counselor", False),
}


def postgres_url() -> str | None:
    url = os.environ.get("PASSAGE_TEST_POSTGRES_URL") or os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgresql", "postgres://")) else None


def database_params():
    params = ["sqlite"]
    if postgres_url():
        params.append("postgresql")
    return params


@pytest.fixture(params=database_params())
def database_uri(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'counsel.sqlite'}"
        return
    # One schema per test on the given database: isolated, dropped afterwards. A URL that is
    # set but unreachable fails here (never skipped).
    base = postgres_url().replace("postgresql://", "postgresql+psycopg://", 1).replace("postgres://", "postgresql+psycopg://", 1)
    schema = "t_" + uuid.uuid4().hex[:12]
    engine = sa.create_engine(base)
    with engine.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options=-csearch_path%3D{schema}"
    with engine.begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(scope="session")
def password_hash() -> str:
    return cheap_password_hash(PASSWORD)


@pytest.fixture
def counsel_settings() -> dict:
    """Settings a test module adds to the app's (override this fixture in the module)."""
    return {}


@pytest.fixture
def counsel_app(password_hash, tmp_path, database_uri, counsel_settings):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "SQLALCHEMY_DATABASE_URI": database_uri,
            **counsel_settings,
        },
        instance_path=str(tmp_path / "instance"),
    )
    app.jinja_env.bytecode_cache = COMPILED_TEMPLATES
    limiter.reset()
    with app.app_context():
        flask_migrate.upgrade()
        organizations = {}
        for name, email, role, active in ACCOUNTS.values():
            if name not in organizations:
                organizations[name] = Organization(name=name)
                db.session.add(organizations[name])
                db.session.flush()
            db.session.add(
                Counselor(
                    organization_id=organizations[name].id, email=email, password_hash=password_hash, role=role, active=active
                )
            )
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def csrf_from(response) -> str:
    field = page(response).find("input", attrs={"name": "csrf_token"})
    assert field is not None, "the page has no CSRF token"
    return field["value"]


def sign_in(client, account: str, lang: str = "en", password: str = PASSWORD, email: str | None = None, **request):
    """Sign in through the form; `email` instead of an account's; `request`: e.g. environ_base for the address."""
    form_page = client.get(f"/{lang}/counsel/sign-in", **request)
    return client.post(
        f"/{lang}/counsel/sign-in",
        data={
            "csrf_token": csrf_from(form_page),
            "email": email or ACCOUNTS[account][1],
            "password": password,
        },
        **request,
    )


@pytest.fixture
def as_account(counsel_app):
    def client_for(account: str | None, lang: str = "en"):
        client = counsel_app.test_client()
        if account:
            response = sign_in(client, account, lang)
            if ACCOUNTS[account][3]:
                assert response.status_code == 302, "sign-in should succeed"
        return client

    return client_for
