"""Syncing this laptop's database with a team hub: pull what others pushed, merge it
like a bundle (store/merge.py), push what changed here. The hub is reached only through
a `Transport` (store/transport.py; hub/ implements it over PostgreSQL).

1. Pull, without any lock: the hub rows changed after the last pull, in batches of at
   most WINDOW change numbers (a first sync of a big team holds one batch at a time),
   each read in one snapshot with the parents its rows name that this laptop lacks, and
   merged in one SQLite transaction that also records how far it got (store/outbox.py
   keeps the rows that came in from being sent back): a pull cut off resumes after the
   last batch merged.
2. Push, under the hub's change lock (pushes happen one at a time): first merge whatever
   was pushed since step 1, so what we send is the merge of the hub's rows and ours;
   then send our changed rows, deletions and rows merged into another id; the hub
   commits, and only then is it recorded here that they are pushed.

What comes from the hub is checked like a bundle (store/bundle.py `check_pulled`): a bad
row is set aside with one line, and the rest of the sync goes on.

Cut off anywhere, both sides stay consistent: the hub commits a push whole or not at
all; the laptop records a pull with its merge, and a push only after the hub has it.
The next sync re-sends what may not have arrived (the hub ignores rows it has) and
completes. What the hub refuses (deleting an article without being an editor, another
checker's verdict) stays on this laptop, and the report says so.
"""

from __future__ import annotations

from typing import Any

from factdesk.model import now_iso
from factdesk.store import outbox as ob
from factdesk.store.bundle import check_pulled
from factdesk.store.merge import Merge
from factdesk.store.tables import TABLES
from factdesk.store.transport import Identity, Progress, Puller, SyncReport, Transport

# Hub change numbers per committed batch of a pull.
WINDOW = 10_000


def sync(db: Any, hub: Transport, *, progress: Progress | None = None) -> SyncReport:
    """Pull and push once. The transport's errors (HubError, one line) pass through."""
    say = progress or (lambda _message: None)
    me = hub.whoami()
    report = SyncReport(hub.label, me.role)
    _pull_and_merge(db, hub, me, report, say)
    if _push(db, hub, me, report, say):
        # Our rows as the hub recorded them (who, the name shown, bounded times).
        own = SyncReport(report.hub, report.role)
        _pull_and_merge(db, hub, me, own, say)
        report.set_aside += own.set_aside
    state = ob.hub_state(db, me.hub_id)
    assert state is not None
    state.role, state.checkers = me.role, me.checkers
    state.previous_synced_at, state.synced_at = state.synced_at, now_iso()
    with db.write():
        ob.save_hub_state(db, state)
    return report


def _pull_and_merge(db: Any, hub: Puller, me: Identity, report: SyncReport, say: Progress) -> bool:
    """Merge the hub's changes since the last pull, batch by batch; False when there
    were none."""
    merged = False
    later: set[str] | None = None  # claims to compare with the hub's when all is in
    while True:
        state = ob.hub_state(db, me.hub_id)
        assert state is not None
        pulled = hub.pull(state.pulled_seq, most=WINDOW)
        if pulled.up_to <= state.pulled_seq:
            break
        if pulled.more and later is None:
            later = set()
        _add_missing_parents(db, hub, pulled.rows)
        incoming, problems = check_pulled(db, pulled.rows)
        for line in problems:
            say(f"set aside: {line}")
        report.set_aside += problems
        count = sum(len(rows) for rows in incoming.values())
        if count:
            say(f"merging {count} rows from the hub")
        with db.write():
            before = ob.last_change(db)
            if count:
                Merge(db, trusted=True).run(incoming)
            state.pushed_seq = ob.settle_pull(db, before, incoming, state.pushed_seq, later=later)
            state.pulled_seq = pulled.up_to
            ob.save_hub_state(db, state)
        for table, rows in incoming.items():
            report.received[table] += len(rows)
        merged = True
        if not pulled.more:
            break
    if later:
        _settle_later(db, hub, sorted(later))
    return merged


def _settle_later(db: Any, hub: Puller, claim_ids: list[str]) -> None:
    """The claims a pull in batches put aside, compared with the hub's rows now: those
    that differ are sent with the next push."""
    for start in range(0, len(claim_ids), 10_000):
        chunk = claim_ids[start : start + 10_000]
        rows = hub.pull_rows("claims", chunk).get("claims", [])
        found, _problems = check_pulled(db, {"claims": rows})
        theirs = {row["id"]: row for row in found.get("claims", [])}
        with db.write():
            ob.settle_later(db, {claim_id: theirs.get(claim_id) for claim_id in chunk})


def _add_missing_parents(db: Any, hub: Puller, rows: dict[str, list[Any]]) -> None:
    """Fetch the parent rows a batch names that are neither in it nor here (a claim whose
    article changed after it, so comes in a later batch): children first, so a fetched
    claim's article is looked for too."""
    for t in reversed(TABLES):
        if t.parent is None or not rows.get(t.name):
            continue
        parent, column = t.parent
        named = {r.get(column) for r in rows[t.name] if isinstance(r, dict)}
        have = {r.get("id") for r in rows.get(parent, []) if isinstance(r, dict)}
        wanted = sorted(n for n in named - have if isinstance(n, str))
        lacking = [key for key in wanted if not ob.exists(db, parent, key)]
        if lacking:
            for table, found in hub.pull_rows(parent, lacking).items():
                there = rows.setdefault(table, [])
                keys = {_key(table, r) for r in there}
                there += [r for r in found if _key(table, r) not in keys]


def _key(table: str, row: Any) -> str | None:
    try:
        return next(t for t in TABLES if t.name == table).key_of(row)
    except (KeyError, TypeError, StopIteration):
        return None


def _push(db: Any, hub: Transport, me: Identity, report: SyncReport, say: Progress) -> bool:
    state = ob.hub_state(db, me.hub_id)
    assert state is not None
    # Read before taking the lock (the lock's holder should not sit idle reading its own
    # database); read again only if what was pushed meanwhile changed rows here.
    box = ob.outbox(db, state.pushed_seq)
    if not box:
        return False
    with hub.locked() as locked:
        if _pull_and_merge(db, locked, me, report, say):
            state = ob.hub_state(db, me.hub_id)
            assert state is not None
            box = ob.outbox(db, state.pushed_seq)
        say(f"sending {box.count()} changes to the hub")
        pushed = locked.push(box)
    report.sent.update(pushed.sent)
    report.refused += pushed.refused
    for line in pushed.refused:
        say(f"kept on this laptop only: {line}")
    state.pushed_seq = box.last_seq
    with db.write():
        ob.save_hub_state(db, state)
    return True
