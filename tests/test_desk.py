"""The Desk: the operations every front end uses, on a real SQLite file."""

from __future__ import annotations

import pytest

from factdesk.desk import Desk
from factdesk.errors import BadInput, NotFound
from factdesk.model import Article, Claim, ClaimFilter, Post

TEXT = (
    "The council cut leakage by half in 2019. Ms Rusk said so.\n\n"
    "Water bills rose 12% last year. Everyone agrees."
)


def sentence_split(article: Article) -> list[Claim]:
    """A plain splitter for these tests: one claim per sentence ending in '.'."""
    claims, start = [], 0
    for piece in article.text.replace("\n\n", " ").split(". "):
        piece = piece.strip().rstrip(".") + "."
        start = article.text.index(piece.rstrip("."), start)
        end = start + len(piece)
        claims.append(Claim(text=piece, sentence=piece, start=start, end=end, score=0.5))
        start = end
    return claims


def add(desk: Desk, text: str = TEXT, **kw) -> Article:
    return desk.import_article(
        Article(source="a.txt", text=text, **kw), split=sentence_split
    ).article


def test_import_stores_article_claims_and_posts(desk):
    post = Post(author="Elena Rusk", handle="@rusk", date="2019-11-26", url=None,
                text="Water bills rose 12% last year.", start=60, end=91)  # fmt: skip
    article = add(desk, posts=[post])
    stored = desk.article(article.id)
    assert stored.text == TEXT
    assert [p.author for p in stored.posts] == ["Elena Rusk"]
    claims = desk.claims(ClaimFilter(article_id=article.id))
    assert len(claims) == stored.claim_count == 4
    for claim in claims:
        assert TEXT[claim.start : claim.end] == claim.sentence


def test_same_text_twice_gives_one_article(desk):
    first = add(desk)
    result = desk.import_article(
        Article(source="copy.txt", text=TEXT.replace(" ", "  ")), split=sentence_split
    )
    assert result.outcome == "unchanged"
    assert result.article.id == first.id
    assert len(desk.articles()) == 1
    assert desk.count_claims() == 4


def test_same_url_twice_updates_in_place_with_replace(desk):
    first = desk.import_article(
        Article(source="u", url="https://x.test/a", text=TEXT), split=sentence_split
    ).article
    claim = desk.claims(ClaimFilter(article_id=first.id))[0]
    desk.set_verdict(claim.id, "False", scale="politifact")
    newer = TEXT + " A new sentence was added."
    result = desk.import_article(
        Article(source="u", url="https://x.test/a", text=newer), replace=True, split=sentence_split
    )
    assert result.outcome == "updated" and result.article.id == first.id
    assert len(desk.articles()) == 1
    # The claim with a verdict is the same claim, verdict and all.
    assert desk.claim(claim.id).verdict == "False"
    assert desk.count_claims() == 5


def test_empty_article_is_refused_and_nothing_stored(desk):
    with pytest.raises(BadInput, match="no text"):
        desk.import_article(Article(source="empty.txt", text="  \n "), split=sentence_split)
    assert desk.articles() == []


def test_failed_split_leaves_nothing_behind(desk):
    def broken(article):
        raise RuntimeError("splitter bug")

    with pytest.raises(RuntimeError):
        desk.import_article(Article(source="a.txt", text=TEXT), split=broken)
    assert desk.articles() == [] and desk.count_claims() == 0


def test_verdict_history_is_append_only_and_latest_is_current(desk):
    article = add(desk)
    claim = desk.claims(ClaimFilter(article_id=article.id))[0]
    first = desk.set_verdict(claim.id, "Mostly True", scale="politifact", summary="Close.").made
    second = desk.set_verdict(claim.id, "5", scale="politifact", summary="Wrong year.").made
    assert second.rating == "False"
    assert [v.id for v in desk.verdicts(claim.id)] == [first.id, second.id]
    assert desk.claim(claim.id).verdict == "False"
    assert desk.claims(ClaimFilter(verdict="False"))[0].id == claim.id
    desk.remove_verdict(second.id)  # undo
    assert desk.claim(claim.id).verdict == "Mostly True"


def test_rating_not_on_scale_is_refused_and_changes_nothing(desk):
    claim = desk.claims(ClaimFilter(article_id=add(desk).id))[0]
    with pytest.raises(BadInput, match="Pants on Fire"):
        desk.set_verdict(claim.id, "Totally bogus", scale="politifact")
    assert desk.verdicts(claim.id) == [] and desk.claim(claim.id).verdict is None


def test_conclusion_scale_takes_a_sentence(desk):
    claim = desk.claims(ClaimFilter(article_id=add(desk).id))[0]
    verdict = desk.set_verdict(claim.id, None, scale="conclusion", summary="Leakage fell 8%.").made
    assert verdict.rating is None and verdict.summary == "Leakage fell 8%."
    assert desk.claim(claim.id).verdict == "Conclusion"


def test_status_changes_are_history_too(desk):
    claim = desk.claims(ClaimFilter(article_id=add(desk).id))[0]
    desk.set_status(claim.id, "researching", assignee="Sam")
    desk.set_status(claim.id, "in review")
    assert desk.claim(claim.id).status == "in review"
    assert desk.claim(claim.id).assignee == "Sam"
    assert [e.status for e in desk.history(claim.id)] == ["researching", "in review"]
    with pytest.raises(BadInput, match="not a status"):
        desk.set_status(claim.id, "done")
    # Undo of the last change: back to the one before it, and out of the history.
    last = desk.set_status(claim.id, "published", assignee="").made
    assert desk.claim(claim.id).assignee is None
    desk.remove_status_change(last.id)
    assert (desk.claim(claim.id).status, desk.claim(claim.id).assignee) == ("in review", "Sam")
    assert [e.status for e in desk.history(claim.id)] == ["researching", "in review"]


def test_delete_and_restore_claim_brings_back_its_history(desk):
    claim = desk.claims(ClaimFilter(article_id=add(desk).id))[0]
    desk.set_verdict(claim.id, "True", scale="politifact")
    desk.add_evidence(claim.id, "https://example.org/report", fetch=False, quote="halved")
    records = desk.delete_claims([claim.id]).made
    with pytest.raises(NotFound):
        desk.claim(claim.id)
    desk.restore_claims(records)
    assert desk.claim(claim.id).verdict == "True"
    assert [e.quote for e in desk.evidence(claim.id)] == ["halved"]


def test_split_and_merge_claims(desk):
    article = add(desk)
    first, second = desk.claims(ClaimFilter(article_id=article.id))[:2]
    _records, merged = desk.merge_claims([first.id, second.id]).made
    assert merged.start == first.start and merged.end == second.end
    assert desk.count_claims(ClaimFilter(article_id=article.id)) == 3
    _, parts = desk.split_claim(merged.id, first.end).made
    assert [p.sentence for p in parts] == [first.sentence, second.sentence]


def test_id_prefixes_resolve_and_ambiguity_is_refused(desk):
    article = add(desk)
    assert desk.resolve_article_id(article.id[:10].lower()) == article.id
    with pytest.raises(NotFound, match="no such claim"):
        desk.resolve_claim_id("ZZZZZZZZ")
    with pytest.raises(BadInput, match="more than one"):
        desk.resolve_claim_id(article.id[:4])


def test_search_finds_stemmed_words_and_survives_hostile_queries(desk):
    add(desk)
    assert [c.text for c in desk.search("bill")] == ["Water bills rose 12% last year."]
    for query in ['"', "AND OR NOT", "*", "a:b", "(", "NEAR("]:
        desk.search(query)  # never an FTS5 syntax error


def test_settings_round_trip_and_never_hold_unknown_scales(desk):
    desk.set_setting("reviewer", "Sam Checker")
    assert desk.setting("reviewer") == "Sam Checker"
    assert Desk(desk.path).setting("reviewer") == "Sam Checker"
    with pytest.raises(NotFound):
        desk.scale("no-such-scale")


def test_article_counts_follow_every_change(desk):
    article = add(desk)
    add(desk, text="Another story. The tram cost 3 million. It rained.")

    def counts_are_true():
        for a in desk.articles():
            claims = desk.claims(ClaimFilter(article_id=a.id))
            assert a.claim_count == len(claims)
            assert a.verdict_count == sum(c.verdict is not None for c in claims)

    claims = desk.claims(ClaimFilter(article_id=article.id))
    verdict = desk.set_verdict(claims[0].id, "True", scale="politifact").made
    desk.set_verdict(claims[0].id, "False", scale="politifact")  # still one rated claim
    counts_are_true()
    assert desk.article(article.id).verdict_count == 1
    desk.merge_claims([claims[1].id, claims[2].id])
    records = desk.delete_claims([claims[0].id]).made
    counts_are_true()
    desk.restore_claims(records)
    desk.remove_verdict(verdict.id)
    counts_are_true()
    assert desk.article(article.id).verdict_count == 1


def test_counts_agree_with_the_lists_for_every_filter(desk):
    add(desk)
    add(desk, text="Water rates rose again. The tram cost 3 million. Bills rose.")
    for flt in (
        ClaimFilter(text="rose"),
        ClaimFilter(text="bills"),
        ClaimFilter(text="rose", status="new"),
        ClaimFilter(text="nothing-matches-this"),
        ClaimFilter(speaker="Rusk"),
        ClaimFilter(min_score=0.4, text="cost"),
    ):
        assert desk.count_claims(flt) == len(desk.claims(flt)), flt


def test_a_changed_page_is_updated_and_worked_claims_move_with_their_sentence(desk):
    url = "https://x.test/story"
    first = desk.import_article(
        Article(source=url, url=url, text=TEXT), split=sentence_split
    ).article
    rated = next(c for c in desk.claims() if c.text.startswith("Water bills"))
    desk.set_verdict(rated.id, "False", scale="politifact")
    # The page now has a new opening paragraph: every offset moves.
    newer = "Correction: an earlier version misstated the year.\n\n" + TEXT
    result = desk.import_article(Article(source=url, url=url, text=newer), split=sentence_split)
    assert result.outcome == "updated" and result.article.id == first.id
    assert len(desk.articles()) == 1
    moved = desk.claim(rated.id)
    assert moved.verdict == "False"
    assert newer[moved.start : moved.end] == moved.sentence
    # The fresh split did not add a second copy of the kept claim.
    assert sum(c.sentence == moved.sentence for c in desk.claims()) == 1
    # Every claim's offsets point at its sentence in the new text.
    for claim in desk.claims(ClaimFilter(article_id=first.id)):
        assert newer[claim.start : claim.end] == claim.sentence


def test_a_worked_claim_whose_sentence_is_gone_is_kept(desk):
    url = "https://x.test/gone"
    desk.import_article(Article(source=url, url=url, text=TEXT), split=sentence_split)
    rated = next(c for c in desk.claims() if c.text.startswith("Water bills"))
    desk.set_verdict(rated.id, "True", scale="politifact")
    shorter = TEXT.split("\n\n")[0]
    desk.import_article(Article(source=url, url=url, text=shorter), split=sentence_split)
    kept = desk.claim(rated.id)
    assert kept.verdict == "True" and (kept.start, kept.end) == (0, 0)


def test_replace_without_any_worked_claims_gives_one_set_of_claims(desk):
    first = add(desk)
    for _ in range(3):
        desk.import_article(Article(source="a.txt", text=TEXT), replace=True, split=sentence_split)
    assert desk.count_claims(ClaimFilter(article_id=first.id)) == 4


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("connect_timeout", "abc", "not a number of seconds"),
        ("read_timeout", "0", "not a number of seconds"),
        ("organisation_url", "javascript:alert(1)", r"not an http\(s\) address"),
        ("favourite_colour", "blue", "not a setting"),
        ("scale", "no-such-scale", "no such rating scale"),
    ],
)
def test_bad_settings_are_refused_and_change_nothing(desk, key, value, problem):
    desk.set_settings({"reviewer": "Sam", "read_timeout": 12})
    with pytest.raises(BadInput, match=problem):
        desk.set_settings({"reviewer": "Changed", key: value})
    assert desk.setting("reviewer") == "Sam"
    assert desk.network_settings()["read_timeout"] == 12.0


def test_a_hand_edited_bad_timeout_falls_back_to_the_default(desk):
    with desk.db.write():
        desk.db["settings"].upsert({"key": "read_timeout", "value": '"soon"'}, pk="key")
        desk.db["settings"].upsert({"key": "reviewer", "value": "{not json"}, pk="key")
    assert desk.setting("reviewer", "nobody") == "nobody"
    assert desk.network_settings() == {"connect_timeout": 10.0, "read_timeout": 30.0}
