"""Issue 27, point 5: an admin adding a team member gets the same answer whether the email has an
account in another organization or none at all; only whoever runs the server is told."""

from __future__ import annotations

import logging

import pytest

from tests.counsel.conftest import ACCOUNTS, PASSWORD, csrf_from, page, sign_in
from tests.support.html_page import repeated_ids

pytestmark = pytest.mark.db

NEW_PASSWORD = "a long new passphrase for them"


def add_member(client, email, lang="en"):
    form_page = client.get(f"/{lang}/counsel/team")
    return client.post(
        f"/{lang}/counsel/team",
        data={"csrf_token": csrf_from(form_page), "email": email, "password": NEW_PASSWORD, "role": "counselor"},
    )


def flashed(client, response, email) -> str:
    assert response.status_code == 302
    shown = page(client.get(response.headers["Location"]))
    notice = shown.select_one(".flash, .notice, [role=status]")
    text = (notice or shown).get_text(" ", strip=True)
    return text.replace(email, "<email>")


def team_emails(client) -> list[str]:
    return sorted(cell.get_text(strip=True) for cell in page(client.get("/en/counsel/team")).select("table td:first-child"))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_email_of_another_organization_gets_the_answer_a_new_email_gets(counsel_app, as_account, lang, caplog):
    client = as_account("admin_a", lang)
    other = ACCOUNTS["counselor_b"][1]
    fresh = "fresh.person@example.org"
    with caplog.at_level(logging.WARNING):
        elsewhere = add_member(client, other, lang)
        elsewhere_text = flashed(client, elsewhere, other)
    new = add_member(client, fresh, lang)
    new_text = flashed(client, new, fresh)
    assert elsewhere.status_code == new.status_code == 302
    assert elsewhere.headers["Location"] == new.headers["Location"]
    assert elsewhere_text == new_text
    assert "already" not in elsewhere_text.lower() and "déjà" not in elsewhere_text.lower()
    # Only the server's log says why nothing was added (no email in it).
    assert any("another" in record.getMessage() or "organization" in record.getMessage() for record in caplog.records)
    assert all(other not in record.getMessage() for record in caplog.records)


def test_the_other_organizations_account_is_untouched_and_nothing_tells_the_admin(counsel_app, as_account):
    from app.counsel.models import AuditEvent, Counselor, Organization
    from app.extensions import db

    client = as_account("admin_a")
    other = ACCOUNTS["counselor_b"][1]
    add_member(client, other)
    assert other not in team_emails(client)
    with counsel_app.app_context():
        account = db.session.query(Counselor).filter_by(email=other).one()
        assert db.session.get(Organization, account.organization_id).name == "Org B"
        org_a = db.session.query(Organization).filter_by(name="Org A").one().id
        assert [e.action for e in db.session.query(AuditEvent).filter_by(organization_id=org_a, action="add_counselor")] == []
    # The account still signs in with its own password, not the one the admin chose.
    assert sign_in(counsel_app.test_client(), "counselor_b").status_code == 302
    assert sign_in(counsel_app.test_client(), "counselor_b", password=NEW_PASSWORD).status_code == 400
    assert PASSWORD != NEW_PASSWORD


def test_a_new_email_is_added_to_the_team(counsel_app, as_account):
    client = as_account("admin_a")
    add_member(client, "Fresh.Person@example.org")
    assert "fresh.person@example.org" in team_emails(client)
    # A row per member, each with its forms: their tokens carry no id, which would repeat on every row.
    assert repeated_ids(client.get("/en/counsel/team").get_data(as_text=True)) == []


def test_an_email_already_in_the_admins_own_team_is_said_so(counsel_app, as_account):
    client = as_account("admin_a")
    response = add_member(client, ACCOUNTS["counselor_a"][1])
    assert response.status_code == 400
    assert "This email is already in your team." in page(response).get_text(" ", strip=True)
