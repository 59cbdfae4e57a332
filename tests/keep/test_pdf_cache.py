"""Issue 14, item 2: the same result PDF asked for again is made once, and a burst of PDF requests
leaves question pages answering."""

from __future__ import annotations

import hashlib
import threading

import pytest

from app.keep import views as keep_views
from app.keep.pdf_cache import PdfCache, pdf_cache_of
from tests.support import html_page
from tests.support.apps import MINI, make_app
from tests.support.visitor import Visitor
from tests.support.walk import answer_everything, library_of, see_results


@pytest.fixture
def renders(monkeypatch):
    """The HTML of every PDF really made (WeasyPrint runs; this only counts)."""
    made: list[str] = []
    real = keep_views.render_pdf

    def counting(html: str) -> bytes:
        made.append(html)
        return real(html)

    monkeypatch.setattr(keep_views, "render_pdf", counting)  # the name the PDF view calls
    return made


def _pdf(visitor, lang="en"):
    visitor.get(f"/{lang}/intake/results")
    return visitor.client.post(f"/{lang}/intake/results/pdf", data={"csrf_token": visitor.csrf_token()})


def test_the_same_result_is_made_once_and_sent_again_byte_for_byte(tmp_path, renders):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI))
    visitor = Visitor(app.test_client())
    see_results(visitor, app)
    first, second, third = (_pdf(visitor) for _ in range(3))
    assert first.mimetype == "application/pdf"
    assert first.get_data() == second.get_data() == third.get_data()
    assert len(renders) == 1


def test_another_language_or_perspective_gets_its_own_pdf(tmp_path, renders):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI))
    english, french, family = (Visitor(app.test_client()) for _ in range(3))
    see_results(english, app, lang="en")
    see_results(french, app, lang="fr")
    see_results(family, app, perspective="family")
    pdfs = {_pdf(english).get_data(), _pdf(french, "fr").get_data(), _pdf(family).get_data()}
    assert len(pdfs) == 3
    assert len(renders) == 3


def test_keys_are_keyed_hashes_that_guessing_answers_cannot_match(tmp_path, renders):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI))
    visitor = Visitor(app.test_client())
    see_results(visitor, app)
    _pdf(visitor)
    cache = pdf_cache_of(app)
    [key] = list(cache._entries)
    # Someone holding the HTML (or guessing the answers that make it) cannot find it in memory.
    assert key != hashlib.sha256(renders[0].encode()).hexdigest()
    assert key == cache.key_of(renders[0])
    assert PdfCache(4, 60).key_of(renders[0]) != key  # a new process, a new key


def test_a_pdf_is_forgotten_after_its_time(tmp_path, renders, monkeypatch):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI), PDF_CACHE_SECONDS=60)
    visitor = Visitor(app.test_client())
    see_results(visitor, app)
    clock = [1000.0]
    monkeypatch.setattr(PdfCache, "now", staticmethod(lambda: clock[0]))
    _pdf(visitor)
    clock[0] += 59
    _pdf(visitor)
    assert len(renders) == 1
    clock[0] += 2
    assert len(pdf_cache_of(app)) == 0
    _pdf(visitor)
    assert len(renders) == 2


def test_a_burst_of_pdf_requests_leaves_question_pages_answering(tmp_path, renders):
    # Rate limits off: this shows the cache alone, as when many people share one address.
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI))
    visitor = Visitor(app.test_client())
    see_results(visitor, app)
    visitor.get("/en/intake/results")
    token = visitor.csrf_token()
    cookie = visitor.client.get_cookie("passage_session").value
    reader = Visitor(app.test_client())
    answer_everything(reader, app)
    first_page = library_of(app).questionnaires["intake"].pages[0].id
    question_page = f"/en/intake/questions/{first_page}"
    statuses: list[int] = []

    def loop_on_the_pdf():
        client = app.test_client()
        client.set_cookie("passage_session", cookie)
        for _ in range(5):
            statuses.append(client.post("/en/intake/results/pdf", data={"csrf_token": token}).status_code)

    burst = [threading.Thread(target=loop_on_the_pdf) for _ in range(4)]
    for thread in burst:
        thread.start()
    pages = [reader.get(question_page).status_code for _ in range(5)] + [reader.get("/en/intake/check").status_code]
    for thread in burst:
        thread.join(timeout=120)
    assert pages == [200] * 6
    assert statuses == [200] * 20
    assert len(renders) == 1  # twenty requests, one PDF made


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "the server keeps it in memory for one minute at most"),
        ("fr", "le serveur le garde en mémoire une minute au plus"),
    ],
)
def test_the_privacy_page_says_a_pdf_stays_a_minute_in_memory(app, lang, words):
    # The cache keeps a copy for a minute: the privacy page must not say that no copy is kept.
    page = app.test_client().get(f"/{lang}/privacy").get_data(as_text=True)
    assert words in " ".join(html_page.parse(page).get_text(" ").split())
