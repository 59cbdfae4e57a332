"""Issue 27, point 8 (the counselor's part): "Save as a record" on the counselor's results page,
sign-out in the page header rather than above the save form, session end times in the
organization's time zone with the zone named, and the clinical summary's lists read as lists."""

from __future__ import annotations

from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.counsel.conftest import page
from tests.counsel.test_record_result import run_intake

pytestmark = pytest.mark.db

# Three red flags at once: do not stop suddenly, a sudden stop planned, pregnancy with sedatives.
FLAGGED = dict(
    baclofen_use="not_prescribed",
    use_frequency="daily",
    use_duration="over_year",
    withdrawal_symptoms="yes",
    withdrawal_unwell="yes",
    stop_plan="suddenly",
    pregnancy="yes",
)


def flagged_answers(counsel_app) -> dict:
    """FLAGGED, and every other question the flow then shows answered without an emergency stop."""
    from app.web.library import get_library
    from tests.support.people import complete_answers

    with counsel_app.app_context():
        library = get_library()
        return complete_answers(library.questionnaires["intake"], library.rules["intake"], FLAGGED)


def red_flag_sentences(counsel_app, answers, lang="en") -> list[str]:
    from flask_babel import force_locale, gettext

    from app.engine import assess
    from app.web.library import get_library

    with counsel_app.test_request_context(f"/{lang}/"), force_locale(lang):
        library = get_library()
        rules = library.rules["intake"]
        assessment = assess(library.questionnaires["intake"], rules, answers, "counselor")
        return [" ".join(gettext(rules.flag_short(flag.reason.rule)).split()) for flag in assessment.red_flags]


def summary_row(shown, label: str):
    for row in shown.select("#clinical-summary .summary-row"):
        if row.find("dt").get_text(" ", strip=True) == label:
            return row.find("dd")
    raise AssertionError(f"no {label!r} row in the clinical summary")


# --- "Save as a record" on the counselor's results page ---------------------------------------


def test_the_counselors_results_page_leads_to_the_save_form(counsel_app, as_account):
    client = as_account("counselor_a")
    run_intake(client, counsel_app, flagged_answers(counsel_app))
    results = page(client.get("/en/intake/results"))
    link = results.find("a", string=lambda text: text and text.strip() == "Save as a record")
    assert link is not None, "the results page offers to save the intake"
    assert link["href"] == "/en/counsel/records/new/intake"
    # Under the clinical summary, before the rest of the page.
    assert results.select_one("#clinical-summary").find_next("a", id="save-as-record") is link
    save_form = page(client.get(link["href"]))
    assert save_form.find("input", attrs={"name": "code"}) is not None
    assert "answers are ready to be saved" in save_form.get_text(" ", strip=True)


def test_in_french_the_action_is_in_french(counsel_app, as_account):
    client = as_account("counselor_a", "fr")
    run_intake(client, counsel_app, flagged_answers(counsel_app))
    link = page(client.get("/fr/intake/results")).find(id="save-as-record")
    assert link.get_text(strip=True) == "Enregistrer comme dossier"
    assert link["href"] == "/fr/counsel/records/new/intake"


def test_signed_out_the_results_page_says_to_sign_in_before_the_questions(counsel_app):
    client = counsel_app.test_client()
    run_intake(client, counsel_app, flagged_answers(counsel_app))
    results = page(client.get("/en/intake/results"))
    assert results.find(id="save-as-record") is None
    section = results.select_one("section.save-record")
    assert "sign in to the counselor workspace before the questions" in section.get_text(" ", strip=True)
    assert section.find("a", href="/en/counsel/sign-in") is not None


def test_a_persons_own_results_page_has_no_record_to_save(counsel_app, as_account):
    client = as_account("counselor_a")
    run_intake(client, counsel_app, flagged_answers(counsel_app))
    with client.session_transaction() as session:
        session["progress:intake"] = {**session["progress:intake"], "perspective": "self"}
    results = page(client.get("/en/intake/results"))
    assert results.select_one("section.save-record") is None


# --- Sign-out in the header ---------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/en/counsel/", "/en/counsel/records/new/intake", "/en/counsel/team"])
def test_sign_out_is_in_the_header_not_in_the_main_area(counsel_app, as_account, path):
    client = as_account("admin_a")
    run_intake(client, counsel_app, flagged_answers(counsel_app))
    shown = page(client.get(path))
    sign_out = shown.select("form[action='/en/counsel/sign-out']")
    assert len(sign_out) == 1
    assert sign_out[0].find_parent("header") is not None
    assert shown.select_one("main form[action='/en/counsel/sign-out']") is None
    header = shown.select_one("header").get_text(" ", strip=True)
    assert "Signed in as admin.a@example.org" in header


def test_signing_out_from_the_header_works(counsel_app, as_account):
    client = as_account("counselor_a")
    form = page(client.get("/en/counsel/")).select_one("header form[action='/en/counsel/sign-out']")
    token = form.find("input", attrs={"name": "csrf_token"})["value"]
    assert client.post(form["action"], data={"csrf_token": token}).headers["Location"].endswith("/en/counsel/sign-in")
    assert client.get("/en/counsel/").status_code == 302


def test_the_sign_in_page_has_no_sign_out(counsel_app):
    shown = page(counsel_app.test_client().get("/en/counsel/sign-in"))
    assert shown.select_one("form[action='/en/counsel/sign-out']") is None


# --- Times in the organization's time zone ------------------------------------------------------


def session_row(counsel_app):
    from app.counsel.models import CounselorSession
    from app.extensions import db

    with counsel_app.app_context():
        row = db.session.query(CounselorSession).one()
        return row.created_at, row.last_seen_at


@pytest.mark.parametrize(
    "zone, lang, expected",
    [
        (
            "Europe/Paris",
            "en",
            "Without activity, this session ends at {idle}, and at {latest} at the latest (Europe/Paris time).",
        ),
        (
            "America/Toronto",
            "fr",
            "Sans activité, cette session prend fin à {idle}, et au plus tard à {latest} (heure de America/Toronto).",
        ),
    ],
)
def test_session_end_times_are_in_the_organizations_time_zone_and_name_it(counsel_app, as_account, zone, lang, expected):
    if zone != "Europe/Paris":
        counsel_app.config["COUNSEL_TIME_ZONE"] = zone
    else:
        assert counsel_app.config["COUNSEL_TIME_ZONE"] == "Europe/Paris"  # the default
    client = as_account("counselor_a", lang)
    note = page(client.get(f"/{lang}/counsel/")).find(id="session-ends").get_text(" ", strip=True)
    created, last_seen = session_row(counsel_app)
    local = ZoneInfo(zone)
    idle = (last_seen + timedelta(minutes=counsel_app.config["COUNSEL_IDLE_MINUTES"])).replace(tzinfo=UTC).astimezone(local)
    latest = (created + timedelta(hours=counsel_app.config["COUNSEL_ABSOLUTE_HOURS"])).replace(tzinfo=UTC).astimezone(local)
    assert note == expected.format(idle=idle.strftime("%H:%M"), latest=latest.strftime("%H:%M"))
    assert "UTC" not in note


def test_the_time_zone_is_a_setting_checked_at_start_up(tmp_path):
    from app import create_app
    from app.config import from_environment

    assert from_environment({"PASSAGE_COUNSEL_TIME_ZONE": "America/Toronto"})["COUNSEL_TIME_ZONE"] == "America/Toronto"
    for wrong in ("Europe/Nowhere", "../../etc/passwd", "Paris"):
        with pytest.raises(SystemExit, match="PASSAGE_COUNSEL_TIME_ZONE must be a time zone name"):
            create_app({"TESTING": True, "SECRET_KEY": "x", "COUNSEL_TIME_ZONE": wrong}, instance_path=str(tmp_path))


# --- The clinical summary's lists ---------------------------------------------------------------


@pytest.mark.parametrize("lang, label", [("en", "Red flags"), ("fr", "Signaux d’alerte")])
def test_each_red_flag_is_its_own_list_item_on_the_results_page(counsel_app, as_account, lang, label):
    client = as_account("counselor_a", lang)
    answers = flagged_answers(counsel_app)
    run_intake(client, counsel_app, answers)
    expected = red_flag_sentences(counsel_app, answers, lang)
    assert len(expected) >= 2, "the answers should raise several red flags"
    row = summary_row(page(client.get(f"/{lang}/intake/results")), label)
    items = [" ".join(item.get_text(" ", strip=True).split()) for item in row.select("ul.clinical-list > li")]
    assert items == expected


def test_each_red_flag_is_its_own_list_item_on_the_record(counsel_app, as_account):
    from tests.counsel.conftest import csrf_from

    client = as_account("counselor_a")
    answers = flagged_answers(counsel_app)
    run_intake(client, counsel_app, answers)
    form_page = client.get("/en/counsel/records/new/intake")
    token = page(form_page).find("input", attrs={"name": "form_token"})["value"]
    saved = client.post(
        "/en/counsel/records/new/intake", data={"csrf_token": csrf_from(form_page), "form_token": token, "code": "RF-1"}
    )
    row = summary_row(page(client.get(saved.headers["Location"])), "Red flags")
    items = [" ".join(item.get_text(" ", strip=True).split()) for item in row.select("ul.clinical-list > li")]
    assert items == red_flag_sentences(counsel_app, answers)


def test_the_stylesheet_no_longer_runs_the_summarys_lists_together():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "app" / "static" / "passage.css").read_text()
    assert ".clinical-summary .clinical-list { display: inline; }" not in css
    assert ".clinical-list { display: block; }" in css
