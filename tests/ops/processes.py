"""Real processes for the fault tests: ``cchc`` commands and ``cchc serve`` on a database of their own.

The database is of the engine the suite runs on: a SQLite file, or a PostgreSQL database created for the
test and dropped afterwards, so that the child processes see committed data and the test can look at it
with plain SQL after a process was killed.
"""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import psycopg
from django.conf import settings

Query = Callable[[str], list[tuple]]


@contextmanager
def own_database(folder: Path) -> Iterator[tuple[str, Query]]:
    """A database URL for child processes and a function that runs SQL on it."""
    config = settings.DATABASES["default"]
    if config["ENGINE"] == "django.db.backends.sqlite3":
        path = folder / "own.sqlite3"

        def query(sql: str) -> list[tuple]:
            with sqlite3.connect(path) as connection:
                return connection.execute(sql).fetchall()

        yield f"sqlite:///{path}", query
        return
    name = f"cchc_own_{uuid.uuid4().hex[:8]}"
    server = {"host": config["HOST"] or "127.0.0.1", "port": config["PORT"] or 5432, "user": config["USER"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    def query(sql: str) -> list[tuple]:
        with psycopg.connect(dbname=name, **server) as connection:
            return connection.execute(sql).fetchall()

    try:
        yield f"postgres://{server['user']}@{server['host']}:{server['port']}/{name}", query
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(folder: Path, url: str) -> dict[str, str]:
    env = {**os.environ, "CCHC_VAR_DIR": str(folder / "var"), "CCHC_DATABASE_URL": url, "CCHC_DEBUG": "0"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def cchc(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, "-m", "cchc.cli", *args], env=env, capture_output=True, text=True, timeout=300
    )
    return done


def prepared(env: dict[str, str], *extra: list[str]) -> None:
    """Tables, the Ý Yên units and the catalogue (and ``extra`` commands), each checked."""
    for step in (["migrate", "-v0"], ["load-units", "y-yen-2022"], ["load-procedures"], *extra):
        done = cchc(env, *step)
        assert done.returncode == 0, done.stderr


def numbered_export(path: Path, rows: int) -> Path:
    """A portal export (CSV) of ``rows`` birth registrations at Yên Trung, numbered from 1."""
    from tests.imports.files import csv_bytes, row

    path.write_text(
        csv_bytes([row(f"000.00.25.H40-221102-{n:05d}") for n in range(1, rows + 1)]), encoding="utf-8"
    )
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def server(env: dict[str, str]) -> Iterator[tuple[str, subprocess.Popen]]:
    """``cchc serve`` (gunicorn: one worker, two threads) in a process group of its own; its base URL."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, "-m", "cchc.cli", "serve", "--bind", f"127.0.0.1:{port}"],
        env={**env, "CCHC_WORKERS": "1", "CCHC_THREADS": "2"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{base}/accounts/login/", timeout=2)  # noqa: S310 - loopback
                break
            except OSError:
                assert process.poll() is None, "cchc serve stopped"
                time.sleep(0.1)
        else:
            raise AssertionError("cchc serve did not answer")
        yield base, process
    finally:
        kill(process)


@contextmanager
def worker(env: dict[str, str]) -> Iterator[subprocess.Popen]:
    """``cchc worker`` in a process group of its own, looking for queued tasks every 0.2 s."""
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, "-m", "cchc.cli", "worker", "--interval", "0.2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        kill(process)


def kill(process: subprocess.Popen) -> None:
    """SIGKILL the whole process group: gunicorn's master, its workers and their threads, no clean-up."""
    if process.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
