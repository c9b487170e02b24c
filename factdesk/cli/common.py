"""What every command shares: its output (text or JSON, one-line errors), the Desk
it opens, and the claim filter its arguments give."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from factdesk.errors import BadInput

if TYPE_CHECKING:  # the Desk loads when a command needs it (a fast start for the rest)
    from factdesk.desk import Desk


# The fact-check page formats (factdesk.desk.PAGE_FORMATS; not imported here: the Desk
# is loaded on first use, so `factdesk --help` stays quick).
PAGE_FORMATS = ("page", "page-pdf", "page-md", "page-fragment")

CLAIM_JSON_FIELDS = (
    "id", "article_id", "text", "sentence", "start", "end", "context", "speaker",
    "speaker_handle", "said_on", "score", "checkworthy", "kind", "status", "assignee",
    "verdict",
)  # fmt: skip


# --- output -----------------------------------------------------------------


def _emit(rows: list[dict], fmt: str, columns: Iterable[str]) -> None:
    """Print rows as JSON (a list of objects) or as an aligned table of `columns`."""
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from tabulate import tabulate

    columns = list(columns)
    table = [[_cell(row.get(c)) for c in columns] for row in rows]
    if not rows:
        print("(none)")
        return
    # Numbers right-aligned, said here rather than guessed by tabulate cell by cell (its
    # guessing took 0.3 s for a thousand articles).
    numeric = [
        all(isinstance(row.get(c), int | float) for row in rows if row.get(c) is not None)
        for c in columns
    ]
    align = ["right" if number else "left" for number in numeric]
    print(tabulate(table, headers=columns, tablefmt="plain", disable_numparse=True, colalign=align))


def _cell(value: Any, width: int = 70) -> str:
    text = "" if value is None else f"{value:.2f}" if isinstance(value, float) else str(value)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _claim_json(claim: Any) -> dict:
    return _fields(claim, *CLAIM_JSON_FIELDS)


def _err(message: str) -> None:
    print(f"factdesk: {one_line(message)}", file=sys.stderr)


def one_line(message: str) -> str:
    """An error as one line, whatever it quotes: a file name may hold a newline."""
    return message.replace("\n", "\\n").replace("\r", "\\r")


def _wants_json(args: argparse.Namespace) -> bool:
    if hasattr(args, "json"):  # export, whose --format is the report's
        return bool(args.json)
    return getattr(args, "format", None) == "json"


def _answer(args: argparse.Namespace, result: dict, line: str | None) -> None:
    """What a command that changed something prints on stdout: with --format json, one
    JSON object (new ids, counts) for a script; else `line` for a person."""
    if _wants_json(args):
        print(json.dumps(result, ensure_ascii=False, default=str))
    elif line is not None:
        print(line)


def _status(args: argparse.Namespace, line: str) -> None:
    """A line saying what was done, on stderr (stdout carries only data), unless
    --quiet or a script asked for JSON."""
    if not getattr(args, "quiet", False) and not _wants_json(args):
        print(line, file=sys.stderr, flush=True)


def _on_terminal(args: argparse.Namespace) -> bool:
    """Whether to show progress: on a terminal (or asked with --progress), unless --quiet."""
    wanted = sys.stderr.isatty() or getattr(args, "progress", False)
    return wanted and not getattr(args, "quiet", False)


def _fields(obj: Any, *names: str) -> dict:
    return {name: getattr(obj, name) for name in names}


def _open_desk(args: argparse.Namespace, *, create: bool = False) -> Desk:
    """The database --db names. Only commands that add to it (create=True) may make a new
    one: a mistyped --db with a reading command is an error, not an empty database."""
    from factdesk.desk import Desk

    return Desk(args.db, create=create)


def _read_stdin_text() -> str:
    data = sys.stdin.buffer.read()
    if b"\x00" in data:
        raise BadInput("-: binary input, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadInput(f"-: not UTF-8 text ({error.reason} at byte {error.start})") from None


def _add_claim_filters(p: argparse.ArgumentParser) -> None:
    """The claims list's filters, for commands that act on the claims a filter lists."""
    p.add_argument("--min-score", type=float)
    p.add_argument("--kind")
    p.add_argument("--status")
    p.add_argument("--verdict")
    p.add_argument("--speaker")
    p.add_argument("--assignee", metavar="NAME", help="claims assigned to NAME ('' for nobody)")


def _claim_filter(args: argparse.Namespace) -> Any:
    from factdesk.model import ClaimFilter

    flt = ClaimFilter(
        min_score=args.min_score,
        kind=args.kind,
        status=args.status,
        verdict=args.verdict,
        speaker=args.speaker,
        assignee=args.assignee,
    )
    return flt if flt != ClaimFilter() else None
