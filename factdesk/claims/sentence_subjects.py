"""The subject that opens a sentence ("He", "She", "Steenburgen has …") and the source an
"according to" phrase names ("data released by MOTIE" -> "MOTIE")."""

from __future__ import annotations

import re

from factdesk.claims.speech_words import _NAME_RUN, _words
from factdesk.claims.subjects import (
    _DETERMINERS,
    _LEADING_FILLERS,
    _NOT_FIRST_NAMES,
    _kind_of,
    _Subject,
)

# The subject that opens a sentence: "He", "She" or a name ("But Mayer …", "Steenburgen
# has …"), before a lower-case word.
_SENTENCE_SUBJECT = re.compile(
    rf"(?:(?:But|And|Yet|So)\s+)?(?P<who>[Hh]e|[Ss]he|{_NAME_RUN.pattern})\s+(?=[a-z])"
)
_VERB_FORM = re.compile(r"[a-z]+(?:ed|es|s)")
_IRREGULAR_VERBS = _words(
    """
    gave told said made took got went came met spoke wrote put sent saw found kept left felt
    thought began won lost held led brought paid ran sat stood heard knew gives tells
    """
)


def sentence_subject(sentence: str) -> _Subject | None:
    """The person or organisation (or "he"/"she") that opens `sentence` as its subject;
    None for a capitalised word that is something else ("During the call", "Russia's
    foreign ministry", "Health care providers", a Portuguese "Quando você")."""
    opening = _SENTENCE_SUBJECT.match(sentence)
    if opening is None:
        return None
    who = opening["who"]
    next_word = sentence[opening.end() :].split(" ", 1)[0].rstrip(":,;.")
    pronoun = who in ("He", "She", "he", "she")
    if (
        who.split()[0] in _LEADING_FILLERS
        or (who in _NOT_FIRST_NAMES and not pronoun)
        or who.endswith(("’s", "'s"))
        or next_word in _DETERMINERS
        # One capitalised word is a name only when a verb follows ("Smith agreed").
        or (
            " " not in who
            and not pronoun
            and not (_VERB_FORM.fullmatch(next_word) or next_word in _IRREGULAR_VERBS)
        )
    ):
        return None
    return _Subject(who, "pronoun" if pronoun else _kind_of(who), 0)


# "data released by MOTIE in August" -> "MOTIE"; "the office release" -> "the office".
_RELEASED_BY = re.compile(
    r"^(?:new\s+|the\s+latest\s+)?(?:data|figures|statistics|numbers|estimates)\s+"
    r"(?:\w+\s+)?(?:by|from)\s+(?P<who>.+?)(?:\s+(?:in|on|last|this|earlier)\s+.*)?$"
)
_DOCUMENT = re.compile(r"\s+(?:news\s+|press\s+)?(?:release|statement|filing|filings|records)$")


def source_of(phrase: str) -> str:
    """Who a source phrase after "according to" names ("data released by MOTIE in
    August" -> "MOTIE", "the office release" -> "the office")."""
    released = _RELEASED_BY.match(phrase)
    if released:
        return released["who"]
    return _DOCUMENT.sub("", phrase)
