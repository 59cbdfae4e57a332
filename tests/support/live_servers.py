"""Helpers for the tests that run real gunicorn servers against PostgreSQL and Redis.

Skipped locally when a service cannot be reached; in CI (CI or
PASSAGE_TEST_POSTGRES_URL set) they fail instead, so a missing service is
never mistaken for a pass.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from benchmarks.run import free_port

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_URL = os.environ.get("PASSAGE_TEST_POSTGRES_URL") or "postgresql://postgres@127.0.0.1:5432/postgres"


def unreachable(reason: str) -> None:
    if os.environ.get("CI") or os.environ.get("PASSAGE_TEST_POSTGRES_URL"):
        pytest.fail(f"this test cannot run here: {reason}", pytrace=False)
    pytest.skip(reason)


@contextmanager
def fresh_database(prefix: str) -> Iterator[str]:
    """A new PostgreSQL database (dropped afterwards): its URL."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=5) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        unreachable(f"PostgreSQL at {POSTGRES_URL} is unreachable ({type(error).__name__})")
    try:
        yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=5) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrate(env: dict[str, str]) -> None:
    flask = [sys.executable, "-m", "flask", "--app", "app"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)


class OwnRedis:
    """A throw-away redis-server on a free 127.0.0.1 port, never the machine's shared one: it may be
    stopped (SIGSTOP: it hangs), killed, and started again empty on the same port."""

    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            unreachable("redis-server is not installed (Debian package redis-server)")
        self.binary = str(binary)
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        import redis

        command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url, socket_timeout=1, socket_connect_timeout=1)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                client.ping()
                return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server on port {self.port} did not answer")

    def pause(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(timeout=10)


def worker_pids(master: int) -> list[int]:
    """The gunicorn workers: the master's children."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


@dataclass
class Reply:
    status: int
    location: str = ""
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)


def send(base: str, method: str, path: str, cookie: str, form: str = "", timeout: float = 15) -> Reply:
    """One request, redirects not followed; raises OSError or HTTPException when the connection breaks."""
    connection = http.client.HTTPConnection(base.split("//", 1)[1], timeout=timeout)
    headers = {"Cookie": cookie}
    if form:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=form.encode() or None, headers=headers)
        response = connection.getresponse()
        body = response.read().decode()
        return Reply(response.status, response.getheader("Location", ""), body, dict(response.getheaders()))
    finally:
        connection.close()
