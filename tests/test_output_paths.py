"""Where exports, bundles and backups go (issue 22): `-o -` streams to stdout; a symlink is
written through (the link stays, its target gets the file); a folder, a device or a pipe
is refused in one line with nothing written; a `NAME.part` symlink someone left is never
written through. Each through the real command in a subprocess."""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from factdesk.desk import Desk
from tests.conftest import SAMPLE

FACTDESK = [sys.executable, "-m", "factdesk"]
# (argv after the database, what a written file starts with)
OUTPUTS = {
    "report": (["export", "--format", "md"], b"# "),
    "bundle": (["export", "--format", "bundle"], b"\x1f\x8b"),  # gzip
    "backup": (["backup"], b"SQLite format 3\x00"),
}


@pytest.fixture(scope="module")
def rated_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("outputs") / "desk.db"
    with Desk(path) as desk:
        desk.import_source(str(SAMPLE))
        claim = desk.claims()[0]
        desk.set_verdict(claim.id, "False", summary="No.")
        desk.add_evidence(claim.id, "https://example.org/source", fetch=False)
    return path


def run(db: Path, *argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*FACTDESK, "--db", str(db), *argv], capture_output=True, timeout=120, cwd=cwd
    )


def one_line(result: subprocess.CompletedProcess, *words: str) -> str:
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    for word in words:
        assert word in err, err
    return err


@pytest.mark.parametrize("kind", OUTPUTS)
def test_dash_streams_to_stdout_and_makes_no_file(rated_db, tmp_path, kind):
    argv, head = OUTPUTS[kind]
    result = run(rated_db, *argv, "-o", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(head)
    assert "standard output" in result.stderr.decode()  # the status: stderr, not the data
    assert not (tmp_path / "-").exists() and not list(tmp_path.iterdir())
    if kind == "bundle":  # the stream is a whole bundle another database can import
        (tmp_path / "piped.bundle").write_bytes(result.stdout)
        with Desk(tmp_path / "other.db") as other:
            assert other.import_bundle(tmp_path / "piped.bundle")["claims"] > 0
    if kind == "backup":
        (tmp_path / "piped.db").write_bytes(result.stdout)
        conn = sqlite3.connect(tmp_path / "piped.db")
        assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM verdicts").fetchone()[0] == 1
        conn.close()


@pytest.mark.parametrize("kind", OUTPUTS)
def test_a_symlink_is_written_through(rated_db, tmp_path, kind):
    argv, head = OUTPUTS[kind]
    target = tmp_path / "real" / "out.file"
    target.parent.mkdir()
    target.write_bytes(b"old content")
    target.chmod(0o640)
    link = tmp_path / "link.file"
    link.symlink_to(target)
    result = run(rated_db, *argv, "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)  # still the link
    assert target.read_bytes().startswith(head)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the file's permissions kept
    assert sorted(p.name for p in target.parent.iterdir()) == ["out.file"]  # no .part left


def test_a_dangling_symlink_makes_its_target(rated_db, tmp_path):
    target = tmp_path / "made.md"
    link = tmp_path / "link.md"
    link.symlink_to(target)
    result = run(rated_db, "export", "--format", "md", "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and target.read_bytes().startswith(b"# ")


@pytest.mark.parametrize("kind", OUTPUTS)
@pytest.mark.parametrize("device", ["/dev/null", "/dev/stdout", "link to /dev/null"])
def test_a_device_is_refused(rated_db, tmp_path, kind, device):
    argv, _ = OUTPUTS[kind]
    if device.startswith("link"):
        (tmp_path / "dev-link").symlink_to("/dev/null")
        device = str(tmp_path / "dev-link")
    before = os.lstat(device)
    result = run(rated_db, *argv, "-o", device)
    one_line(result, device, "not a regular file", "- for standard output")
    after = os.lstat(device)
    assert (after.st_mode, after.st_ino, after.st_rdev) == (
        before.st_mode, before.st_ino, before.st_rdev,
    )  # fmt: skip
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert not list(Path("/dev").glob("null.part*")) and not list(Path("/dev").glob("*.part"))


def test_a_pipe_is_refused(rated_db, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    one_line(run(rated_db, "export", "--format", "md", "-o", str(fifo)), "is a pipe")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize("kind", OUTPUTS)
def test_a_folder_is_refused(rated_db, tmp_path, kind):
    argv, _ = OUTPUTS[kind]
    one_line(run(rated_db, *argv, "-o", str(tmp_path)), "is a folder")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("kind", OUTPUTS)
def test_a_part_symlink_left_there_is_never_written_through(rated_db, tmp_path, kind):
    argv, head = OUTPUTS[kind]
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious")
    output = tmp_path / "out.file"
    Path(f"{output}.part").symlink_to(victim)
    result = run(rated_db, *argv, "-o", str(output))
    assert result.returncode == 0, result.stderr
    assert victim.read_bytes() == b"precious"
    assert output.read_bytes().startswith(head) and not output.is_symlink()
    assert not Path(f"{output}.part").exists() and not Path(f"{output}.part").is_symlink()


def test_json_summaries_parse(rated_db, tmp_path):
    export = run(rated_db, "export", "--format", "csv", "--json", "-o", str(tmp_path / "r.csv"))
    assert export.returncode == 0, export.stderr
    summary = json.loads(export.stdout)
    assert summary["claims"] > 0 and summary["rated"] == 1 and summary["format"] == "csv"
    assert export.stderr == b""  # a script asked for JSON: no status line beside it
    bundle = run(rated_db, "export", "--format", "bundle", "--json", "-o", str(tmp_path / "b"))
    assert json.loads(bundle.stdout)["counts"]["verdicts"] == 1
    with gzip.open(tmp_path / "b") as f:
        assert json.loads(f.readline())["format"] == "factdesk-bundle"
    backup = run(rated_db, "backup", "--format", "json", "-o", str(tmp_path / "copy.db"))
    copy = json.loads(backup.stdout)
    assert copy["bytes"] == (tmp_path / "copy.db").stat().st_size and copy["claims"] > 0
    refused = run(rated_db, "export", "--format", "md", "--json", "-o", "-")
    one_line(refused, "--json", "standard output")


def _stderr_on_a_terminal(argv: list[str]) -> str:
    """Run the command with its stderr on a pseudo-terminal; what the terminal showed."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # 100 columns
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the command exited: the terminal has no writer left
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    assert process.wait(timeout=120) == 0, shown
    return shown.decode(errors="replace")


@pytest.mark.parametrize(
    "argv",
    [["export", "--format", "bundle", "-o", "{tmp}/work.bundle"],
     ["export", "--format", "md", "-o", "{tmp}/report.md"]],
)  # fmt: skip
def test_progress_with_counts_on_a_terminal_only(rated_db, tmp_path, argv):
    argv = [part.format(tmp=tmp_path) for part in argv]
    command = [*FACTDESK, "--db", str(rated_db), *argv]
    shown = _stderr_on_a_terminal(command)
    unit = "rows" if "bundle" in argv else "claims"
    assert f" {unit}" in shown and "/" in shown, shown  # tqdm's "n/total units"
    quiet = _stderr_on_a_terminal([*command, "--quiet"])
    assert unit not in quiet.replace("claims)", "").replace("claims,", ""), quiet
    piped = subprocess.run(command, capture_output=True, timeout=120)
    assert b"\r" not in piped.stderr and piped.stderr.count(b"\n") == 1  # the status alone
