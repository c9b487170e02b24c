"""Bundles: a database's work in one file, merged into another database by stable ids.

A bundle is gzip-compressed JSON Lines: a header line, then one line per row
({"table": ..., "row": {...}}), blobs in base64, in any order. Reading one checks each
row as it comes (every value's type, required values, sizes, that blobs decompress);
store/bundle_merge.py checks the rest (no row twice, every row it refers to in the
bundle or here) before anything is written, then merges it in committed batches of
whole articles by the rules of store/merge.py and store/sync.py.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import gzip
import io
import json
import math
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from factdesk import __version__
from factdesk.errors import BadInput
from factdesk.model import FACTCHECK_STATES, STANCES, STATUSES
from factdesk.outputs import atomic_output
from factdesk.store.migrations import URL_COLUMNS
from factdesk.store.sync import FIELD_CLOCKS, row_key
from factdesk.store.tables import NAMES, all_times, blob_columns, tombstoned
from factdesk.store.tables import table as table_of
from factdesk.untrusted import without_credentials

FORMAT = "factdesk-bundle"
VERSION = 3  # 2: field_times and tombstones; 3: fact-checks and their corrections
# Tables in the order they are written (parents before children, for people reading one).
TABLES = NAMES
BLOB_COLUMNS = blob_columns()
TIME_COLUMNS = all_times()
# Tables a tombstone may name.
DELETABLE = set(tombstoned())

# Bounds on what a bundle may make us hold: the whole decompressed file (on disk while it
# is checked: a desk of 1M claims with a verdict and a piece of evidence each is about
# 3 GB; memory no longer grows with it), one line, and one value (text, or a blob once
# decompressed). Pages are at most 20 MB when imported.
MAX_BUNDLE_BYTES = 16 * 1024**3
MAX_LINE_BYTES = 128 * 1024**2
MAX_VALUE_BYTES = 32 * 1024**2
MAX_ID_CHARS = 100
PROGRESS_ROWS = 2000  # rows read between two words of progress
INT_RANGE = (-(2**63), 2**63 - 1)
# Who recorded a row that came in a bundle from a laptop that had not synced it.
FROM_BUNDLE = "(bundle)"


# --- writing ----------------------------------------------------------------------


def _rows(db: Database, table: str, article_id: str | None) -> Iterator[dict]:
    where, params = _where(table, article_id)
    order = "" if table == "tombstones" else "ORDER BY rowid"
    yield from db.query(f"SELECT * FROM {table} {where} {order}", params)


def _row_count(db: Database, table: str, article_id: str | None) -> int:
    where, params = _where(table, article_id)
    return db.execute(f"SELECT count(*) FROM {table} {where}", params).fetchone()[0]


def _where(table: str, article_id: str | None) -> tuple[str, list]:
    """Which rows of `table` a bundle of everything, or of one article, holds."""
    if table in ("rating_scales", "rating_levels"):
        key = "id" if table == "rating_scales" else "scale_id"
        return f"WHERE {key} IN (SELECT id FROM rating_scales WHERE builtin = 0)", []
    if article_id is None:
        return "", []
    if table == "tombstones":
        return (
            "WHERE article_id = ? OR (tbl = 'articles' AND row_id = ?)",
            [article_id, article_id],
        )
    where, params = _of_article(table)
    return where, [article_id for _ in params]


def _of_article(name: str) -> tuple[str, list]:
    """The rows of an article's bundle, through the table's parents up to the article
    (a table with no article above it, like the desk's saved lists: none)."""
    t = table_of(name)
    if name == "articles":
        return "WHERE id = ?", [None]
    if t.parent is None:
        return "WHERE 0", []
    parent, column = t.parent
    if parent == "articles":
        return f"WHERE {column} = ?", [None]
    where, params = _of_article(parent)
    if not params:
        return "WHERE 0", []
    return f"WHERE {column} IN (SELECT id FROM {parent} {where})", params


def write_bundle(
    db: Database,
    path: Path,
    *,
    article_id: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Counter:
    """Write everything (or one article with its claims and their work) to `path` (`-`:
    standard output); progress(rows written, rows in all) now and then.

    The file appears whole or not at all; on a failure the partial file is removed."""
    counts: Counter = Counter()
    total = sum(_row_count(db, table, article_id) for table in TABLES) if progress else 0
    written = 0
    with (
        atomic_output(path) as stream,
        gzip.GzipFile(fileobj=stream, mode="wb") as packed,
        io.TextIOWrapper(packed, encoding="utf-8") as out,
    ):
        header = {"format": FORMAT, "version": VERSION, "factdesk": __version__}
        out.write(json.dumps(header) + "\n")
        for table in TABLES:
            for row in _rows(db, table, article_id):
                for column in BLOB_COLUMNS & row.keys():
                    if row[column] is not None:
                        row[column] = base64.b64encode(row[column]).decode()
                out.write(json.dumps({"table": table, "row": row}, ensure_ascii=False))
                out.write("\n")
                counts[table] += 1
                written += 1
                if progress and written % 1000 == 0:
                    progress(written, total)
    if progress:
        progress(written, total)
    return counts


# --- reading and checking -----------------------------------------------------------


@dataclass
class Column:
    name: str
    type: str  # TEXT, INTEGER, REAL, BLOB
    required: bool  # NOT NULL without a default
    not_null: bool
    default: Any


def _schema(db: Database) -> dict[str, dict[str, Column]]:
    schema = {}
    for table in TABLES:
        columns = {}
        for _cid, name, decl, notnull, default, pk in db.execute(f"PRAGMA table_info({table})"):
            # Defaults in this schema are plain literals: 'text' or a number.
            value = None if default is None else json.loads(default.replace("'", '"'))
            not_null = bool(notnull or pk)
            required = not_null and default is None
            columns[name] = Column(name, decl.upper(), required, not_null, value)
        schema[table] = columns
    return schema


def _check_value(table: str, column: Column, value: Any) -> Any:
    """The value to store, or raises ValueError saying what is wrong with it."""
    if value is None:
        if column.not_null:
            raise ValueError(f"{table}.{column.name} must have a value")
        return None
    if column.type == "TEXT":
        if not isinstance(value, str):
            raise ValueError(f"{table}.{column.name} must be text")
        if len(value) > MAX_VALUE_BYTES:
            raise ValueError(f"{table}.{column.name} is longer than {MAX_VALUE_BYTES} characters")
        if column.name in TIME_COLUMNS:
            _check_time(table, column.name, value)
        return value
    if column.type == "INTEGER":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{table}.{column.name} must be a whole number")
        if not INT_RANGE[0] <= value <= INT_RANGE[1]:
            raise ValueError(f"{table}.{column.name} is out of range")
        return value
    if column.type == "REAL":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{table}.{column.name} must be a number")
        if not math.isfinite(float(value)) or abs(value) > 1e300:
            raise ValueError(f"{table}.{column.name} is not a finite number")
        return float(value)
    if column.type == "BLOB":
        if isinstance(value, bytes):  # from the hub (hex text turned into bytes)
            data = value
        elif not isinstance(value, str) or len(value) > MAX_VALUE_BYTES * 2:
            raise ValueError(f"{table}.{column.name} must be base64 text")
        else:
            try:
                data = base64.b64decode(value, validate=True)
            except (binascii.Error, ValueError):
                raise ValueError(f"{table}.{column.name} is not valid base64") from None
        _check_gzip(table, column.name, data)
        return data
    raise ValueError(f"{table}.{column.name} has an unknown type")  # pragma: no cover


def _check_time(table: str, name: str, value: str) -> None:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{table}.{name} is not an ISO 8601 time") from None
    if len(value) < 19 or value[10] != "T" or (moment.utcoffset() not in (None, dt.timedelta())):
        raise ValueError(f"{table}.{name} is not a UTC time like 2026-01-31T12:00:00+00:00")


def _check_gzip(table: str, name: str, data: bytes) -> None:
    """The blob must be gzip that decompresses, to no more than MAX_VALUE_BYTES."""
    inflater = zlib.decompressobj(wbits=31)
    size, pending = 0, data
    try:
        while pending:
            chunk = inflater.decompress(pending, 1024 * 1024)
            size += len(chunk)
            if size > MAX_VALUE_BYTES:
                raise ValueError(f"{table}.{name} decompresses to over {MAX_VALUE_BYTES} bytes")
            pending = inflater.unconsumed_tail
            if inflater.eof:
                pending = inflater.unused_data
                if pending:  # another gzip member follows
                    inflater = zlib.decompressobj(wbits=31)
        if not inflater.eof:
            raise ValueError(f"{table}.{name} is cut short (incomplete gzip data)")
    except zlib.error:
        raise ValueError(f"{table}.{name} is not gzip data") from None


def _check_row(table: str, row: dict, schema: dict[str, Column]) -> dict:
    unknown = sorted(row.keys() - schema.keys())
    if unknown:
        raise ValueError(f"{table} has no column {unknown[0]!r}")
    checked = {}
    for name, column in schema.items():
        if name not in row:
            if column.required:
                raise ValueError(f"{table} row lacks {name!r}")
            checked[name] = column.default
            continue
        checked[name] = _check_value(table, column, row[name])
    _check_meaning(table, checked)
    for name in URL_COLUMNS.get(table, ()):  # links are kept without credentials
        if isinstance(checked.get(name), str):
            checked[name] = without_credentials(checked[name])
    return checked


def _check_meaning(table: str, row: dict) -> None:
    """What the types alone do not say: ids, states, spans, clocks."""
    for name in ("id", "article_id", "claim_id", "scale_id", "row_id"):
        value = row.get(name)
        if isinstance(value, str) and not 0 < len(value) <= MAX_ID_CHARS:
            raise ValueError(f"{table}.{name} is not an id")
    if table in ("claims", "status_changes") and row["status"] not in STATUSES:
        raise ValueError(f"{table}.status {row['status']!r} is not a status")
    if table == "evidence" and row["stance"] not in STANCES:
        raise ValueError(f"evidence.stance {row['stance']!r} is not a stance")
    if table in ("claims", "posts") and not 0 <= row["start"] <= row["end"]:
        raise ValueError(f"{table} span {row['start']}-{row['end']} is not a stretch of text")
    if table == "claims" and row["checkworthy"] not in (None, 0, 1):
        raise ValueError("claims.checkworthy must be 0 or 1")
    if table == "rating_scales" and row["builtin"] != 0:
        raise ValueError("a bundle cannot carry a built-in scale")
    if table == "factchecks" and row["state"] not in FACTCHECK_STATES:
        raise ValueError(f"factchecks.state {row['state']!r} is not a fact-check state")
    if table == "rating_levels" and not 0 <= row["position"] < 1000:
        raise ValueError("rating_levels.position is out of range")
    if table == "tombstones":
        if row["tbl"] not in DELETABLE:
            raise ValueError(f"tombstones.tbl {row['tbl']!r} is not a table rows are deleted from")
        if row["deleted"] not in (0, 1):
            raise ValueError("tombstones.deleted must be 0 or 1")
    if table in FIELD_CLOCKS and row.get("field_times") is not None:
        try:
            times = json.loads(row["field_times"])
        except (ValueError, RecursionError):
            raise ValueError(f"{table}.field_times is not JSON") from None
        if not isinstance(times, dict):
            raise ValueError(f"{table}.field_times is not a JSON object")
        for clock, at in times.items():
            if clock not in FIELD_CLOCKS[table]:
                raise ValueError(f"{table}.field_times names {clock!r}, not a field clock")
            if not isinstance(at, str):
                raise ValueError(f"{table}.field_times[{clock!r}] is not a time")
            _check_time(table, f"field_times[{clock!r}]", at)


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    total = 0
    with gzip.open(path, "rb") as stream:
        number = 0
        while True:
            line = stream.readline(MAX_LINE_BYTES + 1)
            if not line:
                return
            number += 1
            if len(line) > MAX_LINE_BYTES:
                raise BadInput(f"{path}: line {number} is longer than {MAX_LINE_BYTES} bytes")
            total += len(line)
            if total > MAX_BUNDLE_BYTES:
                raise BadInput(
                    f"{path}: decompresses to more than {MAX_BUNDLE_BYTES // 1024**3} GB; "
                    "not a bundle factdesk makes"
                )
            yield number, line


def _parse(number: int, line: bytes) -> Any:
    try:
        return json.loads(line.decode("utf-8"))
    except RecursionError:
        raise ValueError("nested too deeply") from None
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    except ValueError as error:
        raise ValueError(f"not JSON ({error})") from None


def checked_rows(
    db: Database, path: Path, progress: Callable[[int, int, str], None] | None = None
) -> Iterator[tuple[int, str, dict]]:
    """Read a bundle line by line, checking each row as it comes: yields (line number,
    table, checked row); raises BadInput naming the first bad line. Holds one line at a
    time (store/bundle_merge.py checks what needs every row: repeats, references).
    `progress(rows, 0, text)` is told every PROGRESS_ROWS rows read."""
    if not path.is_file():
        raise BadInput(f"{path}: no such file")
    schema = _schema(db)
    number = 0
    try:
        lines = _lines(path)
        first = next(lines, None)
        header = None
        if first is not None:
            try:
                header = _parse(*first)
            except ValueError:
                header = None
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise BadInput(f"{path}: not a factdesk bundle")
        version = header.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise BadInput(f"{path}: line 1: the bundle's version is missing")
        if version > VERSION:
            raise BadInput(
                f"{path}: made by a newer factdesk ({header.get('factdesk')}); update factdesk"
            )
        for number, line in lines:
            try:
                item = _parse(number, line)
                if not isinstance(item, dict) or set(item) != {"table", "row"}:
                    raise ValueError("not a bundle row")
                table, row = item["table"], item["row"]
                if table not in TABLES or not isinstance(row, dict):
                    raise ValueError("not a bundle row")
                row = _check_row(table, row, schema[table])
            except ValueError as error:
                raise BadInput(f"{path}: line {number}: {error}") from None
            yield number, table, row
            if progress is not None and (number - 1) % PROGRESS_ROWS == 0:  # (line 1: header)
                progress(number - 1, 0, f"Read {number - 1:,} rows")
    except (OSError, EOFError, zlib.error) as error:
        if isinstance(error, gzip.BadGzipFile) and number == 0:
            raise BadInput(f"{path}: not a factdesk bundle (not gzip data)") from None
        where = f" after line {number}" if number else ""
        reason = getattr(error, "strerror", None) or error
        raise BadInput(f"{path}: corrupt or cut short{where} ({reason})") from None


# --- rows from a team hub -------------------------------------------------------------


def check_pulled(
    db: Database, incoming: dict[str, list[Any]]
) -> tuple[dict[str, list[dict]], list[str]]:
    """Check rows pulled from a hub as a bundle's are (types, sizes, ids, states, times,
    tables a tombstone names, blobs that are gzip, links without credentials). Returns
    the good rows by table and one line for each row set aside; a bad row never stops
    the others."""
    schema = _schema(db)
    checked: dict[str, list[dict]] = {}
    problems: list[str] = []
    for table, rows in incoming.items():
        if table not in TABLES:
            problems.append(f"{str(table)[:60]!r}: not a table rows are synced to")
            continue
        seen: set[str] = set()
        good = checked.setdefault(table, [])
        for row in rows:
            name = row.get("id") if isinstance(row, dict) else None
            label = f"{table} {str(name)[:100] if name is not None else '(no id)'}"
            try:
                if not isinstance(row, dict):
                    raise ValueError("not a row")
                plain = {k: _from_hub(schema[table].get(k), v) for k, v in row.items()
                         if k in schema[table]}  # fmt: skip
                row = _check_row(table, plain, schema[table])
                key = row_key(table, row)
            except (ValueError, TypeError, KeyError) as error:
                problems.append(f"{label}: {error}")
                continue
            if key in seen:
                problems.append(f"{label}: sent twice")
                continue
            seen.add(key)
            good.append(row)
    return checked, problems


def _from_hub(column: Column | None, value: Any) -> Any:
    """A value as the hub's JSON gives it: bytea arrives as hex text (\\x...)."""
    if column is not None and column.type == "BLOB" and isinstance(value, str):
        if not value.startswith("\\x"):
            raise ValueError(f"{column.name} is not binary data")
        try:
            return bytes.fromhex(value[2:])
        except ValueError:
            raise ValueError(f"{column.name} is not binary data") from None
    return value
