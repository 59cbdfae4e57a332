"""Keep it found (issue 14): every POST form of the site, fuzzed with generated input.

Each route gets hypothesis-made form data (known field names with right, wrong and random values,
plus unknown fields; a valid CSRF token most of the time so the request gets past it), sent from a
session holding a whole answer set. Two things must hold for every input: no 5xx, and no answer lost
from the session (an answer may only change on the page that was sent, or go because the new
answers no longer lead to its question; only "start again" and choosing who the questions are about
may clear them, and only when the request is valid). The figures print at the end of the run.
"""

from __future__ import annotations

import functools
import io
import json
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support import fuzz_figures
from tests.support.apps import make_app
from tests.support.fuzzing import COOKIE, FUZZ, answers_in, any_value, lang, lost_answers, printable, usually
from tests.support.visitor import Visitor
from tests.support.walk import answer_everything, library_of


@functools.cache
def world():
    """One app on the real questionnaire, a session that answered everything, and its CSRF token."""
    app = make_app(Path(tempfile.mkdtemp(prefix="passage-fuzz-")))
    visitor = Visitor(app.test_client())
    answer_everything(visitor, app)
    visitor.get("/en/intake/keep")  # a page with a form, so with the CSRF token
    return app, visitor.client.get_cookie(COOKIE).value, visitor.csrf_token()


def questionnaire():
    return library_of(world()[0]).questionnaires["intake"]


def send(target: str, path: str, data: dict, page_items: frozenset[str] = frozenset(), may_clear: bool = False):
    app, cookie, _token = world()
    client = app.test_client()
    client.set_cookie(COOKIE, cookie)
    response = client.post(path, data=data, content_type="multipart/form-data" if _has_file(data) else None)
    fuzz_figures.record(target, response.status_code)
    assert response.status_code < 500, f"{path} answered {response.status_code} to {data!r}"
    after = client.get_cookie(COOKIE)
    if not may_clear:
        lost = lost_answers(answers_in(cookie, app), answers_in(after.value if after else None, app), set(page_items), app)
        assert not lost, f"{path} lost the answers {lost} on {data!r}"
    return response


def _has_file(data: dict) -> bool:
    return any(isinstance(value, tuple) for value in data.values())


@st.composite
def form(draw, fields: dict[str, st.SearchStrategy]):
    """Known fields (each present or not), a CSRF token (usually the right one) and unknown fields."""
    # Each known field is usually there, so that many inputs get past the form to the work behind it.
    data = {name: draw(values) for name, values in fields.items() if draw(usually)}
    if draw(usually):
        data["csrf_token"] = world()[2] if draw(usually) else draw(printable)
    data.update(draw(st.dictionaries(st.text("abcdefghij_", min_size=1, max_size=8), any_value, max_size=3)))
    return data


@given(
    lang=lang,
    data=form(
        {
            "region": st.one_of(st.sampled_from(["fr", "be", "ch", "ca-qc", "uk"]), any_value),
            "next": st.one_of(
                any_value, st.sampled_from(["/en/intake/check", "//evil.example", "/\\evil", "/%09/evil.example/"])
            ),
        }
    ),
)
@FUZZ
def test_fuzz_region_form(lang, data):
    send("POST /<lang>/region", f"/{lang}/region", data)


@given(lang=lang, data=form({"perspective": st.one_of(st.sampled_from(["self", "family", "professional"]), any_value)}))
@FUZZ
def test_fuzz_start(lang, data):
    valid = data.get("csrf_token") == world()[2] and data.get("perspective") in questionnaire().perspectives
    send("POST /<lang>/intake/start", f"/{lang}/intake/start", data, may_clear=valid and lang in ("en", "fr"))


@st.composite
def question_page_post(draw):
    page = draw(st.sampled_from(questionnaire().pages))
    fields: dict[str, st.SearchStrategy] = {}
    for item in page.items:
        if item.kind == "number":
            valid = st.integers(item.minimum, item.maximum).map(str)
        else:
            valid = st.sampled_from(list(item.values_for("self")) + ["unknown"])
        # Mostly answers the page could really get (so many are accepted), sometimes anything.
        one = st.one_of(valid, any_value) if draw(st.sampled_from([False, False, False, True])) else valid
        fields[item.id] = st.lists(one, min_size=1, max_size=4, unique=True) if item.kind == "multiple" else one
    return page, draw(form(fields))


@given(lang=lang, posted=question_page_post())
@FUZZ
def test_fuzz_question_pages(lang, posted):
    page, data = posted
    items = frozenset(item.id for item in page.items)
    send("POST /<lang>/intake/questions/<page>", f"/{lang}/intake/questions/{page.id}", data, page_items=items)


@given(lang=lang, data=form({}))
@FUZZ
def test_fuzz_restart(lang, data):
    send("POST /<lang>/intake/restart", f"/{lang}/intake/restart", data, may_clear=data.get("csrf_token") == world()[2])


@given(lang=lang, data=form({}))
@FUZZ
def test_fuzz_download_file(lang, data):
    send("POST /<lang>/intake/keep/file", f"/{lang}/intake/keep/file", data)


code = st.one_of(st.text("23456789ABCDEFGHJKMNPQRSTUVWXYZ- ", max_size=30), any_value)


@given(lang=lang, data=form({"code": code}))
@FUZZ
def test_fuzz_save_with_code(lang, data):
    send("POST /<lang>/intake/keep/code", f"/{lang}/intake/keep/code", data)


@given(lang=lang, data=form({"code": code}))
@FUZZ
def test_fuzz_resume_code(lang, data):
    send("POST /<lang>/intake/resume/code", f"/{lang}/intake/resume/code", data)


@given(lang=lang, data=form({"code": code}))
@FUZZ
def test_fuzz_delete_saved(lang, data):
    send("POST /<lang>/intake/saved/delete", f"/{lang}/intake/saved/delete", data)


share_code = st.one_of(st.text("0123456789ABCDEFGHJKMNPQRSTVWXYZOIL- ", max_size=20), any_value)


@given(lang=lang, data=form({}))
@settings(parent=FUZZ, max_examples=60)
def test_fuzz_make_share_code(lang, data):
    send("POST /<lang>/intake/share", f"/{lang}/intake/share", data)


@given(lang=lang, data=form({}))
@settings(parent=FUZZ, max_examples=60)
def test_fuzz_withdraw_session_share(lang, data):
    send("POST /<lang>/intake/share/withdraw", f"/{lang}/intake/share/withdraw", data)


@given(lang=lang, data=form({"code": share_code}))
@FUZZ
def test_fuzz_withdraw_share_code(lang, data):
    send("POST /<lang>/intake/share/withdraw-code", f"/{lang}/intake/share/withdraw-code", data)


@given(lang=lang, data=form({}))
@settings(parent=FUZZ, max_examples=100)  # the PDF is the costly one: one render, then the cache
def test_fuzz_result_pdf(lang, data):
    send("POST /<lang>/intake/results/pdf", f"/{lang}/intake/results/pdf", data)


json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | printable,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(printable, children, max_size=4),
    max_leaves=12,
)


@st.composite
def answers_file(draw):
    document = {
        "format": "passage-answers",
        "format_version": 1,
        "questionnaire": "intake",
        "questionnaire_version": questionnaire().version,
    }
    kind = draw(st.sampled_from(["bytes", "json", "almost"]))
    if kind == "bytes":
        content = draw(st.binary(max_size=300))
    elif kind == "json":
        content = json.dumps(draw(json_like)).encode()
    else:
        document.update(
            draw(
                st.dictionaries(
                    st.sampled_from(["perspective", "answers", "format_version", "questionnaire_version"]), json_like, max_size=3
                )
            )
        )
        content = json.dumps(document).encode()
    return (io.BytesIO(content), draw(st.sampled_from(["answers.json", "", "x.pdf"])))


@given(lang=lang, data=form({"answers_file": answers_file()}))
@FUZZ
def test_fuzz_resume_file(lang, data):
    send("POST /<lang>/intake/resume/file", f"/{lang}/intake/resume/file", data)


def test_the_lost_answer_check_sees_a_lost_answer():
    # The invariant above must be able to fail: an answer gone while its question still applies.
    app, cookie, _token = world()
    before = answers_in(cookie, app)
    dropped = next(iter(before))
    assert lost_answers(before, {k: v for k, v in before.items() if k != dropped}, set(), app) == [dropped]
    assert lost_answers(before, {k: v for k, v in before.items() if k != dropped}, {dropped}, app) == []
