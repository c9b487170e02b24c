"""File faults are one clear line each (issue 19 item 8): a value damaged inside the file,
a --db the user may not reach, a file name holding a newline; and a command that only
reads never creates a database."""

from __future__ import annotations

import json
import sqlite3
import subprocess

import pytest

from factdesk.desk import Desk, database_problem
from factdesk.store.db import DamagedData
from tests.test_database_files import (
    as_user,
    assert_one_line,
    desk_file,  # noqa: F401 (fixture)
    factdesk,
    folder,  # noqa: F401 (fixture)
)

PAGE = (
    "<html><head><title>Council spending</title></head><body><article><h1>Council spending"
    "</h1>"
    + "".join(
        f"<p>Paragraph {n}: the council said spending rose by {n}% in 2019, according to its "
        f"report number {n * 7}.</p>"
        for n in range(60)
    )
    + "</article></body></html>"
)


def _damage(path, needle: bytes, damage) -> None:
    """Change bytes of `needle` where it is stored in the file (SQLite's pages stay sound:
    PRAGMA quick_check still passes)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    at = data.find(needle)
    assert at > 0
    damage(data, at)
    path.write_bytes(bytes(data))
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    conn.close()


@pytest.fixture
def imported_page(folder):  # noqa: F811 (the fixture above)
    page = folder / "council.html"
    page.write_text(PAGE)
    path = folder / "desk.db"
    result = factdesk("--db", str(path), "import", str(page))
    assert result.returncode == 0, result.stderr
    return path


def test_text_damaged_inside_the_file_is_one_line(imported_page, folder):  # noqa: F811
    def invalid_utf8(data: bytearray, at: int) -> None:
        data[at : at + 4] = b"\xff\xff\xff\xff"

    _damage(imported_page, b"according to its report number 350", invalid_utf8)
    result = factdesk("--db", str(imported_page), "export", "--format", "json", "--all",
                      "-o", str(folder / "out.json"))  # fmt: skip
    assert_one_line(result, 1, "the database file is damaged", "not valid UTF-8",
                    "restore it from a backup")  # fmt: skip
    assert not (folder / "out.json").exists()


def test_a_damaged_stored_page_is_one_line_and_spares_the_report(imported_page, folder):  # noqa: F811
    conn = sqlite3.connect(imported_page)
    (raw,) = conn.execute("SELECT raw_gz FROM articles").fetchone()
    conn.close()

    def flip(data: bytearray, at: int) -> None:
        for offset in range(10, 20):
            data[at + offset] ^= 0x55

    _damage(imported_page, raw[20:60], flip)
    # The report needs only the text: it is written whole.
    out = folder / "out.json"
    result = factdesk(
        "--db", str(imported_page), "export", "--format", "json", "--all", "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(out.read_text())["articles"][0]["items"]) > 50
    # Whatever reads the page itself meets one plain line, not a zlib traceback.
    with Desk(imported_page) as desk:
        article_id = desk.articles()[0].id
        with pytest.raises(DamagedData) as caught:
            desk.article(article_id)
    problem = database_problem(caught.value, imported_page)
    assert problem is not None and "\n" not in str(problem)
    assert "is damaged" in str(problem) and f"article {article_id}" in str(problem)


def test_a_db_in_a_folder_that_may_not_be_entered(folder):  # noqa: F811
    locked = folder / "locked"
    locked.mkdir()
    locked.chmod(0o000)
    for argv in (("claims",), ("import", "-")):
        for db in (locked / "desk.db", locked / "inner" / "desk.db"):
            result = factdesk("--db", str(db), *argv, prefix=as_user())
            assert_one_line(result, 2, "cannot reach it", f"the folder {locked} may not be entered")


def test_a_file_name_with_a_newline_stays_on_one_line(folder):  # noqa: F811
    odd = folder / "two\nlines.txt"
    result = factdesk("--db", str(folder / "desk.db"), "import", str(odd))
    assert_one_line(result, 2, "two\\nlines.txt: no such file")


@pytest.mark.parametrize(
    "argv",
    [("claims",), ("articles",), ("search", "x"), ("speakers",), ("trash", "list"),
     ("history", "ABCDEF"), ("export", "--format", "json", "-o", "{out}"), ("settings",)],
)  # fmt: skip
def test_reading_commands_never_create_a_database(folder, argv):  # noqa: F811
    typo = folder / "typo.db"
    argv = [part.format(out=folder / "out.json") for part in argv]
    result = factdesk("--db", str(typo), *argv)
    assert_one_line(result, 2, f"{typo}: no such database file", "nothing was created")
    assert sorted(p.name for p in folder.iterdir()) == []


def test_commands_that_add_may_create_it(folder):  # noqa: F811
    fresh = folder / "fresh.db"
    result = subprocess.run(
        [*factdesk_command(), "--db", str(fresh), "import", "-"],
        input="The tax rose by 4% in 2021.", capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert fresh.exists()
    assert factdesk("--db", str(folder / "set.db"), "settings", "reviewer", "Sam").returncode == 0


def factdesk_command() -> list[str]:
    from tests.test_database_files import FACTDESK

    return FACTDESK
