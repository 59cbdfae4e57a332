"""What the fuzz tests tried, for the summary printed at the end of the run (tests/conftest.py).

Every generated input a fuzz test sends is recorded with the status it got, under the route or
API operation it targeted: the summary says how many inputs were tried and how many 5xx were seen
(the fuzz tests fail on the first one; the figure shows it was looked for). In a parallel run each
pytest-xdist worker sends its figures to the main process, which prints their sum (the hooks below).
"""

from __future__ import annotations

from collections import Counter

import pytest

inputs_by_target: Counter[str] = Counter()
server_errors_by_target: Counter[str] = Counter()


def record(target: str, status: int) -> None:
    inputs_by_target[target] += 1
    if status >= 500:
        server_errors_by_target[target] += 1


def snapshot() -> dict[str, dict[str, int]]:
    """The figures so far, as plain data a pytest-xdist worker can send to the main process."""
    return {"inputs": dict(inputs_by_target), "errors": dict(server_errors_by_target)}


def merge(figures: dict[str, dict[str, int]] | None) -> None:
    """Add a worker's snapshot() to this process's figures (None: the worker sent none)."""
    if figures:
        inputs_by_target.update(figures["inputs"])
        server_errors_by_target.update(figures["errors"])


def summary_lines() -> list[str]:
    if not inputs_by_target:
        return []
    total = sum(inputs_by_target.values())
    errors = sum(server_errors_by_target.values())
    lines = [f"fuzz: {total} generated inputs tried on {len(inputs_by_target)} targets, 5xx seen: {errors}"]
    for target, count in sorted(inputs_by_target.items()):
        lines.append(f"  {target}: {count} inputs, 5xx: {server_errors_by_target[target]}")
    return lines


# pytest hooks, imported by tests/conftest.py.


def pytest_sessionfinish(session):
    """On a pytest-xdist worker: hand this worker's figures to the main process."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["fuzz_figures"] = snapshot()


@pytest.hookimpl(optionalhook=True)  # a pytest-xdist hook: unknown when it is not installed
def pytest_testnodedown(node, error):
    """In the main process of a parallel run: add up the figures of each worker as it ends."""
    merge(getattr(node, "workeroutput", {}).get("fuzz_figures"))


def pytest_terminal_summary(terminalreporter):
    """The figures (inputs tried, 5xx seen) at the end of the run, when fuzz tests ran (on any worker)."""
    lines = summary_lines()
    if lines:
        terminalreporter.section("fuzz figures")
        for line in lines:
            terminalreporter.write_line(line)
