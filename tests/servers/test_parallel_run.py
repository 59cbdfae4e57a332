"""`make test` runs the tests in parallel (pytest-xdist): what owns a port or a service stays serial,
and the fuzz figures of every worker still print at the end of the run."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import parallel_run
from tests.support.apps import ROOT

# What makes a test file own something two tests must not hold at once (see parallel_run.py).
OWNS_A_PORT_OR_A_SERVICE = re.compile(r"\bgunicorn\(|\bOwnRedis\b|\bfree_port\(|PASSAGE_TEST_REDIS_URL|benchmarks/run\.py")


def test_every_file_that_starts_a_server_or_uses_the_shared_redis_runs_serially():
    owning = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "tests").rglob("test_*.py")
        if path != Path(__file__) and OWNS_A_PORT_OR_A_SERVICE.search(path.read_text())
    }
    assert owning, "the pattern finds nothing: it no longer matches how tests start servers"
    assert owning <= set(parallel_run.SERIAL_FILES), "add these files to SERIAL_FILES in tests/support/parallel_run.py"
    for path in parallel_run.SERIAL_FILES:
        assert (ROOT / path).is_file(), f"{path} is listed as serial but does not exist"


def test_serial_files_are_one_work_unit_and_every_other_file_its_own():
    pytest.importorskip("xdist")
    units = {
        node: parallel_run.work_unit(node)
        for node in (
            "tests/servers/test_bench.py::test_the_table_lists_the_scenarios_and_the_targets",
            "tests/servers/test_two_servers.py::test_a_questionnaire_started_on_one_server_continues_on_the_other",
            "tests/keep/test_keep.py::test_a",
            "tests/keep/test_keep.py::test_b[en]",
            "tests/browser/test_flow.py::test_c",
        )
    }
    assert list(units.values()) == [
        "serial",
        "serial",
        "tests/keep/test_keep.py",
        "tests/keep/test_keep.py",
        "tests/browser/test_flow.py",
    ]


def test_the_fuzz_figures_of_every_worker_print_at_the_end_of_a_parallel_run(tmp_path):
    pytest.importorskip("xdist")
    # Two files, each recording a figure: with two workers and --dist loadfile, one file on each.
    (tmp_path / "conftest.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
        "from tests.support.fuzz_figures import pytest_sessionfinish, pytest_terminal_summary, pytest_testnodedown\n"
    )
    for name, target, status in (("a", "POST /a", 200), ("b", "POST /b", 500)):
        (tmp_path / f"test_{name}.py").write_text(
            f"from tests.support import fuzz_figures\n\ndef test_{name}():\n"
            f"    for _ in range(3):\n        fuzz_figures.record({target!r}, {status})\n"
        )
    # Only pytest-xdist among the plugins: three processes start, each without the others' imports.
    command = [sys.executable, "-m", "pytest", "-p", "xdist.plugin", "-n", "2", "--dist", "loadfile", "-v"]
    command += ["-p", "no:cacheprovider", "-c", "/dev/null", "--rootdir", str(tmp_path), str(tmp_path)]
    environment = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    done = subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    workers = set(re.findall(r"\[(gw\d)\] .*PASSED", done.stdout))
    assert workers == {"gw0", "gw1"}, done.stdout[-3000:]
    summary = done.stdout.split("fuzz figures", 1)[1].splitlines()
    assert "fuzz: 6 generated inputs tried on 2 targets, 5xx seen: 3" in summary
    assert "  POST /a: 3 inputs, 5xx: 0" in summary and "  POST /b: 3 inputs, 5xx: 3" in summary
    # The closing line stays the last one of the output.
    assert re.fullmatch(r"=+ 2 passed in .* =+", summary[-1]), summary[-1]


def test_the_serial_tests_are_collected_first_then_the_browser_files_so_the_longest_units_start_at_once():
    command = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
    done = subprocess.run(
        [*command, "tests/i18n/test_words.py", "tests/browser/test_keyboard.py", "tests/servers/test_bench.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    files = [line.split("::", 1)[0] for line in done.stdout.splitlines() if "::" in line]
    ranks = {"tests/servers/test_bench.py": 0, "tests/browser/test_keyboard.py": 1, "tests/i18n/test_words.py": 2}
    assert set(files) == set(ranks), done.stdout[-2000:]
    assert files == sorted(files, key=ranks.__getitem__), done.stdout[-2000:]
