"""The command line: `factdesk` opens the app; `factdesk COMMAND` works without a display.

Every command goes through the Desk. Errors are one line on stderr naming the
input and the problem: exit code 2 for bad input, 1 for other failures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from factdesk import __version__
from factdesk.errors import BadInput, FactdeskError
from factdesk.model import STANCES
from factdesk.outputs import is_stdout, output_target

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


# --- commands -------------------------------------------------------------------


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


def cmd_import(args: argparse.Namespace) -> int:
    desk = _open_desk(args, create=True)
    items = _expand_folders(args.sources)
    failures: list[FactdeskError] = []
    imported: list[dict] = []
    try:
        # closing(): on Ctrl+C the worker processes are stopped now, not whenever the
        # interrupted generators happen to be collected.
        with (
            _progress(len(items), args) as progress,
            closing(_import_each(desk, items, args)) as each,
        ):
            for outcome in each:
                if isinstance(outcome, FactdeskError):
                    failures.append(outcome)
                else:
                    line, result = outcome
                    imported.append(result)
                    if not _wants_json(args):
                        progress.write(line)
                progress.update()
    finally:
        # Failures are listed at the end (also after Ctrl+C), where a long run finishes.
        _list_failures(failures, len(items))
        failed = [{"error": str(failure)} for failure in failures]
        _answer(args, {"imported": imported, "failed": failed}, None)
    # Bad input anywhere makes it exit 2; network and other failures alone, 1.
    return max((f.exit_code for f in failures), default=0)


def _expand_folders(sources: list[str]) -> list[str]:
    """The sources with every folder replaced by the files it holds."""
    from factdesk.ingest import supported_files

    items: list[str] = []
    for source in sources:
        if source != "-" and "://" not in source and Path(source).is_dir():
            files = supported_files(Path(source))
            if not files:
                _err(f"{source}: no .html, .htm, .html.gz, .txt or .md files in this folder")
            items.extend(str(f) for f in files)
        else:
            items.append(source)
    return items


# (store/bundle.py: a bundle's deletions of work recorded here, counted, not applied)
REFUSED = "deletions of your own work refused"


def _import_each(desk: Any, items: list[str], args: argparse.Namespace):
    """Import every source in turn, yielding a line saying what became of it, or its error.
    Many local files are read and split in worker processes; this process is the one writer."""
    local = [s for s in items if s != "-" and "://" not in s and not s.endswith(".bundle")]
    for source in (s for s in items if s not in set(local)):
        try:
            if source.endswith(".bundle"):
                counts = desk.import_bundle(
                    Path(source), accept_deletions=getattr(args, "accept_deletions", False)
                )
                added = ", ".join(f"{n} {table}" for table, n in counts.items() if n)
                hint = " (--accept-deletions applies them)" if counts.get(REFUSED) else ""
                line = f"{source}: merged ({added or 'nothing new'}){hint}"
                yield line, {"source": source, "bundle": True, "merged": counts}
            else:
                stdin_text = _read_stdin_text() if source == "-" else None
                result = desk.import_source(source, replace=args.replace, stdin_text=stdin_text)
                yield _import_line(result)
        except FactdeskError as error:
            yield error
    if len(local) > 1 and args.workers > 1:
        from factdesk.desk import read_and_split
        from factdesk.ingest.bulk import extract_many

        for source in [s for s in local if desk.is_database_file(Path(s))]:
            local.remove(source)  # never read beside SQLite (see Desk.refuse_database_file)
            yield BadInput(f"{source}: that is this database's own file; import another file")

        results = cast(
            Generator[Any, None, None],
            extract_many(local, workers=args.workers, work=read_and_split),
        )
        with closing(results):
            yield from _store_split(desk, results, args.replace)
    else:
        for source in local:
            try:
                yield _import_line(desk.import_source(source, replace=args.replace))
            except FactdeskError as error:
                yield error


def _store_split(desk: Any, results: Any, replace: bool):
    """Store the articles the workers read and split, as they come."""
    for _source, outcome in results:
        if isinstance(outcome, FactdeskError):
            yield outcome
            continue
        article, claims = outcome
        try:
            split = lambda _article, claims=claims: claims  # noqa: E731 (already split)
            yield _import_line(desk.import_article(article, replace=replace, split=split))
        except FactdeskError as error:
            yield error


_IMPORT_NOTES = {
    "new": "",
    "unchanged": "  (already imported; --replace re-splits it)",
    "updated": "  (the page changed since it was imported: updated, your work kept)",
}


def _import_line(result: Any) -> tuple[str, dict]:
    """One line per article (id, title, number of claims, what became of it), and the
    same as JSON."""
    note = _IMPORT_NOTES.get(result.outcome, f"  ({result.outcome})")
    article = result.article
    line = f"{article.id}  {article.title or article.source}  {result.claim_count} claims{note}"
    data = _fields(article, "id", "source", "title") | {
        "claims": result.claim_count,
        "outcome": result.outcome,
    }
    return line, data


def _list_failures(failures: list[FactdeskError], total: int) -> None:
    if total > 1 and failures:
        _err(f"{len(failures)} of {total} sources failed to import:")
    for failure in failures:
        print(f"{'  ' if total > 1 else 'factdesk: '}{one_line(str(failure))}", file=sys.stderr)


class _progress:
    """A progress bar on a terminal (tqdm); plain lines otherwise."""

    def __init__(self, total: int, args: argparse.Namespace):
        self.bar = None
        if total > 1 and _on_terminal(args):
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="article", file=sys.stderr, leave=False)

    def __enter__(self) -> _progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar:
            self.bar.close()

    def update(self) -> None:
        if self.bar:
            self.bar.update()

    def write(self, line: str) -> None:
        if self.bar:
            self.bar.write(line, file=sys.stdout)
        else:
            print(line, flush=True)


def cmd_extract(args: argparse.Namespace) -> int:
    from factdesk.ingest import article_to_json, read_source

    failed = False
    results = []
    for source in args.sources:
        try:
            stdin_text = _read_stdin_text() if source == "-" else None
            data = article_to_json(read_source(source, stdin_text=stdin_text))
        except FactdeskError as error:
            failed = True
            data = {"source": source, "error": str(error)}
        if args.format == "jsonl":
            print(json.dumps(data, ensure_ascii=False), flush=True)
        else:
            results.append(data)
    if args.format == "json":
        print(
            json.dumps(results[0] if len(results) == 1 else results, ensure_ascii=False, indent=2)
        )
    return 2 if failed else 0


def cmd_split(args: argparse.Namespace) -> int:
    from factdesk.claims import split_claims
    from factdesk.ingest import article_to_json, read_source

    stdin_text = _read_stdin_text() if args.source == "-" else None
    article = read_source(args.source, stdin_text=stdin_text)
    claims = split_claims(article)
    rows = [{k: v for k, v in _claim_json(c).items() if k not in _DB_ONLY} for c in claims]
    if args.format == "json":
        meta = article_to_json(article)
        meta.pop("text", None)
        print(json.dumps({"article": meta, "claims": rows}, ensure_ascii=False, indent=2))
    else:
        _emit(rows, "table", ("score", "kind", "speaker", "said_on", "text"))
    return 0


_DB_ONLY = {"id", "article_id", "status", "assignee", "verdict", "context"}


def cmd_score(args: argparse.Namespace) -> int:
    from factdesk.claims.checkworthy import score_sentences

    text = _read_stdin_text() if args.file in (None, "-") else _read_text_file(Path(args.file))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    lines, genres = _sentences_and_genres(lines, args.genre, args.file or "-")
    for line, result in zip(lines, score_sentences(lines, genres), strict=True):
        row = {"text": line, "score": round(result.score, 4)}
        row |= {"checkworthy": result.checkworthy, "kind": result.kind}
        print(json.dumps(row, ensure_ascii=False))
    return 0


def _sentences_and_genres(
    lines: list[str], default: str, source: str
) -> tuple[list[str], list[str]]:
    """Plain lines take `default` as their genre; a line that is a JSON object gives its
    own "text" and, optionally, "genre" (as imports score: a quote, a post, the article)."""
    from factdesk.claims.checkworthy import GENRES

    texts, genres = [], []
    for number, line in enumerate(lines, 1):
        text, genre = line, default
        if line.startswith("{"):
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise BadInput(f"{source}: line {number} is not valid JSON ({error.msg})") from None
            text, genre = row.get("text"), row.get("genre", default)
            if not isinstance(text, str) or not text.strip():
                raise BadInput(f'{source}: line {number} has no "text" string')
            if genre not in GENRES:
                raise BadInput(
                    f"{source}: line {number}: genre {genre!r} is not one of {', '.join(GENRES)}"
                )
        texts.append(text.strip())
        genres.append(genre)
    return texts, genres


def _read_text_file(path: Path) -> str:
    """A local text file's text (one sentence a line, for `score`)."""
    from factdesk.ingest.sources import MAX_FILE_BYTES, decode_text

    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BadInput(f"{path}: is a folder, not a file of sentences") from None
    except OSError as error:
        raise BadInput(f"{path}: cannot read it ({error.strerror})") from None
    if len(data) > MAX_FILE_BYTES:
        raise BadInput(f"{path}: more than {MAX_FILE_BYTES // 1048576} MB; not a list of sentences")
    return decode_text(data, str(path))


def cmd_articles(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    if args.action == "rm":
        return _remove_article(desk, args)
    rows = []
    for a in desk.articles(search=args.search, sort=args.sort):
        row = dict(vars(a))  # (not asdict: its deep copies took 0.5 s for 1,000 articles)
        for key in ("text", "raw", "posts", "content_hash"):
            row.pop(key)
        rows.append(row)
    _emit(rows, args.format, ("id", "title", "published", "claim_count", "verdict_count", "source"))
    return 0


def _remove_article(desk: Any, args: argparse.Namespace) -> int:
    """Move an article with its claims and their work to the trash (no question: `factdesk
    trash restore` brings it back)."""
    item = desk.trash_article(desk.resolve_article_id(args.id)).made
    line = (f"moved to the trash: {item.label}  ({item.detail}); "
            f"`factdesk trash restore {item.short_id}` brings it back")  # fmt: skip
    trashed = {"id": item.id, "short_id": item.short_id, "label": item.label}
    _answer(args, {"trashed": trashed}, line)
    return 0


def cmd_trash(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    if args.action == "restore":
        entry_id = desk.resolve_trash_id(args.id)
        label = next((t.label for t in desk.trash() if t.id == entry_id), entry_id)
        desk.restore_from_trash(entry_id)
        _answer(args, {"restored": {"id": entry_id, "label": label}}, f"restored: {label}")
        return 0
    if args.action == "empty":
        ids = [desk.resolve_trash_id(args.id)] if args.id else None
        count = desk.empty_trash(ids)
        line = f"{count} {'entry' if count == 1 else 'entries'} deleted for good"
        _answer(args, {"deleted_for_good": count}, line)
        return 0
    rows = []
    for item in desk.trash():
        row = {k: v for k, v in asdict(item).items() if k != "changes"}
        rows.append({"short_id": item.short_id, **row})
    _emit(rows, args.format, ("short_id", "kind", "trashed_at", "label", "detail"))
    return 0


def cmd_speakers(args: argparse.Namespace) -> int:
    rows = [asdict(speaker) for speaker in _open_desk(args).speakers()]
    for row in rows:
        row["aliases"] = ", ".join(row["aliases"]) if args.format != "json" else row["aliases"]
    _emit(rows, args.format, ("name", "claim_count", "article_count", "aliases"))
    return 0


def cmd_claims(args: argparse.Namespace) -> int:
    from factdesk.model import ClaimFilter

    desk = _open_desk(args)
    flt = ClaimFilter(
        article_id=desk.resolve_article_id(args.article) if args.article else None,
        min_score=args.min_score,
        kind=args.kind,
        status=args.status,
        verdict=args.verdict,
        speaker=args.speaker,
        assignee=_assignee(desk, args),
        sort=args.sort,
        descending=args.sort == "score",
    )
    if args.list:
        flt = desk.list_filter(args.list)
    _emit_claims(desk, desk.claims(flt, limit=args.limit), args.format)
    return 0


def _emit_claims(desk: Any, claims: list, fmt: str) -> None:
    """Claims as rows, each with what it repeats if it was seen before at import."""
    seen = desk.seen_before([c.id for c in claims])
    rows = []
    for claim in claims:
        row = _claim_json(claim)
        row["seen_before"] = seen[claim.id].describe() if claim.id in seen else None
        if claim.id in seen:
            row["seen_before_claim"] = seen[claim.id].earlier.id
        rows.append(row)
    columns = ["id", "score", "kind", "speaker", "status", "verdict", "text"]
    if seen:
        columns.insert(-1, "seen_before")
    _emit(rows, fmt, columns)


def cmd_lists(args: argparse.Namespace) -> int:
    from factdesk.model import ClaimFilter

    desk = _open_desk(args)
    if args.action == "save":
        flt = ClaimFilter(
            text=args.text, status=args.status, verdict=args.verdict, speaker=args.speaker,
            kind=args.kind, min_score=args.min_score, assignee=args.assignee,
            sort=args.sort, descending=args.sort == "score",
        )  # fmt: skip
        saved, old = desk.save_list(args.name, flt, mine=args.mine, days=args.days).made
        print(f"{'replaced' if old else 'saved'} list {saved.name!r}: {saved.describe()}")
    elif args.action == "rm":
        gone = desk.remove_list(args.name).made
        print(f"removed list {gone.name!r}", file=sys.stderr)
    elif args.action == "show":
        _emit_claims(desk, desk.claims(desk.list_filter(args.name), limit=args.limit), args.format)
    else:
        rows = [
            {"name": s.name, "shows": s.describe(), "claims": desk.count_claims(
                s.resolved(desk.setting("reviewer")))}
            for s in desk.saved_lists()
        ]  # fmt: skip
        _emit(rows, args.format, ("name", "claims", "shows"))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    figures = _open_desk(args).statistics()
    if args.format == "json":
        print(json.dumps(figures.as_json(), indent=2))
        return 0
    hours = figures.median_hours_to_verdict
    print(f"claims: {figures.claims}, rated: {figures.rated_claims}, median time from import "
          f"to verdict: {'-' if hours is None else f'{hours:.1f} h'}")  # fmt: skip
    print("verdicts per week: " + (", ".join(f"{w} {n}" for w, n in figures.verdicts_per_week)
                                   or "none"))  # fmt: skip
    print("verdicts per checker: " + (", ".join(
        f"{c} {n}" for c, n in figures.verdicts_per_checker) or "none"))  # fmt: skip
    print("backlog by status: " + (", ".join(
        f"{s} {n}" for s, n in figures.backlog_by_status.items()) or "none"))  # fmt: skip
    return 0


def _assignee(desk: Any, args: argparse.Namespace) -> str | None:
    if not args.mine:
        return args.assignee
    me, _checkers = desk.hub_identity()
    if me is None:
        raise BadInput("--mine: this laptop has not synced with a team hub yet (factdesk sync)")
    return me


def cmd_search(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    rows = [_claim_json(c) for c in desk.search(args.query, limit=args.limit)]
    _emit(rows, args.format, ("id", "speaker", "verdict", "text"))
    return 0


def cmd_evidence(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    if args.action == "add":
        claim_id = desk.resolve_claim_id(args.claim)
        ev = desk.add_evidence(
            claim_id, args.url, stance=args.stance, quote=args.quote, note=args.note,
            fetch=not args.no_fetch,
        ).made  # fmt: skip
        state = f"fetch failed: {ev.fetch_error}" if ev.fetch_error else (ev.title or "")
        _answer(args, _evidence_json(ev), f"{ev.id}  {ev.url}  {state}".rstrip())
        return 0
    if args.action == "refetch":
        ev = desk.refetch_evidence(args.id).made
        line = f"{ev.id}  {ev.url}  {ev.fetch_error or ev.title or ''}".rstrip()
        _answer(args, _evidence_json(ev), line)
        return 1 if ev.fetch_error else 0
    if args.action == "remove":
        item = desk.trash_evidence(args.id).made
        line = (f"moved to the trash: {item.label}  ({item.detail}); "
                f"`factdesk trash restore {item.short_id}` brings it back")  # fmt: skip
        _answer(args, {"trashed": {"id": item.id, "short_id": item.short_id}}, line)
        return 0
    rows = [asdict(e) for e in desk.evidence(desk.resolve_claim_id(args.claim))]
    if args.format == "table":
        for row in rows:
            row["offline"] = "yes" if row.pop("snapshot_text") else "no"
    _emit(rows, args.format, ("id", "stance", "title", "url", "quote", "offline", "archived_url"))
    return 0


def _evidence_json(ev: Any) -> dict:
    names = ("id", "claim_id", "url", "stance", "title", "publisher", "archived_url")
    return _fields(ev, *names, "fetch_error") | {"offline": bool(ev.snapshot_text)}


def cmd_verdict(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    verdict = desk.set_verdict(
        desk.resolve_claim_id(args.claim), args.rating, scale=args.scale,
        summary=args.summary or "", reviewer=args.reviewer,
    ).made  # fmt: skip
    line = f"{verdict.claim_id}  {verdict.rating or verdict.summary}  ({verdict.scale_id})"
    _answer(args, asdict(verdict), line)
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from factdesk.model import EvidenceEvent, Verdict

    desk = _open_desk(args)
    rows = []
    for entry in desk.history(desk.resolve_claim_id(args.claim)):
        row = asdict(entry)
        kind = "verdict" if isinstance(entry, Verdict) else "status"
        row["type"] = "evidence" if isinstance(entry, EvidenceEvent) else kind
        if args.format == "table":
            what = row.get("rating") or row.get("summary") if row["type"] == "verdict" else None
            row["what"] = what or row.get("status")
            row["who"] = row.get("reviewer") or row.get("by") or ""
            row["detail"] = row.get("summary") if row["type"] == "verdict" else row.get("assignee")
            if row["type"] == "evidence":
                row["what"] = f"{row['action']} ({row['stance']})"
                row["detail"] = row["url"]
        rows.append(row)
    _emit(rows, args.format, ("at", "type", "what", "who", "detail"))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    me, checkers = desk.hub_identity()
    if me is not None and args.assignee and args.assignee not in checkers:
        # On a team hub, work is assigned to its checkers (as the app's chooser offers).
        raise BadInput(
            f"{args.assignee}: not one of the team hub's checkers ({', '.join(checkers)}); "
            "`factdesk sync` brings the latest list"
        )
    claim_id = desk.resolve_claim_id(args.claim)
    change = desk.set_status(claim_id, args.state, assignee=args.assignee).made
    line = f"{change.claim_id}  {change.status}  {change.assignee or ''}".rstrip()
    _answer(args, asdict(change), line)
    return 0


def cmd_similar(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    rows = []
    for match in desk.similar_claims(desk.resolve_claim_id(args.claim), limit=args.limit):
        row = _claim_json(match.claim)
        row["similarity"] = round(match.similarity, 3)
        row["seen_before"] = match.seen_before
        rows.append(row)
    _emit(rows, args.format, ("id", "similarity", "verdict", "speaker", "text"))
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    desk = _open_desk(args, create=args.action == "add")
    if args.action == "add":
        source = desk.watch_source(args.url, interval_minutes=args.every, kind=args.kind)
        line = f"{source.id}  watching {source.url} every {source.interval_minutes} min"
        _answer(args, _fields(source, "id", "url", "interval_minutes"), line)
    elif args.action == "rm":
        source = desk.unwatch_source(args.source)
        _status(args, f"no longer watching {source.url}")
        _answer(args, {"removed": _fields(source, "id", "url")}, None)
    elif args.action == "run":
        progress = (
            (lambda line: print(f"polling {line}", file=sys.stderr)) if not args.quiet else None
        )
        report = desk.poll_watched(everything=args.all, progress=progress)
        for problem in report.problems:
            print(f"factdesk: {problem}", file=sys.stderr)
        summary = {
            "polled": report.polled, "unchanged": report.unchanged,
            "imported": report.imported, "problems": report.problems,
        }  # fmt: skip
        if args.format == "json":
            print(json.dumps(summary, indent=2))
        else:
            print(f"{report.polled} sources polled, {len(report.imported)} new articles, "
                  f"{len(report.problems)} problems")  # fmt: skip
    elif args.action == "new":
        since = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=args.hours)).isoformat(
            timespec="seconds"
        )
        rows = []
        for new in desk.new_from_watched(since, limit=args.limit):
            row = _claim_json(new.claim)
            row["source"] = new.source_url
            row["seen_before"] = (
                f"repeats a claim rated {new.repeats[1]} ({new.repeats[0]})"
                if new.repeats
                else None
            )
            rows.append(row)
        _emit(rows, args.format, ("id", "score", "seen_before", "speaker", "text"))
    else:
        rows = [asdict(source) for source in desk.watched_sources()]
        _emit(rows, args.format, ("id", "url", "interval_minutes", "ok_at", "error"))
    return 0


def cmd_lookup(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    claim_id = desk.resolve_claim_id(args.claim)
    if args.offline:
        checks = desk.prior_checks_for(claim_id)
    else:
        checks = desk.lookup_prior_checks(claim_id, language=args.language).made
    rows = [asdict(c) for c in checks]
    _emit(rows, args.format, ("publisher", "rating", "review_date", "claim_text", "url"))
    return 0


def cmd_claimreview(args: argparse.Namespace) -> int:
    desk = _open_desk(args, create=True)
    results = []
    for source in args.sources:
        added = desk.import_claimreview(source)
        results.append({"source": source, "added": added})
        if not _wants_json(args):
            print(f"{source}: {added} new published fact-checks")
    _answer(args, {"imported": results}, None)
    return 0


def cmd_archive(args: argparse.Namespace) -> int:
    desk = _open_desk(args)
    evidence = desk.archive_evidence(args.id, save=args.save).made
    if evidence.archived_url:
        _answer(args, _evidence_json(evidence), f"{evidence.id}  {evidence.archived_url}")
        return 0
    line = f"{evidence.id}  not archived yet (use --save to capture it)"
    _answer(args, _evidence_json(evidence), line)
    return 1


def cmd_scales(args: argparse.Namespace) -> int:
    desk = _open_desk(args, create=args.action == "add")
    if args.action == "add":
        from factdesk.scales import scale_from_json

        path = Path(args.file)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise BadInput(f"{path}: cannot read ({error})") from None
        scale = scale_from_json(text, source=str(path))
        desk.save_scale(scale)
        added = {"id": scale.id, "name": scale.name, "levels": len(scale.levels)}
        _answer(args, added, f"{scale.id}  {scale.name}  {len(scale.levels)} levels")
        return 0
    current = desk.scale().id
    rows = []
    for s in desk.scales():
        row = asdict(s)
        row["current"] = s.id == current
        row["labels"] = ", ".join(level.label for level in s.levels) or "(conclusion only)"
        rows.append(row)
    _emit(rows, args.format, ("id", "name", "current", "labels"))
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    desk = _open_desk(args, create=bool(args.key and args.value is not None))
    from factdesk.desk import SETTINGS

    if args.key and args.key not in SETTINGS:
        raise BadInput(f"{args.key}: not a setting (one of: {', '.join(SETTINGS)})")
    if args.key and args.value is not None:
        desk.set_setting(args.key, args.value)
    current = {"scale": desk.scale().id, "report_claim_types": "words", **desk.network_settings()}
    keys = [args.key] if args.key else list(SETTINGS)
    values = {key: desk.setting(key, current.get(key)) for key in keys}
    if _wants_json(args):
        _answer(args, values, None)
        return 0
    for key, value in values.items():
        if key == "logo" and value:  # a data: URI of the whole image: say what it is
            value = f"(an image, {len(str(value)) * 3 // 4 // 1024 + 1} KB)"
        elif key == "corrections_policy" and value:
            value = " ".join(str(value).split())
        print(f"{key} = {'' if value is None else value}    # {SETTINGS[key]}")
    return 0


def cmd_secrets(args: argparse.Namespace) -> int:
    from factdesk import secrets

    if args.action == "status":
        problem = secrets.keyring_problem()
        if problem:
            _err(problem)
            return 1
        for name, is_set in secrets.secret_status().items():
            print(f"{name}: {'set' if is_set else 'not set'}  ({secrets.SECRETS[name]})")
        return 0
    if args.name not in secrets.SECRETS:
        raise BadInput(f"{args.name}: not a known secret (one of: {', '.join(secrets.SECRETS)})")
    if args.action == "delete":
        secrets.delete_secret(args.name)
        print(f"{args.name}: deleted")
        return 0
    import getpass

    value = getpass.getpass(f"{secrets.SECRETS[args.name]}: ") if sys.stdin.isatty() else None
    if value is None:
        value = sys.stdin.readline().rstrip("\n")
    if not value.strip():
        raise BadInput(f"{args.name}: empty value, nothing stored")
    secrets.set_secret(args.name, value.strip())
    print(f"{args.name}: stored in the OS keyring")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    desk = _open_desk(args, create=True)  # a new laptop's first sync fills a new database
    # Each step (with its counts) on a terminal; a script gets only the outcome.
    say = (lambda line: print(line, file=sys.stderr, flush=True)) if _on_terminal(args) else None
    report = desk.sync(args.hub, progress=say)
    result = _fields(report, "hub", "role") | {
        "received": dict(report.received),
        "sent": dict(report.sent),
        "refused": list(report.refused),
    }
    lines = [report.summary(), *(f"  kept on this laptop only: {line}" for line in report.refused)]
    _answer(args, result, "\n".join(lines))
    return 0


def cmd_hub(args: argparse.Namespace) -> int:
    from factdesk import hub

    if args.action == "init":
        print(hub.init_hub(hub.parse_hub_url(args.url)))
        return 0
    # An administrator may have no laptop database here: --hub needs none.
    address = hub.parse_hub_url(args.hub) if args.hub else _open_desk(args).hub_address()
    if args.action == "add-checker":
        password = hub.add_checker(
            address, args.name, editor=args.editor, org=args.org, display_name=args.display_name
        )
        role = "editor" if args.editor else "checker"
        print(f"{args.name}: {role} added to hub {address.label}")
        print(f"password (shown once; give it to {args.name} for `factdesk secrets set "
              f"hub-password`): {password}")  # fmt: skip
        return 0
    if args.action == "remove-checker":
        hub.remove_checker(address, args.name)
        print(f"{args.name}: removed from hub {address.label} (their work stays, under their name)")
        return 0
    rows = [vars(c) for c in hub.hub_checkers(address)]
    _emit(rows, args.format, ("name", "display_name", "org", "editor", "active"))
    return 0


def cmd_install_desktop(args: argparse.Namespace) -> int:
    from factdesk.desktop_entry import install_desktop_entry

    for path in install_desktop_entry():
        print(path)
    _err("factdesk is in your desktop menu (log out and in if it does not show yet)")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    problem = _display_problem()
    if problem:
        _err(problem)
        return 1
    from factdesk.gui.app import run

    return run(db_path=args.db, self_test=getattr(args, "self_test", False))


def _display_problem() -> str | None:
    """Why the GUI cannot open here (instead of Qt's abort), or None."""
    if os.environ.get("QT_QPA_PLATFORM") or sys.platform in ("win32", "darwin"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset); "
        "run factdesk in a desktop session, or use the commands (factdesk --help), "
        "which work without one"
    )


# --- argument parsing ---------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="factdesk",
        description="A desktop workbench for fact-checkers. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"factdesk {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", help="database file (default: $FACTDESK_DB or the user data folder)"
    )
    parser.add_argument("--self-test", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--install-desktop",
        action="store_true",
        help="add factdesk to this user's desktop menu (entry, icon; under $XDG_DATA_HOME)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, handler: Callable, help: str, **kw: Any) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help, **kw)
        p.set_defaults(handler=handler)
        return p

    def with_format(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--format", choices=("table", "json"), default="table")
        return p

    def changing(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        """A command that changes something: --format json prints what it did as one
        JSON object (new ids, counts) on stdout, for scripts."""
        p.add_argument(
            "--format", choices=("text", "json"), default="text",
            help="json: what was done, as one JSON object on stdout (ids, counts)",
        )  # fmt: skip
        return p

    p = changing(
        command("import", cmd_import, "import articles: URLs, files, folders, bundles, - for stdin")
    )
    p.add_argument("sources", nargs="+", metavar="SOURCE")
    p.add_argument("--replace", action="store_true", help="re-split articles imported before")
    p.add_argument("--accept-deletions", action="store_true",
                   help="let a bundle delete work recorded here too")  # fmt: skip
    p.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    p.add_argument("--quiet", action="store_true", help="no progress bar")

    p = command("extract", cmd_extract, "print articles' text and metadata, without a database")
    p.add_argument("sources", nargs="+", metavar="SOURCE")
    p.add_argument("--format", choices=("json", "jsonl"), default="json")

    p = command("split", cmd_split, "print an article's claims, without a database")
    p.add_argument("source", metavar="SOURCE")
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = command("score", cmd_score, "score sentences for check-worthiness, one per line")
    p.add_argument("file", nargs="?", metavar="FILE|-")
    p.add_argument(
        "--genre",
        choices=("article", "quote", "post"),
        default="article",
        help="where the sentences stand: the article's own voice (default), someone's quoted "
        'words, a social post; a JSON line {"text": ..., "genre": ...} gives its own',
    )

    with_format(command("speakers", cmd_speakers, "list speakers, one per person"))
    p = with_format(command("articles", cmd_articles, "list imported articles, or remove one"))
    rm = p.add_subparsers(dest="action", metavar="[rm]").add_parser(
        "rm", help="move an article with its claims and their work to the trash"
    )
    rm.add_argument("id", metavar="ID")
    rm.add_argument("--yes", action="store_true", help=argparse.SUPPRESS)  # it never asks now
    changing(rm)
    p.add_argument("--search", metavar="QUERY")
    p.add_argument("--sort", choices=("imported", "published", "title"), default="imported")

    p = with_format(command("claims", cmd_claims, "list claims"))
    p.add_argument("--article", metavar="ID")
    p.add_argument("--min-score", type=float)
    p.add_argument("--kind")
    p.add_argument("--status")
    p.add_argument("--verdict")
    p.add_argument("--speaker")
    p.add_argument(
        "--sort", choices=("position", "score", "said_on", "speaker"), default="position"
    )
    p.add_argument("--limit", type=int)

    p.add_argument("--assignee", metavar="NAME", help="claims assigned to NAME ('' for nobody)")
    p.add_argument("--mine", action="store_true", help="claims assigned to me on the team hub")
    p.add_argument("--list", metavar="NAME", help="the claims a saved list shows")

    p = command("lists", cmd_lists, "saved lists: named claim filters (list, save, show, rm)")
    lists = p.add_subparsers(dest="action", metavar="ACTION")
    with_format(lists.add_parser("list", help="the saved lists and how many claims each shows"))
    a = lists.add_parser("save", help="save a filter as a named list (the same name replaces)")
    a.add_argument("name")
    for option in ("--text", "--status", "--verdict", "--speaker", "--kind"):
        a.add_argument(option)
    a.add_argument("--min-score", type=float)
    a.add_argument("--assignee", metavar="NAME", help="claims assigned to NAME ('' for nobody)")
    a.add_argument("--mine", action="store_true", help="claims the desk's reviewer has taken")
    a.add_argument("--days", type=int, help="claims imported in the last DAYS days")
    a.add_argument("--sort", choices=("position", "score", "said_on", "speaker"),
                   default="position")  # fmt: skip
    s = with_format(lists.add_parser("show", help="the claims a saved list shows now"))
    s.add_argument("name")
    s.add_argument("--limit", type=int)
    lists.add_parser("rm", help="remove a saved list").add_argument("name")
    p.set_defaults(format="table")

    p = command("stats", cmd_stats, "statistics: verdicts per week and checker, backlog, speed")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = with_format(command("search", cmd_search, "full-text search over claims"))
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=50)

    p = command("evidence", cmd_evidence, "add, list, refetch or remove evidence links")
    ev = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    a = changing(ev.add_parser("add", help="attach a link to a claim (fetches an offline copy)"))
    a.add_argument("claim")
    a.add_argument("url")
    a.add_argument("--stance", default="unclear", choices=STANCES)
    a.add_argument("--quote")
    a.add_argument("--note")
    a.add_argument("--no-fetch", action="store_true", help="add the link offline, without fetching")
    with_format(ev.add_parser("list", help="a claim's evidence")).add_argument("claim")
    changing(ev.add_parser("remove", help="move an evidence link to the trash")).add_argument("id")
    changing(ev.add_parser("refetch", help="fetch an evidence page again")).add_argument("id")

    p = command("trash", cmd_trash, "list, restore or empty the trash (what was deleted)")
    trash = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    with_format(trash.add_parser("list", help="what is in the trash, newest first"))
    restore = trash.add_parser("restore", help="put an entry back with all its work")
    changing(restore).add_argument("id")
    a = changing(trash.add_parser("empty", help="delete for good (all, or one entry); this is "
                                  "when a deletion reaches bundles and the team hub"))  # fmt: skip
    a.add_argument("id", nargs="?")

    p = changing(command("verdict", cmd_verdict, "record a verdict (appends to the history)"))
    p.add_argument("claim")
    p.add_argument("rating", help="a label or number on the scale (or the conclusion)")
    p.add_argument("--scale")
    p.add_argument("--summary")
    p.add_argument("--reviewer")

    with_format(
        command(
            "history",
            cmd_history,
            "a claim's verdicts, status changes and evidence added or removed",
        )
    ).add_argument("claim")

    p = changing(command("status", cmd_status, "set a claim's workflow status"))
    p.add_argument("claim")
    p.add_argument(
        "state", help="new, researching, rated, 'in review', published or 'not checking'"
    )
    p.add_argument("--assignee")

    p = with_format(command("similar", cmd_similar, "claims like this one, with their verdicts"))
    p.add_argument("claim")
    p.add_argument("--limit", type=int, default=10)

    p = command("watch", cmd_watch, "feeds and pages to watch, and what they brought in")
    watch = p.add_subparsers(dest="action", metavar="ACTION")
    a = changing(watch.add_parser("add", help="watch an RSS or Atom feed (or a page: --kind page)"))
    a.add_argument("url")
    a.add_argument("--every", type=int, default=60, metavar="MINUTES", help="poll interval")
    a.add_argument("--kind", choices=("feed", "page"), default="feed")
    changing(watch.add_parser("rm", help="stop watching a source")).add_argument("source")
    r = with_format(watch.add_parser("run", help="poll the sources that are due (for cron)"))
    r.add_argument("--all", action="store_true", help="poll every source, due or not")
    r.add_argument("--quiet", action="store_true", help="no progress on stderr")
    n = with_format(watch.add_parser("new", help="claims brought in lately, repeats first"))
    n.add_argument("--hours", type=float, default=24, help="how far back (default: 24)")
    n.add_argument("--limit", type=int, default=200)
    with_format(watch.add_parser("list", help="the watched sources and their last poll"))
    p.set_defaults(format="table")

    p = with_format(command("lookup", cmd_lookup, "search published fact-checks for a claim"))
    p.add_argument("claim")
    p.add_argument("--language", default="en")
    p.add_argument("--offline", action="store_true", help="only those already found or imported")

    p = changing(
        command(
            "claimreview", cmd_claimreview, "import published fact-checks (ClaimReview JSON-LD)"
        )
    )
    p.add_argument("sources", nargs="+", metavar="FILE|URL")

    p = changing(
        command("archive", cmd_archive, "find (or --save) a web archive copy of an evidence link")
    )
    p.add_argument("id", metavar="EVIDENCE_ID")
    p.add_argument("--save", action="store_true", help="capture it with Save Page Now")

    p = with_format(command("scales", cmd_scales, "list rating scales, or add your own"))
    p.add_argument("action", nargs="?", choices=("list", "add"), default="list")
    p.add_argument("file", nargs="?", help="a scale's JSON file (with add)")

    p = changing(
        command("settings", cmd_settings, "show or change settings (reviewer, organisation, ...)")
    )
    p.add_argument("key", nargs="?")
    p.add_argument("value", nargs="?")

    p = command("secrets", cmd_secrets, "API keys in the OS keyring (never shown)")
    p.add_argument("action", choices=("set", "delete", "status"))
    p.add_argument("name", nargs="?")

    p = changing(
        command("sync", cmd_sync, "sync with the team hub: send my work, receive the team's")
    )
    p.add_argument("--hub", metavar="URL", help="postgresql://USER@HOST/DATABASE (default: "
                   "the hub-url setting); the password comes from the OS keyring")  # fmt: skip
    p.add_argument("--quiet", action="store_true", help="no progress, only the outcome")
    p.add_argument(
        "--progress", action="store_true", help="each step on stderr, even off a terminal"
    )

    p = command("hub", cmd_hub, "set up a team hub (PostgreSQL) and its checkers")
    hub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    a = hub.add_parser("init", help="create or upgrade the hub's schema (as its owner)")
    a.add_argument("url", metavar="URL")
    a = hub.add_parser("add-checker", help="a login for a checker (the password is shown once)")
    a.add_argument("name")
    a.add_argument("--editor", action="store_true", help="may also delete articles")
    a.add_argument("--org", default="default", help="the checker's organisation")
    a.add_argument("--name", dest="display_name", metavar="DISPLAY NAME",
                   help="the name shown with their verdicts (default: the login)")  # fmt: skip
    a.add_argument("--hub", metavar="URL")
    a = hub.add_parser("remove-checker", help="revoke a checker's login")
    a.add_argument("name")
    a.add_argument("--hub", metavar="URL")
    a = with_format(hub.add_parser("checkers", help="list the hub's checkers"))
    a.add_argument("--hub", metavar="URL")

    _add_export(sub, command)
    _add_factcheck(command)
    p = changing(
        command("backup", cmd_backup, "copy the whole database, safely while the app runs")
    )
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="a file, or - (stdout)")
    p.add_argument("--quiet", action="store_true", help="no status line")
    return parser


def _add_export(sub: Any, command: Callable) -> None:
    p = command(
        "export",
        cmd_export,
        "export a verdict report, fact-check pages, ClaimReview or a bundle "
        "(rated claims unless --all)",
    )
    p.add_argument(
        "--format",
        required=True,
        choices=("html", "pdf", "md", "csv", "json", "claimreview", "bundle", *PAGE_FORMATS),
        help="a report (html ... claimreview); fact-check pages: page (HTML with ClaimReview),"
        " page-pdf, page-md, page-fragment (for a CMS)",
    )
    p.add_argument("--article", metavar="ID")
    p.add_argument("--claims", metavar="ID,...")
    p.add_argument("--claim", action="append", default=[], metavar="ID", help="(repeatable)")
    _add_claim_filters(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="a file, or - (stdout)")
    p.add_argument("--json", action="store_true", help="what was written, as JSON on stdout")
    p.add_argument("--quiet", action="store_true", help="no progress and no status line")
    scope = p.add_mutually_exclusive_group()
    scope.add_argument(
        "--rated-only",
        action="store_true",
        help="only claims with a verdict, ready to publish (the default, as in the app)",
    )
    scope.add_argument("--all", action="store_true", help="unrated claims too")
    p.add_argument(
        "--skip-incomplete",
        action="store_true",
        help="leave out rated claims that have no summary or no evidence",
    )


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
    if args.action == "show" and factcheck.findings:
        print()
        print(factcheck.findings)
    return 0


def _add_factcheck(command: Callable) -> None:
    p = command(
        "factcheck",
        cmd_factcheck,
        "a claim's fact-check: show, edit, submit for review, sign off (publishes), return",
    )
    p.add_argument("action", choices=("show", "edit", "submit", "sign-off", "return"))
    p.add_argument("claim", metavar="CLAIM")
    p.add_argument("--headline")
    p.add_argument("--findings", metavar="FILE|-", help="the findings, Markdown citing [1], [2]")
    p.add_argument("--authors", metavar="NAME,...")
    p.add_argument("--correction", metavar="NOTE", help="what an edit after publishing corrects")
    p.add_argument("--editor", metavar="NAME", help="the second checker signing off")
    p.add_argument("--by", metavar="NAME")
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


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", cmd_gui)
    if args.install_desktop and args.command is None:
        handler = cmd_install_desktop
    if args.command == "secrets" and args.action != "status" and not args.name:
        parser.error("secrets set/delete need a NAME")
    try:
        return handler(args)
    except FactdeskError as error:
        _err(str(error))
        return error.exit_code
    except KeyboardInterrupt:
        _err("interrupted; what was finished is saved")
        # Leave now: a worker process stopped mid-message can leave Python's process-pool
        # thread waiting forever at exit. Every import is committed or rolled back already.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(130)
    except BrokenPipeError:
        return 0
    except Exception as error:
        # A problem with the database file met while reading (a disk gone, a damaged
        # page): one plain line, like every other problem. Anything else is a bug.
        from factdesk.desk import database_problem

        problem = database_problem(error, args.db)
        if problem is None:
            raise
        _err(str(problem))
        return problem.exit_code


if __name__ == "__main__":
    sys.exit(main())
