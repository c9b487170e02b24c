"""Sentence splitting: the 48 English Golden Rules and real news and social text.

tests/claims/data/golden_rules_en.json is a copy of ../shared/data/golden_rules_en.json,
the Golden Rules as published with pySBD (nipunsadvilkar/pySBD, MIT licence).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factdesk.claims import sentence_spans, split_sentences

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
GOLDEN = json.loads((HERE / "data" / "golden_rules_en.json").read_text(encoding="utf-8"))
SAMPLE = REPO / "seeds" / "000_ea872c36249f8574.txt"


@pytest.mark.parametrize("rule", GOLDEN, ids=lambda rule: f"{rule['id']}-{rule['rule']}")
def test_golden_rule(rule):
    assert split_sentences(rule["text"]) == rule["expected_sentences"]


def test_all_48_golden_rules_pass():
    passed = sum(split_sentences(r["text"]) == r["expected_sentences"] for r in GOLDEN)
    assert len(GOLDEN) == 48
    assert passed == 48


def test_spans_slice_back_to_sentences():
    text = "  Dr. Who arrived.\n\nShe left at 6 p.m. on Friday. Then? Nothing!  "
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "Dr. Who arrived.",
        "She left at 6 p.m. on Friday.",
        "Then?",
        "Nothing!",
    ]


def test_empty_and_blank_text():
    assert split_sentences("") == []
    assert split_sentences(" \n\t ") == []
    assert split_sentences("no punctuation at all") == ["no punctuation at all"]


# Real-text cases (from the sample article and typical news copy), not from the Golden Rules.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A tweet with its attribution line: the line is a sentence of its own.
        (
            "Fantastic to see #Jews4Labour trending at no.1 in the UK. There is hope. "
            "— Mr V🌹 #GTTO (@LordMVee) November 26, 2019",
            [
                "Fantastic to see #Jews4Labour trending at no.1 in the UK.",
                "There is hope.",
                "— Mr V🌹 #GTTO (@LordMVee) November 26, 2019",
            ],
        ),
        # "No." is an answer here, not the abbreviation of "number".
        (
            "No. We’ve been doing this for too long.",
            ["No.", "We’ve been doing this for too long."],
        ),
        ("It is No. 10 on the list.", ["It is No. 10 on the list."]),
        # A heading without a full stop ends at the paragraph break.
        (
            "Others called out the “weaponization” of anti-Semitism\n\nNo. We’ve had enough.",
            ["Others called out the “weaponization” of anti-Semitism", "No.", "We’ve had enough."],
        ),
        # Quotes and reported speech.
        (
            "“We have cut leakage in half,” Ms Rusk told the meeting. Mr. Jones disagreed.",
            ["“We have cut leakage in half,” Ms Rusk told the meeting.", "Mr. Jones disagreed."],
        ),
        (
            "He said: “We will win.” The crowd cheered.",
            ["He said: “We will win.”", "The crowd cheered."],
        ),
        ("“Will we win?” he asked.", ["“Will we win?” he asked."]),
        # Numbers, money, decimals, percentages.
        (
            "Prices rose 3.5% in the U.K. last year. The Bank of England expects 2.1% in 2020.",
            [
                "Prices rose 3.5% in the U.K. last year.",
                "The Bank of England expects 2.1% in 2020.",
            ],
        ),
        ("The deficit was £1.2bn. It fell.", ["The deficit was £1.2bn.", "It fell."]),
        # Handles, hashtags, links and emoji in tweets.
        (
            "I'll be voting @UKLabour on December 12th. #Jews4Labour https://t.co/G1NnagYLEM",
            ["I'll be voting @UKLabour on December 12th.", "#Jews4Labour https://t.co/G1NnagYLEM"],
        ),
        ("What a day! 🎉🎉 See you all tomorrow.", ["What a day! 🎉🎉", "See you all tomorrow."]),
        ("So proud of the team 🎉 Thanks everyone", ["So proud of the team 🎉", "Thanks everyone"]),
        (
            "Read it at www.example.com/a.html. It is short.",
            ["Read it at www.example.com/a.html.", "It is short."],
        ),
        # Titles and initials before names.
        (
            "Prof. J. K. Smith and Sen. Warren spoke. Gov. Newsom did not.",
            ["Prof. J. K. Smith and Sen. Warren spoke.", "Gov. Newsom did not."],
        ),
        # Hard-wrapped lines that continue in lower case are one sentence.
        (
            "The minister said the plan would\nsave money. Critics disagreed.",
            ["The minister said the plan would\nsave money.", "Critics disagreed."],
        ),
        # Bulleted list lines.
        (
            "Key points:\n- Rates rose.\n- Jobs fell",
            ["Key points:", "- Rates rose.", "- Jobs fell"],
        ),
    ],
)
def test_real_text(text, expected):
    assert split_sentences(text) == expected


def test_sample_article_sentences():
    text = SAMPLE.read_text(encoding="utf-8")
    sentences = split_sentences(text)
    assert "Chief Rabbi Mirvis is a Tory activist." in sentences
    assert (
        "With the UK heading to an election on 12 December, Mirvis said that Corbyn was "
        "“not fit for high office”." in sentences
    )
    assert "The establishment is scared!" in sentences
    assert "— Lisa Scher 🌹 (@LisaScher) November 26, 2019" in sentences
    # Nothing is lost: the sentences hold every non-space character of the article.
    assert "".join("".join(sentences).split()) == "".join(text.split())


def _aeb_bodies() -> list[str]:
    for root in (REPO.parent / "shared" / "data", Path("/work/shared/data")):
        path = root / "aeb" / "ground-truth.json"
        if path.exists():
            return [page["articleBody"] for page in json.loads(path.read_text()).values()]
    return []


def test_real_articles_are_split_sensibly():
    """Over 181 real article bodies: almost no sentence starts in lower case or is tiny."""
    bodies = _aeb_bodies()
    if not bodies:
        pytest.skip("../shared/data/aeb is not here")
    sentences = [s for body in bodies for s in split_sentences(body)]
    assert len(sentences) > 5000
    lower_start = [s for s in sentences if s[0].islower() and s[:1].isascii()]
    # Dangling abbreviations or initials cut off at the end ("Mr.", "J.") mean a bad split.
    dangling = [s for s in sentences if s.split()[-1] in {"Mr.", "Mrs.", "Dr.", "St.", "U.S."}]
    assert len(lower_start) / len(sentences) < 0.01
    assert dangling == []
