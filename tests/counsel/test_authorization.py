"""Every route of the app, for every role, against one declared table.

A route that is not in ROUTE_ACCESS fails the test: adding a route means
deciding who may use it. Counselor routes must send anonymous visitors and
disabled accounts to sign-in, and answer 404 (never 403) to other organizations.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.counsel.conftest import ACCOUNTS
from tests.counsel.test_workspace import run_questionnaire, save

pytestmark = pytest.mark.db

ROLES = ("anonymous", "counselor_a", "admin_a", "counselor_b", "disabled")

# (endpoint, rule) -> who may use it: "public" (same answer for every role),
# "counselor" (any active counselor of the record's organization), "admin" (organization admins).
ROUTE_ACCESS = {
    ("pages.root", "/"): "public",
    ("pages.home", "/<lang_code>/"): "public",
    ("pages.crisis", "/<lang_code>/crisis"): "public",
    ("pages.emergency", "/<lang_code>/emergency"): "public",
    ("pages.information", "/<lang_code>/information/<name>"): "public",
    ("pages.region", "/<lang_code>/region"): "public",
    ("pages.favicon", "/favicon.ico"): "public",
    ("privacy.privacy", "/<lang_code>/privacy"): "public",
    ("privacy.quick_exit", "/exit"): "public",
    ("explain.how_it_works", "/<lang_code>/how-it-works"): "public",
    ("explain.how_it_works", "/<lang_code>/how-it-works/<questionnaire_id>"): "public",
    ("assess.start", "/<lang_code>/<questionnaire_id>/start"): "public",
    ("assess.question_page", "/<lang_code>/<questionnaire_id>/questions/<page_id>"): "public",
    ("assess.check", "/<lang_code>/<questionnaire_id>/check"): "public",
    ("assess.crisis", "/<lang_code>/<questionnaire_id>/crisis"): "public",
    ("assess.restart", "/<lang_code>/<questionnaire_id>/restart"): "public",
    ("assess.results", "/<lang_code>/<questionnaire_id>/results"): "public",
    ("keep.keep_page", "/<lang_code>/<questionnaire_id>/keep"): "public",
    ("keep.save_with_code", "/<lang_code>/<questionnaire_id>/keep/code"): "public",
    ("keep.download_file", "/<lang_code>/<questionnaire_id>/keep/file"): "public",
    ("keep.result_pdf", "/<lang_code>/<questionnaire_id>/results/pdf"): "public",
    ("keep.resume", "/<lang_code>/<questionnaire_id>/resume"): "public",
    ("keep.resume_code", "/<lang_code>/<questionnaire_id>/resume/code"): "public",
    ("keep.resume_file", "/<lang_code>/<questionnaire_id>/resume/file"): "public",
    ("keep.delete_saved", "/<lang_code>/<questionnaire_id>/saved/delete"): "public",
    ("keep.make_share_code", "/<lang_code>/<questionnaire_id>/share"): "public",
    ("keep.withdraw_session_share", "/<lang_code>/<questionnaire_id>/share/withdraw"): "public",
    ("keep.withdraw_share_code", "/<lang_code>/<questionnaire_id>/share/withdraw-code"): "public",
    ("api.openapi", "/api/v1/openapi.json"): "public",
    ("api.questionnaires", "/api/v1/questionnaires"): "public",
    ("api.questionnaire", "/api/v1/questionnaires/<questionnaire_id>"): "public",
    ("api.create_assessment", "/api/v1/questionnaires/<questionnaire_id>/assessments"): "public",
    ("api.questionnaire_fhir", "/api/v1/questionnaires/<questionnaire_id>/fhir"): "public",
    ("api.rules", "/api/v1/questionnaires/<questionnaire_id>/rules"): "public",
    ("api.regions", "/api/v1/regions"): "public",
    ("static", "/static/<path:filename>"): "public",
    ("counsel.sign_in", "/<lang_code>/counsel/sign-in"): "public",
    ("counsel.sign_out", "/<lang_code>/counsel/sign-out"): "public",
    ("counsel.records", "/<lang_code>/counsel/"): "counselor",
    ("counsel.new_record", "/<lang_code>/counsel/records/new/<questionnaire_id>"): "counselor",
    ("counsel.record", "/<lang_code>/counsel/records/<int:record_id>"): "counselor",
    ("counsel.reassess", "/<lang_code>/counsel/records/<int:record_id>/reassess"): "counselor",
    ("counsel.print_record", "/<lang_code>/counsel/records/<int:record_id>/print"): "counselor",
    ("counsel.export_fhir", "/<lang_code>/counsel/records/<int:record_id>/fhir"): "counselor",
    ("counsel.client_pdf", "/<lang_code>/counsel/records/<int:record_id>/client-pdf"): "counselor",
    ("counsel.export_csv", "/<lang_code>/counsel/records.csv"): "counselor",
    ("counsel.start_from_client", "/<lang_code>/counsel/from-client"): "counselor",
    ("counsel.confirm_client_answer", "/<lang_code>/counsel/from-client/<questionnaire_id>/confirm"): "counselor",
    ("counsel.audit_log", "/<lang_code>/counsel/audit"): "admin",
    ("counsel.team", "/<lang_code>/counsel/team"): "admin",
    ("counsel.toggle_active", "/<lang_code>/counsel/team/<int:counselor_id>/active"): "admin",
    ("counsel.reset_password", "/<lang_code>/counsel/team/<int:counselor_id>/password"): "admin",
    ("counsel.directory", "/<lang_code>/counsel/directory"): "admin",
    ("counsel.delete_service", "/<lang_code>/counsel/directory/<int:service_id>/delete"): "admin",
}

# Routes whose answer for an organization's own staff differs from another organization's.
# Admin routes naming another organization's counselor or service: admin A gets 404 too.
FOREIGN_ID_ROUTES = {"counsel.toggle_active", "counsel.reset_password", "counsel.delete_service"}
RECORD_ROUTES = {"counsel.record", "counsel.reassess", "counsel.print_record", "counsel.export_fhir", "counsel.client_pdf"}


def test_every_route_is_declared(counsel_app):
    routes = {(rule.endpoint, rule.rule) for rule in counsel_app.url_map.iter_rules()}
    assert routes - set(ROUTE_ACCESS) == set(), "declare who may use these routes in ROUTE_ACCESS"
    assert set(ROUTE_ACCESS) - routes == set(), "these declared routes no longer exist"


@pytest.fixture
def clients(counsel_app, as_account):
    from app.counsel.models import Counselor
    from app.extensions import db

    signed_in = {role: as_account(None if role in ("anonymous", "disabled") else role) for role in ROLES}
    # The disabled counselor was signed in, then the account was disabled.
    with counsel_app.app_context():
        disabled = db.session.scalar(select(Counselor).where(Counselor.email == ACCOUNTS["disabled"][1]))
        disabled.active = True
        db.session.commit()
    signed_in["disabled"] = as_account("disabled")
    with counsel_app.app_context():
        disabled = db.session.scalar(select(Counselor).where(Counselor.email == ACCOUNTS["disabled"][1]))
        disabled.active = False
        db.session.commit()
    return signed_in


def sample_values(counsel_app, record_id: int, counselor_b_id: int, service_b_id: int) -> dict[str, str]:
    from app.web.library import get_library

    with counsel_app.app_context():
        questionnaire = next(iter(get_library().questionnaires.values()))
    return {
        "lang_code": "en",
        "questionnaire_id": questionnaire.id,
        "page_id": questionnaire.pages[0].id,
        "name": "baclofen",
        "filename": "style.css",
        "record_id": str(record_id),
        "counselor_id": str(counselor_b_id),
        "service_id": str(service_b_id),
    }


def organization_b_ids(counsel_app) -> tuple[int, int]:
    """A counselor and a service of organization B: admin A must get 404 for them."""
    from app.counsel.models import Counselor, ReferralService
    from app.extensions import db

    with counsel_app.app_context():
        member = db.session.scalar(select(Counselor).where(Counselor.email == ACCOUNTS["counselor_b"][1]))
        service = ReferralService(organization_id=member.organization_id, name="B service", pathways=["detox"])
        db.session.add(service)
        db.session.commit()
        return member.id, service.id


def concrete_url(rule, values: dict[str, str]) -> str:
    _domain, path = rule.build({name: values[name] for name in rule.arguments}, append_unknown=False)
    return path


def call(client, rule, url):
    method = "GET" if "GET" in rule.methods else "POST"
    return client.open(url, method=method)


def is_sign_in_redirect(response) -> bool:
    return response.status_code == 302 and "/counsel/sign-in" in response.headers.get("Location", "")


def test_every_route_for_every_role(counsel_app, clients, as_account):
    owner = as_account("counselor_a")  # its own browser: the flow's answers stay out of the clients compared
    questionnaire = run_questionnaire(owner, counsel_app)
    saved, _data = save(owner, questionnaire)
    record_id = int(saved.headers["Location"].rsplit("/", 1)[1])
    counselor_b_id, service_b_id = organization_b_ids(counsel_app)
    values = sample_values(counsel_app, record_id, counselor_b_id, service_b_id)
    rules = sorted(counsel_app.url_map.iter_rules(), key=lambda rule: rule.rule)
    for rule in rules:
        if rule.endpoint == "counsel.sign_out":
            continue  # would end the sessions the other checks need; tested in test_workspace
        url = concrete_url(rule, values)
        answers = {role: call(clients[role], rule, url) for role in ROLES}
        check_access(ROUTE_ACCESS[(rule.endpoint, rule.rule)], rule.endpoint, url, answers)


def check_access(access: str, endpoint: str, url: str, answers: dict) -> None:
    statuses = {role: response.status_code for role, response in answers.items()}
    if access == "public":
        assert len(set(statuses.values())) == 1, f"{url}: a public route answers differently by role: {statuses}"
        assert not is_sign_in_redirect(answers["anonymous"]), url
        return
    for role in ("anonymous", "disabled"):
        assert is_sign_in_redirect(answers[role]), f"{url}: {role} got {statuses[role]}"
    staff_of_a = ("admin_a",) if access == "admin" else ("counselor_a", "admin_a")
    if endpoint in FOREIGN_ID_ROUTES:
        assert statuses["admin_a"] == 404, f"{url}: admin of A reached organization B's id ({statuses['admin_a']})"
        staff_of_a = ()
    for role in staff_of_a:
        assert statuses[role] in (200, 302) and not is_sign_in_redirect(answers[role]), f"{url}: {role} got {statuses[role]}"
    outsiders = ["counselor_b"] if (access == "counselor" and endpoint in RECORD_ROUTES) or access == "admin" else []
    if access == "admin":
        outsiders.append("counselor_a")
    for role in outsiders:
        assert statuses[role] == 404, f"{url}: {role} should get 404, got {statuses[role]}"
