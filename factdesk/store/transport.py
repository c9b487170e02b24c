"""What the sync driver (store/replication.py) asks of a hub, and what it gets back:
plain data, no database. hub/ implements `Transport` over PostgreSQL; the driver never
knows how the rows travel, and the transport never sees the laptop's SQLite."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Identity:
    """Who this login is on the hub, and its team (the checkers of its organisation)."""

    hub_id: str
    role: str
    checkers: list[dict] = field(default_factory=list)  # name, editor, display_name


@dataclass
class Pulled:
    """The hub's rows changed after a change number, up to `up_to`, as the hub sent them
    (checked by the driver); `more` when the hub has changes after `up_to`. An article's
    posts and a scale's levels come whole with a changed parent."""

    rows: dict[str, list[Any]]
    up_to: int
    more: bool = False


@dataclass
class Batch:
    """The changes made here that the hub does not have yet."""

    rows: dict[str, list[dict]] = field(default_factory=dict)  # to insert or update
    deleted: dict[str, list[str]] = field(default_factory=dict)  # to delete there
    duplicates: dict[str, list[str]] = field(default_factory=dict)  # merged into another id
    last_seq: int = 0  # the local change number it goes up to

    def __bool__(self) -> bool:
        return (
            any(self.rows.values()) or any(self.deleted.values()) or any(self.duplicates.values())
        )

    def count(self) -> int:
        return sum(len(v) for part in (self.rows, self.deleted, self.duplicates)
                   for v in part.values())  # fmt: skip


@dataclass
class Pushed:
    """What the hub took of a batch (counts by table) and refused (one line each)."""

    sent: Counter = field(default_factory=Counter)
    refused: list[str] = field(default_factory=list)


class Puller(Protocol):
    def pull(self, after: int, *, most: int | None = None) -> Pulled:
        """The changes after `after` (at most `most` change numbers of them), read in one
        consistent snapshot."""
        ...

    def pull_rows(self, table: str, ids: list[str]) -> dict[str, list[Any]]:
        """Rows of `table` by id, as they are now (with the rows that travel with them)."""
        ...


class LockedHub(Puller, Protocol):
    """The hub while this laptop holds its change lock: nobody else writes."""

    def push(self, batch: Batch) -> Pushed: ...


class Transport(Puller, Protocol):
    label: str

    def whoami(self) -> Identity: ...

    def locked(self) -> AbstractContextManager[LockedHub]:
        """Hold the change lock; what was pushed is committed when the block ends
        without an error, and nothing of it otherwise."""
        ...


@dataclass
class SyncReport:
    hub: str
    role: str
    received: Counter = field(default_factory=Counter)
    sent: Counter = field(default_factory=Counter)
    refused: list[str] = field(default_factory=list)
    set_aside: list[str] = field(default_factory=list)  # rows from the hub not taken

    def summary(self) -> str:
        def counts(counter: Counter) -> str:
            total = sum(counter.values())
            if not total:
                return "nothing"
            parts = ", ".join(f"{n} {table}" for table, n in sorted(counter.items()) if n)
            return f"{total} rows ({parts})"

        line = f"synced with hub {self.hub} as {self.role}: received {counts(self.received)}; "
        line += f"sent {counts(self.sent)}"
        if self.refused:
            line += f"; {len(self.refused)} changes kept on this laptop only"
        if self.set_aside:
            line += f"; {len(self.set_aside)} rows from the hub set aside"
        return line
