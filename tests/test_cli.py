"""The command line, as a user runs it: real files, a real database, one-line errors."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from factdesk.cli import main
from factdesk.desk import Desk
from tests.conftest import SAMPLE, dump


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def imported(db_path, capsys):
    code, out, _ = run(capsys, "--db", str(db_path), "import", str(SAMPLE))
    assert code == 0, out
    return db_path


def test_import_prints_id_title_and_claim_count(db_path, capsys):
    code, out, err = run(capsys, "--db", str(db_path), "import", str(SAMPLE))
    assert code == 0 and err == ""
    (line,) = out.strip().splitlines()
    article_id, rest = line.split("  ", 1)
    assert len(article_id) == 26
    count = int(rest.rsplit(" claims", 1)[0].rsplit("  ", 1)[1])
    assert count >= 10


def test_importing_twice_keeps_one_article(imported, capsys):
    code, out, _ = run(capsys, "--db", str(imported), "import", str(SAMPLE))
    assert code == 0 and "already imported" in out
    code, out, _ = run(capsys, "--db", str(imported), "articles", "--format", "json")
    articles = json.loads(out)
    assert len(articles) == 1
    assert articles[0]["claim_count"] > 0


def test_claims_json_has_the_documented_fields(imported, capsys):
    code, out, _ = run(capsys, "--db", str(imported), "claims", "--format", "json")
    claims = json.loads(out)
    assert claims and code == 0
    required = {"id", "article_id", "text", "sentence", "start", "end", "speaker",
                "speaker_handle", "said_on", "score", "kind", "status", "verdict"}  # fmt: skip
    assert required <= set(claims[0])
    tory = [c for c in claims if "Tory activist" in c["text"]]
    assert tory and tory[0]["speaker_handle"] == "@Tingaling007"
    assert all(c["verdict"] is None and c["status"] == "new" for c in claims)


def test_claims_filters_by_score_and_kind(imported, capsys):
    _, out, _ = run(capsys, "--db", str(imported), "claims", "--format", "json")
    everything = json.loads(out)
    _, out, _ = run(
        capsys, "--db", str(imported), "claims", "--min-score", "0.5", "--format", "json"
    )
    high = json.loads(out)
    assert all(c["score"] >= 0.5 for c in high) and len(high) < len(everything)
    kind = everything[0]["kind"]
    _, out, _ = run(capsys, "--db", str(imported), "claims", "--kind", kind, "--format", "json")
    assert {c["kind"] for c in json.loads(out)} == {kind}


def test_search_and_sqlite_utils_search_find_mirvis(imported, capsys):
    code, out, _ = run(capsys, "--db", str(imported), "search", "Mirvis", "--format", "json")
    assert code == 0 and any("Mirvis" in c["text"] for c in json.loads(out))
    result = subprocess.run(
        [sys.executable, "-m", "sqlite_utils", "search", str(imported), "claims", "Mirvis"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    rows = json.loads(result.stdout)
    assert rows and all("mirvis" in (r["text"] + (r["speaker"] or "")).lower() for r in rows)


def test_binary_file_is_refused_in_one_line_and_changes_nothing(imported, tmp_path, capsys):
    junk = tmp_path / "photo.txt"
    junk.write_bytes(bytes(range(256)) * 8)
    before = dump(imported)
    code, _out, err = run(capsys, "--db", str(imported), "import", str(junk))
    assert code == 2
    assert "photo.txt" in err and "Traceback" not in err
    assert dump(imported) == before


def test_stdin_import_and_binary_stdin(db_path, tmp_path):
    cmd = [sys.executable, "-m", "factdesk", "--db", str(db_path), "import", "-"]
    ok = subprocess.run(
        cmd, input=b"The bridge cost 4 million pounds in 2020.\n", capture_output=True
    )
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run(cmd, input=b"\x00\x01\x02binary", capture_output=True)
    assert bad.returncode == 2
    assert bad.stderr.decode().count("\n") == 1 and b"binary" in bad.stderr


def test_wrong_database_file_is_one_line_exit_2(tmp_path, capsys):
    not_db = tmp_path / "notes.db"
    not_db.write_text("hello, this is not SQLite" * 100)
    code, _, err = run(capsys, "--db", str(not_db), "articles")
    assert code == 2 and "not a factdesk database" in err and err.count("\n") == 1


def test_unknown_claim_id_is_a_clear_error(imported, capsys):
    code, _, err = run(capsys, "--db", str(imported), "verdict", "01ZZZZZZZZ", "False")
    assert code == 2 and "no such claim" in err


def test_no_display_says_so_instead_of_aborting(db_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "factdesk", "--db", str(db_path)],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "no display" in result.stderr
    assert "factdesk --help" in result.stderr


def test_sigkill_during_import_never_leaves_half_an_article(tmp_path):
    """Kill the importer at random moments; every article present has all its claims."""
    from factdesk.claims import split_claims
    from factdesk.ingest import read_source

    folder = tmp_path / "articles"
    folder.mkdir()
    base = SAMPLE.read_text(encoding="utf-8")
    for n in range(60):
        (folder / f"a{n:02}.txt").write_text(f"Story {n}: the toll rose by {n}%.\n\n{base}")
    db_path = tmp_path / "crash.db"
    command = [sys.executable, "-m", "factdesk", "--db", str(db_path), "import", "--quiet",
               "--replace", str(folder)]  # fmt: skip
    # How long a whole run takes here, so that the kills land during the imports.
    started = time.monotonic()
    subprocess.run(command, capture_output=True, check=True)
    whole_run = time.monotonic() - started
    rng = random.Random(1234)
    kills = 0
    for _ in range(20):
        proc = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        time.sleep(rng.uniform(0.3, 0.95) * whole_run)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait()
        conn = sqlite3.connect(db_path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
    assert kills >= 15  # the trials really interrupted imports
    conn = sqlite3.connect(db_path)
    stored = conn.execute(
        "SELECT source, (SELECT count(*) FROM claims WHERE article_id = articles.id) FROM articles"
    ).fetchall()
    conn.close()
    assert len(stored) == 60
    for source, claim_count in stored:
        assert claim_count == len(split_claims(read_source(source))), source


PAGE = """<!doctype html><html lang="en"><head><title>Bridge costs | The Gazette</title>
<link rel="canonical" href="https://gazette.example/bridge">
<meta property="og:site_name" content="The Gazette">
<meta name="author" content="Elena Rusk">
<meta property="article:published_time" content="2026-03-02T08:00:00Z"></head>
<body><nav>Home | Politics | Sport</nav><article><h1>The bridge cost twice the estimate</h1>
<p>The new river bridge cost 48 million pounds, twice the council's estimate of 24 million,
according to figures published on Monday.</p>
<p>"We have cut the delays in half since it opened," Ms Rusk told the meeting.</p>
<p>Traffic on the old crossing fell by 30 per cent in the first month.</p>
</article><footer>Subscribe to our newsletter</footer></body></html>"""


def test_import_url_from_a_local_server(db_path, capsys):
    from tests.localserver import LocalServer, Reply

    server = LocalServer()
    server.route("GET", "/bridge", Reply(200, PAGE))
    server.route("GET", "/missing", Reply(404, "gone"))
    server.start()
    try:
        url = f"{server.base_url}/bridge"
        code, out, err = run(capsys, "--db", str(db_path), "import", url)
        assert code == 0, err
        assert "The bridge cost twice the estimate" in out
        code, out, _ = run(capsys, "--db", str(db_path), "import", url)
        assert "already imported" in out
        code, _, err = run(capsys, "--db", str(db_path), "import", f"{server.base_url}/missing")
        assert code == 1 and "404" in err and err.count("\n") == 1
    finally:
        server.stop()
    (article,) = json.loads(run(capsys, "--db", str(db_path), "articles", "--format", "json")[1])
    assert article["url"] == "https://gazette.example/bridge"
    assert article["publisher"] == "The Gazette"
    assert article["published"].startswith("2026-03-02")
    claims = json.loads(run(capsys, "--db", str(db_path), "claims", "--format", "json")[1])
    assert not any("newsletter" in c["text"] or "Sport" in c["text"] for c in claims)
    assert any("48 million" in c["text"] for c in claims)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["import", "ftp://example.org/a.html"], "ftp"),
        (["import", "no-such-file.txt"], "no-such-file.txt"),
        (["status", "ZZZZZZZZ", "published"], "no such claim"),
        (["scales", "add", "missing-scale.json"], "missing-scale.json"),
        (
            ["export", "--format", "html", "--article", "ZZZZZZZZ", "-o", "x.html"],
            "no such article",
        ),
    ],
)
def test_bad_input_is_one_line_exit_2(db_path, capsys, argv, message):
    Desk(db_path).close()  # an (empty) database: reading commands refuse a missing one
    code, _, err = run(capsys, "--db", str(db_path), *argv)
    assert code == 2, err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_custom_scale_can_be_added_and_used(db_path, tmp_path, capsys):
    scale = tmp_path / "traffic.json"
    scale.write_text(json.dumps({
        "id": "traffic-light", "name": "Traffic light",
        "levels": [{"label": "Green", "value": 3, "colour": "#1a7f37"},
                   {"label": "Amber", "value": 2, "colour": "#9a6700"},
                   {"label": "Red", "value": 1, "colour": "#cf222e"}],
    }))  # fmt: skip
    code, _out, err = run(capsys, "--db", str(db_path), "scales", "add", str(scale))
    assert code == 0, err
    scales = json.loads(run(capsys, "--db", str(db_path), "scales", "--format", "json")[1])
    assert "traffic-light" in {s["id"] for s in scales}
    run(capsys, "--db", str(db_path), "import", str(SAMPLE))
    claim = json.loads(run(capsys, "--db", str(db_path), "claims", "--format", "json")[1])[0]
    code, _, err = run(capsys, "--db", str(db_path), "verdict", claim["id"], "amber", "--scale",
                       "traffic-light")  # fmt: skip
    assert code == 0, err
    history = json.loads(run(capsys, "--db", str(db_path), "history", claim["id"], "--format",
                             "json")[1])  # fmt: skip
    assert history[0]["rating"] == "Amber" and history[0]["scale_id"] == "traffic-light"


def test_failures_of_a_many_source_import_are_listed_at_the_end(db_path, tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text("The bridge cost 48 million pounds in 2020.")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4 binary")
    code, out, err = run(capsys, "--db", str(db_path), "import", str(good), str(pdf),
                         str(tmp_path / "missing.txt"))  # fmt: skip
    assert code == 2
    assert len(out.strip().splitlines()) == 1 and "claims" in out
    lines = err.strip().splitlines()
    assert lines[0] == "factdesk: 2 of 3 sources failed to import:"
    # Worker processes finish in any order.
    assert sorted(Path(line.split(":")[0].strip()).name for line in lines[1:]) == [
        "missing.txt",
        "report.pdf",
    ]


def test_ctrl_c_during_a_folder_import_keeps_what_was_finished(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    base = SAMPLE.read_text(encoding="utf-8")
    # Enough that a busy machine cannot finish them all before the signal comes.
    for n in range(400):
        (folder / f"a{n:03}.txt").write_text(f"Story {n}: the toll rose by {n}%.\n\n{base}")
    db_path = tmp_path / "ctrl-c.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "factdesk", "--db", str(db_path), "import", str(folder)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    first = proc.stdout.readline()  # one article is in
    assert "claims" in first
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "interrupted; what was finished is saved" in err and "Traceback" not in err
    finished = 1 + sum(" claims" in line for line in out.splitlines())
    conn = sqlite3.connect(db_path)
    counts = conn.execute(
        "SELECT (SELECT count(*) FROM claims WHERE article_id = articles.id) FROM articles"
    ).fetchall()
    conn.close()
    # Every article said to be in is in (one more may have been committed as Ctrl+C came).
    assert finished <= len(counts) < 400
    assert len({c for (c,) in counts}) == 1 and counts[0][0] > 0  # every one complete
