"""Many writers on one database file: real processes, each waiting its turn.

Each test here failed on the first release (plain BEGIN: a second writer got "database
is locked" at once, and two imports of one folder stored articles twice).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from factdesk.desk import Desk
from factdesk.errors import DatabaseBusy
from factdesk.model import Article
from tests.conftest import SAMPLE
from tests.test_desk import TEXT, sentence_split

# A CLI process that records `count` verdicts through factdesk's own main(), one
# command (a Desk opened and closed) per verdict, and reports every failure.
VERDICT_LOOP = textwrap.dedent(
    """
    import contextlib, io, json, sys
    from factdesk.cli import main
    db, claim, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    failures = []
    for n in range(count):
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(["--db", db, "verdict", claim, str(1 + n % 6), "--summary", f"n{n}"])
        if code != 0:
            failures.append(err.getvalue())
    print(json.dumps(failures))
    """
)


def _one_claim(db_path) -> str:
    with Desk(db_path) as desk:
        desk.import_article(Article(source="a.txt", text=TEXT), split=sentence_split)
        return desk.claims()[0].id


def test_two_processes_writing_300_verdicts_each_store_all_600(db_path):
    claim_id = _one_claim(db_path)
    loops = [
        subprocess.Popen(
            [sys.executable, "-c", VERDICT_LOOP, str(db_path), claim_id, "300"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for loop in loops:
        out, err = loop.communicate(timeout=600)
        assert loop.returncode == 0, err
        assert json.loads(out) == [], "some verdicts failed"
        assert "Traceback" not in err
    with Desk(db_path) as desk:
        history = desk.verdicts(claim_id)
        assert len(history) == 600
        # The current verdict is the latest of the history, and the claim knows it changed.
        claim = desk.claim(claim_id)
        assert claim.verdict == history[-1].rating
        assert claim.updated_at >= history[-1].at


HOLD_LOCK = textwrap.dedent(
    """
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE settings SET value = value")
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    conn.execute("COMMIT")
    """
)


def _hold_write_lock(db_path, seconds: float) -> subprocess.Popen:
    """Another program (a plain sqlite3 connection) holding the write lock for a while."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db_path), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    return holder


def _factdesk(*argv: str, timeout: float = 60) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "factdesk", *argv], capture_output=True, text=True, timeout=timeout
    )
    return result, time.monotonic() - started


def test_a_verdict_waits_for_another_program_holding_the_lock(db_path):
    claim_id = _one_claim(db_path)
    holder = _hold_write_lock(db_path, 2.0)
    result, took = _factdesk("--db", str(db_path), "verdict", claim_id, "False")
    holder.wait(timeout=30)
    assert result.returncode == 0, result.stderr
    assert took >= 1.0  # it really waited for the other program
    with Desk(db_path) as desk:
        assert desk.claim(claim_id).verdict == "False"


def test_a_lock_held_too_long_is_one_line_naming_the_holder(db_path):
    claim_id = _one_claim(db_path)
    holder = _hold_write_lock(db_path, 9.0)
    try:
        result, took = _factdesk("--db", str(db_path), "verdict", claim_id, "False")
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert f"pid {holder.pid}" in result.stderr
    assert "more than 5 s" in result.stderr and "nothing was changed" in result.stderr
    assert took >= 4.5
    with Desk(db_path) as desk:
        assert desk.claim(claim_id).verdict is None


def test_racing_folder_imports_store_each_article_once(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    base = SAMPLE.read_text(encoding="utf-8")
    for n in range(30):
        (folder / f"a{n:02}.txt").write_text(f"Story {n}: the toll rose by {n}%.\n\n{base}")
    db_path = tmp_path / "race.db"
    Desk(db_path).close()  # both find the database made; they race on the articles
    command = [sys.executable, "-m", "factdesk", "--db", str(db_path), "import", "--quiet",
               "--workers", "1", str(folder)]  # fmt: skip
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]  # fmt: skip
    for run in runs:
        out, err = run.communicate(timeout=600)
        assert run.returncode == 0, err
        assert len(out.strip().splitlines()) == 30
    conn = sqlite3.connect(db_path)
    stored = conn.execute("SELECT source, count(*) FROM articles GROUP BY content_hash").fetchall()
    claims = conn.execute("SELECT count(*), count(DISTINCT article_id) FROM claims").fetchone()
    conn.close()
    assert len(stored) == 30 and all(count == 1 for _source, count in stored)
    assert claims[1] == 30


def test_writes_outside_the_write_helper_are_refused(desk):
    """The connection is query-only outside Store.write(); sqlite-utils' own
    transactions are allowed only inside it (as savepoints)."""
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        desk.db.execute("INSERT INTO settings (key, value) VALUES ('x', '1')")
    with pytest.raises(RuntimeError, match="write"):
        desk.db["settings"].insert({"key": "x", "value": "1"})
    statements: list[str] = []
    desk.db.conn.set_trace_callback(statements.append)
    desk.set_setting("reviewer", "Sam")
    desk.db.conn.set_trace_callback(None)
    begins = [s for s in statements if s.upper().startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE"]
    assert desk.setting("reviewer") == "Sam"


def test_busy_error_is_a_factdesk_error(db_path):
    """The GUI shows DatabaseBusy as a message, like any FactdeskError."""
    from factdesk.errors import FactdeskError

    assert issubclass(DatabaseBusy, FactdeskError)
