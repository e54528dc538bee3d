"""``cchc serve``: gunicorn with 2 × cores + 1 workers (at most 12), overridable, static files collected first."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.core.management import CommandError, call_command

from cchc.ops.management.commands import serve


def test_it_runs_two_workers_per_core_plus_one(monkeypatch):
    monkeypatch.delenv("CCHC_WORKERS", raising=False)
    assert serve.worker_count(cores=2) == 5


def test_it_caps_the_workers_at_twelve(monkeypatch):
    monkeypatch.delenv("CCHC_WORKERS", raising=False)
    assert serve.worker_count(cores=32) == 12


def test_the_environment_sets_workers_and_threads(monkeypatch):
    monkeypatch.setenv("CCHC_WORKERS", "3")
    monkeypatch.setenv("CCHC_THREADS", "4")
    assert (serve.worker_count(cores=8), serve.thread_count()) == (3, 4)


def test_a_bad_worker_count_is_refused(monkeypatch):
    monkeypatch.setenv("CCHC_WORKERS", "nhiều")
    with pytest.raises(CommandError, match="CCHC_WORKERS phải là số nguyên dương"):
        serve.worker_count(cores=2)


def test_it_collects_static_files_then_becomes_gunicorn(monkeypatch, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    monkeypatch.setenv("CCHC_WORKERS", "3")
    monkeypatch.setenv("CCHC_THREADS", "2")
    calls = []
    monkeypatch.setattr(serve.os, "execv", lambda path, argv: calls.append(argv))
    call_command("serve", "--bind", "127.0.0.1:8123")
    assert (tmp_path / "static" / "cchc" / "cchc.css").exists()
    argv = calls[0]
    assert argv[1:4] == ["-m", "gunicorn", "cchc.wsgi:application"]
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:8123"
    assert argv[argv.index("--workers") + 1] == "3"
    assert argv[argv.index("--threads") + 1] == "2"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_serves_the_login_page_and_the_stylesheet(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "CCHC_VAR_DIR": str(tmp_path),
        "CCHC_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "CCHC_DEBUG": "0",
        "CCHC_WORKERS": "1",
        "CCHC_THREADS": "1",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, "-m", "cchc.cli", "serve", "--bind", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        page = None
        deadline = time.monotonic() + 120  # it migrates a new database first: slow on a busy machine
        while page is None and time.monotonic() < deadline:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2)  # noqa: S310
            except OSError:
                time.sleep(0.2)
        assert page is not None, "gunicorn did not answer"
        assert "Đăng nhập" in page.read().decode()
        assert "script-src 'self'" in page.headers["Content-Security-Policy"]
        css = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/cchc/cchc.css", timeout=2)  # noqa: S310
        assert css.status == 200
        assert (tmp_path / "static" / "cchc" / "cchc.css").exists()
    finally:
        server.terminate()
        server.wait(timeout=10)
