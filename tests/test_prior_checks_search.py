"""Prior fact-checks at scale: a full-text index picks the candidates a look-up scores.
It must find what scoring every imported check finds (the first release's way)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from factdesk.desk import Desk
from factdesk.evidence.similar import best_matches
from factdesk.model import Article, Claim, PriorCheck
from factdesk.store.migrations import MIGRATIONS
from tests.conftest import SHARED_DATA

PAIRS = Path(__file__).resolve().parent / "data" / "paraphrases.jsonl"
DISTRACTORS = SHARED_DATA / "checkworthy" / "ct24_english_train.normalized.jsonl"


def _one_claim_per_line(article: Article) -> list[Claim]:
    claims, start = [], 0
    for line in article.text.split("\n"):
        claims.append(Claim(text=line, sentence=line, start=start, end=start + len(line)))
        start += len(line) + 1
    return claims


def test_the_index_finds_what_scoring_every_check_finds(desk):
    pairs = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines()]
    texts = list(dict.fromkeys(p["a"] for p in pairs))
    if DISTRACTORS.exists():  # real sentences that mostly match nothing, as a feed would
        with DISTRACTORS.open(encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for _, line in zip(range(400), f, strict=False)]
    checks = [PriorCheck(claim_text=t, url=f"https://checks.example/{n}", rating="False")
              for n, t in enumerate(texts)]  # fmt: skip
    assert desk.save_prior_checks(None, checks) == len(checks)
    claims_text = "\n".join(dict.fromkeys(p["b"].replace("\n", " ") for p in pairs))
    desk.import_article(Article(source="b.txt", text=claims_text), split=_one_claim_per_line)
    everything = sorted((c.id, c.claim_text) for c in desk.prior_checks(None))
    found = 0
    for claim in desk.claims():
        indexed = [check.id for check in desk.prior_checks_for(claim.id)]
        scanned = [key for key, _score in best_matches(claim.text, everything)]
        assert indexed == scanned, claim.text
        found += bool(indexed)
    assert found >= 40  # the look-ups do find the published checks of most paraphrases


def test_an_upgraded_database_indexes_the_checks_it_already_has(db_path):
    conn = sqlite3.connect(db_path)
    from sqlite_utils import Database

    db = Database(conn)
    MIGRATIONS.apply(db, stop_before="0007_prior_checks_search")
    db.execute(
        "INSERT INTO prior_checks (id, claim_text, url, found_at) VALUES ('P1', "
        "'Chief Rabbi Mirvis is a Tory activist', 'https://checks.example/1', "
        "'2026-01-01T00:00:00+00:00')"
    )
    conn.close()
    with Desk(db_path) as desk:
        desk.import_article(Article(source="a.txt", text="Chief Rabbi Mirvis is a Tory activist."),
                            split=_one_claim_per_line)  # fmt: skip
        (claim,) = desk.claims()
        assert [c.id for c in desk.prior_checks_for(claim.id)] == ["P1"]
