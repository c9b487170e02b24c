"""Commands that read articles: import (URLs, files, folders, bundles, stdin), and the
tools that need no database (extract, split, score)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Generator
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from factdesk.errors import BadInput, FactdeskError

if TYPE_CHECKING:  # the Desk loads when a command needs it (a fast start for the rest)
    pass
from .common import (
    _answer,
    _claim_json,
    _emit,
    _err,
    _fields,
    _on_terminal,
    _open_desk,
    _read_stdin_text,
    _status,
    _wants_json,
    one_line,
)


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
                result = desk.import_source(
                    source, replace=args.replace, stdin_text=stdin_text, refine=not args.no_refine
                )
                yield _import_line(result)
        except FactdeskError as error:
            yield error
    if len(local) > 1 and args.workers > 1:
        from factdesk.desk import read_and_refine, read_and_split
        from factdesk.ingest.bulk import extract_many

        for source in [s for s in local if desk.is_database_file(Path(s))]:
            local.remove(source)  # never read beside SQLite (see Desk.refuse_database_file)
            yield BadInput(f"{source}: that is this database's own file; import another file")

        results = cast(
            Generator[Any, None, None],
            # Refining, the workers run the encoder too (two cores for it).
            extract_many(
                local,
                workers=args.workers,
                work=read_and_split if args.no_refine else read_and_refine,
            ),
        )
        with closing(results):
            yield from _store_split(desk, results, args.replace, refine=not args.no_refine)
    else:
        for source in local:
            try:
                yield _import_line(
                    desk.import_source(source, replace=args.replace, refine=not args.no_refine)
                )
            except FactdeskError as error:
                yield error


def _store_split(desk: Any, results: Any, replace: bool, *, refine: bool):
    """Store the articles the workers read and split, as they come (refining, the workers
    split with the final scores, so the articles are never provisional)."""
    for _source, outcome in results:
        if isinstance(outcome, FactdeskError):
            yield outcome
            continue
        article, claims = outcome
        try:
            split = lambda _article, claims=claims: claims  # noqa: E731 (already split)
            # Refining, the workers' claims are the final ones: stored as they are.
            result = desk.import_article(
                article, replace=replace, split=split, provisional=not refine, refine=False
            )
            yield _import_line(result)
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


def cmd_refine(args: argparse.Namespace) -> int:
    """Give the claims of articles imported with --no-refine (or cut short) their final
    scores and kinds."""
    desk = _open_desk(args)
    pending = desk.provisional_articles()
    with _progress(len(pending), args) as progress:
        refined = []
        for article_id in pending:
            changes = desk.refine(article_id)
            refined.append({"id": article_id, "claims": len(changes.claims)})
            progress.update()
    _answer(args, {"refined": refined}, None)
    _status(args, f"{len(refined)} article{'s' * (len(refined) != 1)} refined")
    return 0


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
