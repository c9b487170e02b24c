"""Claim units: what is left out of a claim's text, coordinated speech, questions."""

from __future__ import annotations

import pytest

from factdesk.claims import split_claims
from factdesk.claims.units import (
    clean_claim_text,
    is_claim_text,
    is_question,
    split_coordinated,
    unwrap_quotes,
)
from factdesk.model import Article


@pytest.mark.parametrize(
    ("sentence", "claim"),
    [
        ("Chief Rabbi Mirvis is a Tory activist.", "Chief Rabbi Mirvis is a Tory activist"),
        # credit line and picture link
        (
            "Why is this not mentioned @BBCNews #r4today? pic.twitter.com/Z8ZMhyeL8n "
            "— James James (@Tingaling007) November 26, 2019",
            "Why is this not mentioned?",
        ),
        # leading hashtag run; hashtags used as words stay, as the word
        (
            "#Jews4Labour I am a #Labour party member and I have met #JeremyCorbyn.",
            "I am a Labour party member and I have met JeremyCorbyn",
        ),
        ("#Corbyn is right about this.", "Corbyn is right about this"),
        # trailing hashtag run, even glued to the last word
        ("It is our only real chance to stop it#Jews4Labour #JewsAgainstBoris", None),
        ("I find his behaviour despicable. #notmyrabbi #Jews4Labour", None),
        # a single trailing tag that is the object of the sentence stays
        ("Fantastic to see #Jews4Labour", "Fantastic to see Jews4Labour"),
        ("I'll be voting for @UKLabour", "I'll be voting for @UKLabour"),
        # shared links go, a link the sentence points at stays
        ("It's a mystery, is what it is https://t.co/vL5bRiIoJy", "It's a mystery, is what it is"),
        ("Things are rarely as they seem. https://example.com/a", "Things are rarely as they seem"),
        (
            "The report is at: https://example.com/report.pdf",
            "The report is at: https://example.com/report.pdf",
        ),
        # bullets, list numbers, emoji at the edges, hard line breaks
        ("• 9. Rates rose by 2%.", "Rates rose by 2%"),
        ("So proud of the team 🎉🎉", "So proud of the team"),
        (
            "The minister said the plan would\nsave money.",
            "The minister said the plan would save money",
        ),
        # an ellipsis is kept, a final full stop or exclamation mark is not
        ("He paused...", "He paused..."),
        ("The establishment is scared!", "The establishment is scared"),
    ],
)
def test_clean_claim_text(sentence, claim):
    if claim is None:
        assert "#" not in clean_claim_text(sentence)
        assert clean_claim_text(sentence).endswith(("stop it", "despicable"))
    else:
        assert clean_claim_text(sentence) == claim


@pytest.mark.parametrize(
    "fragment",
    [
        "#Jews4Labour #LabourParty https://t.co/G1NnagYLEM "
        "— Rob Bentall (@robbentall) November 26, 2019",
        "— Lisa Scher 🌹 (@LisaScher) November 26, 2019",
        "https://t.co/abc",
        "#notmyrabbi #Jews4Labour",
        "No.",
        "🎉",
    ],
)
def test_non_claim_fragments_are_dropped(fragment):
    assert not is_claim_text(clean_claim_text(fragment))


def test_split_coordinated_reported_speech():
    content = "Rabbi Mirvis had gone “too far”, and that Jeremy Corbyn was fit to be prime minister"
    pieces = [content[s:e] for s, e in split_coordinated(content)]
    assert pieces == [
        "Rabbi Mirvis had gone “too far”",
        "Jeremy Corbyn was fit to be prime minister",
    ]
    three = "taxes would rise, that spending would fall, and that growth would slow"
    assert [three[s:e] for s, e in split_coordinated(three)] == [
        "taxes would rise",
        "spending would fall",
        "growth would slow",
    ]
    single = "the economy grew by 2% and unemployment fell"
    assert [single[s:e] for s, e in split_coordinated(single)] == [single]


def test_coordinated_speech_becomes_two_claims_by_one_speaker(constant_scorer):
    text = (
        "The Chancellor, Rachel Reeves, spoke on Monday. Reeves said that inflation had "
        "fallen to 2%, and that wages were rising faster than prices."
    )
    claims = split_claims(Article(source="t", text=text), score=constant_scorer)
    assert [(c.text, c.speaker) for c in claims[1:]] == [
        ("inflation had fallen to 2%", "Rachel Reeves"),
        ("wages were rising faster than prices", "Rachel Reeves"),
    ]
    assert claims[1].sentence == claims[2].sentence
    assert text[claims[2].start : claims[2].end] == claims[2].sentence


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("Why is this not mentioned?", True),
        ("Are you going to retweet anyone from the trending Jews4Labour", True),
        ("Is the economy growing", True),
        ("The economy is growing", False),
        ("“Is it true?” is what people ask", False),
    ],
)
def test_is_question(text, question):
    assert is_question(text) is question


def test_questions_are_kept_with_a_lower_score(constant_scorer):
    text = "Has the Chief Rabbi expressed concern about Johnson? Johnson edited the Spectator."
    claims = split_claims(Article(source="t", text=text), score=constant_scorer)
    assert [c.score for c in claims] == [pytest.approx(0.4), pytest.approx(0.8)]
    assert [c.checkworthy for c in claims] == [False, True]


@pytest.mark.parametrize(
    ("quoted", "bare"),
    [
        ("“We have cut leakage in half,”", "We have cut leakage in half,"),
        ("Corbyn was “not fit for high office”", "Corbyn was “not fit for high office”"),
        ("“We will do more.", "We will do more."),
        ("and more to come,”", "and more to come,"),
        ("“A” and “B”", "“A” and “B”"),
    ],
)
def test_unwrap_quotes(quoted, bare):
    assert unwrap_quotes(quoted) == bare
