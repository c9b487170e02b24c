"""The Desk side of the review desk (issue 11 item 4): merge keeps the sentences'
punctuation and scores the merged claim again, split scores both parts, and a claim's history
lists verdicts with their summaries, status changes and evidence added and removed, each
with who and when (also through `factdesk history`)."""

from __future__ import annotations

import json
import subprocess
import sys

from factdesk.claims.checkworthy import score_sentences
from factdesk.desk import merged_text
from factdesk.model import Article, EvidenceEvent, StatusChange, Verdict

TEXT = (
    "Fantastic to see the bill trending at no.1 in the UK. There is hope.\n\n"
    "Unemployment fell to 3.5% last year, the lowest since 1969, the minister said."
)


def _article(desk):
    """The text split by the real pipeline."""
    return desk.import_article(Article(source="t.txt", text=TEXT)).article


def test_merge_keeps_the_full_stops_and_scores_again(desk):
    article = _article(desk)
    claims = desk.claims()
    first, second = claims[0], claims[1]
    assert first.article_id == second.article_id == article.id
    _records, merged = desk.merge_claims([second.id, first.id]).made
    assert merged.text == merged_text([first, second])
    assert merged.text.count(".") >= 2 and merged.text.endswith(".")
    assert ". There is hope" in merged.text
    expected = score_sentences([merged.text])[0].score
    stored = desk.claim(merged.id)
    assert stored.score is not None and abs(stored.score - expected) < 1e-3
    assert stored.score != first.score or stored.score != second.score


def test_merged_text_keeps_what_ended_each_sentence():
    from factdesk.model import Claim

    quoted = Claim("Corbyn was “not fit for high office”", "Corbyn was “not fit for high office”.",
                   0, 38)  # fmt: skip
    asked = Claim("Is this a mistake", "Is this a mistake?", 39, 57)
    plain = Claim("There is hope", "There is hope", 58, 71)
    assert merged_text([quoted, asked, plain]) == (
        "Corbyn was “not fit for high office”. Is this a mistake? There is hope."
    )


def test_split_scores_both_parts(desk):
    _article(desk)
    claim = next(c for c in desk.claims() if "Unemployment" in c.text)
    at = claim.start + claim.sentence.index(", the lowest")
    _records, parts = desk.split_claim(claim.id, at).made
    texts = [desk.claim(p.id).text for p in parts]
    expected = score_sentences(texts, ["quote" if claim.attribution == "reported"
                                       else "article"] * 2)  # fmt: skip
    for part, result in zip(parts, expected, strict=True):
        stored = desk.claim(part.id)
        assert stored.score is not None and abs(stored.score - result.score) < 1e-3
        assert stored.checkworthy == result.checkworthy


def test_history_lists_verdicts_statuses_and_evidence_with_who_and_when(desk):
    _article(desk)
    claim = desk.claims()[0]
    desk.set_setting("reviewer", "Sam")
    desk.set_verdict(claim.id, "False", summary="Not trending at all.")
    desk.set_status(claim.id, "in review", assignee="Ada")
    evidence = desk.add_evidence(
        claim.id, "https://example.org/trends", stance="refutes", quote="no. 40", fetch=False
    ).made
    desk.set_setting("reviewer", "Ada")
    row = desk.remove_evidence(evidence.id).made
    history = desk.history(claim.id)
    kinds = [type(e) for e in history]
    assert kinds == [Verdict, StatusChange, EvidenceEvent, EvidenceEvent]
    verdict, status, added, removed = history
    assert (verdict.summary, verdict.reviewer) == ("Not trending at all.", "Sam")
    assert (status.status, status.assignee, status.by) == ("in review", "Ada", "Sam")
    assert (added.action, added.url, added.stance, added.quote, added.by) == (
        "added", "https://example.org/trends", "refutes", "no. 40", "Sam")  # fmt: skip
    assert (removed.action, removed.by) == ("removed", "Ada")
    assert verdict.at <= status.at <= added.at <= removed.at
    # Undo of the removal: the link is back and the removal leaves the history.
    desk.restore_evidence(row)
    assert [e.action for e in desk.history(claim.id) if isinstance(e, EvidenceEvent)] == ["added"]
    done = subprocess.run(
        [sys.executable, "-m", "factdesk", "--db", str(desk.path), "history", claim.id,
         "--format", "json"], capture_output=True, text=True, check=True,
    )  # fmt: skip
    rows = json.loads(done.stdout)
    assert [r["type"] for r in rows] == ["verdict", "status", "evidence"]
    assert rows[2]["by"] == "Sam" and rows[2]["quote"] == "no. 40"
