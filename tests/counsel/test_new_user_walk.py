"""Issue 13's "done when", walked as a new user would, in French, through the pages themselves:
create an admin with the CLI, sign in, add a counselor, run an intake for client "C-042", save,
reopen, export FHIR and CSV, print, read the audit trail; a second organization sees none of it;
a cookie copied before sign-out no longer works after it."""

from __future__ import annotations

import csv
import io

import pytest
from fhir.resources.R4B.bundle import Bundle

from tests.counsel.conftest import csrf_from, page
from tests.support.visitor import Visitor
from tests.support.walk import answer_everything

pytestmark = pytest.mark.db

ADMIN = ("admin@csapa.example", "une longue phrase de passe pour tester")
COUNSELOR = ("intervenante@csapa.example", "une autre phrase de passe assez longue")
OTHER_ADMIN = ("admin@autre.example", "la phrase de passe de l'autre structure")


def create_admin(app, organization, email, password):
    result = app.test_cli_runner().invoke(
        args=["counselors", "create-admin", "--organization", organization, "--email", email], input=password + "\n"
    )
    assert result.exit_code == 0, result.output


def signed_in(app, email, password):
    client = app.test_client()
    form_page = client.get("/fr/counsel/sign-in")
    response = client.post("/fr/counsel/sign-in", data={"csrf_token": csrf_from(form_page), "email": email, "password": password})
    assert response.status_code == 302, "sign-in refused"
    return client


def link(response, text):
    found = page(response).find("a", string=lambda s: s and s.strip().startswith(text))
    assert found is not None, f"no link “{text}”"
    return found["href"]


def add_counselor(admin):
    team = admin.get("/fr/counsel/team")
    data = {"csrf_token": csrf_from(team), "email": COUNSELOR[0], "password": COUNSELOR[1], "role": "counselor"}
    assert admin.post("/fr/counsel/team", data=data).status_code == 302
    assert COUNSELOR[0] in page(admin.get("/fr/counsel/team")).select_one("table.team").get_text()


def save_intake(counselor, app):
    """Run the whole questionnaire in French as the counselor, then save it under C-042."""
    visitor = Visitor(counselor)
    answer_everything(visitor, app, perspective="counselor", lang="fr")
    assert counselor.get("/fr/intake/results").status_code == 200
    form_page = counselor.get("/fr/counsel/records/new/intake")
    token = page(form_page).find("input", attrs={"name": "form_token"})["value"]
    saved = counselor.post(
        "/fr/counsel/records/new/intake", data={"csrf_token": csrf_from(form_page), "form_token": token, "code": "C-042"}
    )
    assert saved.status_code == 302
    confirmed = counselor.get(saved.headers["Location"])
    assert "Dossier C-042 enregistré (version 1)." in page(confirmed).select_one(".notice").get_text()
    return saved.headers["Location"]


def test_a_new_organization_walks_the_workspace_in_french(counsel_app):
    create_admin(counsel_app, "CSAPA Test", *ADMIN)
    admin = signed_in(counsel_app, *ADMIN)
    add_counselor(admin)
    counselor = signed_in(counsel_app, *COUNSELOR)
    location = save_intake(counselor, counsel_app)

    listing = counselor.get("/fr/counsel/?code=C-042")
    reopened = counselor.get(link(listing, "C-042"))
    assert page(reopened).h1.get_text(strip=True) == "Dossier C-042"
    assert page(reopened).select_one(".record-plan") is not None

    bundle = counselor.get(link(reopened, "Télécharger au format FHIR"))
    Bundle.model_validate(bundle.get_json())
    rows = list(csv.reader(io.StringIO(counselor.get(link(listing, "Télécharger cette liste")).get_data(as_text=True))))
    assert [row[0] for row in rows[1:]] == ["C-042"]
    printed = page(counselor.get(link(reopened, "Version à imprimer")))
    assert printed.h1.get_text(strip=True) == "Dossier C-042"

    trail = page(admin.get("/fr/counsel/audit")).select("table.audit tbody tr")
    done = {
        (row.select_one(".audit-who").get_text(strip=True), row.select_one(".audit-action").get_text(strip=True)) for row in trail
    }
    for action in (
        "Dossier enregistré",
        "Dossier consulté",
        "Dossier exporté (FHIR)",
        "Liste exportée (CSV)",
        "Version à imprimer consultée",
    ):
        assert (COUNSELOR[0], action) in done, action

    create_admin(counsel_app, "Autre structure", *OTHER_ADMIN)
    other = signed_in(counsel_app, *OTHER_ADMIN)
    for url in (location, location + "/fhir", location + "/print"):
        assert other.get(url).status_code == 404, url
    assert page(other.get("/fr/counsel/")).select("table.records") == []
    assert len(list(csv.reader(io.StringIO(other.get("/fr/counsel/records.csv").get_data(as_text=True))))) == 1
    assert "C-042" not in page(other.get("/fr/counsel/audit")).get_text()

    copied = counselor.get_cookie("passage_session").value
    records = counselor.get("/fr/counsel/")
    counselor.post("/fr/counsel/sign-out", data={"csrf_token": csrf_from(records)})
    thief = counsel_app.test_client()
    thief.set_cookie("passage_session", copied)
    refused = thief.get(location)
    assert refused.status_code == 302 and "/fr/counsel/sign-in" in refused.headers["Location"]


@pytest.mark.parametrize("command", ["create-admin", "create"])
@pytest.mark.parametrize(
    "password, rule",
    [("short", "Use at least 12 characters."), ("password1234", "This password is too common. Choose another one.")],
)
def test_a_password_the_rules_refuse_is_named_by_the_command(counsel_app, command, password, rule):
    """Issue 27, point 7: the command says the password rule and exits non-zero, without a traceback."""
    from app.counsel.models import Counselor
    from app.extensions import db

    result = counsel_app.test_cli_runner().invoke(
        args=["counselors", command, "--organization", "Org C", "--email", "new.admin@example.org"], input=password + "\n"
    )
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: The password was not accepted: {rule}"
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    with counsel_app.app_context():
        assert db.session.query(Counselor).filter_by(email="new.admin@example.org").count() == 0
