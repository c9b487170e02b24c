"""Claim memory (issue 23 item 1): paraphrases of a rated claim found at import and by
`similar`, opposite claims turned away, vectors kept in the database. Real encoder, real
SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from factdesk import memory
from factdesk.claims.paraphrase import VectorIndex, claim_vectors, quantise, strip_attribution
from factdesk.desk import Desk
from factdesk.errors import BadInput
from factdesk.evidence.paraphrase import PARAPHRASE_THRESHOLD, disagreements, same_claim
from factdesk.model import Article, ClaimFilter
from factdesk.store import families

RATED = "Chief Rabbi Mirvis is a Tory activist."
FOLLOW_UP = (
    "Council row deepens. "
    '"Mirvis is a Tory activist and always has been," said a councillor. '
    "The Chief Rabbi is a Conservative Party activist, according to posts shared online. "
    "The Chief Rabbi is not a Conservative activist. "
    "The library will open on Sundays from March."
)


def _claims(desk: Desk, name: str, text: str) -> list:
    article = desk.import_article(Article(source=name, title=name, text=text)).article
    return desk.claims(ClaimFilter(article_id=article.id))


def _rated(desk: Desk) -> str:
    [claim] = [c for c in _claims(desk, "first.txt", f"A report. {RATED}") if "Tory" in c.text]
    desk.set_verdict(claim.id, "False", reviewer="Ana")
    return claim.id


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ('"Mirvis is a Tory activist and always has been," said a councillor.',
         "Mirvis is a Tory activist and always has been"),
        ("The Chief Rabbi is a Conservative Party activist, according to posts shared online.",
         "The Chief Rabbi is a Conservative Party activist"),
        ("He said he got rid of the individual mandate through Congress.",
         "he got rid of the individual mandate through Congress."),
        ("A post claims that swallowing bleach will cure COVID-19.",
         "swallowing bleach will cure COVID-19."),
        # not attributions: the words stay
        ("He claimed credit for prison reform.", "He claimed credit for prison reform."),
        ("The government promised to end rough sleeping by 2024.",
         "The government promised to end rough sleeping by 2024."),
        ("He said so.", "He said so."),  # too little would be left
    ],
)  # fmt: skip
def test_attribution_is_stripped_and_only_attribution(text, claim):
    assert strip_attribution(text) == claim


def test_the_checks_name_what_makes_two_claims_differ():
    assert disagreements("Crime in London has doubled since 2010.",
                         "Crime in London has fallen since 2010.") == ["polarity"]  # fmt: skip
    assert disagreements("Warm water kills the coronavirus.",
                         "Warm water does not kill the coronavirus.") == ["polarity"]  # fmt: skip
    assert disagreements("Unemployment fell to 3.5% last year.",
                         "Unemployment fell to 4.1% last year.") == ["figures"]  # fmt: skip
    # a bound, not a denial; and a figure spelled out is the same figure
    assert disagreements("The repairs will cost at least £4m.",
                         "The repairs will cost no less than £4m.") == []  # fmt: skip
    assert disagreements("Joe got three and a half million dollars from Russia.",
                         "Biden received $3.5 million from Russia") == []  # fmt: skip
    assert disagreements("The fine was paid by Pfizer.",
                         "The fine was paid by Moderna.") == ["subject"]  # fmt: skip


def test_the_matcher_keeps_paraphrases_and_turns_opposites_away():
    texts = [RATED, *[strip_attribution(t) for t in FOLLOW_UP.split(". ")[1:4]]]
    vectors = claim_vectors(texts)
    scores = [same_claim(strip_attribution(t), RATED, float(v @ vectors[0])) for t, v in
              zip(texts[1:], vectors[1:], strict=True)]  # fmt: skip
    assert scores[0] >= PARAPHRASE_THRESHOLD and scores[1] >= PARAPHRASE_THRESHOLD
    assert scores[2] < PARAPHRASE_THRESHOLD  # "not a Conservative activist"


def test_paraphrases_of_a_rated_claim_are_marked_at_import_and_found_by_similar(desk):
    rated = _rated(desk)
    follow_up = _claims(desk, "follow-up.txt", FOLLOW_UP)
    seen = desk.seen_before([c.id for c in follow_up])
    marked = {c.text for c in follow_up if c.id in seen}
    assert any("always has been" in text for text in marked)
    assert any("Conservative Party activist" in text for text in marked)
    assert not any("not a Conservative" in text or "library" in text for text in marked)
    assert all(mark.earlier.id == rated for mark in seen.values())
    # The same claims are "similar" to the rated one (the opposite is not), with its verdict.
    similar = desk.similar_claims(rated)
    assert {s.claim.id for s in similar} == set(seen)
    repeat = next(iter(seen))
    assert desk.similar_claims(repeat)[0].claim.id == rated
    assert desk.similar_claims(repeat)[0].seen_before.startswith("Seen before: rated False")


def test_vectors_are_kept_and_not_computed_again_by_a_new_desk(db_path, monkeypatch):
    with Desk(db_path) as desk:
        _rated(desk)
        assert desk.db.execute("SELECT count(*) FROM claim_vectors").fetchone()[0] == 0
        _claims(desk, "second.txt", "Rents rose by 9 per cent in the city last year.")
        # with a claim rated, an import keeps its claims' vectors and the rated one's (not
        # those of claims imported before any verdict: they get one when a look-up needs it)
        stored = desk.db.execute("SELECT count(*) FROM claim_vectors").fetchone()[0]
        assert stored == 2
    computed: list[str] = []

    def counting(texts):
        computed.extend(texts)
        return claim_vectors(texts)

    monkeypatch.setattr(memory, "claim_vectors", counting)
    with Desk(db_path) as desk:  # a new start: the rated index is read, not recomputed
        follow_up = _claims(desk, "follow-up.txt", FOLLOW_UP)
        assert desk.seen_before([c.id for c in follow_up])
    assert len(computed) == len(follow_up)  # the new claims only
    # An edited claim's vector is computed again (its key names the text).
    with Desk(db_path) as desk:
        [rated] = [c for c in desk.claims(ClaimFilter(article_id=None)) if c.verdict]
        old = desk.db.execute("SELECT key FROM claim_vectors WHERE claim_id = ?",
                              [rated.id]).fetchone()[0]  # fmt: skip
        assert old == memory.vector_key(rated.text)
        assert memory.vector_key(rated.text + " Really.") != old


def test_the_vector_index_finds_what_an_exact_float_search_finds():
    rng = np.random.default_rng(3)
    floats = rng.normal(size=(3000, 384)).astype(np.float32)
    floats /= np.linalg.norm(floats, axis=1, keepdims=True)
    index = VectorIndex()
    for i, row in enumerate(quantise(floats)):
        index.add(str(i), row)
        if i in (10, 1500):
            index.nearest(floats[0], 1, -1.0)  # rows added in several steps (grown)
    query = floats[17] * 0.9 + floats[400] * 0.1
    query /= np.linalg.norm(query)
    found = index.nearest(query, 5, -1.0)
    exact = np.argsort(-(floats @ query))[:5]
    assert [key for key, _cos in found][:2] == [str(i) for i in exact[:2]]
    assert abs(found[0][1] - float(floats[exact[0]] @ query)) < 0.01
    assert [key for key, _cos in index.nearest(query, 5, 0.99)] == ["17"]  # the floor
    # Above EXACT_UP_TO rows, the ranking in fewer dimensions still finds the same closest.
    index.EXACT_UP_TO, index.SAMPLE = 2000, 1000
    index.add_many(["x", "y"], quantise(floats[:2]))  # (crossing the limit finds the basis)
    assert index.nearest(query, 5, -1.0)[0][0] == "17"
    assert index._basis is not None


def test_the_shipped_matcher_beats_both_peers_on_the_held_out_pairs():
    """The pair set's held-out half (odd-numbered anchors): the figures of RESULTS.md."""
    pairs = Path(__file__).parent / "data" / "claim_pairs.jsonl"
    rows = [json.loads(line) for line in pairs.read_text().splitlines()]
    anchors: dict[str, int] = {}
    held_out = [r for r in rows if anchors.setdefault(r["a"], len(anchors)) % 2 == 1]
    texts = sorted({r["a"] for r in held_out} | {r["b"] for r in held_out})
    vectors = dict(zip(texts, claim_vectors(texts), strict=True))
    said = [
        same_claim(strip_attribution(r["a"]), strip_attribution(r["b"]),
                   float(vectors[r["a"]] @ vectors[r["b"]])) >= PARAPHRASE_THRESHOLD
        for r in held_out
    ]  # fmt: skip
    truth = [r["relation"] == "paraphrase" for r in held_out]
    tp = sum(s and t for s, t in zip(said, truth, strict=True))
    precision, recall = tp / sum(said), tp / sum(truth)
    opposite = [s for s, r in zip(said, held_out, strict=True) if r["relation"] == "opposite"]
    assert precision >= 0.75 and recall >= 0.85  # lexical: P 0.53 R 0.24; encoder: P 0.50
    assert sum(opposite) / len(opposite) <= 0.25  # the encoder alone: 0.81


# --- claim families (item 3) ----------------------------------------------------------


def _dated(desk: Desk, name: str, text: str, published: str) -> list:
    article = Article(source=name, title=name, text=text, url=f"https://news.example/{name}",
                      published=published)  # fmt: skip
    return desk.claims(ClaimFilter(article_id=desk.import_article(article).article.id))


def test_a_family_is_suggested_linked_joined_and_undone(desk):
    [first] = _dated(desk, "first", RATED, "2019-11-26")
    desk.set_verdict(first.id, "False", reviewer="Ana")
    follow_up = _dated(desk, "later", FOLLOW_UP, "2019-12-02")
    repeat = next(c for c in follow_up if "always has been" in c.text)
    party = next(c for c in follow_up if "Conservative Party activist" in c.text)
    # Suggested by the matcher (the opposite claim of the same article is not).
    suggested = {s.claim.id for s in desk.suggest_family(first.id)}
    assert {repeat.id, party.id} <= suggested
    assert not any("not a Conservative" in c.text for c in follow_up if c.id in suggested)
    assert desk.claim_family(first.id) == []

    changes = desk.link_claims(first.id, repeat.id, by="Ana")
    before = changes.made
    assert before == {first.id: None, repeat.id: None}
    assert changes.claims == {first.id, repeat.id}
    assert set(desk.claim_family(repeat.id)) == {first.id, repeat.id}
    assert party.id in {s.claim.id for s in desk.suggest_family(first.id)}
    assert repeat.id not in {s.claim.id for s in desk.suggest_family(first.id)}
    # A third member joins the same family; first appearance is the earliest article.
    third_before = desk.link_claims(party.id, first.id).made
    family = set(desk.claim_family(party.id))
    assert family == {first.id, repeat.id, party.id}
    appearances = desk.claim_appearances(party.id)
    assert appearances[0].claim_id == first.id
    assert appearances[0].date.startswith("2019-11-26") and len(appearances) == 3
    # Undone like any edit: the third leaves, then the first link is taken back.
    desk.restore_families(third_before)
    assert set(desk.claim_family(first.id)) == {first.id, repeat.id}
    desk.restore_families(before)
    assert desk.claim_family(first.id) == desk.claim_family(repeat.id) == []
    assert desk.db.execute("SELECT count(*) FROM claim_families").fetchone()[0] == 0
    with pytest.raises(BadInput, match="not linked with itself"):
        desk.link_claims(first.id, first.id)


def test_two_families_linked_become_one_and_the_undo_splits_them(desk):
    a, b, c, d = (
        next(c.id for c in _dated(desk, town, f"{RATED} Heard in {town}.", f"2019-11-0{n}")
             if "Tory" in c.text)
        for n, town in enumerate(["Leeds", "York", "Hull", "Bath"], start=1)
    )  # fmt: skip
    desk.link_claims(a, b)
    desk.link_claims(c, d)
    before = desk.link_claims(b, d).made
    assert set(desk.claim_family(a)) == {a, b, c, d}
    assert desk.db.execute("SELECT count(*) FROM claim_families").fetchone()[0] == 1
    desk.restore_families(before)
    assert set(desk.claim_family(a)) == {a, b}
    assert set(desk.claim_family(c)) == {c, d}


def test_the_fact_check_page_claimreview_lists_the_family_appearances(desk, tmp_path):
    [first] = _dated(desk, "first", RATED, "2019-11-26")
    later = _dated(desk, "later", FOLLOW_UP, "2019-12-02")
    repeat = next(c for c in later if "always has been" in c.text)
    desk.set_verdict(repeat.id, "False", reviewer="Ana")
    desk.link_claims(repeat.id, first.id)
    desk.save_factcheck(repeat.id, findings="No record of party membership.")
    page = tmp_path / "page.html"
    desk.export("page", page, claims=[repeat.id])
    html = page.read_text(encoding="utf-8")
    block = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    reviewed = json.loads(block)["itemReviewed"]
    assert [w["url"] for w in reviewed["appearance"]] == [
        "https://news.example/first", "https://news.example/later"]  # fmt: skip
    assert reviewed["firstAppearance"]["url"] == "https://news.example/first"
    assert reviewed["firstAppearance"]["datePublished"] == "2019-11-26"


def test_a_family_look_up_reads_the_claims_asked_for_not_every_claim(desk, db_path):
    """The claims table asks for its page's families on every page: the work must not grow
    with the desk (it walked every claim's id once: 0.1 s a page at 1M claims). Counted in
    SQLite's own instructions, which a slow machine does not change."""
    import sqlite3

    page = [c.id for c in _claims(desk, "page.txt", f"A report. {RATED} Taxes rose 5% in May.")]
    page += [f"not-here-{n}" for n in range(100)]  # a page of the table is about 100 claims

    def instructions() -> int:
        count = 0

        def tick() -> int:
            nonlocal count
            count += 1
            return 0

        desk.db.conn.set_progress_handler(tick, 10)
        try:
            families.families_of(desk.db, page)
        finally:
            desk.db.conn.set_progress_handler(None, 0)
        return count

    few = instructions()
    with sqlite3.connect(db_path) as other:  # 20,000 more claims on another article
        other.execute(
            """WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
            INSERT INTO claims (id, article_id, text, sentence, start, "end", created_at,
                updated_at)
            SELECT 'many' || i, article_id, text, sentence, start, "end", created_at,
                updated_at FROM n, (SELECT * FROM claims LIMIT 1)"""
        )
    assert desk.db.execute("SELECT count(*) FROM claims").fetchone()[0] > 20000
    assert instructions() < few + 50
