"""The fuzz suite's settings and its count of outcomes.

Hypothesis profile "factdesk-fuzz" (use it as `@settings.get_profile("factdesk-fuzz")`):
a bounded number of examples per test in CI, many more before a release. Choose with
FACTDESK_FUZZ=ci (the default) or FACTDESK_FUZZ=release; FACTDESK_FUZZ_EXAMPLES=N sets
the number of examples per test outright (bench/bench_fuzz.py does).

Every fuzz test sends its inputs through the `fuzz_tally` fixture, which counts inputs
tried, clear errors (a FactdeskError: one line naming the input) and tracebacks (any
other exception, which also fails the test). The counts are printed at the end of the
run, and written as JSON to FACTDESK_FUZZ_COUNTS when that names a file.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from factdesk.cli import main
from factdesk.errors import FactdeskError

_EXAMPLES = {"ci": 40, "release": 1500}
_level = os.environ.get("FACTDESK_FUZZ", "ci")
if _level not in _EXAMPLES:
    raise pytest.UsageError(f"FACTDESK_FUZZ={_level}: expected one of {', '.join(_EXAMPLES)}")
settings.register_profile(
    "factdesk-fuzz",
    max_examples=int(os.environ.get("FACTDESK_FUZZ_EXAMPLES") or _EXAMPLES[_level]),
    deadline=None,  # an import takes what it takes; hangs are caught by pytest-timeout
    database=None,  # no .hypothesis folder in the checkout
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,  # a failure prints how to reproduce it
)


class Tally:
    """Outcomes per fuzz target: tried, clear (a clear error), tracebacks."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter] = {}

    def _count(self, target: str, outcome: str) -> None:
        self.counts.setdefault(target, Counter(tried=0, clear=0, tracebacks=0))[outcome] += 1

    def call(self, target: str, action: Callable[[], Any]) -> Any:
        """Run `action` on one input: its result, or None after a clear error."""
        self._count(target, "tried")
        try:
            return action()
        except FactdeskError as error:
            message = str(error)
            assert message and "\n" not in message, f"not one line: {message!r}"
            self._count(target, "clear")
            return None
        except Exception:
            self._count(target, "tracebacks")
            raise

    def cli(self, target: str, argv: list[str]) -> tuple[int, str]:
        """Run `factdesk ARGV` in this process on one input: (exit code, standard output).
        A failure must be exit code 1 or 2 with one line on standard error."""
        out, err = io.StringIO(), io.StringIO()

        def run() -> int:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                return main(argv)

        code = self.call(target, run)
        if code:
            assert code in (1, 2), f"exit code {code}"
            lines = err.getvalue().splitlines()
            assert len(lines) == 1 and lines[0].startswith("factdesk: "), err.getvalue()
            self._count(target, "clear")
        return code, out.getvalue()


_TALLY = Tally()


@pytest.fixture(scope="session")
def fuzz_tally() -> Tally:
    return _TALLY


def pytest_terminal_summary(terminalreporter) -> None:
    if not _TALLY.counts:
        return
    terminalreporter.write_sep("-", "fuzz: inputs tried, clear errors, tracebacks")
    for target, counts in sorted(_TALLY.counts.items()):
        terminalreporter.write_line(
            f"{target:<14} {counts['tried']:>7} tried {counts['clear']:>7} clear errors "
            f"{counts['tracebacks']:>3} tracebacks"
        )
    path = os.environ.get("FACTDESK_FUZZ_COUNTS")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump({t: dict(c) for t, c in _TALLY.counts.items()}, out, indent=2)
