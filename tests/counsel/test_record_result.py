"""What a saved record shows and hands over: the plan in the reader's language with the organization's
matching services beside it, the region it was made in, and the client's own PDF in the intake's language."""

from __future__ import annotations

import io
import unicodedata

import pytest
from flask_babel import force_locale, gettext
from pypdf import PdfReader

from tests.counsel.conftest import csrf_from, page
from tests.support.html_page import repeated_ids

pytestmark = pytest.mark.db

# Physical dependence with withdrawal symptoms: supervised withdrawal, a medical flag and outpatient care.
DEPENDENT = dict(
    baclofen_use="not_prescribed",
    use_frequency="daily",
    use_duration="over_year",
    withdrawal_symptoms="yes",
    withdrawal_unwell="yes",
    change_readiness="ready",
    supportive_person="yes",
    pregnancy="no",
)


def intake_answers(counsel_app) -> dict:
    from app.engine import relevant_answers
    from app.web.library import get_library
    from tests.support.walk import safe_answers

    with counsel_app.app_context():
        questionnaire = get_library().questionnaires["intake"]
        return relevant_answers(questionnaire, {**safe_answers(counsel_app, "counselor"), **DEPENDENT})


def expected_assessment(counsel_app, answers, perspective="counselor"):
    from app.engine import assess
    from app.web.library import get_library

    with counsel_app.app_context():
        library = get_library()
        return assess(library.questionnaires["intake"], library.rules["intake"], answers, perspective)


def run_intake(client, counsel_app, answers, region=None):
    from app.web.library import get_library

    with counsel_app.app_context():
        questionnaire = get_library().questionnaires["intake"]
    with client.session_transaction() as session:
        session["progress:intake"] = {"perspective": "counselor", "answers": answers, "version": questionnaire.version}
        if region:
            session["region"] = region
    return questionnaire


@pytest.fixture
def dependent_record(counsel_app, as_account):
    """Counselor A's record of a French intake, made in the Québec region."""
    client = as_account("counselor_a", "fr")
    answers = intake_answers(counsel_app)
    questionnaire = run_intake(client, counsel_app, answers, region="ca_qc")
    location = save_record(client, questionnaire, "fr", "C-042")
    return client, location.replace("/fr/", "/{lang}/"), answers


def save_record(client, questionnaire, lang: str, code: str) -> str:
    """Save the intake in the session as a record with this client code; the record's address."""
    form_page = client.get(f"/{lang}/counsel/records/new/{questionnaire.id}")
    token = page(form_page).find("input", attrs={"name": "form_token"})["value"]
    saved = client.post(
        f"/{lang}/counsel/records/new/{questionnaire.id}",
        data={"csrf_token": csrf_from(form_page), "form_token": token, "code": code},
    )
    assert saved.status_code == 302
    return saved.headers["Location"]


def words(node) -> str:
    return " ".join(node.get_text(" ").split())


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_record_shows_the_plan_in_the_readers_language(counsel_app, dependent_record, lang):
    from app.i18n import words as word_lists

    client, location, answers = dependent_record
    assessment = expected_assessment(counsel_app, answers)
    plan = assessment.plan
    assert plan.withdrawal != "none" and assessment.flags_of("medical"), "the sample needs a withdrawal and a flag"
    shown = page(client.get(location.format(lang=lang)))
    with counsel_app.test_request_context(f"/{lang}/"), force_locale(lang):
        level = f"{gettext('Care:')} {word_lists.LEVEL_NAMES[plan.level]}"
        withdrawal = f"{gettext('Withdrawal:')} {word_lists.WITHDRAWAL_NAMES[plan.withdrawal]}"
        next_step = gettext(plan.next_step.text)
        when = f"{gettext('When:')} {word_lists.NEXT_STEP_DUE[plan.next_step_due]}"  # the referral says when (issue 26)
        reasons = [gettext(reason.text) for reason in plan.withdrawal_reasons]
        flag_title = str(word_lists.FLAG_TITLES["medical"])
    section = shown.select_one(".record-plan")
    assert words(section.select_one(".plan-level")) == " ".join(level.split())
    assert words(section.select_one(".plan-withdrawal")) == " ".join(withdrawal.split())
    assert words(section.select_one(".plan-next-step")) == " ".join(next_step.split())
    assert words(section.select_one(".next-step-when")) == " ".join(when.split())
    shown_reasons = [words(li.p) for li in section.select(".reasons > li.reason")]
    for reason in reasons:
        assert " ".join(reason.split()) in shown_reasons
    assert flag_title in [words(h) for h in section.select(".plan-flag h3")]


def test_the_record_shows_the_region_it_was_made_in_whatever_the_readers_region(counsel_app, dependent_record):
    client, location, _answers = dependent_record
    with client.session_transaction() as session:
        session["region"] = "uk"  # the counselor looks at something else later
    shown = page(client.get(location.format(lang="en")))
    assert words(shown.find(id="record-region")) == "Canada — Québec"


def add_service(as_account, name, pathways):
    from tests.counsel.test_workspace import form_data

    admin = as_account("admin_a")
    directory = admin.get("/en/counsel/directory")
    _action, data = form_data(directory, "form[aria-labelledby=add-service-title]", name=name, phone="01 23 45 67 89")
    data["pathways"] = pathways
    assert admin.post("/en/counsel/directory", data=data).status_code == 302


def test_services_beside_the_plan_are_those_taking_on_a_part_of_it(counsel_app, dependent_record, as_account):
    client, location, answers = dependent_record
    plan = expected_assessment(counsel_app, answers).plan
    assert (plan.withdrawal, plan.level) == ("hospital", "outpatient"), "the sample's plan changed: update this test"
    add_service(as_account, "Detox unit", ["detox"])
    add_service(as_account, "Outpatient centre", ["outpatient"])
    add_service(as_account, "Residential home", ["residential"])
    add_service(as_account, "Peer groups", ["support_groups"])
    listed = page(client.get(location.format(lang="en"))).select(".record-result .record-services > li")
    serves = {li.strong.get_text(): words(li.select_one(".service-serves")) for li in listed}
    assert serves == {
        "Detox unit": "For: the supervised withdrawal",
        "Outpatient centre": "For: the level of care",
        "Peer groups": "For: support alongside",
    }
    assert page(as_account("counselor_b").get("/en/counsel/")).find(string="Detox unit") is None
    # The directory lists each service with its delete form: their tokens carry no id, which would repeat per row.
    directory = as_account("admin_a").get("/en/counsel/directory")
    assert len(page(directory).select("form[action$='/delete']")) == 4
    assert repeated_ids(directory.get_data(as_text=True)) == []


def pdf_text(data: bytes) -> str:
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


def client_pdf(client, location, lang="en"):
    record_page = client.get(location.format(lang=lang))
    form = page(record_page).select_one("form.client-pdf")
    assert form is not None, "the record offers the client's PDF"
    return client.post(form["action"], data={"csrf_token": form.find("input", attrs={"name": "csrf_token"})["value"]})


def test_the_client_gets_the_self_pdf_in_the_intake_language_and_region(counsel_app, dependent_record):

    client, location, _answers = dependent_record
    response = client_pdf(client, location, lang="en")  # asked from the English page; the intake was in French
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="passage-resultat-C-042.pdf"'
    text = pdf_text(response.data)
    assert text.startswith("Votre plan")  # worded to the client, in French
    assert "Your plan" not in text and "Intake summary" not in text
    assert "Canada — Québec" in text  # the region chosen during the intake
    answers = intake_answers(counsel_app)
    to_client, about_client = (expected_assessment(counsel_app, answers, p).plan.next_step.text for p in ("self", "counselor"))
    with counsel_app.test_request_context("/fr/"), force_locale("fr"):
        to_client, about_client = gettext(to_client), gettext(about_client)
    assert to_client != about_client
    flat = " ".join(text.split())
    assert " ".join(to_client.split()) in flat and " ".join(about_client.split()) not in flat


def test_the_client_pdf_is_an_audited_export(counsel_app, dependent_record):
    from app.counsel.models import AuditEvent
    from app.extensions import db

    client, location, _answers = dependent_record
    client_pdf(client, location)
    with counsel_app.app_context():
        assert [(e.action, e.outcome) for e in db.session.query(AuditEvent).filter_by(action="export_pdf")] == [
            ("export_pdf", "ok")
        ]


def test_the_client_pdf_needs_a_fresh_form_and_is_rate_limited(counsel_app, dependent_record):
    client, location, _answers = dependent_record
    pdf_url = page(client.get(location.format(lang="en"))).select_one("form.client-pdf")["action"]
    stale = client.post(pdf_url, data={"csrf_token": "stale"})
    assert stale.status_code == 302 and stale.headers["Location"].endswith(location.format(lang="en"))
    counsel_app.config["PDF_RATE_LIMIT"] = "1 per minute"
    assert client_pdf(client, location).status_code == 200
    assert client_pdf(client, location).status_code == 429


def test_a_record_of_an_older_questionnaire_says_why_it_has_no_client_pdf(counsel_app, dependent_record):
    from app.counsel.models import AuditEvent, IntakeRecord
    from app.extensions import db

    client, location, _answers = dependent_record
    pdf_url = page(client.get(location.format(lang="en"))).select_one("form.client-pdf")["action"]
    csrf = csrf_from(client.get(location.format(lang="en")))
    with counsel_app.app_context():
        db.session.query(IntakeRecord).one().questionnaire_version = 1
        db.session.commit()
    refused = client.post(pdf_url, data={"csrf_token": csrf})
    assert refused.status_code == 302
    shown = page(client.get(refused.headers["Location"]))
    assert "no longer has" in shown.select_one(".notice").get_text()
    assert shown.select_one("form.client-pdf") is None
    with counsel_app.app_context():
        assert [e.outcome for e in db.session.query(AuditEvent).filter_by(action="export_pdf")] == ["refused"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_record_opens_with_the_clinical_summary_of_the_results_page(counsel_app, dependent_record, lang):
    from app.i18n import words as words_module
    from app.web.library import get_library

    client, location, answers = dependent_record
    assessment = expected_assessment(counsel_app, answers)
    shown = page(client.get(location.format(lang=lang)))
    summary = shown.find(id="clinical-summary")
    assert summary is not None, "the record has no clinical summary"
    rows = {words(row.dt): words(row.dd) for row in summary.select(".summary-row")}
    with counsel_app.test_request_context(f"/{lang}/"), force_locale(lang):
        total = len(get_library().rules["intake"].severity.criteria)
        criteria = gettext("DSM-5 criteria met (past 12 months)")
        count = gettext(
            "%(count)s of %(total)s: %(level)s.",
            count=assessment.severity.count,
            total=total,
            level=words_module.SEVERITY_LABELS[assessment.severity.level],
        )
        level = str(words_module.LEVEL_NAMES[assessment.plan.level])
    assert rows[criteria].startswith(" ".join(count.split()))
    assert len([key for key in rows if key.startswith("Dimension")]) == len(assessment.dimensions)
    assert any(value.startswith(level) for value in rows.values())
    assert shown.find("script", src=lambda src: src and "copy-summary" in src) is not None


@pytest.mark.parametrize(
    "lang, notice",
    [
        ("en", "At the time of this intake, the answers showed signs of dangerous withdrawal."),
        ("fr", "Lors de cet entretien, les réponses montraient des signes de sevrage dangereux."),
    ],
)
def test_a_record_stopped_by_withdrawal_says_withdrawal_never_overdose(counsel_app, as_account, lang, notice):
    client = as_account("counselor_a", lang)
    questionnaire = run_intake(client, counsel_app, {"danger_now": ["withdrawal_confusion"]})
    shown = page(client.get(save_record(client, questionnaire, lang, "W-1")))
    alerts = [words(p) for p in shown.select("p.notice[role=alert]")]
    assert notice in alerts
    assert not [alert for alert in alerts if "overdose" in alert or "surdose" in alert]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_record_lists_every_answer_in_full_in_the_questionnaires_order(counsel_app, dependent_record, lang):
    # The plan's reasons cite answers by their short label; the record keeps the whole questions too (and so does
    # its print).
    client, location, answers = dependent_record
    questionnaire = counsel_app.extensions["passage_library"].questionnaires["intake"]
    for address in (location, location + "/print"):
        listed = page(client.get(address.format(lang=lang))).select_one("section.record-answers")
        questions = [words(dt) for dt in listed.select("dt")]
        with counsel_app.test_request_context(f"/{lang}/"), force_locale(lang):
            expected = [
                " ".join(gettext(item.text.for_perspective("counselor")).split())
                for item_id, item in questionnaire.items_by_id.items()
                if item_id in answers
            ]
        assert questions == expected


def test_the_record_page_repeats_no_id_and_each_of_its_forms_carries_the_token(counsel_app, dependent_record):
    # Sign out, the client's PDF and re-assessing each post the token alone (and re-assessing its one-time
    # form token): one hidden input each, with no id, where each form object wrote id="csrf_token" again.
    client, location, _answers = dependent_record
    html = page(client.get(location.format(lang="en")))
    assert repeated_ids(html) == []
    posted = html.select("form[method=post]")
    actions = [form["action"].rsplit("/", 1)[1] for form in posted]
    assert actions == ["sign-out", "client-pdf", "reassess"]
    tokens = [form.find("input", attrs={"name": "csrf_token"}).get("value") for form in posted]
    assert tokens[0] and tokens == [tokens[0]] * 3
    assert posted[2].find("input", attrs={"name": "form_token"}).get("value")


def test_a_record_made_before_a_reason_was_reworded_still_reads_in_french(counsel_app, dependent_record):
    """A record keeps the reasons' words as they were decided (their English, the catalog's key). Once a
    rule is reworded, the old words leave the catalog: translations/fr/retired.po keeps their French."""
    from babel.messages.pofile import read_po
    from sqlalchemy.orm.attributes import flag_modified

    from app.counsel.models import IntakeRecord
    from app.extensions import db
    from tests.support.apps import ROOT

    with (ROOT / "translations" / "fr" / "retired.po").open("rb") as handle:
        retired = read_po(handle, locale="fr")
    old = next(m for m in retired if str(m.id).startswith("Signs that the body depends on baclofen, alcohol"))
    client, location, _answers = dependent_record
    with counsel_app.app_context():
        record = db.session.get(IntakeRecord, int(location.rsplit("/", 1)[1]))
        record.assessment["plan"]["withdrawal_reasons"][0]["text"] = old.id
        flag_modified(record, "assessment")
        db.session.commit()
    for lang, expected in (("fr", old.string), ("en", old.id)):
        section = page(client.get(location.format(lang=lang))).select_one(".record-plan")
        assert " ".join(expected.split()) in [words(li.p) for li in section.select(".reasons > li.reason")]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_record_decided_with_earlier_rules_says_so_and_points_to_re_assessing(counsel_app, dependent_record, lang):
    """Rules change (a plan found unsafe on new cases is corrected): a counselor reopening an older record is
    told its plan came from earlier rules, which version, and where to re-assess. A current record says nothing."""
    from app.counsel.models import IntakeRecord
    from app.extensions import db
    from app.web.library import get_library

    client, location, _answers = dependent_record
    url = location.format(lang=lang)
    assert page(client.get(url)).find(id="earlier-rules") is None
    with counsel_app.app_context():
        rules = get_library().rules["intake"]
        record = db.session.get(IntakeRecord, int(location.rsplit("/", 1)[1]))
        earlier, today = f"{rules.id}@{rules.version - 1}", f"{rules.id}@{rules.version}"
        record.rules_version = earlier
        db.session.commit()
    shown = page(client.get(url))
    notice = shown.find(id="earlier-rules")
    said = words(notice)
    assert earlier in said and today in said
    assert ("re-assess to compare" if lang == "en" else "réévaluez pour comparer") in said
    assert notice.find("a")["href"] == "#reassess"
    reassess = shown.find(id="reassess")
    assert reassess.name == "form" and reassess["action"].endswith("/reassess")
