"""When an open checks the database for damage (issue 22): PRAGMA quick_check reads the
whole file, so it runs only when something may have damaged it since factdesk last closed
it: a process that never closed it (killed), another version, another program's write.
Real files, real processes killed with SIGKILL."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from factdesk.desk import Desk
from factdesk.model import Article
from factdesk.store.integrity import state_folder
from tests.test_desk import TEXT, sentence_split

HOLD = textwrap.dedent(
    """
    import sys
    from factdesk.desk import Desk
    desk = Desk(sys.argv[1])
    desk.set_setting("reviewer", "Held open")
    print("OPEN", flush=True)
    sys.stdin.readline()
    """
)


def quick_checks(path: Path) -> int:
    """How many quick_checks opening (and closing) a Desk on `path` ran."""
    seen: list[str] = []
    original = sqlite3.connect

    def traced(*args, **kwargs):
        conn = original(*args, **kwargs)
        conn.set_trace_callback(seen.append)
        return conn

    sqlite3.connect = traced  # type: ignore[assignment]
    try:
        Desk(path).close()
    finally:
        sqlite3.connect = original  # type: ignore[assignment]
    return sum("quick_check" in statement.lower() for statement in seen)


@pytest.fixture
def closed_db(db_path) -> Path:
    with Desk(db_path) as desk:
        desk.import_article(Article(source="a.txt", text=TEXT), split=sentence_split)
    return db_path


def holder(path: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "OPEN"
    return process


def test_a_cleanly_closed_database_opens_without_a_check(closed_db):
    assert quick_checks(closed_db) == 0
    assert quick_checks(closed_db) == 0
    assert not list(state_folder(closed_db).glob("open-*"))  # no marker left behind


def test_a_new_database_and_a_copy_from_elsewhere(tmp_path, closed_db):
    copy = tmp_path / "copy.db"
    copy.write_bytes(closed_db.read_bytes())  # no stamp beside it: checked once
    assert quick_checks(copy) == 1
    assert quick_checks(copy) == 0


def test_after_a_crash_the_next_open_checks_once(closed_db):
    process = holder(closed_db)
    assert quick_checks(closed_db) == 0  # it is open in a running process: no check
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert len(list(state_folder(closed_db).glob("open-*"))) == 1  # its marker stays
    assert quick_checks(closed_db) == 1
    assert quick_checks(closed_db) == 0  # the check passed: the crash is forgotten
    with Desk(closed_db) as desk:
        assert desk.setting("reviewer") == "Held open"  # what it committed is kept


def test_a_process_that_exits_without_closing_its_desk_is_not_a_crash(closed_db):
    script = "import sys; from factdesk.desk import Desk; Desk(sys.argv[1]).claims()"
    subprocess.run([sys.executable, "-c", script, str(closed_db)], check=True, timeout=60)
    assert quick_checks(closed_db) == 0


def test_another_version_checks(closed_db):
    stamp = state_folder(closed_db) / "checked"
    data = json.loads(stamp.read_text())
    stamp.write_text(json.dumps(data | {"versions": "factdesk 0.0.1, schema 1, SQLite 3.0"}))
    assert quick_checks(closed_db) == 1
    assert quick_checks(closed_db) == 0


def test_a_change_by_another_program_checks(closed_db):
    with sqlite3.connect(closed_db) as conn:
        conn.execute("UPDATE settings SET value = value")
        conn.execute("CREATE TABLE other_program (x)")
    conn.close()
    assert quick_checks(closed_db) == 1


def test_damage_after_a_crash_is_refused_before_anything_is_written(closed_db):
    with Desk(closed_db) as desk:  # enough pages that the damage lands past the schema
        for n in range(40):
            desk.import_article(
                Article(source=f"{n}.txt", text=f"Story {n}. {TEXT}"), split=sentence_split
            )
    process = holder(closed_db)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    with sqlite3.connect(closed_db) as conn:  # its last write into the file, then damage
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    size = closed_db.stat().st_size
    with open(closed_db, "r+b") as f:
        f.seek(size - 3 * 4096)
        f.write(b"\xa5" * 4096)
    before = closed_db.read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "factdesk", "--db", str(closed_db), "articles"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and "damaged" in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1
    assert closed_db.read_bytes() == before
    assert quick_checks_fail(closed_db)


def quick_checks_fail(path: Path) -> bool:
    """The next open checks again (and refuses): a failed check is not forgotten."""
    from factdesk.errors import DatabaseProblem

    with pytest.raises(DatabaseProblem, match="damaged"):
        Desk(path)
    return True
