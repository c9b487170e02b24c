"""Long sessions by keys on a real X server, the app in its own process: hundreds of verdicts
with undo and redo between them, and a minute of the app and `factdesk` commands writing
the same database at once. Every write is stored; nothing crashes; no "database is locked"
reaches the user."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.gui.xsession import REPO, app_on, factdesk, wait_until

pytestmark = pytest.mark.timeout(300)


def count(db: Path, table: str) -> int:
    """Rows in a table, read by a connection of the test's own (a fresh reader)."""
    conn = sqlite3.connect(db, timeout=10)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_300_verdicts_by_keys_with_undo_and_redo_between(db, tmp_path):
    with app_on(db, tmp_path / "home") as app:
        app.wait_ready(lambda: count(db, "verdicts"))
        pressed = 1
        for batch in range(6):
            keys = []
            for n in range(50 if batch else 49):
                keys += ["j", str(1 + (batch * 50 + n) % 6)]
            app.keys(*keys, delay_ms=25)
            pressed += len(keys) // 2
            # Two steps back and forth again: the stack and the database agree after.
            app.keys("ctrl+z", "ctrl+z", "ctrl+shift+z", "ctrl+shift+z", delay_ms=60)
            assert app.running(), app.stderr()
        wait_until(lambda: count(db, "verdicts") == pressed, timeout=60,
                   what=f"{pressed} verdicts in the database")  # fmt: skip
        time.sleep(1)
        assert count(db, "verdicts") == 300
        assert app.running(), app.stderr()
        assert "Traceback" not in app.stderr() and "Fatal" not in app.stderr()
        # J went down the whole table: every claim has its verdict, as a fresh process reads.
        claims = json.loads(factdesk(db, "claims", "--format", "json"))
        assert len(claims) < 300 and all(c["verdict"] for c in claims)


class CommandLoop(threading.Thread):
    """`factdesk` adding verdicts and evidence in a loop, as another checker would."""

    def __init__(self, db: Path, claims: list[str], seconds: float):
        super().__init__(daemon=True)
        self.db, self.claims, self.seconds = db, claims, seconds
        self.verdicts = self.evidence = 0
        self.failures: list[str] = []

    def run(self) -> None:
        end, n = time.monotonic() + self.seconds, 0
        while time.monotonic() < end:
            claim = self.claims[n % len(self.claims)]
            if n % 2 == 0:
                args = ["verdict", claim, str(1 + n % 6), "--summary", f"CLI {n}"]
            else:
                args = ["evidence", "add", claim, f"https://example.org/source/{n}", "--no-fetch"]
            done = subprocess.run(
                [sys.executable, "-m", "factdesk", "--db", str(self.db), *args],
                capture_output=True,
                text=True,
                cwd=REPO,
                timeout=60,
            )
            if done.returncode != 0 or done.stderr.strip():
                self.failures.append(f"{' '.join(args)}: {done.returncode} {done.stderr}")
            elif n % 2 == 0:
                self.verdicts += 1
            else:
                self.evidence += 1
            n += 1


def _writes_begin_immediate() -> bool:
    """Whether the store begins every write transaction IMMEDIATE. Until it does, a write
    that first reads can meet "database is locked" when another process wrote meanwhile
    (SQLite cannot wait for a lock it would need to upgrade), whatever the GUI does."""
    store = REPO / "factdesk" / "store"
    return any("BEGIN IMMEDIATE" in path.read_text() for path in store.glob("*.py"))


@pytest.mark.xfail(
    not _writes_begin_immediate(),
    reason="needs the store's BEGIN IMMEDIATE write helper (issue 10, store side)",
    strict=False,
)
def test_the_app_and_the_cli_write_at_once_for_a_minute(db, tmp_path):
    ids = [c["id"] for c in json.loads(factdesk(db, "claims", "--format", "json"))]
    with app_on(db, tmp_path / "home") as app:
        app.wait_ready(lambda: count(db, "verdicts"))
        others = CommandLoop(db, ids[20:40], seconds=60)
        others.start()
        pressed, n = 1, 0
        while others.is_alive():
            keys = []
            for _ in range(10):
                keys += ["j" if n % 40 < 20 else "k", str(1 + n % 6)]
                n += 1
            app.keys(*keys, delay_ms=60)
            pressed += 10
            assert app.running(), app.stderr()
        others.join()
        assert not others.failures, others.failures[:3]
        expected = pressed + others.verdicts
        wait_until(lambda: count(db, "verdicts") >= expected, timeout=60,
                   what=f"{expected} verdicts in the database")  # fmt: skip
        time.sleep(1)
        assert count(db, "verdicts") == expected
        assert count(db, "evidence") == others.evidence
        assert app.running()
        log = app.stderr()
        assert "locked" not in log and "Traceback" not in log, log[-2000:]
    assert others.verdicts > 10 and pressed > 100
