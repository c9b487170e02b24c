"""Attribution: posts, reported speech, direct quotes, titles, surnames, organisations,
pronouns, and the article's own voice."""

from __future__ import annotations

import pytest

from factdesk.claims import split_claims
from factdesk.claims.attribution import find_speech
from factdesk.claims.names import NameIndex
from factdesk.claims.subjects import split_title
from factdesk.model import Article, Post


def _claims(text, scorer, published="2024-03-05", posts=()):
    article = Article(source="t", text=text, published=published, posts=list(posts))
    return split_claims(article, score=scorer)


def _said(claims):
    return [(c.text, c.speaker) for c in claims]


@pytest.mark.parametrize(
    ("sentence", "speaker", "content"),
    [
        (
            "Mirvis said that Corbyn was “not fit for high office”.",
            "Mirvis",
            "Corbyn was “not fit for high office”",
        ),
        (
            "“We have cut leakage in half,” Ms Rusk told the meeting.",
            "Ms Rusk",
            "We have cut leakage in half",
        ),
        (
            "Inflation will fall next year, said Andrew Bailey.",
            "Andrew Bailey",
            "Inflation will fall next year",
        ),
        (
            "Prime Minister Boris Johnson told reporters that the deal was done.",
            "Prime Minister Boris Johnson",
            "the deal was done",
        ),
        (
            "The Met Office said rainfall was 30% above average.",
            "Met Office",
            "rainfall was 30% above average",
        ),
        (
            "A spokesperson for the Met Office said that temperatures would rise.",
            "Met Office",
            "temperatures would rise",
        ),
        (
            "Temperatures will rise, a spokeswoman for the Met Office said.",
            "Met Office",
            "Temperatures will rise",
        ),
        (
            "According to the Office for National Statistics, unemployment rose to 4%.",
            "Office for National Statistics",
            "unemployment rose to 4%",
        ),
        (
            "Unemployment rose to 4%, according to the Office for National Statistics.",
            "Office for National Statistics",
            "Unemployment rose to 4%",
        ),
        (
            "Mr Smith, 54, said on Monday that the bridge was unsafe.",
            "Mr Smith",
            "the bridge was unsafe",
        ),
        (
            "Dr. Jane Goodall has said the forest is shrinking.",
            "Dr. Jane Goodall",
            "the forest is shrinking",
        ),
    ],
)
def test_find_speech(sentence, speaker, content):
    speech = find_speech(sentence)
    assert speech is not None
    assert speech.speaker == speaker
    assert speech.content(sentence) == content


@pytest.mark.parametrize(
    "sentence",
    [
        "When Mirvis talks of the soul of the nation, and claims to speak for me, "
        "I won’t accept it.",
        "The hashtag is trending in the wake of the attack, which he made in the Times.",
        "She said nothing.",
        "He was said to be furious.",
        "In response to the comments, Jewish people are hitting back.",
        "Hawk Sawyer acknowledged significant staffing shortages on Tuesday.",
        "After that, Ford wrote, and wrote, and wrote.",
        "Iceberg Passages came after the novelist Jo Walton explained them to me.",
        "The Russian and Syrian claims are false.",
    ],
)
def test_no_speech(sentence):
    assert find_speech(sentence) is None


@pytest.mark.parametrize(
    ("sentence", "speaker", "content"),
    [
        # A quotation interrupted by its attribution.
        (
            "“It may sound shallow,” Steenburgen said, “but I can’t take days to do a scene.”",
            "Steenburgen",
            "It may sound shallow but I can’t take days to do a scene.",
        ),
        # An attribution in the middle of the sentence.
        ("Many of the prisons, she said, are aging.", "she", "Many of the prisons are aging"),
        # A quotation first, with a long tail after the verb.
        (
            "“I’m running because values are frayed,” Patrick said Tuesday night in Columbia.",
            "Patrick",
            "I’m running because values are frayed",
        ),
        (
            "A further 17 manufacturers, according to the Met Office, had operations abroad.",
            "Met Office",
            "A further 17 manufacturers had operations abroad",
        ),
    ],
)
def test_find_speech_in_parts(sentence, speaker, content):
    speech = find_speech(sentence)
    assert speech is not None
    assert speech.speaker == speaker
    assert speech.content(sentence) == content


def test_titles_and_surnames_resolve_to_the_full_name(constant_scorer):
    text = (
        "Elena Rusk, chief executive of Thames Water, spoke to shareholders on Tuesday.\n\n"
        "“We have cut leakage in half,” Ms Rusk told the meeting.\n\n"
        "UK Chief Rabbi Ephraim Mirvis wrote in the Times on Monday.\n\n"
        "Chief Rabbi Mirvis said that Labour had failed Jewish voters.\n\n"
        "Mirvis also said that the party had ignored complaints."
    )
    claims = _claims(text, constant_scorer)
    said = dict(_said(claims))
    assert said["We have cut leakage in half"] == "Elena Rusk"
    assert said["Labour had failed Jewish voters"] == "Ephraim Mirvis"
    assert said["the party had ignored complaints"] == "Ephraim Mirvis"
    # Sentences without reported speech are the article's own voice.
    assert said["UK Chief Rabbi Ephraim Mirvis wrote in the Times on Monday"] is None


def test_pronoun_speaker_is_the_person_just_mentioned(constant_scorer):
    text = (
        "Health Secretary Wes Streeting visited the hospital. “Waiting lists have fallen for "
        "six months,” he said."
    )
    said = dict(_said(_claims(text, constant_scorer)))
    assert said["Waiting lists have fallen for six months"] == "Wes Streeting"


def test_quotation_over_two_sentences_belongs_to_its_speaker(constant_scorer):
    text = (
        "Elena Rusk runs Thames Water.\n\n"
        "“We have cut leakage in half. We will cut it again by 2030,” Ms Rusk said."
    )
    said = _said(_claims(text, constant_scorer))
    assert said[1:] == [
        ("We have cut leakage in half", "Elena Rusk"),
        ("We will cut it again by 2030", "Elena Rusk"),
    ]


def test_organisations_keep_their_name(constant_scorer):
    text = "A spokesperson for the Met Office said that March was the wettest on record."
    claims = _claims(text, constant_scorer)
    assert _said(claims) == [("March was the wettest on record", "Met Office")]
    assert claims[0].said_on == "2024-03-05"
    assert claims[0].speaker_handle is None


def test_own_voice_is_the_article_with_its_date(constant_scorer):
    claims = _claims(
        "Prices rose by 4% in May. Critics said the plan was flawed.",
        constant_scorer,
        published="2024-06-01T09:30:00+01:00",
    )
    assert _said(claims) == [
        ("Prices rose by 4% in May", None),
        # A group is still a speaker, better than the article's voice.
        ("the plan was flawed", "critics"),
    ]
    assert {c.said_on for c in claims} == {"2024-06-01"}
    assert _claims("Prices rose.", constant_scorer, published=None)[0].said_on is None


def test_post_claims_belong_to_the_posts_author(constant_scorer):
    text = (
        "People reacted online.\n\n"
        "Mirvis said that the vote was lost. #GE2019 "
        "— Jo Bloggs 🌹 (@jobloggs) December 1, 2019\n\n"
        "The count continues."
    )
    post_text = "Mirvis said that the vote was lost. #GE2019"
    start = text.index(post_text)
    post = Post(
        author="Jo Bloggs 🌹",
        handle="jobloggs",
        date="2019-12-01T10:00:00Z",
        url="https://twitter.com/jobloggs/status/1",
        text=post_text,
        start=start,
        end=start + len(post_text),
    )
    claims = _claims(text, constant_scorer, posts=[post])
    assert [(c.text, c.speaker, c.speaker_handle, c.said_on) for c in claims] == [
        ("People reacted online", None, None, "2024-03-05"),
        # Inside a post the author speaks, even when reporting someone else.
        ("Mirvis said that the vote was lost", "Jo Bloggs", "@jobloggs", "2019-12-01"),
        ("The count continues", None, None, "2024-03-05"),
    ]
    assert claims[1].context == post_text


def test_name_index_prefers_the_name_used_earlier():
    text = "John Smith arrived. Later Jane Smith spoke. Smith said hello."
    names = NameIndex(text)
    assert names.resolve("Smith", before=text.index("Later")) == "John Smith"
    assert names.resolve("Mr Smith", before=text.index("Smith said")) == "Jane Smith"
    assert names.resolve("Jones", before=len(text)) == "Jones"


def test_split_title():
    assert split_title("UK Chief Rabbi Ephraim Mirvis") == ("UK Chief Rabbi", "Ephraim Mirvis")
    assert split_title("Labour Lord Alf Dubs") == ("Labour Lord", "Alf Dubs")
    assert split_title("Ms Rusk") == ("Ms", "Rusk")
    assert split_title("Ephraim Mirvis") == ("", "Ephraim Mirvis")


def test_unresolved_title_and_surname_keep_the_title(constant_scorer):
    claims = _claims("“Leakage fell by half,” Ms Rusk told the meeting.", constant_scorer)
    assert _said(claims) == [("Leakage fell by half", "Ms Rusk")]
