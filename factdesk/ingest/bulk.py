"""Extracting many local files in worker processes (the database writer stays single, in
the caller): results come back as they finish, a failing file gives its error, and an
interrupt (Ctrl+C) cancels what is pending and shuts the workers down without hanging.
Workers never outlive the process that started them: killed (SIGKILL, a crash) it cannot
stop them, so each worker watches for that itself (see _die_with_parent)."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any

from factdesk.errors import FactdeskError
from factdesk.model import Article

# Files queued per worker: enough to keep every worker busy, few enough that an
# interrupt has little to cancel and a huge folder is not all submitted at once.
QUEUE_PER_WORKER = 4


# How often a worker checks that its parent is alive (where the kernel cannot tell it).
PARENT_CHECK_SECONDS = 0.2
PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


def _start_worker(parent_pid: int) -> None:
    """In each worker: Ctrl+C is the parent's to handle (it cancels and shuts the workers
    down), and the worker ends when the parent does."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent_pid)


def _die_with_parent(parent_pid: int) -> None:
    """End this process as soon as `parent_pid` is gone. A SIGKILLed parent runs no
    cleanup, and its workers (about 75 MB each, with the resource tracker they keep
    alive) would run on for ever. Linux: the kernel sends SIGKILL when the parent dies
    (prctl PR_SET_PDEATHSIG); everywhere: a thread that notices the worker was re-parented."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watchdog below still works
    if os.getppid() != parent_pid:  # died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def extract_one(source: str) -> Article | FactdeskError:
    """Read one source in a worker; errors come back as values, not exceptions."""
    from factdesk.ingest.sources import read_source

    try:
        return read_source(source)
    except FactdeskError as exc:
        return exc
    except Exception as exc:  # a bug or a pathological page: report it for this file only
        return FactdeskError(f"{source}: extraction failed ({type(exc).__name__}: {exc})")


def _new_pool(workers: int) -> ProcessPoolExecutor:
    # "spawn": a fresh interpreter per worker, safe even when the caller runs threads (Qt);
    # fork would copy locks held by other threads.
    return ProcessPoolExecutor(
        max_workers=max(1, workers),
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(os.getpid(),),
    )


def extract_many(
    sources: Iterable[str],
    *,
    workers: int = 2,
    work: Callable[[str], Any] = extract_one,
) -> Generator[tuple[str, Article | FactdeskError | Any], None, None]:
    """Extract `sources` (local files) in `workers` processes, yielding (source, result)
    in the order they finish; result is an Article or the FactdeskError for that source.
    `work` (a module-level function, so it can be sent to a process) may do more per file,
    e.g. split the claims too; it returns errors as values, like extract_one.

    If a worker dies (killed, out of memory), the files it was given are tried once more
    in a fresh pool, then reported as errors. Closing the iterator or an interrupt
    cancels pending work and stops the workers.
    """
    pending_sources = iter(sources)
    queue_size = max(1, workers) * QUEUE_PER_WORKER
    children_before = set(multiprocessing.active_children())
    executor = _new_pool(workers)
    running: dict[Future, str] = {}
    retried: set[str] = set()
    finished_cleanly = False
    try:
        while True:
            for source in islice(pending_sources, queue_size - len(running)):
                try:
                    running[executor.submit(work, source)] = source
                except BrokenProcessPool:
                    # A worker died since the last look: the pool takes nothing more. A
                    # fresh one takes this file and, once their futures fail, the rest.
                    executor.shutdown(wait=False, cancel_futures=True)
                    executor = _new_pool(workers)
                    running[executor.submit(work, source)] = source
            if not running:
                break
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            to_retry = []
            for future in done:
                source = running.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool:
                    if source not in retried:
                        retried.add(source)
                        to_retry.append(source)
                        continue
                    result = FactdeskError(f"{source}: the extraction worker stopped unexpectedly")
                yield source, result
            if to_retry:  # the pool is broken: everything still in it is lost too
                executor.shutdown(wait=False, cancel_futures=True)
                executor = _new_pool(workers)
                to_retry += running.values()
                running.clear()
                for source in to_retry:
                    running[executor.submit(work, source)] = source
        finished_cleanly = True
    finally:
        if finished_cleanly:
            executor.shutdown(wait=True)
        else:
            _stop(executor, children_before)


def _stop(executor: ProcessPoolExecutor, children_before: set) -> None:
    """Cancel what is queued and end the workers now (an interrupt should not wait for
    pages being extracted)."""
    processes = set(getattr(executor, "_processes", {}).values())  # private, so guarded
    executor.shutdown(wait=False, cancel_futures=True)
    # The pool may still be starting a worker as we stop it: sweep until none is left.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        processes |= set(multiprocessing.active_children()) - children_before
        alive = [p for p in processes if p.is_alive()]
        if not alive:
            return
        for process in alive:
            process.terminate()
        for process in alive:
            process.join(timeout=0.5)
