"""Commands that write out: fact-checks, exports and backups."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from factdesk.errors import BadInput
from factdesk.outputs import is_stdout, output_target

if TYPE_CHECKING:  # the Desk loads when a command needs it (a fast start for the rest)
    pass
from .common import (
    PAGE_FORMATS,
    _answer,
    _claim_filter,
    _err,
    _on_terminal,
    _open_desk,
    _read_stdin_text,
    _status,
)
from .importing import _read_text_file


def cmd_factcheck(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    claim_id = desk.resolve_claim_id(args.claim)
    if args.action == "edit":
        findings = None
        if args.findings == "-":
            findings = _read_stdin_text()
        elif args.findings is not None:
            findings = _read_text_file(Path(args.findings))
        authors = None if args.authors is None else args.authors.split(",")
        desk.save_factcheck(
            claim_id,
            headline=args.headline,
            findings=findings,
            authors=authors,
            correction=args.correction,
        )
    elif args.action == "submit":
        desk.submit_factcheck(claim_id, by=args.by)
    elif args.action == "sign-off":
        desk.sign_off_factcheck(claim_id, args.editor or "")
    elif args.action == "return":
        desk.return_factcheck(claim_id, by=args.by)
    elif args.action == "add":  # other claims on the same point: one fact-check for all
        others = [desk.resolve_claim_id(c) for c in (args.claims or "").split(",") if c.strip()]
        if not others:
            raise BadInput("factcheck add: name the claims to add, e.g. --claims ID,ID")
        desk.cover_claims(claim_id, others, correction=args.correction)
    elif args.action == "take-out":
        factcheck = desk.factcheck(claim_id)
        desk.uncover_claims([claim_id], correction=args.correction)
        claim_id = factcheck.claim_id  # (what is shown: the fact-check it left)
    factcheck = desk.factcheck(claim_id)
    if args.format == "json":
        print(json.dumps(asdict(factcheck), ensure_ascii=False, indent=2))
        return 0
    print(f"{factcheck.state}: {factcheck.headline}")
    if factcheck.authors:
        print("by " + ", ".join(factcheck.authors))
    if factcheck.editor:
        print(f"signed off by {factcheck.editor} on {(factcheck.published_at or '')[:10]}")
    for correction in factcheck.corrections:
        print(f"correction {correction.at[:10]}: {correction.note}")
    for other in factcheck.other_claims:
        print(f"also covers {other}: {' '.join(desk.claim(other).text.split())}")
    if args.action == "show" and factcheck.findings:
        print()
        print(factcheck.findings)
    return 0


def _add_factcheck(command: Callable) -> None:
    p = command(
        "factcheck",
        cmd_factcheck,
        "a claim's fact-check: show, edit, submit for review, sign off (publishes), return;"
        " add other claims on the same point to it (--claims), take a claim out of it",
    )
    actions = ("show", "edit", "submit", "sign-off", "return", "add", "take-out")
    p.add_argument("action", choices=actions)
    p.add_argument("claim", metavar="CLAIM")
    p.add_argument("--headline")
    p.add_argument("--findings", metavar="FILE|-", help="the findings, Markdown citing [1], [2]")
    p.add_argument("--authors", metavar="NAME,...")
    p.add_argument("--correction", metavar="NOTE", help="what an edit after publishing corrects")
    p.add_argument("--editor", metavar="NAME", help="the second checker signing off")
    p.add_argument("--by", metavar="NAME")
    p.add_argument("--claims", metavar="ID,...", help="add: the claims it covers too")
    p.add_argument("--format", choices=("text", "json"), default="text")


def cmd_backup(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    written = desk.backup(Path(args.output))
    _status(args, str(written))
    _answer(args, written.details, None)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    claim_ids = [c.strip() for c in (args.claims or "").split(",") if c.strip()]
    claim_ids += [c.strip() for c in args.claim if c.strip()]
    flt = _claim_filter(args)
    if flt is not None and args.format == "bundle":
        raise BadInput("a bundle holds whole articles: use --article, not claim filters")
    scope = {"article": args.article, "claims": claim_ids, "rated_only": not args.all}
    if args.json and is_stdout(args.output):
        raise BadInput("--json: the export itself goes to standard output (-o -); give a file")
    if not is_stdout(args.output):
        output_target(args.output)  # a folder or a device: refused before any warning
    if args.format not in ("bundle", *PAGE_FORMATS):
        _warn_incomplete(desk.incomplete_claims(**scope, flt=flt), args.skip_incomplete)
    if args.format != "bundle":
        scope["flt"] = flt
    skip = args.skip_incomplete
    with _bar(args, "claims" if args.format != "bundle" else "rows") as bar:
        written = desk.export(
            args.format, Path(args.output), **scope, skip_incomplete=skip, progress=bar
        )
    _status(args, str(written))  # on stderr: stdout may be the export itself (-o -)
    _answer(args, written.details, None)
    return 0


@contextmanager
def _bar(args: argparse.Namespace, unit: str) -> Iterator[Callable[[int, int, str], None] | None]:
    """A progress(done, total, text) for Desk calls: a bar with counts on a terminal, else
    None."""
    if not _on_terminal(args):
        yield None
        return
    from tqdm import tqdm

    with tqdm(unit=f" {unit}", file=sys.stderr, leave=False) as bar:

        def progress(done: int, total: int, _text: str = "") -> None:
            bar.total = total
            bar.update(done - bar.n)

        yield progress


def _warn_incomplete(incomplete: list, skipped: bool) -> None:
    """Name each rated claim not ready to publish (no summary, no evidence) on stderr."""
    for entry in incomplete:
        claim = entry.item.claim
        lacks = " and no ".join(entry.missing)
        text = claim.text if len(claim.text) <= 60 else claim.text[:59] + "…"
        _err(f'warning: {claim.id} rated "{entry.item.verdict_label}" has no {lacks}: "{text}"')
    if incomplete:
        count = len(incomplete)
        verb = "left out" if skipped else "included; --skip-incomplete leaves them out"
        _err(f"warning: {count} rated claim{'' if count == 1 else 's'} not ready to publish {verb}")
