"""The synced tables, each declared once: what a bundle carries, what the change log
records, what the outbox sends, how `Merge` treats each table, and what the team hub
creates, accepts and checks are all read from `TABLES` below.

A table is one `Table`: its columns as the laptop has them (the hub's DDL is made from
them), its key, its parent (the row it belongs to), whether a deletion of it travels as
a tombstone, its field clocks, and since when it is synced (the laptop migration whose
triggers log its changes, and the hub schema version that has it). Adding a synced table
is an entry here, a laptop migration calling `log_changes`, and a hub migration calling
`hub_tables_ddl` (store/migrations.py and hub/schema.py show how).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # the laptop's: TEXT, INTEGER, REAL, BLOB
    not_null: bool = False
    default: str | None = None  # an SQL literal


# SQLite's types as the hub (PostgreSQL) has them.
HUB_TYPES = {"TEXT": "text", "INTEGER": "bigint", "REAL": "double precision", "BLOB": "bytea"}
# Columns the hub adds to every synced table (never sent by a laptop; recorded_by is the
# laptop's too, where it is what the hub says).
HUB_COLUMNS = ("org", "seq", "recorded_by", "claimed_times")


def _columns(spec: str) -> tuple[Column, ...]:
    """Columns from "name TYPE [NOT NULL] [DEFAULT literal]", comma-separated."""
    found = []
    for part in spec.split(","):
        words = part.split()
        name, kind, rest = words[0].strip('"'), words[1], " ".join(words[2:])
        default = rest.split("DEFAULT ", 1)[1] if "DEFAULT " in rest else None
        found.append(Column(name, kind, "NOT NULL" in rest, default))
    return tuple(found)


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ("id",)
    parent: tuple[str, str] | None = None  # (parent table, the column naming its row)
    noun: str = "a row"  # what a row is called in a message ("a claim")
    # Its rows travel, and are replaced, with their parent's row (no tombstone of their own).
    with_parent: bool = False
    tombstoned: bool = False  # its deletions travel as tombstones
    deduplicated: bool = False  # two laptops' copies of one thing keep the smaller id
    history: bool = False  # a row, once recorded, never changes (but for a hub's stamps)
    # Field clocks: clock name -> the columns it covers (merged field by field).
    clocks: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    created: str | None = None  # the time a field not in field_times dates from
    changed: tuple[str, ...] = ()  # what says when a row last changed (its activity time)
    urls: tuple[str, ...] = ()  # links, kept without credentials
    times: tuple[str, ...] = ()  # UTC times (bounded by the hub's clock there)
    stamped: tuple[str, ...] = ()  # names the hub sets to the sender's registered name
    merge_rule: str = ""  # the Merge method that takes its rows (store/merge.py)
    logged_since: str = "0006_merge_and_sync"  # the laptop migration that logs its changes
    on_hub_since: int | None = 1  # the hub schema version that has it (None: bundles only)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def hub_columns(self) -> tuple[Column, ...]:
        """The columns a laptop sends the hub (recorded_by is the hub's to say)."""
        return tuple(c for c in self.columns if c.name != "recorded_by")

    def key_of(self, row: Any) -> str:
        """The name the change log and a bundle's index give a row."""
        return "/".join(str(row[k]) for k in self.key)

    def key_sql(self, alias: str) -> str:
        """SQL naming the row `alias` the way key_of does."""
        return " || '/' || ".join(f"{alias}.{k}" for k in self.key)


def _table(name: str, columns: str, **kwargs: Any) -> Table:
    clocks = kwargs.pop("clocks", {})
    return Table(name, _columns(columns), clocks=MappingProxyType(clocks), **kwargs)


_CLAIM = ("claims", "claim_id")
# The synced tables, parents before children: the order bundles are written in and the
# hub receives them. THE list: everything else reads it.
TABLES: tuple[Table, ...] = (
    _table(
        "rating_scales",
        "id TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',"
        " builtin INTEGER NOT NULL DEFAULT 0, recorded_by TEXT",
        noun="a scale",
        merge_rule="scales",
    ),
    _table(
        "rating_levels",
        "scale_id TEXT NOT NULL, position INTEGER NOT NULL, label TEXT NOT NULL,"
        " definition TEXT NOT NULL DEFAULT '', value REAL, colour TEXT NOT NULL DEFAULT '#888888',"
        " recorded_by TEXT",
        key=("scale_id", "position"),
        parent=("rating_scales", "scale_id"),
        with_parent=True,
        merge_rule="scales",
    ),
    _table(
        "articles",
        "id TEXT NOT NULL, source TEXT NOT NULL, url TEXT, title TEXT, author TEXT,"
        " publisher TEXT, published TEXT, language TEXT, imported_at TEXT NOT NULL,"
        " updated_at TEXT NOT NULL, text TEXT NOT NULL, content_hash TEXT NOT NULL,"
        " raw_gz BLOB, recorded_by TEXT",
        noun="an article",
        tombstoned=True,
        deduplicated=True,
        changed=("updated_at",),
        urls=("source", "url"),
        times=("imported_at", "updated_at"),
        merge_rule="articles",
    ),
    _table(
        "posts",
        "id TEXT NOT NULL, article_id TEXT NOT NULL, author TEXT, handle TEXT, date TEXT,"
        ' url TEXT, text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,'
        " recorded_by TEXT",
        parent=("articles", "article_id"),
        with_parent=True,
        urls=("url",),
        merge_rule="articles",
    ),
    _table(
        "claims",
        "id TEXT NOT NULL, article_id TEXT NOT NULL, text TEXT NOT NULL,"
        ' sentence TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,'
        " context TEXT, speaker TEXT, speaker_handle TEXT, said_on TEXT, score REAL,"
        " checkworthy INTEGER, kind TEXT, status TEXT NOT NULL DEFAULT 'new', assignee TEXT,"
        " verdict TEXT, verdict_at TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
        " speaker_key TEXT, attribution TEXT, field_times TEXT, recorded_by TEXT",
        parent=("articles", "article_id"),
        noun="a claim",
        tombstoned=True,
        deduplicated=True,
        clocks={
            "text": ("text",),
            "span": ("sentence", "start", "end", "context"),
            # Who said it: the name, the key that follows it, and whose words these are.
            "speaker": ("speaker", "speaker_key", "attribution"),
            "speaker_handle": ("speaker_handle",),
            "said_on": ("said_on",),
            "score": ("score", "checkworthy"),
            "kind": ("kind",),
        },
        created="created_at",
        changed=("updated_at",),
        times=("created_at", "updated_at", "verdict_at"),
        merge_rule="claims",
    ),
    _table(
        "evidence",
        "id TEXT NOT NULL, claim_id TEXT NOT NULL, url TEXT NOT NULL,"
        " stance TEXT NOT NULL DEFAULT 'unclear', quote TEXT, note TEXT, title TEXT,"
        " publisher TEXT, published TEXT, snapshot_gz BLOB, snapshot_text TEXT,"
        " archived_url TEXT, fetch_error TEXT, fetched_at TEXT, added_at TEXT NOT NULL,"
        " field_times TEXT, recorded_by TEXT",
        parent=_CLAIM,
        tombstoned=True,
        clocks={
            "stance": ("stance",),
            "quote": ("quote",),
            "note": ("note",),
            "archived_url": ("archived_url",),
            # What a fetch of the page set, together.
            "page": (
                "title",
                "publisher",
                "published",
                "snapshot_gz",
                "snapshot_text",
                "fetch_error",
                "fetched_at",
            ),
        },
        created="added_at",
        changed=("added_at", "field_times"),
        urls=("url", "archived_url"),
        times=("added_at", "fetched_at"),
        merge_rule="evidence",
    ),
    _table(
        "verdicts",
        "id TEXT NOT NULL, claim_id TEXT NOT NULL, scale_id TEXT NOT NULL, rating TEXT,"
        " summary TEXT NOT NULL DEFAULT '', reviewer TEXT, at TEXT NOT NULL,"
        " field_times TEXT, recorded_by TEXT",
        parent=_CLAIM,
        tombstoned=True,
        history=True,
        # A verdict's summary may be written after its level was picked (it amends it).
        clocks={"summary": ("summary",)},
        created="at",
        changed=("at", "field_times"),
        times=("at",),
        stamped=("reviewer", "at"),
        merge_rule="history",
    ),
    _table(
        "status_changes",
        "id TEXT NOT NULL, claim_id TEXT NOT NULL, status TEXT NOT NULL, assignee TEXT,"
        " by TEXT, at TEXT NOT NULL, recorded_by TEXT",
        parent=_CLAIM,
        tombstoned=True,
        history=True,
        changed=("at",),
        times=("at",),
        stamped=("by", "at"),
        merge_rule="history",
    ),
    _table(
        "prior_checks",
        "id TEXT NOT NULL, claim_id TEXT, claim_text TEXT NOT NULL, url TEXT NOT NULL,"
        " claimant TEXT, claim_date TEXT, publisher TEXT, site TEXT, title TEXT,"
        " review_date TEXT, rating TEXT, language TEXT, found_at TEXT NOT NULL,"
        " recorded_by TEXT",
        parent=_CLAIM,
        tombstoned=True,
        deduplicated=True,
        changed=("found_at",),
        urls=("url",),
        times=("found_at",),
        merge_rule="prior_checks",
    ),
    _table(
        "tombstones",
        "tbl TEXT NOT NULL, row_id TEXT NOT NULL, article_id TEXT,"
        " deleted INTEGER NOT NULL DEFAULT 1, at TEXT NOT NULL, recorded_by TEXT",
        key=("tbl", "row_id"),
        times=("at",),
        merge_rule="tombstones",
    ),
    _table(
        "saved_lists",
        "id TEXT NOT NULL, name TEXT NOT NULL, filter TEXT NOT NULL,"
        " scope TEXT NOT NULL DEFAULT '{}', position INTEGER NOT NULL DEFAULT 0,"
        " created_at TEXT NOT NULL, updated_at TEXT NOT NULL, recorded_by TEXT",
        noun="a saved list",
        tombstoned=True,
        changed=("updated_at",),
        times=("created_at", "updated_at"),
        merge_rule="saved_lists",
        logged_since="0016_synced_factchecks_and_lists",
        on_hub_since=3,
    ),
    _table(
        "factchecks",
        "id TEXT NOT NULL, claim_id TEXT NOT NULL, headline TEXT NOT NULL DEFAULT '',"
        " findings TEXT NOT NULL DEFAULT '', authors TEXT NOT NULL DEFAULT '[]', editor TEXT,"
        " state TEXT NOT NULL DEFAULT 'draft', created_at TEXT NOT NULL,"
        " updated_at TEXT NOT NULL, submitted_at TEXT, published_at TEXT, recorded_by TEXT",
        parent=_CLAIM,
        noun="a fact-check",
        changed=("updated_at",),
        times=("created_at", "updated_at", "submitted_at", "published_at"),
        stamped=("editor",),
        merge_rule="factchecks",
        logged_since="0016_synced_factchecks_and_lists",
        on_hub_since=3,
    ),
    _table(
        "factcheck_corrections",
        "id TEXT NOT NULL, factcheck_id TEXT NOT NULL, note TEXT NOT NULL, by TEXT,"
        " at TEXT NOT NULL, recorded_by TEXT",
        parent=("factchecks", "factcheck_id"),
        history=True,
        changed=("at",),
        times=("at",),
        stamped=("by",),
        merge_rule="corrections",
        logged_since="0016_synced_factchecks_and_lists",
        on_hub_since=3,
    ),
    _table(
        # A claim's family: one register per claim (family_id '' = in none), the later
        # write winning; the families themselves are derived from it (store/families.py).
        "claim_family_members",
        "claim_id TEXT NOT NULL, family_id TEXT NOT NULL, added_at TEXT NOT NULL,"
        " added_by TEXT, recorded_by TEXT",
        key=("claim_id",),
        parent=_CLAIM,
        noun="a family membership",
        changed=("added_at",),
        times=("added_at",),
        merge_rule="family_members",
        logged_since="0019_synced_claim_families",
        on_hub_since=4,
    ),
    _table(
        # The fact-check covering a claim besides its own (issue 20: one fact-check for a
        # group of claims): one register per claim ('' = in none), the later write winning
        # (store/factcheck_claims.py). Only the fact-check's writer or an editor changes it.
        "factcheck_claims",
        "claim_id TEXT NOT NULL, factcheck_id TEXT NOT NULL, added_at TEXT NOT NULL,"
        " added_by TEXT, recorded_by TEXT",
        key=("claim_id",),
        parent=_CLAIM,
        noun="a fact-check's claim",
        changed=("added_at",),
        times=("added_at",),
        merge_rule="factcheck_claims",
        logged_since="0020_factcheck_claims",
        on_hub_since=5,
    ),
)
BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
NAMES = tuple(BY_NAME)


def table(name: str) -> Table:
    return BY_NAME[name]


def on_hub(version: int | None = None) -> tuple[Table, ...]:
    """The tables the hub has at schema `version` (None: the latest)."""
    return tuple(
        t
        for t in TABLES
        if t.on_hub_since is not None and (version is None or t.on_hub_since <= version)
    )


def logged_in(migration: str) -> tuple[Table, ...]:
    """The tables whose change logging a laptop migration began."""
    return tuple(t for t in TABLES if t.logged_since == migration)


def children_of(parent: str) -> tuple[Table, ...]:
    return tuple(t for t in TABLES if t.parent is not None and t.parent[0] == parent)


def tombstoned() -> tuple[str, ...]:
    return tuple(t.name for t in TABLES if t.tombstoned)


def all_times() -> frozenset[str]:
    return frozenset(c for t in TABLES for c in t.times)


def blob_columns() -> frozenset[str]:
    return frozenset(c.name for t in TABLES for c in t.columns if c.type == "BLOB")


def sql_array(names: Iterable[str]) -> str:
    """Names as a PostgreSQL text array literal (they are our own identifiers)."""
    return "ARRAY[" + ", ".join(f"'{n}'" for n in names) + "]"


# --- the change log (laptop) -----------------------------------------------------------


def change_log_statements(tables: Iterable[Table]) -> list[str]:
    """Log each row already there as changed once (a first sync sends everything), and
    the triggers that log every later insert, update and delete."""
    statements = []
    for t in tables:
        order = "" if t.name == "tombstones" else " ORDER BY rowid"  # (it has no rowid)
        statements.append(
            f"INSERT INTO row_changes (tbl, row_id) SELECT '{t.name}', {t.key_sql(t.name)}"
            f" FROM {t.name}{order}"
        )
        for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            statements.append(
                f"""CREATE TRIGGER {t.name}_row_changes_{event.lower()} AFTER {event} ON {t.name}
                BEGIN
                  INSERT INTO row_changes (tbl, row_id) VALUES ('{t.name}', {t.key_sql(row)});
                END"""
            )
    return statements


# --- the hub's tables (PostgreSQL) -------------------------------------------------------


def hub_table_ddl(t: Table) -> list[str]:
    """CREATE TABLE (and its indexes) for one synced table on the hub: the laptop's
    columns, the hub's own, the key within the organisation, the parent's foreign key."""
    lines = ["org text NOT NULL"]
    for c in t.hub_columns:
        quoted = f'"{c.name}"' if c.name in ("end", "position") else c.name
        line = f"{quoted} {HUB_TYPES[c.type]}"
        if c.not_null:
            line += " NOT NULL"
        if c.default is not None:
            line += f" DEFAULT {c.default}"
        lines.append(line)
    lines += ["seq bigint NOT NULL DEFAULT 0", "recorded_by text NOT NULL",
              "claimed_times jsonb", f"PRIMARY KEY (org, {', '.join(t.key)})"]  # fmt: skip
    statements = []
    if t.parent is not None:
        parent, column = t.parent
        lines.append(
            f"FOREIGN KEY (org, {column}) REFERENCES factdesk.{parent} (org, id) ON DELETE CASCADE"
        )
        statements.append(f"CREATE INDEX {t.name}_{column} ON factdesk.{t.name} (org, {column})")
    body = ",\n    ".join(lines)
    return [
        f"CREATE TABLE factdesk.{t.name} (\n    {body}\n)",
        *statements,
        f"CREATE INDEX {t.name}_seq ON factdesk.{t.name} (seq)",
        f"""CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON factdesk.{t.name}
            FOR EACH ROW EXECUTE FUNCTION factdesk.stamp()""",
        f"ALTER TABLE factdesk.{t.name} ENABLE ROW LEVEL SECURITY",
    ]
