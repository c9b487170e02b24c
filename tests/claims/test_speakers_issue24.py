"""Issue 24: every quote's speaker. Quotations that go on after their attribution (in the
next paragraph, or before a sentence that only names the speaker), attributions after a
long quotation or a long description, verbs learnt from news text, and claim texts that
are the quoted words only."""

from __future__ import annotations

import pytest

from factdesk.claims import split_claims
from factdesk.claims.attribution import find_speech
from factdesk.claims.learned_verbs import LEARNED_REPORTING_VERBS
from factdesk.claims.speech_words import REPORTING_VERBS
from factdesk.model import Article


def _said(text, scorer):
    article = Article(source="t", text=text, published="2024-03-05")
    return [(c.text, c.speaker) for c in split_claims(article, score=scorer)]


def test_a_quotation_paragraph_after_an_attributed_one_is_the_same_speakers(constant_scorer):
    text = (
        "Taylor Swift accused the label of blocking her.\n\n"
        '"I just want to be able to perform my own music," she said.\n\n'
        "\"That's it. I've tried to work this out privately through my team.\"\n\n"
        "The label did not reply."
    )
    said = dict(_said(text, constant_scorer))
    assert said["That's it"] == "Taylor Swift"
    assert said["I've tried to work this out privately through my team"] == "Taylor Swift"
    assert said["The label did not reply"] is None


def test_a_quotation_paragraph_after_narration_stays_unattributed(constant_scorer):
    text = 'Elena Rusk spoke first. The plan goes to a vote.\n\n"It is fine."'
    assert dict(_said(text, constant_scorer))["It is fine"] is None


def test_a_sentence_that_only_names_the_speaker_credits_the_quotation_before_it(
    constant_scorer,
):
    text = (
        "David Holmes, a counselor at the embassy, gave evidence on Friday. "
        "“I then heard the president ask whether he would do the investigation.” "
        "Holmes testified."
    )
    said = dict(_said(text, constant_scorer))
    assert said["I then heard the president ask whether he would do the investigation"] == (
        "David Holmes"
    )


def test_a_long_quotation_closed_by_a_short_sentence_keeps_its_attribution(constant_scorer):
    text = (
        "Kristi Noem defended the campaign.\n\n"
        "“Meth is IN SD. Twitter can make a joke of it. We are here to Get. It. OUT,” Noem "
        "tweeted Monday night."
    )
    said = _said(text, constant_scorer)
    assert ("Meth is IN SD", "Kristi Noem") in said
    assert ("Twitter can make a joke of it", "Kristi Noem") in said
    # The claim is the quoted words, not the attribution after them.
    assert all("tweeted" not in claim for claim, _ in said)


def test_an_officer_who_shouts_is_the_speaker(constant_scorer):
    text = 'Officers raced up the stairs.\n\n"Open the door! We are coming in!" an officer shouts.'
    said = dict(_said(text, constant_scorer))
    assert said["We are coming in"] == "an officer"


@pytest.mark.parametrize(
    ("sentence", "speaker", "content"),
    [
        # An attribution at the end of a long sentence, after a role and a description
        # with places in it.
        (
            'But the third is hard to find beyond Earth," study lead author Lucas Paganini, '
            "a planetary scientist at NASA's Goddard Space Flight Center in Greenbelt, "
            "Maryland, and American University in Washington, D.C., said in a statement.",
            "Lucas Paganini",
            "But the third is hard to find beyond Earth",
        ),
        # Organisations and roles before a trailing speaker.
        (
            "The attack was foiled, the Interior Ministry said.",
            "Interior Ministry",
            "The attack was foiled",
        ),
        (
            "The delay was caused by a supplier, company CEO Andy Vesey said.",
            "CEO Andy Vesey",
            "The delay was caused by a supplier",
        ),
        (
            '"We stand tall," said Erekat. "We will not give up."',
            "Erekat",
            "We stand tall",
        ),
        (
            "Hawk Sawyer told lawmakers no evidence supports anything other than suicide.",
            "Hawk Sawyer",
            "no evidence supports anything other than suicide",
        ),
        (
            "Scott Morrison said in a statement, “We are profoundly pleased and relieved.”",
            "Scott Morrison",
            "We are profoundly pleased and relieved",
        ),
        (
            "Mr. Trump has since said that a deal signing would take place in farm country.",
            "Mr. Trump",
            "a deal signing would take place in farm country",
        ),
        (
            "Gaiman still bemoans that the novel should have been marketed differently.",
            "Gaiman",
            "the novel should have been marketed differently",
        ),
        (
            "The United Nations and European Union stressed the decision would not change the law.",
            "United Nations and European Union",
            "the decision would not change the law",
        ),
    ],
)
def test_speakers_found_in_long_or_unusual_attributions(sentence, speaker, content):
    speech = find_speech(sentence)
    assert speech is not None
    assert speech.speaker == speaker
    assert speech.content(sentence).rstrip(".") == content


def test_a_description_after_a_comma_is_not_a_role():
    sentence = (
        "Morrison did reference his testimony, in which he said others had raised concerns "
        "about Vindman leaking information, a prospect Vindman denied earlier in the day."
    )
    speech = find_speech(sentence)
    assert speech is None or speech.speaker != "Vindman"


def test_a_quotation_goes_on_after_its_inverted_attribution(constant_scorer):
    text = 'Saeb Erekat spoke in Ramallah.\n\n"We stand tall," said Erekat. "We will not give up."'
    said = _said(text, constant_scorer)
    assert said[1:] == [("We stand tall", "Saeb Erekat"), ("We will not give up", "Saeb Erekat")]


def test_narration_is_not_speech():
    # "wrote" as what someone did, not what they said.
    assert find_speech("She wrote hundreds of songs that summer in a rented flat.") is None
    assert find_speech("Ford wrote the novel in a month.") is None
    speech = find_speech("Ford wrote in a letter that the novel was finished.")
    assert speech is not None and speech.speaker == "Ford"


def test_learnt_verbs_are_reporting_verbs():
    assert {"shouts", "assures", "ordered"} <= LEARNED_REPORTING_VERBS <= REPORTING_VERBS


def test_a_claim_is_not_cut_at_an_inner_quotation_mark():
    sentence = (
        "“Part of the challenge is that there’s a character of ‘Oh no, you first,’ "
        "‘No, you first,’” Apte said."
    )
    speech = find_speech(sentence)
    assert speech is not None and speech.speaker == "Apte"
    assert speech.content(sentence).endswith("‘No, you first,’")
