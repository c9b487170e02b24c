"""Start-up at the sizes a desk reaches (issue 22), each figure beside its peer in the run.

- Every CLI read command on a 1,000,000-claim database: seconds from spawning the process
  to its exit, beside `python -c pass` (target: <= 0.5 s over it); and one command with
  the integrity check forced (what each command paid before: PRAGMA quick_check).
- The app from spawning the process to the first page of claims in its window, on the
  1M-claim database beside the sample database (target: <= 1.5x).

Processes run as installed (bytecode caches written once, no saved window session).
The big database is made once with bench_store.build (about 12 min here) under /tmp,
outside the repository. Run: python bench/bench_startup.py [--big-db PATH] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

BIG_DB = Path(tempfile.gettempdir()) / "factdesk-bench" / "claims-1m.db"
SAMPLE = ROOT / "seeds" / "000_ea872c36249f8574.txt"

FIRST_PAGE = """
import sys, time
from factdesk.gui.app import make_app, window_settings
from factdesk.gui.main_window import MainWindow
from factdesk.gui.operations import DeskSession
app = make_app()
window = MainWindow(DeskSession(sys.argv[1]), window_settings())
window.resize(1400, 860)
window.show()
deadline = time.monotonic() + 120
while window.claims.model.rowCount() == 0:
    if time.monotonic() > deadline:
        sys.exit("no first page in 120 s")
    app.processEvents()
    time.sleep(0.0005)
print("FIRST PAGE", time.process_time(), flush=True)  # CPU seconds of all its threads
window.close()
"""


def environment() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its .pyc files
    return env


def spawn_seconds(
    argv: list[str], env: dict[str, str], until: str | None = None
) -> tuple[float, float]:
    """Seconds from spawning `argv` to its exit (or to the line starting with `until`):
    wall-clock, and the CPU time it used (user + system). On a machine shared with other
    work the wall-clock grows with the load; the CPU time is what the start costs."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    if until:
        assert process.stdout is not None
        line = process.stdout.readline().decode()
        seconds = time.perf_counter() - start
        _out, err = process.communicate(timeout=120)
        if not line.startswith(until):
            raise SystemExit(f"{argv}: {line}{err.decode()[-2000:]}")
        return seconds, float(line.split()[-1])  # the CPU time it reported at that line
    _out, err = process.communicate(timeout=120)
    seconds = time.perf_counter() - start
    if process.returncode:
        raise SystemExit(f"{' '.join(argv)}: exit {process.returncode}: {err.decode()[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return seconds, cpu


def sample_db(folder: Path) -> Path:
    from factdesk.desk import Desk

    path = folder / "sample.db"
    with Desk(path) as desk:
        desk.import_source(str(SAMPLE))
    return path


def read_commands(db: Path) -> dict[str, list[str]]:
    from factdesk.desk import Desk
    from factdesk.model import ClaimFilter

    with Desk(db) as desk:
        claim = desk.claims(ClaimFilter(), limit=1)[0]
    return {
        "articles": ["articles"],
        "claims --limit 50": ["claims", "--limit", "50"],
        "claims of an article (json)": ["claims", "--article", str(claim.article_id),
                                        "--format", "json"],
        "search tax": ["search", "tax"],
        "speakers": ["speakers"],
        "history CLAIM": ["history", claim.id],
        "evidence list CLAIM": ["evidence", "list", claim.id],
        "scales": ["scales"],
        "settings": ["settings"],
    }  # fmt: skip


def cli_figures(db: Path, runs: int, env: dict[str, str]) -> None:
    from factdesk.store.integrity import state_folder

    python = [sys.executable, "-c", "pass"]
    factdesk = [sys.executable, "-m", "factdesk", "--db", str(db)]
    commands = read_commands(db)
    for argv in commands.values():  # warm: bytecode written, the file in the OS cache
        spawn_seconds([*factdesk, *argv], env)
    times: dict[str, list[tuple[float, float]]] = {n: [] for n in ["python -c pass", *commands]}
    for _ in range(runs):  # interleaved: every command sees the same machine
        times["python -c pass"].append(spawn_seconds(python, env))
        for name, argv in commands.items():
            times[name].append(spawn_seconds([*factdesk, *argv], env))
    bare_wall, bare_cpu = medians(times.pop("python -c pass"))
    print(f"CLI read commands on {db.name}, median of {runs}; python -c pass: "
          f"{bare_wall:.2f} s wall-clock, {bare_cpu:.2f} s CPU")  # fmt: skip
    for name, values in times.items():
        wall, cpu = medians(values)
        print(f"  {name:28} {wall:5.2f} s wall (pass + {wall - bare_wall:.2f}), "
              f"{cpu:.2f} s CPU (pass + {cpu - bare_cpu:.2f}; target <= +0.50 s)")  # fmt: skip
    stamp = state_folder(db) / "checked"
    saved = stamp.read_bytes()
    stamp.unlink()  # as after a crash or another version: the next open checks the file
    checked_wall, checked_cpu = spawn_seconds([*factdesk, "claims", "--limit", "50"], env)
    stamp.write_bytes(saved)
    wall, cpu = medians(times["claims --limit 50"])
    print(f"  claims --limit 50 with the integrity check forced (what every command paid "
          f"before): {checked_wall:.2f} s wall ({checked_wall - wall:+.2f}), "
          f"{checked_cpu:.2f} s CPU ({checked_cpu - cpu:+.2f})")  # fmt: skip


def medians(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def app_figures(big: Path, sample: Path, runs: int, env: dict[str, str]) -> None:
    launch = [sys.executable, "-c", FIRST_PAGE]
    seconds: dict[Path, list[tuple[float, float]]] = {big: [], sample: []}
    spawn_seconds([*launch, str(sample)], env, until="FIRST PAGE")  # warm
    for _ in range(runs):
        for db in seconds:
            fresh = dict(env, FACTDESK_DATA_DIR=tempfile.mkdtemp(prefix="factdesk-bench-"))
            seconds[db].append(spawn_seconds([*launch, str(db)], fresh, until="FIRST PAGE"))
    (big_wall, big_cpu), (sample_wall, sample_cpu) = medians(seconds[big]), medians(seconds[sample])
    print(f"app start to the first page of claims, median of {runs}:")
    print(f"  {big.name} (1M claims): {big_wall:.2f} s wall, {big_cpu:.2f} s CPU; sample "
          f"database: {sample_wall:.2f} s wall, {sample_cpu:.2f} s CPU; ratio "
          f"{big_wall / sample_wall:.2f} wall, {big_cpu / sample_cpu:.2f} CPU "
          f"(target <= 1.5)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--big-db", type=Path, default=BIG_DB)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not args.big_db.exists():
        from bench_store import build

        args.big_db.parent.mkdir(parents=True, exist_ok=True)
        print(f"building {args.big_db} (1,000,000 claims) ...", flush=True)
        build(args.big_db, 1_000_000)
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {platform.node()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f}; {args.big_db.stat().st_size / 1e6:.0f} MB"
    )
    env = environment()
    with tempfile.TemporaryDirectory() as tmp:
        sample = sample_db(Path(tmp))
        cli_figures(args.big_db, args.runs, env)
        app_figures(args.big_db, sample, args.runs, env)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
