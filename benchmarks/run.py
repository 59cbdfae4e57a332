"""Speed and memory benchmarks, with their targets. Run: make bench

1. The engine: time to assess one realistic answer set (pure Python, no I/O).
2. The app under load: gunicorn on 127.0.0.1 (a random free port), several
   simulated people walking the whole questionnaire at once for a bounded
   number of rounds and a bounded time; latency percentiles per page and the
   resident memory of each worker afterwards.

Exits non-zero when a target is missed, so it can gate a release.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = {
    "assess_ms_p95": 5.0,  # one assessment, engine only
    "page_ms_p95": 250.0,  # any page under load (2 workers, 8 people at once)
    "worker_rss_mb": 150.0,  # each gunicorn worker after the load
}

PLAN = {
    "danger_now": "none",
    "baclofen_use": "more_than_prescribed",
    "other_substances": "alcohol",
    "use_frequency": "daily",
    "use_duration": "over_year",
    "taken_together": "yes",
    "more_than_meant": "yes",
    "cut_down": "yes",
    "craving": "yes",
    "tolerance": "yes",
    "withdrawal_symptoms": "yes",
    "pregnancy": "not_applicable",
    "change_readiness": "ready",
    "housing": "stable",
    "feels_safe_at_home": "yes",
    "supportive_person": "yes",
    "daily_responsibilities": "children",
    "can_step_away": "no",
}


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def bench_engine(rounds: int) -> dict:
    from app.engine import assess, clean_answers, load_library

    library = load_library(ROOT / "questionnaires")
    questionnaire, rules = library.questionnaires["intake"], library.rules["intake"]
    answers = {
        key: ([value] if key in ("other_substances", "daily_responsibilities", "danger_now") else value)
        for key, value in PLAN.items()
    }
    defaults = {
        "others_use_at_home": "no",
        "time_spent": "no",
        "obligations": "no",
        "relationships": "no",
        "activities_given_up": "no",
        "hazardous_use": "no",
        "despite_harm": "no",
        "withdrawal_unwell": "yes",
        "withdrawal_seizure": "no",
        "withdrawal_hallucinations": "no",
        "needs_to_feel_normal": "yes",
        "health_conditions": ["none"],
        "mental_conditions": ["none"],
        "suicidal_thoughts": "no",
        "past_treatment": ["none"],
    }
    answers.update(defaults)
    clean, problems = clean_answers(questionnaire, rules, answers)
    assert not problems, problems
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        assess(questionnaire, rules, clean)
        timings.append((time.perf_counter() - start) * 1000)
    return {"assess_ms_p50": statistics.median(timings), "assess_ms_p95": percentile(timings, 0.95)}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Person:
    """One simulated visitor: keeps cookies, reads CSRF tokens, answers every page."""

    def __init__(self, base: str, timings: dict, deadline: float):
        self.base = base
        self.timings = timings
        self.deadline = deadline
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def fetch(self, label: str, path: str, data: dict | None = None) -> tuple[str, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        start = time.perf_counter()
        with self.opener.open(self.base + path, data=body, timeout=10) as response:
            html = response.read().decode()
            final = urllib.parse.urlparse(response.geturl()).path
        self.timings.setdefault(label, []).append((time.perf_counter() - start) * 1000)
        return html, final

    def walk(self) -> None:
        html, _ = self.fetch("start", "/en/intake/start")
        html, path = self.fetch("question", "/en/intake/start", {"csrf_token": token(html), "perspective": "self"})
        while "/questions/" in path and time.monotonic() < self.deadline:
            fields: dict[str, tuple[str, list[str]]] = {}
            for kind, name, value in re.findall(r'type="(radio|checkbox)" id="[^"]+" name="(\w+)" value="(\w+)"', html):
                fields.setdefault(name, (kind, []))[1].append(value)
            data = {"csrf_token": token(html)}
            for name, (_kind, values) in fields.items():
                calm = "none" if "none" in values else ("no" if "no" in values else values[0])
                data[name] = PLAN.get(name, calm)
            html, path = self.fetch("question", path, data)
        if path.endswith("/check"):
            self.fetch("results", "/en/intake/results")


def token(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def worker_rss_mb(master_pid: int) -> list[float]:
    children = subprocess.run(["ps", "-o", "pid=,rss=", "--ppid", str(master_pid)], capture_output=True, text=True).stdout
    return [int(rss) / 1024 for _, rss in (line.split() for line in children.strip().splitlines())]


def bench_server(people: int, rounds: int, seconds: float) -> dict:
    port = free_port()
    instance = tempfile.mkdtemp(prefix="passage-bench-")
    env = {
        **os.environ,
        "PASSAGE_SECRET_KEY": "benchmark-only-secret",
        "PASSAGE_SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance}/bench.sqlite",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
            "app:create_app()",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):  # wait up to 10 s for the server
            try:
                urllib.request.urlopen(base + "/en/", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        timings: dict[str, list[float]] = {}
        deadline = time.monotonic() + seconds

        def visitor():
            for _ in range(rounds):
                if time.monotonic() > deadline:
                    return
                Person(base, timings, deadline).walk()

        threads = [threading.Thread(target=visitor) for _ in range(people)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        every = [t for values in timings.values() for t in values]
        result = {"requests": len(every), "page_ms_p50": statistics.median(every), "page_ms_p95": percentile(every, 0.95)}
        for label, values in sorted(timings.items()):
            result[f"{label}_ms_p95"] = percentile(values, 0.95)
        result["worker_rss_mb"] = max(worker_rss_mb(server.pid))
        return result
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=5, help="questionnaires each person completes")
    parser.add_argument("--seconds", type=float, default=60, help="stop the load after this long")
    args = parser.parse_args()
    results = {**bench_engine(2000), **bench_server(args.people, args.rounds, args.seconds)}
    failed = False
    for name, value in results.items():
        target = TARGETS.get(name)
        verdict = "" if target is None else ("  ok" if value <= target else f"  MISSED (target {target})")
        failed |= target is not None and value > target
        print(f"{name:>22}: {value:10.2f}{verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
