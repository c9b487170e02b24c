"""A 1,000-article folder imported with `factdesk import FOLDER` (issue 24 item 2: >= 5
articles/s on one core, faster on two), this checkout beside another revision (main by
default) in the same run, 1 and 2 worker processes.

    PYTHONPATH=. python bench/bench_folder_rate.py [--files 1000] [--peer main]

The folder holds copies of the 181 Article Extraction Benchmark pages, each made distinct
by a sentence in its first paragraph (bench_import.make_folder), so every file is a new
article. Each run imports the whole folder into a fresh database, in a child process;
printed: wall time and articles/s, and CPU time of the child and its workers (user +
system, from the kernel's accounting of waited-for children), as articles per
CPU-second. On a machine shared with other work the CPU figure is the steady one; the
wall figure says what a checker waits for on this machine at its load.

When the CLI has a `refine` command (the encoder's work moved out of the import into a
follow-up step), `factdesk refine` is timed after the import too, and import + refine
is printed.

The peer runs from `git archive PEER` (factdesk/, resources/) in a temporary folder.
Both codes run with `python -S` and the environment's site-packages on PYTHONPATH after
the code's folder: without -S, an editable install of this checkout (its import hook,
from a .pth file) would lend the peer this checkout's package and weights.
"""

from __future__ import annotations

import argparse
import os
import resource
import site
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from bench.bench_claims_speed import checkout  # noqa: E402
from bench.bench_import import make_folder  # noqa: E402


@dataclass
class Run:
    imported: int
    wall: float
    cpu: float


def python(code: Path) -> tuple[list[str], dict[str, str]]:
    """The command and environment that run `code`'s factdesk, and no other (run in the
    folder `code`: `-m` and `-c` put the working folder first on sys.path)."""
    path = os.pathsep.join([str(code), *site.getsitepackages()])
    return [sys.executable, "-S"], {**os.environ, "PYTHONPATH": path, "OMP_NUM_THREADS": "1"}


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def factdesk(code: Path, db: Path, *args: str) -> tuple[subprocess.CompletedProcess, Run]:
    command, env = python(code)
    cpu, start = children_cpu(), time.perf_counter()
    result = subprocess.run(
        [*command, "-m", "factdesk", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=code,
    )
    wall, cpu = time.perf_counter() - start, children_cpu() - cpu
    if result.returncode not in (0, 1):
        raise SystemExit(f"factdesk {' '.join(args)} failed: {result.stderr[-2000:]}")
    imported = sum(1 for line in result.stdout.splitlines() if " claims" in line)
    return result, Run(imported, wall, cpu)


def has_refine(code: Path) -> bool:
    command, env = python(code)
    help_text = subprocess.run(
        [*command, "-m", "factdesk", "--help"], capture_output=True, text=True, env=env, cwd=code
    ).stdout
    return " refine" in help_text


def resource_of(code: Path) -> str:
    command, env = python(code)
    return subprocess.run(
        [*command, "-c", "from factdesk import paths; print(paths.resource('checkworthy'))"],
        capture_output=True,
        text=True,
        env=env,
        cwd=code,
        check=True,
    ).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--peer", default="main", help="git revision to compare with")
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    peer_rev = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", args.peer],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    here_rev = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        make_folder(folder, args.files)
        codes = {f"this ({here_rev})": REPO, f"{args.peer} ({peer_rev})": Path(tmp) / "peer"}
        checkout(args.peer, codes[f"{args.peer} ({peer_rev})"])
        for name, code in codes.items():
            print(f"{name}: weights from {resource_of(code)}; refine step: {has_refine(code)}")
        print(f"{args.files} files; load average before: {os.getloadavg()}", flush=True)
        results: dict[tuple[str, int], Run] = {}
        for workers in (int(w) for w in args.workers.split(",")):
            for name, code in codes.items():  # the two codes one after the other
                db = Path(tmp) / f"{abs(hash(name))}-{workers}.db"
                _, run = factdesk(code, db, "import", "--quiet", "--workers", str(workers),
                                  str(folder))  # fmt: skip
                line = (f"  {name:>16s}, {workers} worker(s): {run.imported} of {args.files} "
                        f"imported, wall {run.wall:.1f} s = {run.imported / run.wall:.2f} "
                        f"articles/s; CPU {run.cpu:.1f} s = {run.imported / run.cpu:.2f} "
                        f"articles per CPU-second")  # fmt: skip
                if has_refine(code):
                    _, refine = factdesk(code, db, "refine")
                    run = Run(run.imported, run.wall + refine.wall, run.cpu + refine.cpu)
                    line += (f"; + refine: wall {run.wall:.1f} s = {run.imported / run.wall:.2f}"
                             f"/s, CPU {run.cpu:.1f} s")  # fmt: skip
                results[(name, workers)] = run
                print(line, f"(load {os.getloadavg()[0]:.1f})", flush=True)
                db.unlink(missing_ok=True)
        here, peer = codes
        for workers in sorted({w for _, w in results}):
            a, b = results[(here, workers)], results[(peer, workers)]
            print(f"  {workers} worker(s): this / {args.peer}: wall rate "
                  f"{(a.imported / a.wall) / (b.imported / b.wall):.2f}x, CPU per article "
                  f"{(a.cpu / a.imported) / (b.cpu / b.imported):.2f}x")  # fmt: skip
        for name in codes:
            if (name, 1) in results and (name, 2) in results:
                one, two = results[(name, 1)], results[(name, 2)]
                print(
                    f"  {name}: 2 workers / 1, wall rate "
                    f"{(two.imported / two.wall) / (one.imported / one.wall):.2f}x"
                )
        print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
