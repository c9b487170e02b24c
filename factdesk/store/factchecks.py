"""Fact-checks and their corrections, as SQL (issue 20). Writes run inside the caller's
`Store.write()` transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlite_utils import Database

from factdesk.model import Correction, FactCheck
from factdesk.store.factcheck_claims import covered, covering

_COLUMNS = (
    "id, claim_id, headline, findings, authors, editor, state, created_at, updated_at,"
    " submitted_at, published_at"
)


def _from_row(row: tuple) -> FactCheck:
    (id_, claim_id, headline, findings, authors, editor, state, created, updated,
     submitted, published) = row  # fmt: skip
    try:
        names = [str(name) for name in json.loads(authors or "[]")]
    except (TypeError, ValueError):  # edited by hand: not ours to trust
        names = []
    return FactCheck(
        claim_id=claim_id,
        headline=headline,
        findings=findings,
        authors=names,
        editor=editor,
        state=state,
        created_at=created,
        updated_at=updated,
        submitted_at=submitted,
        published_at=published,
        id=id_,
    )


def factchecks_for(db: Database, claim_ids: Iterable[str]) -> dict[str, FactCheck]:
    """The fact-checks of these claims (those that have one of their own), with their
    corrections and the other claims they cover."""
    return {f.claim_id: f for f in _factchecks(db, "claim_id", list(claim_ids))}


def factchecks_by_id(db: Database, factcheck_ids: Iterable[str]) -> dict[str, FactCheck]:
    return {f.id: f for f in _factchecks(db, "id", list(factcheck_ids))}


def factchecks_covering(db: Database, claim_ids: Iterable[str]) -> dict[str, FactCheck]:
    """The fact-check each of these claims is in: its own, else the one covering it."""
    ids = list(claim_ids)
    found = factchecks_for(db, ids)
    others = covering(db, [i for i in ids if i not in found])
    by_id = factchecks_by_id(db, set(others.values()))
    found.update({claim_id: by_id[f_id] for claim_id, f_id in others.items() if f_id in by_id})
    return found


def _factchecks(db: Database, column: str, ids: list[str]) -> list[FactCheck]:
    found: list[FactCheck] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found += [
            _from_row(row)
            for row in db.execute(
                f"SELECT {_COLUMNS} FROM factchecks WHERE {column} IN ({marks})", chunk
            ).fetchall()
        ]
    by_id = {factcheck.id: factcheck for factcheck in found}
    for factcheck_id, others in covered(db, by_id).items():
        by_id[factcheck_id].other_claims = others
    if by_id:
        marks = ",".join("?" * len(by_id))
        for row in db.execute(
            "SELECT id, factcheck_id, note, by, at FROM factcheck_corrections"
            f" WHERE factcheck_id IN ({marks}) ORDER BY at",
            list(by_id),
        ).fetchall():
            by_id[row[1]].corrections.append(
                Correction(factcheck_id=row[1], note=row[2], by=row[3], at=row[4], id=row[0])
            )
    return found


def save_factcheck(db: Database, factcheck: FactCheck) -> None:
    """Insert the fact-check, or update every field of the stored one (same claim)."""
    db.execute(
        f"""INSERT INTO factchecks ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (claim_id) DO UPDATE SET headline = excluded.headline,
          findings = excluded.findings, authors = excluded.authors, editor = excluded.editor,
          state = excluded.state, updated_at = excluded.updated_at,
          submitted_at = excluded.submitted_at, published_at = excluded.published_at""",
        [
            factcheck.id,
            factcheck.claim_id,
            factcheck.headline,
            factcheck.findings,
            json.dumps(factcheck.authors, ensure_ascii=False),
            factcheck.editor,
            factcheck.state,
            factcheck.created_at,
            factcheck.updated_at,
            factcheck.submitted_at,
            factcheck.published_at,
        ],
    )


def add_correction(db: Database, correction: Correction) -> None:
    db.execute(
        "INSERT INTO factcheck_corrections (id, factcheck_id, note, by, at) VALUES (?, ?, ?, ?, ?)",
        [correction.id, correction.factcheck_id, correction.note, correction.by, correction.at],
    )
