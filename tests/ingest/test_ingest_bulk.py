"""extract_many: worker processes, errors per file, clean cancellation."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from factdesk.errors import BadInput, FactdeskError
from factdesk.ingest.bulk import extract_many
from factdesk.model import Article

ROOT = Path(__file__).resolve().parents[2]


def _make_files(folder: Path, count: int) -> list[str]:
    paths = []
    for number in range(count):
        path = folder / f"story{number:03}.txt"
        path.write_text(
            f"Story {number}\n\nThe council spent £{number}m on the bridge. — Tom (@tom) "
            "March 4, 2024\n",
            encoding="utf-8",
        )
        paths.append(str(path))
    return paths


def test_results_for_every_file_and_the_error_for_a_bad_one(tmp_path):
    sources = _make_files(tmp_path, 6)
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    sources += [str(tmp_path / "scan.pdf"), str(tmp_path / "missing.html")]
    results = dict(extract_many(sources, workers=2))
    assert set(results) == set(sources)
    articles = [r for r in results.values() if isinstance(r, Article)]
    errors = {s: r for s, r in results.items() if isinstance(r, FactdeskError)}
    assert len(articles) == 6
    assert all(article.posts[0].handle == "@tom" for article in articles)
    assert set(errors) == {str(tmp_path / "scan.pdf"), str(tmp_path / "missing.html")}
    assert all(isinstance(error, BadInput) for error in errors.values())
    assert "PDF files are not supported" in str(errors[str(tmp_path / "scan.pdf")])


def test_closing_early_cancels_the_rest_and_stops_the_workers(tmp_path):
    sources = _make_files(tmp_path, 40)
    results = extract_many(sources, workers=2)
    _, first = next(results)
    assert isinstance(first, Article)
    started = time.monotonic()
    results.close()
    assert time.monotonic() - started < 5


def test_ctrl_c_stops_promptly_without_leaving_workers(tmp_path):
    """A real SIGINT to a process importing a folder: it ends quickly, no workers linger."""
    sources = _make_files(tmp_path, 400)
    script = textwrap.dedent(
        f"""
        import multiprocessing
        import os
        import time
        from factdesk.ingest.bulk import extract_many
        if __name__ == "__main__":
            sources = {sources!r}
            done = 0
            try:
                for source, result in extract_many(sources, workers=2):
                    done += 1
                    if done == 3:
                        print("started", flush=True)
                    if done >= 3:  # slow from here, so the signal finds it still running
                        time.sleep(0.05)
            except KeyboardInterrupt:
                print("interrupted", done, len(multiprocessing.active_children()), flush=True)
                os._exit(130)  # as the CLI does: see factdesk.cli.main
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "started"
    process.send_signal(signal.SIGINT)
    try:
        output, _ = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        raise AssertionError("extract_many hung after Ctrl+C") from None
    assert process.returncode == 130
    interrupted, done, workers_left = output.split()
    assert interrupted == "interrupted"
    assert 3 <= int(done) < 400
    assert workers_left == "0"


def test_a_killed_worker_loses_no_file(tmp_path):
    sources = _make_files(tmp_path, 30)
    results = extract_many(sources, workers=2)
    collected = dict([next(results)])
    victim = multiprocessing.active_children()[0]
    os.kill(victim.pid, signal.SIGKILL)
    collected.update(results)
    assert set(collected) == set(sources)
    assert all(isinstance(result, Article) for result in collected.values())


def _alive(pid: int) -> bool:
    """Whether a process runs (a zombie waiting for its reaper has ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


def test_workers_die_within_a_second_of_a_sigkilled_parent(tmp_path):
    """Issue 19: a folder import killed with SIGKILL (or the app dying) left its workers and
    their resource tracker running for ever. Now they follow the parent within a second."""
    sources = _make_files(tmp_path, 400)
    script = textwrap.dedent(
        f"""
        import multiprocessing
        from multiprocessing import resource_tracker
        from factdesk.ingest.bulk import extract_many
        if __name__ == "__main__":
            for done, _result in enumerate(extract_many({sources!r}, workers=2)):
                if done == 3:
                    pids = [p.pid for p in multiprocessing.active_children()]
                    pids.append(resource_tracker._resource_tracker._pid)
                    print(*pids, flush=True)
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    pids = [int(pid) for pid in process.stdout.readline().split()]
    assert len(pids) == 3 and all(_alive(pid) for pid in pids)  # two workers, the tracker
    process.kill()  # SIGKILL: no cleanup runs in the parent
    process.wait(timeout=10)
    killed_at = time.monotonic()
    while any(_alive(pid) for pid in pids) and time.monotonic() - killed_at < 5:
        time.sleep(0.02)
    lasted = time.monotonic() - killed_at
    assert not any(_alive(pid) for pid in pids), "workers outlived their parent"
    assert lasted < 1.0, f"workers lasted {lasted:.2f} s after their parent"
