"""Issue 14: one speaker per person in an article, attribution of appositives, titles
before names, "according to" with a nested source, quotes nobody is credited with,
run-on posts, and the headline (the title, a claim only when it states a fact)."""

from __future__ import annotations

from pathlib import Path

import pytest

from factdesk.claims import split_claims
from factdesk.claims.attribution import find_speech
from factdesk.claims.pipeline import headline_span, split_claims_and_speakers
from factdesk.claims.speakers import Mention, group_speakers, speaker_key
from factdesk.ingest.sources import article_from_text
from factdesk.model import Article, Post

COUNCIL = Path(__file__).parent / "data" / "council_article.txt"


def council() -> Article:
    return article_from_text(COUNCIL.read_text(encoding="utf-8"), source=str(COUNCIL))


def by_text(claims):
    return {claim.text: claim for claim in claims}


@pytest.mark.parametrize(
    ("sentence", "speaker", "content"),
    [
        # An appositive both ways round.
        (
            "The council's finance director, Omar Haddad, said the savings were needed.",
            "Omar Haddad",
            "the savings were needed",
        ),
        (
            "Omar Haddad, the council's finance director, said the savings were needed.",
            "Omar Haddad",
            "the savings were needed",
        ),
        ("Her lawyer, Jane Smith, said the claim was false.", "Jane Smith", "the claim was false"),
        # A title before the name, with a place in it.
        (
            "China's ambassador to Britain Liu Xiaming said that the talks would resume.",
            "Liu Xiaming",
            "the talks would resume",
        ),
        (
            "Britain's envoy to the United States Kim Darroch said that talks would resume.",
            "Kim Darroch",
            "talks would resume",
        ),
        # "According to" a source that reports someone else's words: theirs.
        (
            'According to AFP, one user on Weibo posted: "I just want to know how they came."',
            "one user on Weibo",
            "I just want to know how they came.",
        ),
        (
            "According to the BBC, Omar Haddad said that the savings were needed.",
            "Omar Haddad",
            "the savings were needed",
        ),
        ("According to the BBC, the savings were needed.", "BBC", "the savings were needed"),
        (
            "@MartinOduya wrote that bins are emptied fortnightly.",
            "@MartinOduya",
            "bins are emptied fortnightly",
        ),
        ("Another user said the city was calm.", "another user", "the city was calm"),
    ],
)
def test_speakers_found(sentence, speaker, content):
    speech = find_speech(sentence)
    assert speech is not None
    assert (speech.speaker, speech.content(sentence)) == (speaker, content)


def test_one_person_is_one_speaker_with_aliases_and_handle(constant_scorer):
    claims, speakers = split_claims_and_speakers(council(), constant_scorer)
    oduya = [c for c in claims if c.speaker == "Martin Oduya"]
    # "Cllr Martin Oduya said", "Oduya later posted", "@MartinOduya wrote": one speaker.
    assert len(oduya) == 3
    assert {c.speaker_handle for c in oduya} == {"@MartinOduya"}
    names = {s.name: s for s in speakers}
    assert set(names["Martin Oduya"].aliases) == {"Cllr Martin Oduya", "Oduya", "@MartinOduya"}
    assert names["Martin Oduya"].key == "martin oduya"
    assert names["Omar Haddad"].aliases == ("Haddad",)
    assert names["Jane Ellis"].aliases == ()  # "she" is no alias
    assert not any(c.speaker in {"Councillor", "Britain Liu Xiaming", "AFP"} for c in claims)


def test_a_quote_nobody_is_credited_with_is_flagged_unattributed(constant_scorer):
    from factdesk.claims.pipeline import _claim_units

    units = {u.text: u for u in _claim_units(council())}
    for text in ("We have looked at every option", "This is the least painful one"):
        assert units[text].speaker is None
        assert units[text].attribution == "unattributed"
    claims = by_text(split_claims(council(), constant_scorer))
    assert claims["We have looked at every option"].speaker is None


def test_a_quote_closed_without_attribution_goes_to_the_speaker_of_its_paragraph(
    constant_scorer,
):
    text = (
        "Elena Rusk said the reservoir was low. “We have never seen it this low. "
        "Nobody has.” The council disagreed.\n\n“It is fine.”\n"
    )
    claims = by_text(split_claims(Article(source="t", text=text), constant_scorer))
    assert claims["We have never seen it this low"].speaker == "Elena Rusk"
    assert claims["Nobody has"].speaker == "Elena Rusk"
    assert claims["The council disagreed"].speaker is None
    assert claims["It is fine"].speaker is None  # a paragraph of its own: no one to credit


def test_a_post_is_split_at_run_on_sentences(sample_article, constant_scorer):
    claims = by_text(split_claims(sample_article(), constant_scorer))
    first = claims["As a Jewish UK resident, lemme make this clear: Ephraim Mirvis doesn't "
                   "speak for me"]  # fmt: skip
    second = claims["The real threat to this country is the far-right extremism enabled by "
                    "the Tories"]  # fmt: skip
    assert first.speaker == second.speaker == "Alon Lischinsky"
    assert first.end < second.start
    text = sample_article().text
    assert text[second.start : second.end].startswith("The real threat")
    # "in The Times" is no sentence boundary.
    post_text = "I read it in The Times today and it is wrong"
    article = Article(
        source="t",
        text=post_text,
        posts=[Post("A", "@a", None, None, post_text, 0, len(post_text))],
    )
    assert [c.text for c in split_claims(article, constant_scorer)] == [post_text]


def test_the_headline_is_the_title_and_a_claim_only_when_it_states_a_fact(constant_scorer):
    article = council()
    assert article.title == "Councillor says bin collections will be cut to once a fortnight"
    start, end = headline_span(article)
    assert article.text[start:end] == article.title
    claims = split_claims(article, constant_scorer)
    headline = [c for c in claims if c.start == start]
    assert len(headline) == 1  # once, not a second time through "Councillor says"
    assert headline[0].speaker is None  # the article's own words
    assert headline[0].text == article.title

    def nothing_checkable(texts, genres):
        return [type("S", (), {"score": 0.2, "checkworthy": False, "kind": "other"})()] * len(texts)

    assert all(c.start != start for c in split_claims(article, nothing_checkable))


def test_no_headline_when_the_text_does_not_open_with_the_title():
    assert headline_span(Article(source="t", text="Body text.", title="A title")) is None
    assert headline_span(Article(source="t", text="Body text.")) is None


def test_speaker_keys_and_handles():
    assert speaker_key("Cllr Martin Oduya") == speaker_key("martin oduya") == "martin oduya"
    assert speaker_key("@MartinOduya") == "@martinoduya"
    assert speaker_key("José Álvarez") == "jose alvarez"
    assert speaker_key("Mr V") == "mr v"
    grouped = group_speakers(
        [
            Mention("Henry Stewart", "Henry Stewart", None),
            Mention("Henry Stewart", "Henry Stewart 🌹", "@happyhenry"),
            Mention("@oduya", "@oduya"),
            Mention("Martin Oduya", "Cllr Martin Oduya"),
            Mention("@someone", "@someone"),
        ]
    )
    assert grouped["Henry Stewart"].handle == "@happyhenry"
    assert grouped["@oduya"].name == "Martin Oduya"
    assert grouped["@someone"].name == "@someone"


def test_an_organisations_acronym_is_the_same_speaker():
    """ "VW" and "Volkswagen" in one article are one speaker (a report counted them as
    two); an acronym that could stand for two names, or for none, stays as written."""
    grouped = group_speakers(
        [Mention("VW"), Mention("Volkswagen"), Mention("GM"), Mention("General Motors")]
    )
    assert grouped["VW"].name == grouped["Volkswagen"].name == "Volkswagen"
    assert "VW" in grouped["Volkswagen"].aliases
    assert grouped["GM"].name == "General Motors"
    ambiguous = group_speakers([Mention("VW"), Mention("Volkswagen"), Mention("Vowel")])
    assert ambiguous["VW"].name == "VW"  # V..W fits both
    assert group_speakers([Mention("NHS"), Mention("Nash")])["NHS"].name == "NHS"  # no S after H
    two = group_speakers([Mention("BA"), Mention("British Airways"), Mention("Bank of America")])
    assert two["BA"].name == "British Airways"  # "Bank of America" is B-O-A, not BA
    clash = group_speakers([Mention("BA"), Mention("British Airways"), Mention("Boeing Aviation")])
    assert clash["BA"].name == "BA"


def test_the_sample_example_is_flagged_with_speaker_handle_and_date(sample_article):
    claims = by_text(split_claims(sample_article()))
    tory = claims["Chief Rabbi Mirvis is a Tory activist"]
    assert tory.checkworthy
    assert (tory.speaker, tory.speaker_handle, tory.said_on) == (
        "James James",
        "@Tingaling007",
        "2019-11-26",
    )


def test_the_reader_shows_the_headline_once(qtbot, constant_scorer):
    pytest.importorskip("PySide6")
    from factdesk.gui.reader import ArticleReader

    article = council()
    reader = ArticleReader()
    qtbot.addWidget(reader)
    reader.show_article(article, split_claims(article, constant_scorer), {})
    shown = reader.toPlainText()
    assert shown.count(article.title) == 1
    assert "Cllr Martin Oduya said the council would save" in shown


@pytest.mark.parametrize(
    "placeholder", ["0001-01-01T00:00:00", "0001-01-01", "1970-01-01T00:00:00Z"]
)
def test_placeholder_dates_are_never_a_claims_date(constant_scorer, placeholder):
    """Issue 24: 225 claims of 5 AEB pages carried 0001-01-01 from their page's metadata."""
    article = Article(
        source="page.html",
        text="The council cut bin collections to once a fortnight.",
        published=placeholder,
    )
    (claim,) = split_claims(article, constant_scorer)
    assert claim.said_on is None
    article = Article(source="page.html", text=article.text, published="2019-11-26T10:00:00")
    assert split_claims(article, constant_scorer)[0].said_on == "2019-11-26"


def test_vw_and_volkswagen_in_one_article_are_one_speaker_of_its_claims(constant_scorer):
    text = (
        "Volkswagen said its electric car sales rose 40 percent in 2023.\n\n"
        "VW said that it will cut 30,000 jobs by 2026 in Germany."
    )
    claims, speakers = split_claims_and_speakers(
        article_from_text(text, source="vw.txt"), constant_scorer
    )
    assert {(c.speaker, c.speaker_key) for c in claims} == {("Volkswagen", "volkswagen")}
    assert [s.aliases for s in speakers] == [("VW",)]
