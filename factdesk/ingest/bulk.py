"""Extracting many local files in worker processes (the database writer stays single, in
the caller): results come back as they finish, a failing file gives its error, and an
interrupt (Ctrl+C) cancels what is pending and shuts the workers down without hanging."""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import islice

from factdesk.errors import FactdeskError
from factdesk.model import Article

# Files queued per worker: enough to keep every worker busy, few enough that an
# interrupt has little to cancel and a huge folder is not all submitted at once.
QUEUE_PER_WORKER = 4


def _ignore_interrupts() -> None:
    """Workers leave Ctrl+C to the parent, which cancels and shuts them down."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def extract_one(source: str) -> Article | FactdeskError:
    """Read one source in a worker; errors come back as values, not exceptions."""
    from factdesk.ingest.sources import read_source

    try:
        return read_source(source)
    except FactdeskError as exc:
        return exc
    except Exception as exc:  # a bug or a pathological page: report it for this file only
        return FactdeskError(f"{source}: extraction failed ({type(exc).__name__}: {exc})")


def extract_many(
    sources: Iterable[str], *, workers: int = 2
) -> Iterator[tuple[str, Article | FactdeskError]]:
    """Extract `sources` (local files) in `workers` processes, yielding (source, result)
    in the order they finish; result is an Article or the FactdeskError for that source.

    Closing the iterator or an interrupt cancels pending work and stops the workers.
    """
    pending_sources = iter(sources)
    # "spawn": a fresh interpreter per worker, safe even when the caller runs threads (Qt);
    # fork would copy locks held by other threads.
    context = multiprocessing.get_context("spawn")
    executor = ProcessPoolExecutor(
        max_workers=max(1, workers), mp_context=context, initializer=_ignore_interrupts
    )
    running: dict[Future, str] = {}
    finished_cleanly = False
    try:
        for source in islice(pending_sources, workers * QUEUE_PER_WORKER):
            running[executor.submit(extract_one, source)] = source
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                source = running.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool:
                    # A worker died (killed, out of memory): the pool is unusable now.
                    result = FactdeskError(f"{source}: the extraction worker stopped unexpectedly")
                    executor.shutdown(wait=False, cancel_futures=True)
                    executor = ProcessPoolExecutor(
                        max_workers=max(1, workers),
                        mp_context=context,
                        initializer=_ignore_interrupts,
                    )
                    resubmit = list(running.values())
                    running.clear()
                    for other in resubmit:
                        running[executor.submit(extract_one, other)] = other
                yield source, result
                for next_source in islice(pending_sources, 1):
                    running[executor.submit(extract_one, next_source)] = next_source
        finished_cleanly = True
    finally:
        if finished_cleanly:
            executor.shutdown(wait=True)
        else:
            _stop(executor)


def _stop(executor: ProcessPoolExecutor) -> None:
    """Cancel what is queued and end the workers now (an interrupt should not wait for
    pages being extracted)."""
    processes = list(getattr(executor, "_processes", {}).values())  # private, so guarded
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
