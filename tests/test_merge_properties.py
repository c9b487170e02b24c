"""Merging is correct by construction: for random pairs of databases that diverged from a
common one (and imported some of the same articles on their own), merging B into A gives
the same data as merging A into B, merging again changes nothing, no history row is lost
unless it was deleted, and every claim's verdict and status follow its history."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factdesk.desk import Desk
from factdesk.model import STATUSES, Article
from tests.test_desk import sentence_split

TEXTS = [
    "The council cut leakage by half in 2019. Ms Rusk said so. Water bills rose 12% last year.",
    "Crime fell by a third. The mayor said so. Arrests rose 8% in 2020.",
    "The bridge cost 48 million pounds. It opened in May. Traffic fell by 30 per cent.",
    "Exports grew 4% last year. The minister agreed. Imports fell.",
]
# Tables compared between the two merges (local bookkeeping is not: row_changes numbers
# are each database's own, settings are not merged).
COMPARED = (
    "articles",
    "posts",
    "claims",
    "evidence",
    "verdicts",
    "status_changes",
    "prior_checks",
    "rating_scales",
    "rating_levels",
    "tombstones",
    "article_stats",
)

ops = st.lists(
    st.tuples(
        st.sampled_from("AB"),
        st.sampled_from(
            [
                "verdict",
                "status",
                "edit",
                "evidence",
                "edit_evidence",
                "remove_evidence",
                "undo_verdict",
                "redo_verdict",
                "delete_claim",
                "restore_claim",
                "delete_article",
                "restore_article",
                "import",
                "add_claim",
            ]
        ),
        st.integers(0, 50),
        st.integers(0, 50),
    ),
    max_size=30,
)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """The common ancestor: two articles with a little work on them."""
    path = tmp_path_factory.mktemp("base") / "base.db"
    with Desk(path) as desk:
        for text in TEXTS[:2]:
            desk.import_article(Article(source="s.txt", text=text), split=sentence_split)
        claim = desk.claims()[0]
        desk.set_verdict(claim.id, "False", scale="politifact")
        desk.add_evidence(claim.id, "https://example.org/x", fetch=False)
    return path


class Side:
    """One laptop's database and what it can undo."""

    def __init__(self, path: Path):
        self.desk = Desk(path)
        self.undo: dict[str, list] = {"verdict": [], "redo": [], "claim": [], "article": []}

    def pick(self, items: list, n: int):
        return items[n % len(items)] if items else None

    def apply(self, op: str, a: int, b: int) -> None:
        desk = self.desk
        claims = sorted(desk.claims(), key=lambda c: c.id)
        claim = self.pick(claims, a)
        evidence = [e for c in claims for e in desk.evidence(c.id)]
        if op == "verdict" and claim:
            level = ["True", "Mostly True", "Half True", "False", "Pants on Fire"][b % 5]
            self.undo["verdict"].append(desk.set_verdict(claim.id, level, scale="politifact").made)
        elif op == "status" and claim:
            desk.set_status(claim.id, STATUSES[b % len(STATUSES)], assignee=f"P{b % 3}")
        elif op == "edit" and claim:
            field = ["text", "speaker", "kind", "score", "said_on"][b % 5]
            value = {
                "text": f"Edited {b}.",
                "speaker": f"Speaker {b}",
                "kind": "quantity",
                "score": (b % 10) / 10,
                "said_on": f"2020-01-{1 + b % 28:02}",
            }[field]
            desk.update_claim(claim.id, **{field: value})
        elif op == "evidence" and claim:
            desk.add_evidence(claim.id, f"https://example.org/{b}", fetch=False)
        elif op == "edit_evidence" and evidence:
            item = self.pick(evidence, b)
            desk.update_evidence(
                item.id, **({"note": f"note {a}"} if a % 2 else {"stance": "refutes"})
            )
        elif op == "remove_evidence" and evidence:
            desk.remove_evidence(self.pick(evidence, b).id)
        elif op == "undo_verdict" and self.undo["verdict"]:
            verdict = self.undo["verdict"].pop()
            if any(v.id == verdict.id for v in desk.verdicts(verdict.claim_id)):
                desk.remove_verdict(verdict.id)
                self.undo["redo"].append(verdict)
        elif op == "redo_verdict" and self.undo["redo"]:
            verdict = self.undo["redo"].pop()
            if any(c.id == verdict.claim_id for c in claims):
                desk.restore_verdict(verdict)
        elif op == "delete_claim" and claim:
            self.undo["claim"].append(desk.delete_claims([claim.id]).made)
        elif op == "restore_claim" and self.undo["claim"]:
            records = self.undo["claim"].pop()
            articles = {x.id for x in desk.articles()}
            if all(
                r.claim.article_id in articles and r.claim.id not in {c.id for c in claims}
                for r in records
            ):
                desk.restore_claims(records)
        elif op == "delete_article" and desk.articles():
            article = self.pick(sorted(desk.articles(), key=lambda x: x.id), a)
            self.undo["article"].append(desk.delete_article(article.id).made)
        elif op == "restore_article" and self.undo["article"]:
            record = self.undo["article"].pop()
            if record.row["id"] not in {x.id for x in desk.articles()}:
                desk.restore_article(record)
        elif op == "import":
            text = TEXTS[b % len(TEXTS)]
            desk.import_article(Article(source=f"{b}.txt", text=text), split=sentence_split)
        elif op == "add_claim" and desk.articles():
            article = desk.article(self.pick(sorted(x.id for x in desk.articles()), a))
            start = b % max(1, len(article.text) - 5)
            desk.add_claim(article.id, start, min(len(article.text), start + 12))


def table_rows(path: Path) -> dict[str, list[tuple]]:
    """Every compared table's rows, without recorded_by (who recorded a row as this
    laptop knows it: NULL for its own rows, "(bundle)" for a teammate's)."""
    conn = sqlite3.connect(path)
    try:
        rows = {}
        for t in COMPARED:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({t})")]
            names = ", ".join(f'"{c}"' for c in columns if c != "recorded_by")
            rows[t] = sorted(conn.execute(f"SELECT {names} FROM {t}").fetchall(), key=repr)
        return rows
    finally:
        conn.close()


def merged(tmp: Path, name: str, into: Path, bundle: Path) -> Path:
    target = tmp / f"{name}.db"
    shutil.copy(into, target)
    with Desk(target) as desk:
        # The merge's algebra, with every deletion accepted (by default a bundle may not
        # delete work recorded here, which one side may have and the other not).
        desk.import_bundle(bundle, accept_deletions=True)
    return target


def diverged(base: Path, tmp: Path, steps: list) -> dict[str, Path]:
    """Laptops A and B (A.db, B.db in `tmp`) made from `base` by `steps`, and the bundle
    each exported (A.bundle, B.bundle), by name."""
    sides = {}
    for name in "AB":
        shutil.copy(base, tmp / f"{name}.db")
        sides[name] = Side(tmp / f"{name}.db")
    for side, op, a, b in steps:
        sides[side].apply(op, a, b)
    bundles = {}
    for name, side in sides.items():
        bundles[name] = tmp / f"{name}.bundle"
        side.desk.export_bundle(bundles[name])
        side.desk.close()
    return bundles


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=ops)
def test_merges_commute_are_idempotent_and_lose_no_history(base, tmp_path_factory, steps):
    tmp = tmp_path_factory.mktemp("merge")
    bundles = diverged(base, tmp, steps)
    ab = merged(tmp, "AB", tmp / "A.db", bundles["B"])
    ba = merged(tmp, "BA", tmp / "B.db", bundles["A"])
    rows_ab = table_rows(ab)
    assert rows_ab == table_rows(ba)

    # Merging again changes nothing, not even the change numbers a sync would read.
    conn = sqlite3.connect(ab)
    before = list(conn.iterdump())
    conn.close()
    with Desk(ab) as desk:
        desk.import_bundle(bundles["B"], accept_deletions=True)
        desk.import_bundle(bundles["A"], accept_deletions=True)
    conn = sqlite3.connect(ab)
    assert list(conn.iterdump()) == before
    conn.close()

    _assert_no_history_lost(tmp, ab)
    _assert_current_values_follow_history(ab)


def _assert_no_history_lost(tmp: Path, ab: Path) -> None:
    conn = sqlite3.connect(ab)
    claims = {r[0] for r in conn.execute("SELECT id FROM claims")}
    history = "SELECT id FROM verdicts UNION SELECT id FROM status_changes"
    have = {r[0] for r in conn.execute(history)}
    deleted = {r[0] for r in conn.execute("SELECT row_id FROM tombstones WHERE deleted = 1")}
    conn.close()
    for name in "AB":
        side = sqlite3.connect(tmp / f"{name}.db")
        for entry_id, claim_id in side.execute(
            "SELECT id, claim_id FROM verdicts UNION SELECT id, claim_id FROM status_changes"
        ):
            if claim_id in claims and entry_id not in deleted:
                assert entry_id in have, f"{entry_id} of {name} was lost"
        side.close()


def _assert_current_values_follow_history(path: Path) -> None:
    with Desk(path) as desk:
        for claim in desk.claims():
            verdicts = desk.verdicts(claim.id)
            expected = (verdicts[-1].rating or "Conclusion") if verdicts else None
            assert claim.verdict == expected
            changes = desk.status_changes(claim.id)
            assert claim.status == (changes[-1].status if changes else "new")
            assert claim.assignee == (changes[-1].assignee if changes else None)
            latest = max([v.at for v in verdicts] + [c.at for c in changes], default="")
            assert claim.updated_at >= latest
