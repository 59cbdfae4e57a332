"""What the fuzz tests tried, for the summary printed at the end of the run (tests/conftest.py).

Every generated input a fuzz test sends is recorded with the status it got, under the route or
API operation it targeted: the summary says how many inputs were tried and how many 5xx were seen
(the fuzz tests fail on the first one; the figure shows it was looked for).
"""

from __future__ import annotations

from collections import Counter

inputs_by_target: Counter[str] = Counter()
server_errors_by_target: Counter[str] = Counter()


def record(target: str, status: int) -> None:
    inputs_by_target[target] += 1
    if status >= 500:
        server_errors_by_target[target] += 1


def summary_lines() -> list[str]:
    if not inputs_by_target:
        return []
    total = sum(inputs_by_target.values())
    errors = sum(server_errors_by_target.values())
    lines = [f"fuzz: {total} generated inputs tried on {len(inputs_by_target)} targets, 5xx seen: {errors}"]
    for target, count in sorted(inputs_by_target.items()):
        lines.append(f"  {target}: {count} inputs, 5xx: {server_errors_by_target[target]}")
    return lines
