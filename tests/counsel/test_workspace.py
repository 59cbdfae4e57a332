"""The counselor workspace as counselors use it: sign in, save an intake, find it, reopen it."""

from __future__ import annotations

from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.counsel.conftest import ACCOUNTS, PASSWORD, csrf_from, page, sign_in

pytestmark = pytest.mark.db


def run_questionnaire(client, counsel_app):
    """Put the answers of a finished intake into this browser's session, as the flow does."""
    from app.web.library import get_library

    with counsel_app.app_context():
        questionnaire = next(iter(get_library().questionnaires.values()))
        first_item = questionnaire.pages[0].items[0]
    with client.session_transaction() as session:
        session[f"progress:{questionnaire.id}"] = {
            "perspective": "counselor",
            "answers": {first_item.id: answer_for(first_item)},
            "version": questionnaire.version,
        }
    return questionnaire


def answer_for(item):
    options = getattr(item, "options", None)
    if options:
        value = options[-1].value
        return [value] if item.kind in ("multiple", "checkboxes", "multi") else value
    return 1


def save(client, questionnaire, code="CL-001"):
    form_page = client.get(f"/en/counsel/records/new/{questionnaire.id}")
    form = page(form_page)
    token = form.find("input", attrs={"name": "form_token"})["value"]
    data = {"csrf_token": csrf_from(form_page), "form_token": token, "code": code}
    return client.post(f"/en/counsel/records/new/{questionnaire.id}", data=data), data


@pytest.mark.parametrize("lang, heading", [("en", "Counselor sign-in"), ("fr", "Connexion des intervenants")])
def test_sign_in_page_in_both_languages(counsel_app, lang, heading):
    response = counsel_app.test_client().get(f"/{lang}/counsel/sign-in")
    assert page(response).h1.get_text(strip=True) == heading
    assert page(response).find("input", attrs={"name": "email"}) is not None
    assert page(response).find("input", attrs={"name": "password", "type": "password"}) is not None


def test_workspace_asks_to_sign_in(counsel_app):
    response = counsel_app.test_client().get("/en/counsel/")
    assert response.status_code == 302
    assert "/en/counsel/sign-in" in response.headers["Location"]


def test_wrong_password_is_refused_with_a_message(counsel_app):
    client = counsel_app.test_client()
    response = sign_in(client, "counselor_a", password="not the right password")
    assert response.status_code == 400
    assert "email or password is not right" in page(response).get_text()
    assert client.get("/en/counsel/").status_code == 302


def test_disabled_account_cannot_sign_in(counsel_app):
    response = sign_in(counsel_app.test_client(), "disabled")
    assert response.status_code == 400


def test_save_list_and_reopen_a_record(counsel_app, as_account):
    client = as_account("counselor_a")
    questionnaire = run_questionnaire(client, counsel_app)
    response, _data = save(client, questionnaire)
    assert response.status_code == 302
    shown = page(client.get(response.headers["Location"]))
    assert shown.h1.get_text(strip=True) == "Record CL-001"
    assert shown.find(id="record-version").get_text(strip=True) == "1"
    listing = page(client.get("/en/counsel/?code=CL"))
    assert [a.get_text(strip=True) for a in listing.select("table.records td a")] == ["CL-001"]
    assert page(client.get("/en/counsel/?code=ZZ")).select("table.records") == []


def test_double_submit_makes_one_record(counsel_app, as_account):
    from app.counsel.models import IntakeRecord
    from app.extensions import db

    client = as_account("counselor_a")
    questionnaire = run_questionnaire(client, counsel_app)
    first, data = save(client, questionnaire)
    second = client.post(f"/en/counsel/records/new/{questionnaire.id}", data=data)
    assert first.headers["Location"] == second.headers["Location"]
    with counsel_app.app_context():
        assert db.session.query(IntakeRecord).count() == 1


def test_reassess_makes_a_new_version_and_keeps_the_old(counsel_app, as_account):
    client = as_account("counselor_a")
    questionnaire = run_questionnaire(client, counsel_app)
    saved, _data = save(client, questionnaire)
    record_page = client.get(saved.headers["Location"])
    form = page(record_page).find("form", action=lambda a: a and a.endswith("/reassess"))
    data = {field["name"]: field["value"] for field in form.find_all("input")}
    new = client.post(form["action"], data=data)
    assert page(client.get(new.headers["Location"])).find(id="record-version").get_text(strip=True) == "2"
    assert page(client.get(saved.headers["Location"])).find(id="record-version").get_text(strip=True) == "1"
    # Each version lists both, the other one as a link to it.
    versions = page(client.get(new.headers["Location"])).find("nav", attrs={"aria-label": "Versions"})
    items = [(li.get_text(strip=True), li.a["href"] if li.a else None) for li in versions.find_all("li")]
    assert items == [("Version 1", saved.headers["Location"]), ("Version 2", None)]


def test_the_stored_assessment_is_shown_as_it_was(counsel_app, as_account):
    """Whatever the engine returned is kept: editing the stored JSON changes what the page shows."""
    from app.counsel.models import IntakeRecord
    from app.extensions import db

    client = as_account("counselor_a")
    questionnaire = run_questionnaire(client, counsel_app)
    saved, _data = save(client, questionnaire)
    with counsel_app.app_context():
        record = db.session.query(IntakeRecord).one()
        assert record.assessment["questionnaire_version"] == questionnaire.version
        stored = dict(record.assessment)
        stored["pathways"] = [{"code": "detox", "fit": "recommended", "reasons": [], "changes": []}]
        stored["plan"] = dict(stored["plan"], level="residential", withdrawal="monitored")
        record.assessment = stored
        # As if made with versions this server no longer runs: the page still says which.
        record.questionnaire_version, record.rules_version = 1, "intake-rules@1"
        db.session.commit()
    shown = page(client.get(saved.headers["Location"]))
    assert [li.get_text(" ", strip=True) for li in shown.select(".record-pathways li")][0].startswith("Detox")
    assert shown.select_one(".plan-level").get_text(" ", strip=True) == "Care: Residential treatment"
    assert shown.select_one(".plan-withdrawal").get_text(" ", strip=True) == "Withdrawal: Taper in a monitored unit"
    facts = dict(
        zip((dt.get_text(strip=True) for dt in shown.select(".record-facts dt")), shown.select(".record-facts dd"), strict=True)
    )
    assert facts["Questionnaire"].get_text(" ", strip=True) == f"{questionnaire.id}, version 1"
    assert facts["Rules"].get_text(strip=True) == "intake-rules@1"


def test_another_organization_gets_404(counsel_app, as_account):
    client_a = as_account("counselor_a")
    questionnaire = run_questionnaire(client_a, counsel_app)
    saved, _data = save(client_a, questionnaire)
    client_b = as_account("counselor_b")
    assert client_b.get(saved.headers["Location"]).status_code == 404
    assert page(client_b.get("/en/counsel/")).select("table.records") == []


def test_sign_out_ends_a_copied_cookie(counsel_app, as_account):
    client = as_account("counselor_a")
    cookie = client.get_cookie("passage_session").value
    form_page = client.get("/en/counsel/")
    client.post("/en/counsel/sign-out", data={"csrf_token": csrf_from(form_page)})
    thief = counsel_app.test_client()
    thief.set_cookie("passage_session", cookie)
    assert thief.get("/en/counsel/").status_code == 302


def test_disabling_an_account_ends_its_sessions(counsel_app, as_account):
    client = as_account("counselor_a")
    assert client.get("/en/counsel/").status_code == 200
    runner = counsel_app.test_cli_runner()
    result = runner.invoke(args=["counselors", "disable", "--email", ACCOUNTS["counselor_a"][1]])
    assert result.exit_code == 0, result.output
    assert client.get("/en/counsel/").status_code == 302


def test_idle_session_ends(counsel_app, as_account):
    client = as_account("counselor_a")
    counsel_app.config["COUNSEL_IDLE_MINUTES"] = 0
    assert client.get("/en/counsel/").status_code == 302


def _session_row(counsel_app):
    from app.counsel.models import CounselorSession
    from app.extensions import db

    with counsel_app.app_context():
        (row,) = db.session.query(CounselorSession).all()
        return row.id, row.last_seen_at


def _set_last_seen(counsel_app, session_id: str, when) -> None:
    from sqlalchemy import update

    from app.counsel.models import CounselorSession
    from app.extensions import db

    with counsel_app.app_context():
        db.session.execute(update(CounselorSession).where(CounselorSession.id == session_id).values(last_seen_at=when))
        db.session.commit()


def test_last_activity_is_written_at_most_once_a_minute_and_the_idle_limit_counts_from_it(counsel_app, as_account):
    from app.extensions import utcnow

    client = as_account("counselor_a")
    session_id, signed_in_at = _session_row(counsel_app)
    for _ in range(3):
        assert client.get("/en/counsel/").status_code == 200
    assert _session_row(counsel_app)[1] == signed_in_at, "a page within the minute wrote the last activity again"

    _set_last_seen(counsel_app, session_id, utcnow() - timedelta(seconds=61))
    before = utcnow()
    assert client.get("/en/counsel/").status_code == 200
    assert _session_row(counsel_app)[1] >= before, "a page after a minute did not write the last activity"

    # With a longer step, so that these pages leave the written time as it is: the warning counts from it.
    counsel_app.config["COUNSEL_LAST_SEEN_SECONDS"] = 3600
    for minutes_ago in (10, 25):
        _set_last_seen(counsel_app, session_id, utcnow() - timedelta(minutes=minutes_ago))
        response = client.get("/en/counsel/")
        assert response.status_code == 200
        warn_after = int(page(response).find(id="idle-warning")["data-warn-after"])
        due = (30 - minutes_ago) * 60 - 120  # two minutes before the idle end
        assert due - 5 <= warn_after <= due + 1, (minutes_ago, warn_after)
    _set_last_seen(counsel_app, session_id, utcnow() - timedelta(minutes=31))
    assert client.get("/en/counsel/").status_code == 302, "the session outlived the idle limit"


def test_sign_in_is_rate_limited_per_account_but_a_right_password_still_works_later(counsel_app):
    client = counsel_app.test_client()
    for _ in range(5):
        sign_in(client, "counselor_a", password="wrong password again")
    assert sign_in(client, "counselor_a").status_code == 429
    # Another account from the same address is not blocked.
    assert sign_in(client, "admin_a").status_code == 302


def test_create_admin_reads_password_from_stdin(counsel_app):
    runner = counsel_app.test_cli_runner()
    result = runner.invoke(
        args=["counselors", "create-admin", "--organization", "Org C", "--email", "c@example.org"],
        input="a long enough passphrase\n",
    )
    assert result.exit_code == 0, result.output
    assert sign_in_with(counsel_app, "c@example.org", "a long enough passphrase").status_code == 302


@pytest.mark.parametrize("password", ["short", "password1234"])
def test_create_admin_refuses_weak_passwords(counsel_app, password):
    runner = counsel_app.test_cli_runner()
    result = runner.invoke(
        args=["counselors", "create-admin", "--organization", "Org C", "--email", "c@example.org"], input=password + "\n"
    )
    assert result.exit_code != 0


def sign_in_with(app, email, password):
    client = app.test_client()
    form_page = client.get("/en/counsel/sign-in")
    return client.post("/en/counsel/sign-in", data={"csrf_token": csrf_from(form_page), "email": email, "password": password})


def audit_rows(client, lang: str = "en") -> list[dict[str, str]]:
    """Each row of the audit table: Who, Action, Record, Outcome, as shown (whatever the language of the headers)."""
    table = page(client.get(f"/{lang}/counsel/audit")).select_one("table.audit")
    columns = {"Who": ".audit-who", "Action": ".audit-action", "Record": ".audit-record", "Outcome": ".audit-outcome"}
    return [
        {name: row.select_one(cell).get_text(" ", strip=True) for name, cell in columns.items()}
        for row in table.select("tbody tr")
    ]


def test_admin_sees_who_did_what_to_which_record_without_answers(counsel_app, as_account):
    client = as_account("counselor_a")
    questionnaire = run_questionnaire(client, counsel_app)
    form_page = client.get(f"/en/counsel/records/new/{questionnaire.id}")
    token = page(form_page).find("input", attrs={"name": "form_token"})["value"]
    saved = client.post(
        f"/en/counsel/records/new/{questionnaire.id}",
        data={"csrf_token": csrf_from(form_page), "form_token": token, "code": "CL-9", "notes": "Private words ZQX"},
    )
    client.get(saved.headers["Location"])
    admin = as_account("admin_a")
    rows = audit_rows(admin)
    counselor = ACCOUNTS["counselor_a"][1]
    by_action = {row["Action"]: row for row in rows if row["Who"] == counselor}
    assert by_action["Record saved"]["Record"] == "CL-9, version 1"
    assert by_action["Record saved"]["Outcome"] == "Done"
    assert by_action["Record opened"]["Record"] == "CL-9, version 1"
    assert {row["Who"] for row in rows} == {counselor, ACCOUNTS["admin_a"][1]}  # emails, never ids
    french = {row["Action"]: row for row in audit_rows(admin, "fr")}
    assert french["Dossier enregistré"]["Record"] == "CL-9, version 1"
    whole = admin.get("/en/counsel/audit").get_data(as_text=True)
    assert "ZQX" not in whole and PASSWORD not in whole
    assert as_account("counselor_a").get("/en/counsel/audit").status_code == 404


def test_a_database_without_the_upgrade_says_so(tmp_path):
    from app import create_app

    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.sqlite'}"},
        instance_path=str(tmp_path / "instance"),
    )
    client = app.test_client()
    form_page = client.get("/en/counsel/sign-in")
    response = client.post(
        "/en/counsel/sign-in", data={"csrf_token": csrf_from(form_page), "email": "a@example.org", "password": PASSWORD}
    )
    assert response.status_code == 503
    assert "db upgrade" in page(response).get_text()


def form_data(response, form_selector: str, **values):
    form = page(response).select_one(form_selector)
    data = {field["name"]: field.get("value", "") for field in form.find_all("input") if field.get("name")}
    data.update(values)
    return form.get("action") or response.request.path, data


def test_admin_adds_a_counselor_who_can_then_sign_in(counsel_app, as_account):
    admin = as_account("admin_a")
    team_page = admin.get("/fr/counsel/team")
    assert page(team_page).h1.get_text(strip=True) == "Équipe"
    _action, data = form_data(
        team_page, "form[aria-labelledby=add-title]", email="new@example.org", password="password1234", role="counselor"
    )
    refused = admin.post("/fr/counsel/team", data=data)
    assert refused.status_code == 400
    assert "trop courant" in page(refused).get_text()
    data["password"] = "a brand new long passphrase"
    assert admin.post("/fr/counsel/team", data=data).status_code == 302
    assert sign_in_with(counsel_app, "new@example.org", "a brand new long passphrase").status_code == 302


def test_admin_disables_a_counselor_and_their_session_ends(counsel_app, as_account):
    counselor = as_account("counselor_a")
    admin = as_account("admin_a")
    team_page = admin.get("/en/counsel/team")
    row = next(tr for tr in page(team_page).select("table.team tbody tr") if tr.td.get_text() == ACCOUNTS["counselor_a"][1])
    form = row.find("form")
    admin.post(form["action"], data={"csrf_token": form.find("input")["value"]})
    assert counselor.get("/en/counsel/").status_code == 302


def test_record_shows_matching_services_from_the_directory(counsel_app, as_account):
    admin = as_account("admin_a")
    directory = admin.get("/en/counsel/directory")
    _action, data = form_data(
        directory, "form[aria-labelledby=add-service-title]", name="Every pathway centre", phone="01 23 45 67 89"
    )
    data.pop("pathways", None)
    data["pathways"] = ["detox", "inpatient", "residential", "outpatient", "support_groups", "aftercare"]
    assert admin.post("/en/counsel/directory", data=data).status_code == 302
    client = as_account("counselor_a")
    questionnaire = run_questionnaire(client, counsel_app)
    saved, _data = save(client, questionnaire)
    services = page(client.get(saved.headers["Location"])).select(".record-services li")
    assert [li.strong.get_text() for li in services] == ["Every pathway centre"]
    assert page(as_account("counselor_b").get("/en/counsel/")).find(string="Every pathway centre") is None


def test_absolute_timeout_ends_even_an_active_session(counsel_app, as_account):
    from app.counsel.models import CounselorSession
    from app.extensions import db

    client = as_account("counselor_a")
    with counsel_app.app_context():
        row = db.session.query(CounselorSession).one()
        row.created_at = row.created_at - timedelta(hours=counsel_app.config["COUNSEL_ABSOLUTE_HOURS"], minutes=1)
        db.session.commit()
    assert client.get("/en/counsel/").status_code == 302


def test_saving_confirms_in_the_page_language(counsel_app, as_account):
    client = as_account("counselor_a")
    questionnaire = run_questionnaire(client, counsel_app)
    saved, _data = save(client, questionnaire, code="C-042")
    notice = page(client.get(saved.headers["Location"])).select_one(".notice")
    assert notice is not None and "C-042" in notice.get_text()


def test_records_are_found_by_date_and_by_suggested_care(counsel_app, as_account):
    from app.counsel.models import IntakeRecord
    from app.extensions import db

    client = as_account("counselor_a")
    questionnaire = run_questionnaire(client, counsel_app)
    save(client, questionnaire, code="OLD-1")
    run_questionnaire(client, counsel_app)  # saving cleared the answers from the session
    save(client, questionnaire, code="NEW-1")
    with counsel_app.app_context():
        old = db.session.query(IntakeRecord).filter_by(code="OLD-1").one()
        old.created_at = old.created_at - timedelta(days=40)
        old.top_pathway = "residential"
        day = old.created_at.date().isoformat()
        new_care = db.session.query(IntakeRecord).filter_by(code="NEW-1").one().top_pathway
        db.session.commit()
    assert new_care != "residential"

    def codes(query):
        return [a.get_text(strip=True) for a in page(client.get(f"/en/counsel/?{query}")).select("table.records td a")]

    assert codes(f"date={day}") == ["OLD-1"]
    assert codes("pathway=residential") == ["OLD-1"]
    assert codes(f"pathway={new_care}") == ["NEW-1"]
    choices = [option["value"] for option in page(client.get("/en/counsel/")).select("select[name=pathway] option")]
    assert "residential" in choices and "emergency" in choices
    assert "detox" not in choices  # never a record's suggested care (it is the withdrawal): no option that finds nothing


def test_a_refused_save_keeps_the_answers_and_notes_and_stores_nothing(counsel_app, as_account):
    from app.counsel.models import IntakeRecord
    from app.extensions import db

    client = as_account("counselor_a")
    questionnaire = run_questionnaire(client, counsel_app)
    form_page = client.get(f"/en/counsel/records/new/{questionnaire.id}")
    token = page(form_page).find("input", attrs={"name": "form_token"})["value"]
    data = {"csrf_token": csrf_from(form_page), "form_token": token, "code": "Jean Dupont", "notes": "Seen with his sister"}
    refused = client.post(f"/en/counsel/records/new/{questionnaire.id}", data=data)
    assert refused.status_code == 400
    shown = page(refused)
    assert "Use up to 40 letters" in shown.select_one(".error-summary").get_text()
    assert shown.find("textarea", attrs={"name": "notes"}).get_text() == "Seen with his sister"
    assert "1 answer is ready to be saved." in shown.get_text()  # the answers are still there, waiting
    with counsel_app.app_context():
        assert db.session.query(IntakeRecord).count() == 0
    data["code"] = "C-1"  # corrected, same form: saved once
    assert client.post(f"/en/counsel/records/new/{questionnaire.id}", data=data).status_code == 302
    with counsel_app.app_context():
        assert db.session.query(IntakeRecord).one().notes == "Seen with his sister"


def test_every_workspace_page_says_when_the_session_ends(counsel_app, as_account):
    from app.counsel.models import CounselorSession
    from app.extensions import db

    client = as_account("counselor_a")
    note = page(client.get("/en/counsel/")).find(id="session-ends")
    assert note is not None and note.get_text(" ", strip=True).startswith("Without activity, this session ends at")
    assert page(client.get("/en/counsel/")).find(id="idle-warning")["data-warn-after"] == str(30 * 60 - 120)
    with counsel_app.app_context():  # ten minutes before the absolute limit: that limit comes first
        row = db.session.query(CounselorSession).one()
        row.created_at = row.created_at - timedelta(hours=counsel_app.config["COUNSEL_ABSOLUTE_HOURS"]) + timedelta(minutes=10)
        ends = (row.created_at + timedelta(hours=counsel_app.config["COUNSEL_ABSOLUTE_HOURS"])).replace(tzinfo=UTC)
        ends = ends.astimezone(ZoneInfo("Europe/Paris")).strftime("%H:%M")  # the organization's time zone (default)
        db.session.commit()
    note = page(client.get("/fr/counsel/")).find(id="session-ends")
    assert (
        note.get_text(" ", strip=True)
        == f"Cette session prend fin à {ends} (heure de Europe/Paris)\u00a0: reconnectez-vous alors pour continuer."
    )


def test_records_deleted_for_retention_show_in_the_organizations_audit_trail(counsel_app, as_account):
    from app.counsel.models import IntakeRecord
    from app.extensions import db

    client = as_account("counselor_a")
    save(client, run_questionnaire(client, counsel_app), code="GONE-1")
    with counsel_app.app_context():
        record = db.session.query(IntakeRecord).one()
        record.created_at = record.created_at - timedelta(days=counsel_app.config["COUNSEL_RETENTION_DAYS"] + 1)
        record_id = record.id
        db.session.commit()
    assert counsel_app.test_cli_runner().invoke(args=["counselors", "purge"]).exit_code == 0
    purged = [row for row in audit_rows(as_account("admin_a")) if row["Action"] == "Record deleted"]
    assert purged == [
        {
            "Who": "Passage (automatic)",
            "Action": "Record deleted",
            "Record": f"No. {record_id} (deleted)",
            "Outcome": "Retention period over",
        }
    ]


def test_the_directory_lists_every_detail_of_a_service(counsel_app, as_account):
    admin = as_account("admin_a")
    directory = admin.get("/en/counsel/directory")
    _action, data = form_data(
        directory,
        "form[aria-labelledby=add-service-title]",
        name="CSAPA Nord",
        languages="français, English",
        phone="01 23 45 67 89",
        address="1 rue de l’Exemple",
        website="https://example.org/csapa",
        notes="Walk-in on Tuesdays",
    )
    data["pathways"] = ["outpatient"]
    assert admin.post("/en/counsel/directory", data=data).status_code == 302
    listed = page(admin.get("/en/counsel/directory")).select_one("ul.directory li")
    text = listed.get_text(" ", strip=True)
    for detail in ("CSAPA Nord", "français, English", "01 23 45 67 89", "1 rue de l’Exemple", "Walk-in on Tuesdays"):
        assert detail in text, detail
    assert listed.find("a", href="https://example.org/csapa") is not None


def test_a_database_failure_at_save_says_so_and_keeps_everything_on_screen(counsel_app, as_account, monkeypatch, caplog):
    from sqlalchemy.exc import OperationalError

    from app.counsel import views
    from app.counsel.models import IntakeRecord
    from app.extensions import db

    client = as_account("counselor_a")
    questionnaire = run_questionnaire(client, counsel_app)
    form_page = client.get(f"/en/counsel/records/new/{questionnaire.id}")
    token = page(form_page).find("input", attrs={"name": "form_token"})["value"]
    data = {"csrf_token": csrf_from(form_page), "form_token": token, "code": "C-7", "notes": "Sleeps badly QWZ"}

    def database_down(*args, **kwargs):
        raise OperationalError("INSERT INTO intake_records …", {"notes": "Sleeps badly QWZ"}, Exception("connection lost"))

    monkeypatch.setattr(views, "save_record", database_down)
    failed = client.post(f"/en/counsel/records/new/{questionnaire.id}", data=data)
    assert failed.status_code == 503
    shown = page(failed)
    assert "The record was not saved" in shown.select_one(".error-summary").get_text()
    assert shown.find("input", attrs={"name": "code"})["value"] == "C-7"
    assert shown.find("textarea", attrs={"name": "notes"}).get_text() == "Sleeps badly QWZ"
    assert shown.find("input", attrs={"name": "form_token"})["value"] == token  # a retry is still one record
    assert "QWZ" not in caplog.text
    monkeypatch.undo()
    assert client.post(f"/en/counsel/records/new/{questionnaire.id}", data=data).status_code == 302
    with counsel_app.app_context():
        assert db.session.query(IntakeRecord).count() == 1


@pytest.mark.parametrize("path, action", [("", "Record opened"), ("/print", "Printable page opened")])
def test_opening_or_printing_a_record_is_audited_once_and_not_shown_if_it_cannot_be(
    counsel_app, as_account, monkeypatch, path, action
):
    from sqlalchemy.exc import OperationalError

    from app.counsel import views

    client = as_account("counselor_a")
    response, _data = save(client, run_questionnaire(client, counsel_app), code="AUD-1")
    record_page = response.headers["Location"] + path
    assert "AUD-1" in page(client.get(record_page)).get_text()
    opened = [row for row in audit_rows(as_account("admin_a")) if row["Action"] == action]
    assert opened == [{"Who": ACCOUNTS["counselor_a"][1], "Action": action, "Record": "AUD-1, version 1", "Outcome": "Done"}]

    def audit_lost(*args, **kwargs):
        raise OperationalError("INSERT INTO audit_events …", {}, Exception("connection lost"))

    monkeypatch.setattr(views, "audit", audit_lost)
    monkeypatch.setitem(counsel_app.config, "PROPAGATE_EXCEPTIONS", False)
    refused = client.get(record_page)
    assert refused.status_code == 500
    assert "AUD-1" not in refused.get_data(as_text=True)  # made, but never sent unaudited


def test_only_the_audit_of_a_reading_commits_without_waiting_for_the_disk(counsel_app, as_account):
    # A record's save waits for the disk; the row saying it was opened does not (app/database.py),
    # and the connection goes back to the pool waiting again for the next request's commits.
    from sqlalchemy import event, text

    from app.extensions import db

    client = as_account("counselor_a")
    response, _data = save(client, run_questionnaire(client, counsel_app), code="SYNC-1")
    with counsel_app.app_context():
        engine = db.engine
    sent: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:
        sent.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", note)
    try:
        assert client.get(response.headers["Location"]).status_code == 200
        opened = list(sent)
        sent.clear()
        save(client, run_questionnaire(client, counsel_app), code="SYNC-2")
        saved = list(sent)
    finally:
        event.remove(engine, "before_cursor_execute", note)
    inserts = [index for index, statement in enumerate(opened) if statement.startswith("INSERT INTO audit_events")]
    assert len(inserts) == 1
    unhurried = "SET LOCAL synchronous_commit TO OFF" if engine.dialect.name == "postgresql" else "PRAGMA synchronous=NORMAL"
    assert unhurried in opened[: inserts[0]]
    assert unhurried not in saved and any(s.startswith("INSERT INTO intake_records") for s in saved)
    if engine.dialect.name == "sqlite":
        with counsel_app.app_context():
            assert db.session.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL, as every connection starts


def test_a_reading_audited_after_an_uncommitted_write_is_committed_with_it(counsel_app):
    # SQLite refuses to stop waiting for the disk inside a transaction: the audit then waits, never fails.
    from sqlalchemy import func, select, update

    from app.counsel.models import AuditEvent, Counselor
    from app.counsel.records import audit
    from app.extensions import db

    with counsel_app.app_context():
        counselor = db.session.scalars(select(Counselor).where(Counselor.email == ACCOUNTS["counselor_a"][1])).one()
        db.session.execute(update(Counselor).where(Counselor.id == counselor.id).values(role="admin"))
        audit(counselor, "view")
        db.session.rollback()  # nothing left to undo: both were committed
        assert db.session.scalar(select(Counselor.role).where(Counselor.id == counselor.id)) == "admin"
        assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "view")) == 1


@pytest.mark.parametrize(("lang", "message"), [("en", "Not a valid date value."), ("fr", "N'est pas une date valide.")])
def test_a_search_by_an_impossible_date_says_so_in_the_page_language(counsel_app, as_account, lang, message):
    # WTForms' own messages come from a catalog kept per language (app/web/forms.py): French after
    # English in the same process must still be French, and the reverse.
    client = as_account("counselor_a", lang)
    for _ in range(2):
        error = page(client.get(f"/{lang}/counsel/?date=2026-02-30")).select_one("#date-error")
        assert error is not None and message in error.get_text()


@pytest.mark.parametrize(
    ("lang", "one", "two"),
    [
        ("en", "1 answer is ready to be saved.", "2 answers are ready to be saved."),
        ("fr", "1 réponse est prête à être enregistrée.", "2 réponses sont prêtes à être enregistrées."),
    ],
)
def test_the_count_of_answers_to_save_agrees_with_its_number(counsel_app, as_account, lang, one, two):
    client = as_account("counselor_a", lang)
    questionnaire = run_questionnaire(client, counsel_app)
    assert one in page(client.get(f"/{lang}/counsel/records/new/{questionnaire.id}")).get_text()
    with counsel_app.app_context():
        second = questionnaire.pages[1].items[0]
    with client.session_transaction() as session:
        progress = session[f"progress:{questionnaire.id}"]
        progress["answers"][second.id] = answer_for(second)
        session[f"progress:{questionnaire.id}"] = progress
    assert two in page(client.get(f"/{lang}/counsel/records/new/{questionnaire.id}")).get_text()
