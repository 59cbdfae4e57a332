"""Where a page's time goes: cProfile over repeated requests, in-process (Flask's test client).

    .venv/bin/python benchmarks/profile_pages.py [question|results|home|answer|record|floor|minimal] [--requests 200] [--sort tottime]
    .venv/bin/python benchmarks/profile_pages.py all --time-only
    .venv/bin/python benchmarks/profile_pages.py all --calls --requests 20

Sets up a person who answered every page (the benchmark's answer set) and, for
`record`, a counselor with a saved record (as the benchmark does, over HTTP to
this app served on 127.0.0.1), then profiles only the requests of the chosen
page, and prints the top functions.
Two references beside the pages: `floor`, an empty view behind Passage's own
session (the cookie decrypted, checked against quick exits, saved again) and
security headers, returning a body the size of a question page: what every
page with a session costs before it does anything; and `minimal`, the
benchmark's minimal app (benchmarks/minimal_app.py) at the same size.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import flask_migrate  # noqa: E402

from app import create_app, init_migrations  # noqa: E402
from benchmarks.floor_app import FLOOR_PATH, MINIMAL_PAGE_PATH, add_floor_view  # noqa: E402
from benchmarks.minimal_app import app as minimal_app  # noqa: E402
from tests.support.html_page import csrf_token  # noqa: E402
from tests.support.people import COUNSELOR_EMAIL, COUNSELOR_PASSWORD, bench_answers, counselor_record, page_answers  # noqa: E402

PAGES = {
    "home": ("GET", "/en/"),
    "question": ("GET", "/en/intake/questions/pattern"),
    "answer": ("POST", "/en/intake/questions/control"),
    "results": ("GET", "/en/intake/results"),
    "floor": ("GET", FLOOR_PATH),
    "minimal": ("GET", MINIMAL_PAGE_PATH),
    "record": ("GET", "/en/counsel/records/{id}"),  # a counselor's record page, once it is saved
}


def answered_client(app):
    """A test client whose session holds every answer of the benchmark's answer set."""
    library = app.extensions["passage_library"]
    questionnaire, rules = library.questionnaires["intake"], library.rules["intake"]
    answers = bench_answers(questionnaire, rules)
    client = app.test_client()
    token = csrf_token(client.get("/en/intake/start").get_data(as_text=True))
    response = client.post("/en/intake/start", data={"csrf_token": token, "perspective": "self"})
    while "/questions/" in response.headers.get("Location", ""):
        path = response.headers["Location"]
        token = csrf_token(client.get(path).get_data(as_text=True))
        fields = page_answers(questionnaire, answers, path.rsplit("/", 1)[1])
        response = client.post(path, data={"csrf_token": token, **fields})
    assert client.get("/en/intake/results").status_code == 200
    return client, token, page_answers(questionnaire, answers, "control")


def counselor_client(app):
    """A test client signed in as a counselor, and the path of a record it saved: set up as the
    benchmark does (tests/support/people.py), over HTTP to this app served on 127.0.0.1 in a thread."""
    from werkzeug.serving import make_server

    created = app.test_cli_runner().invoke(
        args=["counselors", "create-admin", "--organization", "Profile CSAPA", "--email", COUNSELOR_EMAIL],
        input=COUNSELOR_PASSWORD + "\n",
    )
    assert created.exit_code == 0, created.output
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        visitor, record_path = counselor_record(f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
    client = app.test_client()
    for cookie in visitor.client.jar:
        client.set_cookie(cookie.name, cookie.value)
    return client, record_path


def best_ms_per_request(client, method: str, path: str, data, requests: int) -> float:
    rounds = []
    for _ in range(5):
        start = time.process_time()  # CPU time: other work on the machine does not count
        for _ in range(requests):
            client.open(path, method=method, data=data)
        rounds.append((time.process_time() - start) / requests * 1000)
    return min(rounds)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("page", choices=[*sorted(PAGES), "all"])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--time-only", action="store_true", help="no profiler: the best of 5 rounds, ms per request")
    parser.add_argument("--calls", action="store_true", help="Python function calls per request (unmoved by other load)")
    options = parser.parse_args()
    if options.page == "all" and not (options.time_only or options.calls):
        parser.error("'all' goes with --time-only or --calls")
    for page, (client, method, path, data) in set_up(sorted(PAGES) if options.page == "all" else [options.page]).items():
        client.open(path, method=method, data=data)  # warm
        if options.calls:
            print(f"{page}: {calls_per_request(client, method, path, data, options.requests):,.0f} Python calls per request")
        elif options.time_only:
            best = best_ms_per_request(client, method, path, data, options.requests)
            print(f"{page}: {best:.2f} ms per request (best of 5)")
        else:
            profile(client, method, path, data, options)


def calls_per_request(client, method: str, path: str, data, requests: int) -> float:
    """The Python function calls (and generator resumptions: a template's output) one request makes,
    as cProfile counts them. Where timings on a shared machine move by a third, this count does not:
    a quick way to compare two versions of a page, in seconds rather than callgrind's minutes."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.open(path, method=method, data=data)
    profiler.disable()
    return pstats.Stats(profiler).total_calls / requests


def set_up(pages: list[str]) -> dict[str, tuple]:
    """For each page: (client, method, path, form data) of its request, in an app with its own database."""
    if pages == ["minimal"]:  # the bare Flask app alone: no need to build Passage, its database and a visitor
        method, path = PAGES["minimal"]
        return {"minimal": (minimal_app.test_client(), method, path, None)}
    instance = tempfile.mkdtemp(prefix="passage-profile-")
    app = create_app({"RATELIMIT_ENABLED": False, "SECRET_KEY": "profile-only"}, instance_path=instance)
    init_migrations(app)  # a server never migrates; this script builds its own database
    with app.app_context():
        flask_migrate.upgrade()
    add_floor_view(app)
    client, token, answer = answered_client(app)
    counselor, record_path = counselor_client(app) if "record" in pages else (None, None)
    requests = {}
    for page in pages:
        method, path = PAGES[page]
        data = {"csrf_token": token, **answer} if method == "POST" else None
        page_client = minimal_app.test_client() if page == "minimal" else client
        if page == "record":
            page_client, path = counselor, str(record_path)
        requests[page] = (page_client, method, path, data)
    return requests


def profile(client, method: str, path: str, data, options: argparse.Namespace) -> None:
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    for _ in range(options.requests):
        client.open(path, method=method, data=data)
    profiler.disable()
    elapsed = time.perf_counter() - start
    print(f"{options.page}: {elapsed / options.requests * 1000:.2f} ms per request (under the profiler)")
    pstats.Stats(profiler).sort_stats(options.sort).print_stats(options.top)


if __name__ == "__main__":
    main()
