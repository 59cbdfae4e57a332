"""How `make test` splits the tests between pytest-xdist workers (`-n auto --dist loadfile`).

Each test file is one work unit, run whole by one worker: its module fixtures (a pair of servers,
a freshly extracted catalog) are built once. The files below own something that two tests must
not hold at once (a port picked free then bound by a server, a server's CPU during a load, keys
in the shared Redis): they form one unit together, so they run one after another on one worker,
while the other workers go on with the rest. Their tests carry the `serial` mark
(`-m serial` runs only them). A browser test's server binds its own port (port 0, never
picked beforehand), so the browser files need no place here.
"""

from __future__ import annotations

SERIAL_FILES = {
    "tests/counsel/test_sign_in_limits.py": "sign-in counters in the shared Redis (reset between tests)",
    "tests/servers/test_bench.py": "the benchmark harness: gunicorn on a free port under wrk's load",
    "tests/servers/test_faults.py": "gunicorn and its own redis-server on free ports; workers killed, timings asserted",
    "tests/web/test_rate_limits.py": "rate-limit counters in the shared Redis (reset between tests)",
    "tests/privacy/test_session_revocation.py": "revocation keys in the shared Redis",
    "tests/servers/test_two_servers.py": "four gunicorn servers on free ports; rate-limit counters in the shared Redis",
}
SERIAL_UNIT = "serial"
# Each test here drives a real browser: the longest files, handed out right after the serial unit so that no
# worker is still on one when the others have run out of work.
LONG_FOLDERS = ("tests/browser/",)


def file_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def is_serial(nodeid: str) -> bool:
    return file_of(nodeid) in SERIAL_FILES


def collection_rank(nodeid: str) -> int:
    """Where a test goes in the run: the serial unit first, then the browser files, then the rest."""
    if is_serial(nodeid):
        return 0
    return 1 if nodeid.startswith(LONG_FOLDERS) else 2


def work_unit(nodeid: str) -> str:
    """The unit a test is scheduled with: its file, or the one serial unit."""
    return SERIAL_UNIT if is_serial(nodeid) else file_of(nodeid)


def scheduler(config, log):
    """pytest-xdist's file-by-file scheduler, with the serial files as a single unit."""
    from xdist.scheduler import LoadFileScheduling

    class SerialFilesTogether(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    return SerialFilesTogether(config, log)
