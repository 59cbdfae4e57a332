"""Issue 29 in a real browser, in English and French: a person finishes, makes a code; a counselor
of another organization signs in, enters it, confirms two answers and changes one, saves the
record; the code then no longer works, and the organization's audit trail shows the use."""

from __future__ import annotations

import pytest

from .counsel_states import DEPENDENT, PASSWORD, _prepare
from .walk import SUBMIT, follow, keep_answering, place_of, walk

OTHER_ADMIN = "other.admin@example.org"
SEND = "main form[method=post]:not([action$='/sign-out']):not(.inline-form) button[type=submit]"
WORDS = {
    "en": {
        "tag": "From the client",
        "differs": "you answered “6 to 12 months”",
        "began": "the client’s own answers",
        "not_valid": "This code is not valid",
        "used": "Client's code entered (their answers opened)",
        "saved": "Record saved, begun from the client's answers",
    },
    "fr": {
        "tag": "Donnée par la personne",
        "differs": "vous avez répondu « De 6 à 12 mois »",
        "began": "les réponses de la personne elle-même",
        "not_valid": "Ce code n’est pas valable",
        "used": "Code de la personne saisi (ses réponses ouvertes)",
        "saved": "Dossier enregistré, à partir des réponses de la personne",
    },
}


def _other_organization(site) -> None:
    """A second organization, apart from the one the page-state checks use, with its own admin."""
    _prepare(site)
    from app.counsel.models import Counselor, Organization
    from app.extensions import db
    from tests.support.accounts import cheap_password_hash

    with site.app.app_context():
        if db.session.query(Counselor).filter_by(email=OTHER_ADMIN).first() is not None:
            return
        organization = Organization(name="Another organization")
        db.session.add(organization)
        db.session.flush()
        db.session.add(
            Counselor(
                organization_id=organization.id, email=OTHER_ADMIN, password_hash=cheap_password_hash(PASSWORD), role="admin"
            )
        )
        db.session.commit()


def _enter(page, site, lang, code):
    page.goto(site.url(f"/{lang}/counsel/from-client"))
    page.fill("#client-code-input", code)
    follow(page, SEND)


def _normalised(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").replace("'", "’").split())


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_person_brings_their_answers_to_a_counselor_of_another_organization(new_page, site, lang):
    words = WORDS[lang]
    _other_organization(site)  # also upgrades the site's database, where codes are kept
    # The person: finishes, sees the plan, makes a code.
    person = new_page()
    assert walk(person, site, lang, dict(DEPENDENT)).end.kind == "check"
    follow(person, "main a.button[href$='/results']")
    follow(person, "#share form button[type=submit]")
    code = person.text_content("#share-code").strip()
    assert len(code) == 14 and code.count("-") == 2

    # A counselor of another organization signs in and enters it.
    counselor = new_page()
    counselor.goto(site.url(f"/{lang}/counsel/sign-in"))
    counselor.fill("input[name=email]", OTHER_ADMIN)
    counselor.fill("input[name=password]", PASSWORD)
    follow(counselor, SUBMIT)
    follow(counselor, "#start-from-client")
    counselor.fill("#client-code-input", code.lower())
    follow(counselor, SEND)
    assert place_of(counselor.url).kind == "check", (counselor.url, counselor.text_content("main"))
    marked = counselor.locator("strong.tag").count()
    assert marked > 3 and counselor.locator("strong.tag").first.text_content() == words["tag"]

    # Confirms two answers as they are...
    for _ in range(2):
        follow(counselor, "form.inline-form button[type=submit]")
    assert counselor.locator("strong.tag").count() == marked - 2
    # ...and changes one with the client.
    follow(counselor, "a[href*='#use_duration-0']")
    counselor.check('input[name="use_duration"][value="six_to_twelve_months"]')
    follow(counselor, SUBMIT)
    if place_of(counselor.url).kind == "question":
        keep_answering(counselor, site, dict(DEPENDENT))
    assert place_of(counselor.url).kind == "check"
    # Saving a page confirms every answer on it, the one changed among them.
    assert counselor.locator("#from-client-use_duration").count() == 0
    assert counselor.locator("strong.tag").count() < marked - 2
    follow(counselor, "main a.button[href$='/results']")
    assert words["differs"] in _normalised(counselor.text_content("#from-client"))

    # Saves the record, which says where it began.
    counselor.goto(site.url(f"/{lang}/counsel/records/new/intake"))
    counselor.fill("input[name=code]", f"BRING-{lang}")
    follow(counselor, SEND)
    assert words["began"] in _normalised(counselor.text_content("#record-began-from"))

    # The code no longer works; the trail shows its use and the record made from it.
    _enter(counselor, site, lang, code)
    assert words["not_valid"] in _normalised(counselor.text_content("#client-code-error"))
    counselor.goto(site.url(f"/{lang}/counsel/audit"))
    trail = _normalised(counselor.text_content("table.audit"))
    assert _normalised(words["used"]) in trail and _normalised(words["saved"]) in trail
    assert f"BRING-{lang}" in trail and code not in trail and code.replace("-", "") not in trail
