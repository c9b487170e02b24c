"""Problems with the database file, as a user meets them: a read-only file, folder or
disk, a full disk, a damaged file, a file another program holds locked, odd --db values.
Each is one line saying what to do, and nothing is written. Real files, real processes;
read-only and full disks are real mounts in a private mount namespace where the machine
allows it (unshare), and a non-root user is simulated by dropping the capability that
lets root write anything (setpriv)."""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from factdesk.desk import Desk
from factdesk.model import Article
from tests.conftest import SAMPLE, dump, strict_ci
from tests.test_desk import TEXT, sentence_split

FACTDESK = [sys.executable, "-m", "factdesk"]


@pytest.fixture
def folder():
    """A folder other users may enter (pytest's own tmp folders are private to root)."""
    path = Path(tempfile.mkdtemp(prefix="factdesk-files-"))
    path.chmod(0o755)
    yield path
    for inner in (path, *path.rglob("*")):
        inner.chmod(0o755 if inner.is_dir() else 0o644)
    shutil.rmtree(path)


@pytest.fixture
def desk_file(folder) -> tuple[Path, str]:
    """A database with an article, closed; and the id of one of its claims."""
    path = folder / "desk.db"
    with Desk(path) as desk:
        desk.import_article(Article(source="a.txt", text=TEXT), split=sentence_split)
        return path, desk.claims()[0].id


def as_user() -> list[str]:
    """A command prefix that runs as an ordinary user would: without the capability that
    lets root write to read-only files and folders."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("setpriv is needed to drop root's override of file permissions")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def factdesk(*argv: str, prefix: list[str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*(prefix or []), *FACTDESK, *argv], capture_output=True, text=True, timeout=120
    )


def assert_one_line(result: subprocess.CompletedProcess, code: int, *words: str) -> None:
    assert result.returncode == code, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_read_only_file_can_be_read_but_not_written(desk_file):
    path, claim_id = desk_file
    path.chmod(0o444)
    before = digest(path)
    listed = factdesk("--db", str(path), "claims", "--format", "json", prefix=as_user())
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) == 4
    result = factdesk("--db", str(path), "verdict", claim_id, "False", prefix=as_user())
    assert_one_line(result, 1, "read-only", "the file is read-only", "nothing was changed")
    assert digest(path) == before


def test_a_database_in_a_folder_that_cannot_be_written(desk_file, folder):
    path, claim_id = desk_file
    folder.chmod(0o555)
    before = digest(path)
    result = factdesk("--db", str(path), "verdict", claim_id, "False", prefix=as_user())
    assert_one_line(result, 1, "read-only", f"the folder {folder} is not writable")
    assert factdesk("--db", str(path), "articles", prefix=as_user()).returncode == 0
    new = factdesk("--db", str(folder / "new.db"), "import", "-", prefix=as_user())
    assert_one_line(new, 2, "cannot open or create", "not writable", "choose another --db")
    assert digest(path) == before and not (folder / "new.db").exists()


def _in_private_mounts(script: str) -> subprocess.CompletedProcess:
    """Run a shell script in a mount namespace of its own (mounts vanish with it)."""
    if not shutil.which("unshare"):
        pytest.skip("unshare is not installed")
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        if strict_ci():
            pytest.fail(f"cannot make a mount namespace here: {probe.stderr!r}")
        pytest.skip("this machine does not allow private mounts")
    return subprocess.run(
        ["unshare", "-m", "sh", "-ec", script], capture_output=True, text=True, timeout=300
    )


def test_a_database_on_a_read_only_disk(desk_file, folder):
    path, claim_id = desk_file
    before = digest(path)
    command = " ".join(FACTDESK)
    result = _in_private_mounts(
        f"mount --bind {folder} {folder}; mount -o remount,ro,bind {folder}\n"
        f"{command} --db {path} articles --format json\n"
        f"{command} --db {path} verdict {claim_id} False || echo exit=$?"
    )
    assert "exit=1" in result.stdout, result.stderr
    assert result.stderr.count("\n") == 1 and "read-only disk" in result.stderr
    assert json.loads(result.stdout.split("exit=")[0])[0]["claim_count"] == 4
    assert digest(path) == before


FULL_DISK = textwrap.dedent(
    """
    import hashlib, json, shutil, sqlite3, subprocess, sys
    from pathlib import Path
    source, disk, sample, *factdesk = sys.argv[1:]
    db = Path(disk) / "desk.db"
    shutil.copy(source, db)
    def dump():
        conn = sqlite3.connect(db)
        try:
            return hashlib.sha256("\\n".join(conn.iterdump()).encode()).hexdigest()
        finally:
            conn.close()
    before = dump()
    filler = Path(disk) / "filler"
    import os
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:  # fill the disk, then give back a little room
        while os.write(fd, b"\\0" * 4096):
            pass
    except OSError:
        pass
    os.ftruncate(fd, max(0, filler.stat().st_size - 64 * 1024))
    os.close(fd)
    run = subprocess.run([*factdesk, "--db", str(db), "import", sample],
                         capture_output=True, text=True)
    bundle = subprocess.run([*factdesk, "--db", str(db), "export", "--format", "bundle",
                             "-o", str(Path(disk) / "work.bundle")], capture_output=True, text=True)
    filler.unlink()
    print(json.dumps({"code": run.returncode, "err": run.stderr, "same": dump() == before,
                      "bundle_err": bundle.stderr,
                      "left": sorted(p.name for p in Path(disk).iterdir())}))
    """
)


def test_a_full_disk_changes_nothing(desk_file, folder):
    path, _ = desk_file
    disk = folder / "disk"
    disk.mkdir()
    script = folder / "full_disk.py"
    script.write_text(FULL_DISK)
    command = " ".join(FACTDESK)
    result = _in_private_mounts(
        f"mount -t tmpfs -o size=1m tmpfs {disk}\n"
        f"{sys.executable} {script} {path} {disk} {SAMPLE} {command}"
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout)
    assert outcome["code"] == 1 and outcome["same"], outcome
    assert outcome["err"].count("\n") == 1 and "the disk is full" in outcome["err"]
    assert "Traceback" not in outcome["bundle_err"]
    assert not [name for name in outcome["left"] if name.endswith(".part")]


def test_a_file_size_limit_is_a_clear_error_too(desk_file):
    """Where no small disk can be mounted: a process file-size limit (RLIMIT_FSIZE)."""
    path, _ = desk_file
    before = dump(path)

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        size = 16 * 1024  # the -wal file may not grow past this
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    result = subprocess.run(
        [*FACTDESK, "--db", str(path), "import", str(SAMPLE)],
        capture_output=True,
        text=True,
        preexec_fn=limit,
        timeout=120,
    )
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert "nothing was changed" in result.stderr and "Traceback" not in result.stderr
    assert dump(path) == before


def test_a_damaged_database_is_refused_before_anything_is_written(desk_file):
    path, claim_id = desk_file
    with Desk(path) as desk:  # enough pages that the damage lands past the schema
        for n in range(40):
            desk.import_article(
                Article(source=f"{n}.txt", text=f"Story {n}. {TEXT}"), split=sentence_split
            )
    with open(path, "r+b") as f:
        f.seek(path.stat().st_size - 3 * 4096)
        f.write(b"\xa5" * 4096)
    before = digest(path)
    for argv in (["articles"], ["verdict", claim_id, "False"]):
        result = factdesk("--db", str(path), *argv)
        assert_one_line(result, 1, "damaged", "restore it from a backup", ".recover")
    assert digest(path) == before


def test_a_database_another_program_holds_locked(desk_file):
    path, _ = desk_file
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sqlite3, time
            conn = sqlite3.connect({str(path)!r}, isolation_level=None)
            conn.execute("PRAGMA locking_mode=EXCLUSIVE")
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("UPDATE settings SET value = value")
            print("locked", flush=True)
            time.sleep(60)
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        result = factdesk("--db", str(path), "articles")
    finally:
        holder.kill()
        holder.wait()
    assert_one_line(result, 1, "held the database locked", f"pid {holder.pid}")
    assert "not a factdesk database" not in result.stderr


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("", "the database path is empty"),
        ("{folder}", "is a folder, not a database file"),
        ("{file}/inner.db", "is a file, not a folder"),
        ("{file}/deeper/inner.db", "is a file, not a folder"),
    ],
)
def test_odd_db_values_are_one_line(folder, value, words):
    plain = folder / "notes.txt"
    plain.write_text("not a folder")
    result = factdesk("--db", value.format(folder=folder, file=plain), "articles")
    assert_one_line(result, 2, words)
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_the_database_files_are_never_an_export_or_import(desk_file, suffix, tmp_path):
    path, _ = desk_file
    target = Path(f"{path}{suffix}")
    link = tmp_path / "link.db"
    link.symlink_to(path)
    with Desk(path) as desk:
        before = dump(path)
        for argv in (
            ["export", "--format", "html", "-o", str(target)],
            ["export", "--format", "bundle", "-o", str(target)],
            ["backup", "-o", str(target)],
            ["import", str(target)],
            ["claimreview", str(target)],
            ["export", "--format", "csv", "-o", str(link)],
        ):
            result = factdesk("--db", str(path), *argv)
            assert_one_line(result, 2, "this database's own file")
        assert dump(path) == before
        assert desk.count_claims() == 4


def test_backup_is_consistent_while_another_process_writes(desk_file, folder):
    path, claim_id = desk_file
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            from factdesk.desk import Desk
            with Desk({str(path)!r}) as desk:
                print("writing", flush=True)
                for n in range(400):
                    desk.set_verdict({claim_id!r}, str(1 + n % 6), scale="politifact")
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout.readline().strip() == "writing"
    result = factdesk("--db", str(path), "backup", "-o", str(folder / "copy.db"))
    writer.wait(timeout=300)
    assert result.returncode == 0, result.stderr
    assert "copy.db: backup of" in result.stdout
    conn = sqlite3.connect(folder / "copy.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    copied = conn.execute("SELECT count(*) FROM verdicts").fetchone()[0]
    conn.close()
    assert 0 <= copied <= 400
    with Desk(folder / "copy.db") as copy:
        claim = copy.claim(claim_id)
        history = copy.verdicts(claim_id)
        assert claim.verdict == (history[-1].rating if history else None)
    assert not list(folder.glob("*.part*"))


def test_quick_check_runs_once_per_process_and_file(db_path):
    Desk(db_path).close()
    from factdesk.store import db as store_db

    store_db._CHECKED.clear()
    seen: list[str] = []
    original = sqlite3.connect

    def traced(*args, **kwargs):
        conn = original(*args, **kwargs)
        conn.set_trace_callback(seen.append)
        return conn

    sqlite3.connect = traced
    try:
        Desk(db_path).close()
        Desk(db_path).close()
    finally:
        sqlite3.connect = original
    assert sum("quick_check" in statement for statement in seen) == 1


APP = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from factdesk.desk import Desk
    from factdesk.errors import DatabaseFilesReplaced
    path, claim_id = sys.argv[1], sys.argv[2]
    desk = Desk(path)
    desk.set_verdict(claim_id, "True", scale="politifact", summary="app, before")
    # Something in the process reads the database file (a file dialog's icon, a drop):
    # closing it drops every POSIX lock this process holds on it.
    for suffix in ("", "-wal", "-shm"):
        Path(path + suffix).read_bytes()
    print("locks dropped", flush=True)
    sys.stdin.readline()  # the CLI has written, and closed
    try:
        desk.set_verdict(claim_id, "False", scale="politifact", summary="app, after")
        print("written without noticing", flush=True)
    except DatabaseFilesReplaced as error:
        print("told:", error, flush=True)
        desk.set_verdict(claim_id, "False", scale="politifact", summary="app, again")
        print("written again", flush=True)
    time.sleep(60)  # until killed
    """
)


def test_the_app_notices_its_wal_was_deleted_and_loses_nothing(desk_file):
    """The app open on a database; its locks dropped (as a file dialog does); a CLI writes
    and closes (deleting the -wal); the app writes; the app is killed with SIGKILL: a fresh
    process sees every write from both sides. On the first release the app's later writes
    went into the deleted -wal and vanished with it."""
    path, claim_id = desk_file
    app = subprocess.Popen(
        [sys.executable, "-c", APP, str(path), claim_id],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert app.stdout.readline().strip() == "locks dropped"
        cli = factdesk("--db", str(path), "verdict", claim_id, "Half True", "--summary", "cli")
        assert cli.returncode == 0, cli.stderr
        assert not Path(f"{path}-wal").exists()  # the CLI thought it was alone
        app.stdin.write("go\n")
        app.stdin.flush()
        told = app.stdout.readline()
        assert told.startswith("told:") and "reopened it" in told, told
        assert "make it again" in told and told.count("\n") == 1
        assert app.stdout.readline().strip() == "written again"
    finally:
        app.kill()
        app.wait()
    with Desk(path) as fresh:
        summaries = [v.summary for v in fresh.verdicts(claim_id)]
        assert summaries == ["app, before", "cli", "app, again"]
        assert fresh.claim(claim_id).verdict == "False"
