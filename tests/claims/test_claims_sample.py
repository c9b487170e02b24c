"""The sample article's claims, with their speakers, handles and dates."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from factdesk.claims import split_claims


@dataclass
class FakeScore:
    score: float
    checkworthy: bool
    kind: str


def _by_text(claims):
    return {claim.text: claim for claim in claims}


def test_tory_activist_claim_is_attributed_to_james_james(sample_article, constant_scorer):
    article = sample_article()
    claims = _by_text(split_claims(article, score=constant_scorer))
    claim = claims["Chief Rabbi Mirvis is a Tory activist"]
    assert claim.speaker == "James James"
    assert claim.speaker_handle == "@Tingaling007"
    assert claim.said_on == "2019-11-26"
    assert claim.sentence == "Chief Rabbi Mirvis is a Tory activist."
    assert article.text[claim.start : claim.end] == claim.sentence
    assert claim.article_id == article.id
    assert "pic.twitter.com" not in claim.context or claim.context.startswith("Chief Rabbi")


def test_no_claim_carries_credit_lines_or_short_links(sample_article, constant_scorer):
    claims = split_claims(sample_article(), score=constant_scorer)
    for claim in claims:
        assert "pic.twitter.com" not in claim.text
        assert "t.co/" not in claim.text
        assert "(@" not in claim.text
        assert "November 26, 2019" not in claim.text
        assert not claim.text.startswith("#")


def test_three_paragraph_post_is_lisa_schers(sample_article, constant_scorer):
    claims = split_claims(sample_article(), score=constant_scorer)
    hers = [c for c in claims if c.speaker == "Lisa Scher"]
    assert [c.text for c in hers] == [
        "I am Jewish, over 50 a Labour party member and I have met JeremyCorbyn he is without "
        "any doubt against any forms of hatred against religious beliefs",
        "This anti-semitic redorick pops up every time a socialist is close to winning",
        "The establishment is scared",
    ]
    assert {c.speaker_handle for c in hers} == {"@LisaScher"}
    assert {c.said_on for c in hers} == {"2019-11-26"}


def test_reported_speech_in_the_article_resolves_full_names(sample_article, constant_scorer):
    claims = _by_text(split_claims(sample_article(), score=constant_scorer))
    mirvis = claims["Corbyn was “not fit for high office”"]
    assert mirvis.speaker == "Ephraim Mirvis"
    assert mirvis.speaker_handle is None
    assert mirvis.said_on == "2019-11-26"  # the article's date
    # "X said that A, and that B": two claims, both by Lord Dubs.
    first = claims["Rabbi Mirvis had gone “too far”"]
    second = claims["Jeremy Corbyn was fit to be prime minister and is not an anti-Semite"]
    assert first.speaker == second.speaker == "Alf Dubs"
    assert first.sentence == second.sentence
    assert first.start == second.start


def test_own_voice_sentences_have_no_speaker_and_the_articles_date(sample_article, constant_scorer):
    claims = split_claims(sample_article(), score=constant_scorer)
    first = claims[0]
    assert first.text.startswith("The hashtag Jews4Labour is trending")
    assert first.speaker is None and first.speaker_handle is None
    assert first.said_on == "2019-11-26"
    own = _by_text(claims)["Others called into question Mirvis’ political leanings"]
    assert own.speaker is None


def test_claims_are_in_article_order_and_questions_score_lower(sample_article, constant_scorer):
    claims = split_claims(sample_article(), score=constant_scorer)
    assert [c.start for c in claims] == sorted(c.start for c in claims)
    question = _by_text(claims)[
        "Why is this not mentioned in our ,supposedly impartial, public broadcaster's news output?"
    ]
    assert question.speaker == "James James"
    assert question.score == pytest.approx(0.4)
    assert question.checkworthy is False


def test_scores_and_kinds_come_from_the_scorer(sample_article, digit_scorer):
    claims = _by_text(split_claims(sample_article(), score=digit_scorer))
    assert claims["I'll be voting @UKLabour on December 12th"].kind == "quantity"
    assert claims["I'll be voting @UKLabour on December 12th"].score == pytest.approx(0.9)
    assert claims["Others called into question Mirvis’ political leanings"].checkworthy is False
    # A sentence that states something scores what its post scores, at least: Lisa
    # Scher's post has a number ("over 50"), this sentence of it has none.
    assert claims["The establishment is scared"].score == pytest.approx(0.9)


def test_a_post_sentence_that_is_not_a_claim_keeps_its_own_score(sample_article):
    def scorer(texts, genres):
        return [
            FakeScore(0.9 if "50" in t else 0.2, "50" in t, "other" if "50" in t else "not a claim")
            for t in texts
        ]

    claims = _by_text(split_claims(sample_article(), score=scorer))
    assert claims["The establishment is scared"].score == pytest.approx(0.2)


def test_without_posts_credit_lines_are_still_dropped(sample_article, constant_scorer):
    article = sample_article(posts=[])
    claims = split_claims(article, score=constant_scorer)
    assert all("(@" not in c.text and "—" not in c.text[:2] for c in claims)
    assert all(c.speaker is None or c.speaker_handle is None for c in claims)


def test_with_the_ingest_helpers_posts(sample_article, constant_scorer):
    posts_module = pytest.importorskip("factdesk.ingest.posts")
    article = sample_article(posts=[])
    article.posts = posts_module.find_text_posts(article.text)
    claims = _by_text(split_claims(article, score=constant_scorer))
    claim = claims["Chief Rabbi Mirvis is a Tory activist"]
    assert (claim.speaker, claim.speaker_handle, claim.said_on) == (
        "James James",
        "@Tingaling007",
        "2019-11-26",
    )
    scared = claims["The establishment is scared"]
    assert (scared.speaker, scared.speaker_handle) == ("Lisa Scher", "@LisaScher")
    first = claims[
        "I am Jewish, over 50 a Labour party member and I have met JeremyCorbyn he is without "
        "any doubt against any forms of hatred against religious beliefs"
    ]
    assert first.speaker == "Lisa Scher"


def test_default_scorer_is_the_checkworthiness_model(sample_article):
    checkworthy = pytest.importorskip("factdesk.claims.checkworthy")
    claims = split_claims(sample_article())
    assert claims and all(0.0 <= c.score <= 1.0 for c in claims)
    expected = checkworthy.score_sentences(["Chief Rabbi Mirvis is a Tory activist"], ["post"])[0]
    tory = next(c for c in claims if c.text == "Chief Rabbi Mirvis is a Tory activist")
    assert tory.score >= expected.score - 1e-4  # its post's score, when higher
    assert tory.kind == expected.kind
