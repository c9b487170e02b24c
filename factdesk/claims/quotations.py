"""Quotation marks and bare attributions, read sentence by sentence by the pipeline:
which quotation is still open after a sentence, whether words follow its close, and
who a sentence that only names a speaker ("Holmes testified.") gives the quotation to."""

from __future__ import annotations

import re

from factdesk.claims.names import NameIndex
from factdesk.claims.speech_words import REPORTING_VERBS
from factdesk.claims.subjects import GROUP_NOUNS

# Double quotation marks; "‘‘" and "’’" stand in for them on some sites.
_DOUBLE_MARKS = re.compile(r"[“”\"]|‘‘|’’")
_DOUBLE_CLOSE = re.compile(r"[”\"]|’’")
# A closing single quote: after the words' punctuation, or before punctuation or a space
# (not the apostrophe of "it’s").
_SINGLE_CLOSE = re.compile(r"(?<=[.,!?])’|(?<=\w)’(?=[.,!?;:]?(?:\s|$))")


def quote_after(sentence: str, mark: str | None) -> str | None:
    """The quotation mark still open after `sentence`, given the one open before it.
    Sites mix their marks (“A," / "A”), so any closing mark closes any opening one."""
    at = 0
    if sentence[:1] in '“"‘':  # a sentence that opens with a mark opens (or re-opens) one
        mark, at = sentence[0], 1
    if mark == "‘":
        return None if _SINGLE_CLOSE.search(sentence, at) else mark
    for found in _DOUBLE_MARKS.findall(sentence, at):
        if found in ("“", "‘‘"):
            mark = "“"
        elif found in ("”", "’’"):
            mark = None
        else:
            mark = None if mark else '"'
    return mark


def attributed(sentence: str, mark: str) -> bool:
    """Do words follow the close of the quotation opened by `mark` (before or at the start
    of `sentence`), where an attribution can be ('A,” she said.')?"""
    at = 1 if sentence[:1] in '“"‘' else 0
    close = _SINGLE_CLOSE.search(sentence, at) if mark == "‘" else None
    close = close or _DOUBLE_CLOSE.search(sentence, at)
    return close is not None and _LETTER.search(sentence, close.end()) is not None


_LETTER = re.compile(r"[^\W\d_]")


# A sentence that is only an attribution: "Holmes testified.", "she added."
_BARE_ATTRIBUTION = re.compile(
    r"\s*(?P<who>(?:[A-Z][\w’'.-]+\s+){0,3}[A-Z][\w’'.-]+|[Hh]e|[Ss]he|"
    r"(?P<group>(?:[Aa]n?|[Tt]he|[Oo]ne)\s+(?:[a-z-]+\s+)?[a-z]+))\s+(?:\w+ly\s+)?"
    r"(?P<verb>\w+)(?:\s+[\w’'.-]+){0,4}?[.!]?\s*"
)


def bare_attribution(sentence: str, names: NameIndex, at: int) -> str | None:
    """The speaker of a sentence that only says who spoke ("Holmes testified.", "an
    officer shouted.", "Noem tweeted Monday night."), resolved, or None."""
    match = _BARE_ATTRIBUTION.fullmatch(sentence)
    if not match or match["verb"] not in REPORTING_VERBS:
        return None
    who = match["who"]
    if who.lower() in {"he", "she"}:
        return names.person_before(at, who)
    if match["group"]:
        if who.split()[-1].lower() not in GROUP_NOUNS:
            return None
        return names.resolve_group(who, before=at)
    return names.resolve(who, before=at)


_CLOSING_MARK = re.compile(r"[,.!?—–]?\s*(?:[”\"]|’’)\s*,?\s*")
_INVERTED_BARE = re.compile(r"\s*(?P<verb>\w+)\s+(?P<who>(?:[A-Z][\w’'.-]+\s*){1,4})[.!]?\s*")


def tail_attribution(sentence: str, names: NameIndex, at: int) -> tuple[str, int] | None:
    """The speaker named after the last closing quotation mark of `sentence`, when only
    an attribution follows it ('… OUT,” Noem tweeted Monday night.', '… me!” an officer
    said.'), and where the quoted words end; else None."""
    closes = list(_CLOSING_MARK.finditer(sentence))
    if not closes:
        return None
    close = closes[-1]
    tail = sentence[close.end() :]
    who = bare_attribution(tail, names, at + close.end())
    inverted = _INVERTED_BARE.fullmatch(tail) if who is None else None
    if inverted and inverted["verb"] in REPORTING_VERBS:
        who = names.resolve(inverted["who"].strip(), before=at)
    return (who, close.start()) if who and close.start() > 0 else None
