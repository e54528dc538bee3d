"""The import process killed in the middle of writing: nothing of it is in the database, its history line
says it was interrupted, and the same file imports whole when run again.

The import runs as a real ``cchc import-dossiers`` process on a database of its own (a SQLite file, or a
PostgreSQL database created for the test), so that the kill is a real SIGKILL of a process holding an open
transaction, not a simulated exception.
"""

import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.ops.processes import cchc, numbered_export, prepared

ROWS = 30_000  # fifteen batches of the importer: the kill falls after the first, seconds before the commit


def kill_when_written(env: dict[str, str], export: Path, rows: int) -> None:
    """Start the import with its progress bar on a terminal; SIGKILL it once ``rows`` rows are written."""
    master, slave = pty.openpty()
    child = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, "-m", "cchc.cli", "import-dossiers", str(export)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=slave,
    )
    os.close(slave)
    shown = b""
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1)
            if ready:
                shown += os.read(master, 4096)
            read = [int(n.replace(b".", b"")) for n in re.findall(rb"([\d.]+) d\xc3\xb2ng", shown)]
            assert not read or read[-1] < ROWS, "the import ended before it could be killed"
            if read and read[-1] >= rows:
                child.send_signal(signal.SIGKILL)
                break
            assert child.poll() is None, f"the import ended before it could be killed: {shown!r}"
        else:
            pytest.fail(f"no progress after 120 s: {shown!r}")
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
        os.close(master)


def test_a_killed_import_leaves_nothing_and_runs_again_whole(own, tmp_path):
    env, query = own
    prepared(env)
    export = tmp_path / "xuat-cong.csv"
    numbered_export(export, ROWS)

    kill_when_written(env, export, rows=2_000)

    assert query("SELECT COUNT(*) FROM dossiers_dossier") == [(0,)]
    assert query("SELECT COUNT(*) FROM imports_portalrecord") == [(0,)]
    assert query("SELECT COUNT(*) FROM audit_auditentry WHERE model = 'dossiers.Dossier'") == [(0,)]
    assert query("SELECT status FROM imports_importrun") == [("running",)]
    assert not (tmp_path / "xuat-cong.loi.xlsx").exists()

    again = cchc(env, "import-dossiers", "--no-progress", str(export))

    assert again.returncode == 0, again.stderr
    assert f"đọc {ROWS} dòng, thêm {ROWS}, cập nhật 0, bỏ qua 0, lỗi 0" in again.stdout
    assert query("SELECT COUNT(*), COUNT(DISTINCT code) FROM dossiers_dossier") == [(ROWS, ROWS)]
    runs = query("SELECT status, message FROM imports_importrun ORDER BY id")
    assert [status for status, _ in runs] == ["interrupted", "done"]
    assert "Không có dòng nào của lần nhập này được ghi" in runs[0][1]
