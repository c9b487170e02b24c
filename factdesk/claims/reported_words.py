"""Where reported words begin after a reporting verb ("said on Monday that …", "told
police he …") and where they end before a trailing attribution ("…,” Apte said.")."""

from __future__ import annotations

import re

from factdesk.claims.speech_words import _CLOSE_QUOTES, _OPEN_QUOTES, _words
from factdesk.claims.subjects import _DETERMINERS

# Words right after a reporting verb that show it is not introducing reported words.
NOT_CONTENT = _words(
    """
    to in on at for about of with by from during after before as when while yesterday
    today tonight last earlier later previously recently so nothing anything something
    no not also sorry goodbye hello thanks are is was were be been being have has had will
    would can could should may might must do does did and or but this through via soon
    shortly again publicly privately separately monday tuesday wednesday thursday friday
    saturday sunday january february march april june july august september october
    november december
    """
)
# Verbs that take a bare clause ("Cook said the admiration is mutual"); the others need
# "that", a colon or a quotation ("explained them to me" is not reported speech).
_BARE_CLAUSE_VERBS = _words(
    """
    said says say claimed claims argued argues insisted insists added adds warned warns
    stated states tweeted thinks stressed stresses reiterated reiterates
    """
)


# "Wrote" reports words only straight before "that" or after where or to whom: "wrote
# that", "wrote in the Times that", "wrote to members that"; not "wrote songs that summer".
_WRITING_VERBS = _words("wrote writes write written")
_WRITTEN_WHERE = re.compile(r"\s+(?:that\b|(?:in|on|to|for|via|about|last|this|on)\s)")

# What is claimed that is no statement: "claimed victory", "claims responsibility".
_CLAIMED_THINGS = _words("victory responsibility credit ownership asylum the a an his her their")
# "claimed the label thought …": a noun and then its verb make a clause, not a thing won.
_CLAUSE_AFTER_NOUN = re.compile(
    r"\s*\S+(?:\s+[a-z]\S*)?\s+(?:thought|was|were|is|are|had|has|have|would|could|will|"
    r"should|did|didn’t|wanted|knew|planned|tried)\b"
)

# Verbs that show a clause: "The key, says Buser, is ..."; "said X would ... that".
AUXILIARY_VERBS = _words(
    """
    is are was were be has have had will would can could should may might must does do did
    remains isn't aren't wasn't weren't won't can't doesn't didn't hasn't haven't
    """
)


def content_start(sentence: str, verb: re.Match[str], bare_clause: bool) -> int | None:
    """Where the reported words begin after the verb, or None if this is not speech."""
    after = verb.end()
    rest = sentence[after:]
    # "said on Monday that ...", "told the BBC that ...", "says that, in ...": a "that"
    # within a few words ("said in an Oct. 26 letter to companies that ...").
    match = re.match(r"(?:\s+[^\s,;:“\"‘]+){0,8}?\s+that(?:\s+|,\s*)", rest)
    if match and verb.group(0) in _WRITING_VERBS and not _WRITTEN_WHERE.match(match.group(0)):
        match = None  # "She wrote hundreds of songs that summer": what she wrote, not said
    if match and len(rest[match.end() :].split()) < 3:
        match = None  # "remembers going to get pizza that night": "that" is no conjunction
    if match and not AUXILIARY_VERBS & set(match.group(0).split()):
        return after + match.end()  # not "said Tyvak would leverage that experience"
    if verb.group(0) in {"told", "tells", "tell"}:
        # "told a few thousand teachers who covered the Statehouse lawn that the
        # Legislature should ...": a long audience, then "that" and a clause's subject
        match = _TOLD_FAR_THAT.match(rest)
        if match:
            return after + match.end()
        match = re.match(r"\s+[^,.;:“\"]{1,60}?(?::\s*|,\s*(?=[“\"‘]))", rest)
        # "told police he supported ...": a short object, then a clause with its subject
        match = match or _TOLD_CLAUSE.match(rest)
        return after + match.end() if match else None
    match = re.match(r"\s*:\s*|\s*,\s*(?=[“\"‘])|\s+(?=[“\"‘])", rest)
    # "said in a statement: ...": a short phrase, then a colon
    match = match or re.match(r"(?:\s+[^\s,;:“\"‘.]+){1,5}?\s*(?::\s*|,\s*(?=[“\"‘]))", rest)
    if match:
        return after + match.end()
    if not bare_clause or verb.group(0) not in _BARE_CLAUSE_VERBS:
        return None
    # "officials said Monday the victim was ...": a day before the clause
    day = _DAY_THEN_CLAUSE.match(rest)
    if day:
        return after + day.end()
    match = re.match(r"\s+(?=(?P<word>[A-Za-z][\w’'-]*)\s)", rest)
    if match and match["word"].lower() not in NOT_CONTENT:
        if verb.group(0) in {"added", "adds"} and match["word"].lower() in _DETERMINERS:
            return None  # "Bemstrom added a goal and an assist"
        if (
            verb.group(0) in {"claimed", "claims"}
            and match["word"].lower() in _CLAIMED_THINGS
            and not _CLAUSE_AFTER_NOUN.match(rest, match.end())
        ):
            return None  # "Trump has claimed victory as ..."
        return after + match.end()
    return None


_TOLD_FAR_THAT = re.compile(
    r"(?:\s+[^\s,;:“\"‘.]+){9,14}?\s+that\s+(?=(?:the|a|an|he|she|they|it|we|I|there|this|"
    r"his|her|their|its|[A-Z][\w’'-]*)\s)"
)
_TOLD_CLAUSE = re.compile(
    r"\s+(?:[\w’'.-]+\s+){1,4}?(?=(?:he|she|they|it|we|I|there)\s+[a-z])"
    # "told lawmakers no evidence supports ...": an audience, then the clause
    r"|\s+(?:reporters|lawmakers|journalists|investigators|senators|legislators|members|"
    r"employees|staff|parliament|congress|the\s+(?:court|jury|committee|panel|BBC|media))\s+"
    r"(?=[a-z])"
)
_DAY_THEN_CLAUSE = re.compile(
    r"\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today)"
    r"\s+(?=(?:the|a|an|he|she|they|it|we|there|this|that|his|her|their)\s)"
)


def content_end(sentence: str, subject_start: int) -> int | None:
    """The end of the reported words before a trailing attribution, or None."""
    raw = sentence[:subject_start].rstrip()
    head = raw
    while head and head[-1] in _CLOSE_QUOTES:
        head = head[:-1].rstrip()
    if not (head.endswith((",", "?", "!", "—", "–")) or raw[-1:] in _CLOSE_QUOTES):
        return None
    head = head.rstrip(",—– ")
    if not head.strip(_OPEN_QUOTES + " "):
        return None
    # An inner quotation that ends with the outer one keeps its closing mark: "… of ‘Oh
    # no, you first,’ ‘No, you first,’” Apte said." ends "‘No, you first’", not "‘No, you first".
    inner = raw.find("’", len(head), len(raw))
    if inner >= 0 and head.count("‘") > len(_SINGLE_CLOSING.findall(head)):
        return inner + 1 if raw[len(head) : inner].strip(",.!? ") == "" else len(head)
    return len(head)


_SINGLE_CLOSING = re.compile(r"’(?![^\W\d_])")
