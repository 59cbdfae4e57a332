"""Instructions per request under callgrind: what a page costs, unmoved by the machine's speed.

    .venv/bin/python benchmarks/instructions.py results [--few 5 --many 45]

This project's virtual machines change speed by a third between runs minutes
apart, so timings cannot show a 5% change. Callgrind counts the instructions the
interpreter executes instead, whatever else the machine does. The page is set
up as benchmarks/profile_pages.py sets it up, what was built is frozen out of
the collector's sight as gunicorn's master does (app/web/warm.py), and this script
runs itself twice under valgrind at once: with `--few` requests and with
`--many`. The difference over the extra requests is one request, set-up
excluded. Some work comes now and then rather than at every request, so the
extra requests must be many: with 40 of them two runs of the question page
agreed within 0.6%, with 8 they differed by up to 10%. Needs valgrind
(Debian's package); a page takes two to four minutes.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COLLECTED = re.compile(r"Collected : (\d+)")


def request_of(page: str) -> tuple:
    """(client, method, path, form data) of the page's request, set up as profile_pages.py sets it up."""
    if page == "minimal":  # Flask alone, without importing Passage: under valgrind, imports take most of a run
        from benchmarks.floor_app import MINIMAL_PAGE_PATH
        from benchmarks.minimal_app import app

        return app.test_client(), "GET", MINIMAL_PAGE_PATH, None
    from benchmarks.profile_pages import set_up

    return set_up([page])[page]


def run_requests(page: str, count: int) -> None:
    """The measured process: set up, warm, freeze, then `count` requests of the page."""
    client, method, path, data = request_of(page)
    for _ in range(2):
        client.open(path, method=method, data=data)
    # What app.web.warm.freeze_start_up_objects does, without importing Passage for the minimal app.
    gc.collect()
    gc.freeze()
    for _ in range(count):
        client.open(path, method=method, data=data)


def instructions_per_request(page: str, few: int, many: int) -> int:
    runs = {
        count: subprocess.Popen(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
            + [sys.executable, __file__, page, "--inside", str(count)],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": "0"},  # the same dict layouts in both runs
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for count in (few, many)
    }
    totals = {}
    for count, process in runs.items():
        _, errors = process.communicate(timeout=1800)
        found = COLLECTED.search(errors)
        if process.returncode != 0 or found is None:
            raise SystemExit(f"callgrind failed for {count} requests of {page}:\n{errors[-2000:]}")
        totals[count] = int(found.group(1))
    return (totals[many] - totals[few]) // (many - few)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("page", help="home, question, answer, results, record, floor or minimal")
    parser.add_argument("--few", type=int, default=5)
    parser.add_argument("--many", type=int, default=45)
    parser.add_argument("--inside", type=int, help=argparse.SUPPRESS)  # the run under valgrind
    options = parser.parse_args()
    if options.inside is not None:
        run_requests(options.page, options.inside)
        return
    from benchmarks.profile_pages import PAGES  # here: the run under valgrind imports only what its page needs

    if options.page not in PAGES:
        parser.error(f"the page is one of {', '.join(sorted(PAGES))}")
    if options.many <= options.few:
        parser.error("--many must be more than --few")
    count = instructions_per_request(options.page, options.few, options.many)
    print(f"{options.page}: {count:,} instructions per request")


if __name__ == "__main__":
    main()
