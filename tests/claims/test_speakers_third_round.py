"""Issue 24 item 4, third round: testimonials signed on the next line, interviews (Q: and
A:), a closing mark before the comma, capitalised roles and a company's "Inc." between
commas, a one-word head ("That, Audi says, allows"), "told <a long audience> that",
states, media and journalists as sources, "reported" with what was reported, names with
an inner possessive, no one-letter speaker, no speaker of a subordinate clause."""

from __future__ import annotations

import pytest

from factdesk.claims import split_claims
from factdesk.claims.attribution import find_speech
from factdesk.model import Article


def _said(text, scorer):
    article = Article(source="t", text=text, published="2024-03-05")
    return {c.text: c.speaker for c in split_claims(article, score=scorer)}


@pytest.mark.parametrize(
    ("sentence", "speaker", "content"),
    [
        (  # the closing mark before the comma: not "Intensive Care"
            "“The watch is an important addition for the Intensive Care, and we are delighted "
            "with this collaboration with Ascom”, adds Olivier Bosc, General Manager of Life "
            "Care Solutions at GE Healthcare.",
            "Olivier Bosc",
            "The watch is an important addition",
        ),
        (
            "Steve Menet, Senior Vice President of Sales for Dräger, Inc., says: “Alarm "
            "management continues to be a high focus for hospitals.",
            "Steve Menet",
            "Alarm management continues",
        ),
        (
            "That, Audi says, allows the car to highlight markings in the road.",
            "Audi",
            "allows the car to highlight markings",
        ),
        (
            "Union President Keith Gambill told a few thousand teachers who covered the "
            "Statehouse lawn that the Legislature should direct money toward schools.",
            "Union President Keith Gambill",
            "the Legislature should direct money",
        ),
        (
            "The UK has urged an “end to the violence and for all sides to engage in dialogue”.",
            "UK",
            "The UK has urged",
        ),
        (
            "State media have reported only a handful of protester deaths this week.",
            "state media",
            "only a handful of protester deaths",
        ),
        (
            "An Associated Press journalist in the area also reported hearing gunfire near "
            "the fuel plant on Tuesday.",
            "An Associated Press journalist in the area",
            "hearing gunfire",
        ),
        (
            "The airline finalised a deal to buy 30 jets, executives of both companies "
            "announced Wednesday at the Dubai Air Show.",
            "executives of both companies",
            "The airline finalised a deal to buy 30 jets",
        ),
        (
            '"Scooter is frustrated because his name is being dragged in the mud," an '
            "insider told the outlet on Monday.",
            "an insider",
            "Scooter is frustrated",
        ),
    ],
)
def test_third_round_attributions(sentence, speaker, content):
    speech = find_speech(sentence)
    assert speech is not None
    assert speech.speaker == speaker
    assert content in speech.content(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        # "E" of "E! News", the sentence cut at its "!": no one-letter speaker
        "Scooter Braun is unhappy with his partner, according to a new report by E!",
        # what a subordinate clause's subject suggested is not the sentence's statement
        "When President Trump’s officials suggested that Beijing resume buying farm "
        "products, Mr. Trump wasn’t satisfied.",
        # "reported" with no claim after it
        "The Daily Mail reported the incident to the police on Friday.",
    ],
)
def test_no_speaker_where_none_speaks(sentence):
    assert find_speech(sentence) is None


def test_a_name_with_an_inner_possessive_keeps_it(constant_scorer):
    text = (
        "On Monday, the People’s Daily, the mouthpiece of the Communist party, warned "
        "that there is no room for compromise on the city."
    )
    said = _said(text, constant_scorer)
    assert said["there is no room for compromise on the city"] == "People’s Daily"


def test_testimonials_signed_on_the_next_line_are_their_signers(constant_scorer):
    text = (
        "Visitors who booked their tickets left their reviews of the show.\n\n"
        "“The show was really great. Booking through the site was really easy.”\n\n"
        "– Man**\n\n"
        "“Beautiful spectacle! Dance, music, acting is amazing!”\n\n"
        "– Mel****\n\n"
        "Thank you all for your kind reviews."
    )
    said = _said(text, constant_scorer)
    assert said["The show was really great"] == "Man**"
    assert said["Booking through the site was really easy"] == "Man**"
    assert said["Dance, music, acting is amazing"] == "Mel****"
    assert said["Thank you all for your kind reviews"] is None
    assert not any("Mel****" in claim for claim in said)  # the signature is no claim


def test_an_unsigned_quotation_stays_unattributed(constant_scorer):
    text = "“Beautiful spectacle! Dance, music, acting is amazing!”\n\nThe show runs daily."
    said = _said(text, constant_scorer)
    assert said["Dance, music, acting is amazing"] is None


def test_answers_of_an_interview_are_the_interviewees(constant_scorer):
    text = (
        "The company is thrilled to have Junior Gaspard as its new chief executive.\n\n"
        "We asked him to share some insights into the business.\n\n"
        "Q: What have you learned in your past roles?\n\n"
        "A: The importance of listening is the biggest lesson I have learned. "
        "Making decisions with imperfect information is critical.\n\n"
        "Q: How do you plan your day?\n\n"
        "A: I block time for meetings and separate time for emails."
    )
    said = _said(text, constant_scorer)
    assert said["Making decisions with imperfect information is critical"] == "Junior Gaspard"
    assert said["I block time for meetings and separate time for emails"] == "Junior Gaspard"
    assert said["Q: What have you learned in your past roles?"] is None


def test_answer_lines_without_questions_are_not_an_interview(constant_scorer):
    text = (
        "Junior Gaspard runs the company.\n\n"
        "A: The budget rose by ten percent last year according to the filing."
    )
    said = _said(text, constant_scorer)
    assert said["A: The budget rose by ten percent last year according to the filing"] != (
        "Junior Gaspard"
    )


@pytest.mark.parametrize(
    ("text", "claim", "speaker"),
    [
        (  # the quotation goes on after its attribution, into the next paragraph
            "The council met on Monday.\n\n“The budget is balanced this year,” explains "
            "finance director Jane Smith. “We cut spending by ten percent.\n\n“Nobody lost "
            "their job in the process.”",
            "Nobody lost their job in the process",
            "Jane Smith",
        ),
        (  # after a paragraph of reported speech
            "Jane Smith, the finance director, said the budget was balanced.\n\n“We cut "
            "spending by ten percent. The reserves grew by a third.\n\n“Nobody lost their "
            "job in the process.”",
            "The reserves grew by a third",
            "Jane Smith",
        ),
        (  # nobody spoke before it: it stays unattributed
            "The council met on Monday.\n\n“We cut spending by ten percent.\n\n“Nobody lost "
            "their job in the process.”",
            "Nobody lost their job in the process",
            None,
        ),
        (
            "“The Chinese government pays nothing,” Howard Gleckman, a fellow, has written.",
            "The Chinese government pays nothing",
            "Howard Gleckman",
        ),
    ],
)
def test_quotations_over_paragraphs_and_has_written(text, claim, speaker, constant_scorer):
    assert _said(text, constant_scorer)[claim] == speaker
