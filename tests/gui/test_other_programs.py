"""The programs the README says may open the database while the app runs (the factdesk
commands, sqlite-utils, Datasette) do so without costing either side a write: each runs as
its own process beside the app, then the app writes, is killed (SIGKILL), and a fresh
process finds everything, in a database that passes SQLite's integrity check."""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.gui.xsession import REPO, SAMPLE, DrivenApp, factdesk, wait_until

pytestmark = pytest.mark.timeout(180)
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _tool(name: str) -> str:
    found = BIN / name
    if not found.exists() and shutil.which(name) is None:
        pytest.fail(f"{name} is not installed (pip install -e '.[test]')")
    return str(found if found.exists() else shutil.which(name))


def _verdicts(db: Path, claim_id: str) -> list[str]:
    return [line for line in factdesk(db, "history", claim_id).splitlines() if "verdict" in line]


def test_cli_sqlite_utils_and_datasette_beside_the_app(tmp_path):
    db = tmp_path / "desk" / "desk.db"
    db.parent.mkdir()
    factdesk(db, "import", str(SAMPLE))
    ids = [c["id"] for c in json.loads(factdesk(db, "claims", "--format", "json"))]
    with DrivenApp(db, tmp_path) as app:
        # factdesk commands: write and read.
        factdesk(db, "verdict", ids[5], "Mostly True", "--summary", "from the command line")
        factdesk(db, "evidence", "add", ids[5], "https://example.org/source", "--no-fetch")
        assert any("Mostly True" in line for line in _verdicts(db, ids[5]))
        # sqlite-utils: queries and full-text search.
        sqlite_utils = _tool("sqlite-utils")
        counted = subprocess.run(
            [sqlite_utils, "query", str(db), "select count(*) as n from claims"],
            capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
        assert json.loads(counted.stdout) == [{"n": len(ids)}]
        found = subprocess.run(
            [sqlite_utils, "search", str(db), "claims", "Mirvis", "--limit", "3"],
            capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
        assert "Mirvis" in found.stdout
        # Datasette: serve the file and answer a query over HTTP.
        port = _free_port()
        datasette = subprocess.Popen(
            [_tool("datasette"), "serve", str(db), "--port", str(port), "--host", "127.0.0.1"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=REPO,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{port}/desk/claims.json?_shape=array&_size=5"

            def answers() -> bool:
                try:
                    with urllib.request.urlopen(url, timeout=5) as reply:
                        return len(json.load(reply)) == 5
                except OSError:
                    return False

            wait_until(answers, timeout=30, what="Datasette to answer")
        finally:
            datasette.terminate()
            datasette.wait(10)
        # The app writes after all of them, and is killed.
        assert app.say("keys J 5") == "pressed"
        wait_until(lambda: any("False" in r for r in _verdicts(db, ids[1])), timeout=20,
                   what="the app's verdict to reach the file")  # fmt: skip
        app.kill()
        assert "Traceback" not in app.stderr()
    time.sleep(0.2)
    assert any("Mostly True" in line for line in _verdicts(db, ids[5]))
    assert any("False" in line for line in _verdicts(db, ids[1]))
    assert "example.org/source" in factdesk(db, "evidence", "list", ids[5])
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()
