"""Every counselor page state (issue 13), signed in as an organization admin, for the shared checks.

The site's database is upgraded and given one admin, two records (one from
no answers, one with a supervised withdrawal, a medical flag and services
beside its plan) and two services the first time a counselor state is reached.
"""

from __future__ import annotations

from collections.abc import Callable

from .walk import SUBMIT, follow

EMAIL = "admin@example.org"
PASSWORD = "browser tests long passphrase"
_READY: dict[str, dict[str, int]] = {}  # site base URL -> the ids of its sample records
# A client physically dependent, with withdrawal symptoms: a plan with a withdrawal, reasons and a medical flag.
DEPENDENT = dict(
    baclofen_use="not_prescribed",
    use_frequency="daily",
    use_duration="over_year",
    withdrawal_symptoms="yes",
    withdrawal_unwell="yes",
    change_readiness="ready",
)


def _dependent_answers(site) -> dict:
    from app.engine import relevant_answers
    from tests.support.walk import safe_answers

    return relevant_answers(site.questionnaire, {**safe_answers(site.app, "counselor"), **DEPENDENT})


def _prepare(site) -> dict[str, int]:
    if site.base_url in _READY:
        return _READY[site.base_url]
    import flask_migrate

    from app import init_migrations
    from app.counsel.models import Counselor, Organization, ReferralService
    from app.counsel.records import save_record
    from app.engine import assess
    from app.extensions import db
    from tests.support.accounts import cheap_password_hash

    if "migrate" not in site.app.extensions:  # a served app does not load Flask-Migrate (start-up time)
        init_migrations(site.app)
    with site.app.app_context():
        flask_migrate.upgrade()
        organization = Organization(name="Browser test organization")
        db.session.add(organization)
        db.session.flush()
        admin = Counselor(organization_id=organization.id, email=EMAIL, password_hash=cheap_password_hash(PASSWORD), role="admin")
        db.session.add_all(
            [
                admin,
                ReferralService(
                    organization_id=organization.id,
                    name="CSAPA test",
                    pathways=["outpatient", "support_groups"],
                    phone="01 02 03 04 05",
                ),
                ReferralService(
                    organization_id=organization.id,
                    name="Unité de sevrage test",
                    pathways=["detox"],
                    phone="01 02 03 04 06",
                    address="1 rue de l’Exemple, 75000 Paris",
                    website="https://example.org/sevrage",
                    languages="français, English",
                ),
            ]
        )
        db.session.commit()
        assessment = assess(site.questionnaire, site.rules, {})
        record = save_record(admin, "C-042", "browser-sample-record", {}, "counselor", assessment, "fr", "Premier entretien")
        answers = _dependent_answers(site)
        planned = assess(site.questionnaire, site.rules, answers, "counselor")
        with_plan = save_record(admin, "C-043", "browser-plan-record", answers, "counselor", planned, "en", "", "ca_qc")
        _READY[site.base_url] = {"record": record.id, "with_plan": with_plan.id}
    return _READY[site.base_url]


def _sign_in(page, site, lang) -> None:
    _prepare(site)
    page.goto(site.url(f"/{lang}/counsel/sign-in"))
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    follow(page, SUBMIT)
    assert "/counsel/sign-in" not in page.url, "the browser-test admin could not sign in"


# (site, language) -> the cookies of a browser that signed in through the form.
_SESSIONS: dict[tuple[str, str], list] = {}


def _signed_in(page, site, lang) -> None:
    """Signed in as the admin: through the form the first time for this site and language, then with that
    browser's cookies (a state checks the page it shows; signing in has its own states and tests)."""
    key = (site.base_url, lang)
    if key in _SESSIONS:
        page.context.add_cookies(_SESSIONS[key])
        return
    _sign_in(page, site, lang)
    _SESSIONS[key] = page.context.cookies()


def _assert_still_signed_in(page) -> None:
    """A reused sign-in that stopped holding would show the sign-in page in place of the state's own."""
    assert "/counsel/sign-in" not in page.url, f"sent to sign in again instead of {page.url}"


def signed_in_at(path: str, then: Callable | None = None):
    def reach(page, site, lang):
        records = _prepare(site)
        page.context.clear_cookies()
        _signed_in(page, site, lang)
        page.goto(site.url(path.format(lang=lang, **records)))
        _assert_still_signed_in(page)
        if then:
            then(page)

    return reach


def send_empty(form_selector: str):
    return lambda page: follow(page, f"{form_selector} button[type=submit]")


def _sign_in_with_nothing(page, site, lang):
    _prepare(site)
    page.context.clear_cookies()
    page.goto(site.url(f"/{lang}/counsel/sign-in"))
    follow(page, SUBMIT)


def _load_answers(page, site, lang, perspective: str) -> None:
    """A finished answer set loaded as a kept file (keep/resume): into this signed-in session."""
    from app.answer_store.documents import document_bytes
    from app.intake_flow.progress import Progress
    from tests.support.walk import safe_answers

    answers = safe_answers(site.app, perspective)
    progress = Progress(perspective=perspective, answers=answers, version=site.questionnaire.version, started=True)
    with site.app.app_context():
        data = document_bytes(site.questionnaire, progress)
    page.goto(site.url(f"/{lang}/intake/resume"))
    page.set_input_files(
        "input[name=answers_file]", files=[{"name": "answers.json", "mimeType": "application/json", "buffer": data}]
    )
    follow(page, "form[action$='/resume/file'] button[type=submit]")


def _intake_to_save(send: bool):
    def reach(page, site, lang):
        _prepare(site)
        page.context.clear_cookies()
        _signed_in(page, site, lang)  # first: signing in clears answers begun before it (issue 27)
        _load_answers(page, site, lang, "counselor")
        page.goto(site.url(f"/{lang}/counsel/records/new/intake"))
        _assert_still_signed_in(page)
        if send:
            follow(page, "main form[method=post] button[type=submit]")

    return reach


def _share_code(site) -> str:
    """A code a family member made on their results page (issue 29), for the counselor to enter."""
    from datetime import timedelta

    from app.answer_store.sharing import make_share
    from app.extensions import utcnow
    from app.intake_flow.progress import Progress
    from tests.support.walk import safe_answers

    answers = safe_answers(site.app, "family")  # a finished set, as a results page shares
    progress = Progress(perspective="family", answers=answers, version=site.questionnaire.version, started=True)
    with site.app.app_context():
        code = make_share(site.questionnaire, progress, utcnow() + timedelta(days=7))
    assert code is not None
    return code


def _from_client(then: Callable | None = None):
    """The counselor's check answers (or, with `then`, a later page) just after entering a client's code."""

    def reach(page, site, lang):
        _prepare(site)
        code = _share_code(site)
        page.context.clear_cookies()
        _signed_in(page, site, lang)
        page.goto(site.url(f"/{lang}/counsel/from-client"))
        page.fill("#client-code-input", code)
        follow(page, "main form[action$='/from-client'] button[type=submit]")
        assert page.url.endswith("/intake/check"), f"the code did not open the client's answers: {page.url}"
        if then:
            then(page, site)

    return reach


def counsel_states(page_state) -> list:
    return [
        page_state(
            "counselor sign-in",
            lambda page, site, lang: (page.context.clear_cookies(), page.goto(site.url(f"/{lang}/counsel/sign-in"))),
        ),
        page_state("counselor sign-in, nothing entered", _sign_in_with_nothing, error=True),
        page_state("counselor records", signed_in_at("/{lang}/counsel/")),
        page_state("counselor record", signed_in_at("/{lang}/counsel/records/{record}")),
        page_state("counselor record, printable", signed_in_at("/{lang}/counsel/records/{record}/print")),
        page_state("counselor record with a plan and services", signed_in_at("/{lang}/counsel/records/{with_plan}")),
        page_state("counselor record with a plan, printable", signed_in_at("/{lang}/counsel/records/{with_plan}/print")),
        page_state("counselor save intake, nothing to save", signed_in_at("/{lang}/counsel/records/new/intake")),
        page_state("counselor save intake", _intake_to_save(send=False)),
        page_state("counselor save intake, no code", _intake_to_save(send=True), error=True),
        page_state("counselor team", signed_in_at("/{lang}/counsel/team")),
        page_state(
            "counselor team, nothing entered",
            signed_in_at("/{lang}/counsel/team", send_empty("main form[aria-labelledby=add-title]")),
            error=True,
        ),
        page_state("counselor referral directory", signed_in_at("/{lang}/counsel/directory")),
        page_state(
            "counselor referral directory, nothing entered",
            signed_in_at("/{lang}/counsel/directory", send_empty("main form[aria-labelledby=add-service-title]")),
            error=True,
        ),
        page_state("counselor audit trail", signed_in_at("/{lang}/counsel/audit")),
        page_state("counselor start from the client's answers", signed_in_at("/{lang}/counsel/from-client")),
        page_state(
            "counselor start from the client's answers, no code entered",
            signed_in_at("/{lang}/counsel/from-client", send_empty("main form[action$='/from-client']")),
            error=True,
        ),
        page_state("counselor check answers from the client", _from_client()),
        page_state(
            "counselor results begun from the client's answers",
            _from_client(lambda page, site: follow(page, "main a.button[href$='/results']")),
        ),
    ]
