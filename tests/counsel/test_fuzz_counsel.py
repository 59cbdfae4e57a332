"""Keep it found (issue 14): every POST route of the counselor workspace, fuzzed while signed in as
an admin of one organization (with a second organization's records and services in the database).

For every generated input: no 5xx, and no answer lost from the session the intake is run in.
Figures print at the end of the run with the others (tests/support/fuzz_figures.py).
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from app.counsel.models import Counselor, Organization
from app.extensions import db
from tests.support import fuzz_figures, html_page
from tests.support.accounts import cheap_password_hash
from tests.support.apps import make_app
from tests.support.fuzzing import COOKIE, FUZZ, answers_in, any_value, lang, lost_answers, printable, usually
from tests.support.visitor import Visitor

PASSWORD = "correct horse battery staple"
ADMIN = "admin.a@example.org"


def _accounts(app) -> None:
    digest = cheap_password_hash(PASSWORD)
    with app.app_context():
        ours, theirs = Organization(name="Org A"), Organization(name="Org B")
        db.session.add_all([ours, theirs])
        db.session.flush()
        db.session.add_all(
            [
                Counselor(organization_id=ours.id, email=ADMIN, password_hash=digest, role="admin", active=True),
                Counselor(organization_id=ours.id, email="c.a@example.org", password_hash=digest, role="counselor", active=True),
                Counselor(organization_id=theirs.id, email="c.b@example.org", password_hash=digest, role="admin", active=True),
            ]
        )
        db.session.commit()


def _signed_in_with_answers(app) -> Visitor:
    from tests.support.walk import answer_everything

    visitor = Visitor(app.test_client())
    visitor.get("/en/counsel/sign-in")
    visitor.submit("/en/counsel/sign-in", {"email": ADMIN, "password": PASSWORD}, follow_redirects=False)
    assert visitor.page.status_code == 302, "the admin could not sign in"
    answer_everything(visitor, app, perspective="counselor")
    return visitor


@functools.cache
def workspace():
    """The app, and a state that `signed_in()` refreshes when a fuzzed request ended the session."""
    app = make_app(Path(tempfile.mkdtemp(prefix="passage-fuzz-counsel-")))
    _accounts(app)
    visitor = _signed_in_with_answers(app)
    # One saved record, so record routes reach their real work for one id.
    visitor.get("/en/counsel/records/new/intake")
    visitor.submit(
        "/en/counsel/records/new/intake", {"code": "C-1", "form_token": html_page.field_value(visitor.html(), "form_token")}
    )
    return app, {"cookie": visitor.client.get_cookie(COOKIE).value}


def signed_in() -> tuple:
    """(app, cookie, CSRF token) of a signed-in admin with a whole answer set in the session."""
    app, state = workspace()
    client = app.test_client()
    client.set_cookie(COOKIE, state["cookie"])
    if client.get("/en/counsel/team").status_code != 200:  # a fuzzed sign-out, disable or reset ended it
        state["cookie"] = _signed_in_with_answers(app).client.get_cookie(COOKIE).value
        client.set_cookie(COOKIE, state["cookie"])
    token = html_page.csrf_token(client.get("/en/counsel/team").get_data(as_text=True))
    return app, state["cookie"], token


def redirected_to(*ends: str):
    """A response that clears the person's answers on purpose (issue 27): a redirect to one of these."""
    return lambda response: response.status_code == 302 and response.headers["Location"].rstrip("/").endswith(ends)


def send(target: str, path: str, data: dict, clears_answers=lambda _response: False) -> None:
    app, cookie, _token = signed_in()
    client = app.test_client()
    client.set_cookie(COOKIE, cookie)
    response = client.post(path, data=data)
    fuzz_figures.record(target, response.status_code)
    assert response.status_code < 500, f"{path} answered {response.status_code} to {data!r}"
    after = client.get_cookie(COOKIE)
    lost = lost_answers(answers_in(cookie, app), answers_in(after.value if after else None, app), set(), app)
    if after is not None and not clears_answers(response):  # signing out ends the session on purpose
        assert not lost, f"{path} lost the answers {lost} on {data!r}"


@st.composite
def form(draw, fields: dict):
    data = {name: draw(values) for name, values in fields.items() if draw(usually)}
    if draw(usually):
        data["csrf_token"] = "valid" if draw(usually) else draw(printable)
    data.update(draw(st.dictionaries(st.text("abcdefghij_", min_size=1, max_size=8), any_value, max_size=3)))
    return data


def with_token(data: dict) -> dict:
    if data.get("csrf_token") == "valid":
        return {**data, "csrf_token": signed_in()[2]}
    return data


ids = st.integers(0, 6)
email = st.one_of(st.sampled_from([ADMIN, "c.a@example.org", "c.b@example.org", "new@example.org"]), any_value)
password = st.one_of(st.just(PASSWORD), any_value)
pathways = st.lists(st.one_of(st.sampled_from(["detox", "inpatient", "outpatient", "support_groups"]), any_value), max_size=3)


@given(lang=lang, data=form({"email": email, "password": password}))
@settings(parent=FUZZ, max_examples=100)
def test_fuzz_counsel_sign_in(lang, data):
    # Signing in starts from no answers: answers begun before may be someone else's.
    send("POST /<lang>/counsel/sign-in", f"/{lang}/counsel/sign-in", with_token(data), redirected_to("/counsel"))


@given(lang=lang, data=form({}))
@settings(parent=FUZZ, max_examples=40)
def test_fuzz_counsel_sign_out(lang, data):
    send("POST /<lang>/counsel/sign-out", f"/{lang}/counsel/sign-out", with_token(data), redirected_to("/sign-in"))


@given(
    lang=lang,
    questionnaire=st.sampled_from(["intake", "intake", "nope"]),
    data=form({"code": any_value, "notes": any_value, "form_token": any_value}),
)
@settings(parent=FUZZ, max_examples=150)
def test_fuzz_counsel_new_record(lang, questionnaire, data):
    saved = lambda response: response.status_code == 302 and "/counsel/records/" in response.headers["Location"]  # noqa: E731
    send("POST /<lang>/counsel/records/new/<q>", f"/{lang}/counsel/records/new/{questionnaire}", with_token(data), saved)


@given(lang=lang, data=form({"code": st.one_of(st.text("0123456789ABCDEFGHJKMNPQRSTVWXYZ- ", max_size=20), any_value)}))
@settings(parent=FUZZ, max_examples=60)
def test_fuzz_counsel_start_from_client(lang, data):
    send("POST /<lang>/counsel/from-client", f"/{lang}/counsel/from-client", with_token(data))


@given(
    lang=lang,
    questionnaire=st.sampled_from(["intake", "intake", "nope"]),
    data=form({"item_id": st.one_of(st.sampled_from(["danger_now", "use_duration"]), any_value)}),
)
@settings(parent=FUZZ, max_examples=60)
def test_fuzz_counsel_confirm_client_answer(lang, questionnaire, data):
    send("POST /<lang>/counsel/from-client/<q>/confirm", f"/{lang}/counsel/from-client/{questionnaire}/confirm", with_token(data))


@given(lang=lang, record=ids, data=form({}))
@settings(parent=FUZZ, max_examples=100)
def test_fuzz_counsel_reassess(lang, record, data):
    send("POST /<lang>/counsel/records/<id>/reassess", f"/{lang}/counsel/records/{record}/reassess", with_token(data))


@given(
    lang=lang,
    data=form({"email": email, "password": password, "role": st.one_of(st.sampled_from(["counselor", "admin"]), any_value)}),
)
@settings(parent=FUZZ, max_examples=60)
def test_fuzz_counsel_team(lang, data):
    send("POST /<lang>/counsel/team", f"/{lang}/counsel/team", with_token(data))


@given(lang=lang, member=ids, data=form({}))
@settings(parent=FUZZ, max_examples=60)
def test_fuzz_counsel_toggle_active(lang, member, data):
    send("POST /<lang>/counsel/team/<id>/active", f"/{lang}/counsel/team/{member}/active", with_token(data))


@given(lang=lang, member=ids, data=form({"password": password}))
@settings(parent=FUZZ, max_examples=40)
def test_fuzz_counsel_reset_password(lang, member, data):
    send("POST /<lang>/counsel/team/<id>/password", f"/{lang}/counsel/team/{member}/password", with_token(data))


service = {
    "name": any_value,
    "pathways": pathways,
    "languages": any_value,
    "phone": any_value,
    "address": any_value,
    "website": st.one_of(st.sampled_from(["https://example.org", "javascript:alert(1)", "http://x"]), any_value),
    "notes": any_value,
}


@given(lang=lang, data=form(service))
@settings(parent=FUZZ, max_examples=150)
def test_fuzz_counsel_directory(lang, data):
    send("POST /<lang>/counsel/directory", f"/{lang}/counsel/directory", with_token(data))


@given(lang=lang, service_id=ids, data=form({}))
@settings(parent=FUZZ, max_examples=100)
def test_fuzz_counsel_delete_service(lang, service_id, data):
    send("POST /<lang>/counsel/directory/<id>/delete", f"/{lang}/counsel/directory/{service_id}/delete", with_token(data))
