"""What the benchmarks share: our own gunicorn server, logged-in HTTP clients, a timed load, percentiles.

Nothing here imports Django: the scripts that need it set it up themselves, with the database of their
environment (``CCHC_DATABASE_URL``).
"""

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CCHC = Path(sys.executable).parent / "cchc"  # the command of the virtual environment running the benchmark
DEMO_PASSWORD = "cchc-demo-2022"  # noqa: S105 - the demo accounts' published password


def stop_on_sigterm() -> None:
    """Turn SIGTERM into ``SystemExit`` so that ``finally`` blocks (which stop our servers) run."""
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (``share`` in 0..1) of the values; 0 when there are none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.4999)))
    return ordered[rank - 1]


def median_seconds(action: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return percentile(times, 0.5)


def write_json(path: str | None, data: dict) -> None:
    """The figures for ``bench/suite.py`` (when it asked for them with ``--json``)."""
    if path:
        Path(path).write_text(json.dumps(data, indent=2, default=str))


def cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=5).read()
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


@contextmanager
def served(env: dict[str, str], port: int) -> Iterator[str]:
    """``cchc serve`` (gunicorn, DEBUG off) on 127.0.0.1:``port``; yields its base URL.

    The server runs in a session of its own and is stopped with its whole process group on the way out,
    whatever the way out is (an error, Ctrl-C, SIGTERM after ``stop_on_sigterm``).
    """
    base = f"http://127.0.0.1:{port}"
    if answers(base):
        raise RuntimeError(f"something already answers on {base}: stop it or choose another port")
    server = subprocess.Popen(
        [str(CCHC), "serve", "--bind", f"127.0.0.1:{port}"],
        env={**env, "CCHC_DEBUG": "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while not answers(f"{base}/accounts/login/"):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"cchc serve did not start on {base}")
            time.sleep(0.3)
        yield base
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=40)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def logged_in(base: str, username: str, password: str) -> urllib.request.OpenerDirector:
    """An opener that carries the session cookie of ``username``."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    token = csrf_token(opener.open(f"{base}/accounts/login/").read().decode())
    body = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    answer = opener.open(
        urllib.request.Request(f"{base}/accounts/login/", body.encode(), headers={"Referer": base})
    )
    if "/accounts/login/" in answer.url:
        raise RuntimeError(f"could not log in as {username}")
    return opener


@dataclass
class Load:
    """What ``clients`` concurrent clients got during ``seconds``."""

    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    successes: int = 0
    cpu_busy: float = 0.0  # share of the machine's CPU time in use during the run (server, client, others)

    def summary(self) -> dict:
        data = asdict(self)
        del data["latencies"]
        data.update(
            requests=len(self.latencies),
            per_second=len(self.latencies) / self.seconds,
            p50=percentile(self.latencies, 0.5),
            p95=percentile(self.latencies, 0.95),
            max=max(self.latencies, default=0.0),
            errors=len(self.errors),
            error_kinds=sorted(set(self.errors))[:5],
        )
        return data


def load(sessions: list[Callable[[], Callable[[], bool]]], seconds: float, warmup: float = 0.0) -> Load:
    """Run one thread per session: it logs in (``session()`` returns its request function), waits for the
    others, then calls the request function until time is up. A request function returns True on success
    and raises ``urllib.error.HTTPError`` or returns False on failure. Requests that start during the
    first ``warmup`` seconds are not counted."""
    result = Load(clients=len(sessions), seconds=seconds)
    lock = threading.Lock()
    ready, go = threading.Barrier(len(sessions) + 1), threading.Event()
    times: dict[str, float] = {}

    def client(session: Callable[[], Callable[[], bool]]) -> None:
        try:
            request = session()
        except (OSError, RuntimeError) as failure:
            with lock:
                result.errors.append(f"no session: {failure}")
            ready.wait()
            return
        ready.wait()
        go.wait()
        while (start := time.monotonic()) < times["until"]:
            counted = start >= times["from"]
            try:
                ok, error = request(), None
            except urllib.error.HTTPError as failure:
                ok, error = False, f"HTTP {failure.code}"
            except OSError as failure:
                ok, error = False, type(failure).__name__
            elapsed = time.monotonic() - start
            if counted:
                with lock:
                    result.latencies.append(elapsed)
                    result.successes += ok
                    if not ok:
                        result.errors.append(error or "refused")

    threads = [threading.Thread(target=client, args=(s,), daemon=True) for s in sessions]
    for thread in threads:
        thread.start()
    ready.wait()
    now = time.monotonic()
    times.update({"from": now + warmup, "until": now + warmup + seconds})
    go.set()
    time.sleep(warmup)
    busy_before, total_before = cpu_times()
    for thread in threads:
        thread.join()
    busy_after, total_after = cpu_times()
    result.cpu_busy = (busy_after - busy_before) / max(1, total_after - total_before)
    return result
