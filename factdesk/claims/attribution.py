"""Who said it: reported speech, direct quotes, titles, surnames and organisations.

Regular expressions and small word lists, no NLP model. `find_speech` looks inside one
sentence for a reporting verb ("said", "told", "claimed", ...) with a named subject
before it (or after it: "said Mirvis"), and returns the speaker's words as it appears
there plus the span of what was said. `NameIndex` remembers the people named in the
article ("UK Chief Rabbi Ephraim Mirvis") so that later mentions ("Mirvis",
"Chief Rabbi Mirvis", "Ms Rusk", "she") resolve to the full name.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from factdesk.claims.reported_words import (
    AUXILIARY_VERBS,
    NOT_CONTENT,
    content_end,
    content_start,
)
from factdesk.claims.sentence_subjects import sentence_subject, source_of
from factdesk.claims.speech_words import (
    _ACCORDING_TO,
    _AUXILIARIES,
    _CLOSE_QUOTES,
    _LEADING_CONNECTIVE,
    _LOWER_AFTER_COMMA,
    _NAME_RUN,
    _OPEN_QUOTES,
    _RESUMED_QUOTE,
    _VERB_AT,
    _words,
)
from factdesk.claims.subjects import (
    _ABBREVIATED,
    _GENERIC_ADJECTIVES,
    _NOT_MODIFIERS,
    GROUP_NOUNS,
    _Subject,
    _subject_at_end,
    _subject_at_start,
)
from factdesk.claims.units import unwrap_quotes


@dataclass(frozen=True)
class Speech:
    """A reported statement inside a sentence."""

    speaker: str  # as written, e.g. "Ms Rusk", "Labour Lord Alf Dubs", "Met Office", "she"
    # What was said: one or more spans of the sentence, read together as one statement
    # ('"A," she said, "B."' and 'A, she said, B.' have two).
    parts: tuple[tuple[int, int], ...]
    organisation: bool = False
    pronoun: bool = False
    group: bool = False  # a lower-case role or group: "the minister", "critics"
    # Where the speaker stands in the sentence when the words follow it ("X, in which he
    # said that ..."): "he" may then be someone named earlier in the same sentence.
    speaker_at: int | None = None
    coordinated: bool = True  # "that A, and that B" may be split into two claims

    def content(self, sentence: str) -> str:
        """The reported words, without the quotation marks around each part."""
        return " ".join(unwrap_quotes(sentence[start:end]) for start, end in self.parts)


# Attribution work is bounded so that one huge "sentence" (unsplit text, a list with no
# stops) costs time in proportion to its length: only the first and last few reporting
# verbs of a sentence are read, and a speaker is looked for in the characters just
# before its verb (a speaker phrase with its appositives is far shorter).
VERBS_READ = 4
SUBJECT_WINDOW = 400


class _Verbs:
    """The reporting verbs of one sentence (the first and last VERBS_READ), each with the
    subject before it (found once, as every pattern below asks for it)."""

    def __init__(self, sentence: str, matches: list[re.Match[str]]) -> None:
        self.sentence = sentence
        if len(matches) > 2 * VERBS_READ:
            matches = matches[:VERBS_READ] + matches[-VERBS_READ:]
        self.matches = matches
        self._subjects: dict[int, _Subject | None] = {}

    def subject_before(self, verb: re.Match[str]) -> _Subject | None:
        at = verb.start()
        if at not in self._subjects:
            window = max(0, at - SUBJECT_WINDOW)
            if window:  # start at a word: a cut word could read as a name
                window = self.sentence.find(" ", window, at) + 1 or at
            prefix = _drop_auxiliaries(self.sentence[window:at])
            subject = _subject_at_end(prefix)
            if subject is not None and window:
                subject = _Subject(subject.words, subject.kind, subject.start + window)
            self._subjects[at] = subject
        return self._subjects[at]


def find_speech(sentence: str) -> Speech | None:
    """The reported statement in `sentence`, if it has one with a usable speaker."""
    matches = list(_VERB_AT.finditer(sentence))
    according = "ccording" in sentence or "CCORDING" in sentence
    if sentence[:1] in "AaBO" and (found := _as_x_put_it(sentence)):
        return found
    if not matches:  # most sentences: one cheap scan, and done
        if according:
            return _according_to(sentence)
        found = _colon_quote(sentence) if ":" in sentence else None
        return found or (_participle_speech(sentence) if "ing " in sentence else None)
    verbs = _Verbs(sentence, matches)
    return (
        (_according_to(sentence) if according else None)
        or _quote_then_speaker(verbs)
        or _speech_after_verb(verbs, bare_clause=False)
        or _attribution_inside(verbs)
        or _speech_before_verb(verbs)
        or _speech_after_verb(verbs, bare_clause=True)
        or _shared_subject(verbs)
        or _partial_quote(verbs)
        or _reported_object(verbs)
        or _participle_speech(sentence)
    )


# "State media have reported only a handful of deaths"; "An Associated Press journalist
# ... reported hearing gunfire": what a source reports, not in a clause, is its claim.
_REPORTED = _words("reported")


def _reported_object(verbs: _Verbs) -> Speech | None:
    sentence = verbs.sentence
    for verb in verbs.matches:
        if verb.group(0) not in _REPORTED:
            continue
        word = re.match(r"\s+([A-Za-z][\w’'-]*)", sentence[verb.end() :])
        if word is None or word[1].lower() in NOT_CONTENT | {"that", "it", "the"}:
            continue  # "reported to the police", "reported it": no claim; "the": a noun's
        subject = verbs.subject_before(verb)
        if subject is None or subject.kind == "pronoun" or subject.start:
            continue  # the source must open the sentence
        return _speech(subject, [(0, len(sentence))], sentence, coordinated=False)
    return None


# "Boudreau gave a pep talk, telling them to “believe in yourselves”"; "X met them,
# saying that A": the sentence's subject speaks through a participle.
_PARTICIPLE = re.compile(
    r",\s+(?:saying|adding|telling|noting|arguing|insisting|warning|explaining|stating|"
    r"claiming)\b(?P<that>(?:\s+[^\s,;:“\"]+){0,6}?\s+that\s+)?"
)


def _participle_speech(sentence: str) -> Speech | None:
    participle = _PARTICIPLE.search(sentence)
    if participle is None:
        return None
    subject = sentence_subject(sentence)
    if subject is None:
        return None
    if _QUOTED_WORDS.search(sentence, participle.end()):
        parts = [(0, len(sentence))]  # the quoted words are only part of it
    elif participle["that"]:
        parts = [(participle.end(), len(sentence))]
    else:
        return None
    return _speech(subject, parts, sentence, coordinated=False)


# "Steenburgen has found one drawback: “They’re such good singers …”"; "in the words of
# the patient: “…”": a quotation after a colon, its speaker the sentence's subject.
_COLON_QUOTE = re.compile(r":\s*(?=[“\"])")
_IN_THE_WORDS_OF = re.compile(r"\bin the words of (?P<who>[^:,]{2,60}):\s*(?=[“\"])")


def _colon_quote(sentence: str) -> Speech | None:
    colon = _COLON_QUOTE.search(sentence)
    if colon is None or not _quote_runs_to_end(sentence, colon.end()):
        return None
    words_of = _IN_THE_WORDS_OF.search(sentence)
    if words_of:
        subject = _subject_at_end(words_of["who"])
        if subject is None or subject.start:
            return None
    else:
        subject = sentence_subject(sentence)
        if subject is None:
            return None
    return _speech(subject, [(colon.end(), len(sentence))], sentence, coordinated=False)


def _quote_runs_to_end(sentence: str, at: int) -> bool:
    """Does the quotation opening at `at` run to the sentence's end (or stay open)?"""
    close = _CLOSE_MARK.search(sentence, at + 1)
    return close is None or not sentence[close.end() :].strip(" .!?,;”’\"'")


_CLOSE_MARK = re.compile(r"[”\"]")


def _partial_quote(verbs: _Verbs) -> Speech | None:
    """'Twitter pledged to take “decisive corrective action”': a speaker, a reporting verb
    and, after it, quoted words in a sentence of the article's own: the sentence is the
    speaker's (the quoted words are only part of it)."""
    sentence = verbs.sentence
    for verb in verbs.matches:
        quote = _QUOTED_WORDS.search(sentence, verb.end())
        if quote is None:
            return None
        if verb.group(0) in _ALSO_NOUNS:
            continue  # "two Arab states to have signed …": a noun, not a verb
        subject = verbs.subject_before(verb)
        if subject is None:
            continue
        return _speech(subject, [(0, len(sentence))], sentence, coordinated=False)
    return None


# Reporting verbs that are also plural nouns ("the states", "press reports").
_ALSO_NOUNS = _words("states claims reports comments notes estimates promises replies posts")
# Quoted words of two or more: not a scare-quoted word ('a “vivid” display').
_QUOTED_WORDS = re.compile(r"[“\"][^”\"]*\s[^”\"]*[”\"]")


# A second verb sharing the sentence's subject: "She didn’t give a date, but said A".
_AFTER_CONJUNCTION = re.compile(r"(?:,\s*|\s)(?:but|and)\s+(?:\w+ly\s+|also\s+|later\s+)?$")


def _shared_subject(verbs: _Verbs) -> Speech | None:
    """'Mayer declined to give figures but added that A': the sentence's subject (a name
    or "he"/"she" opening it) speaks through a verb after "but" or "and"."""
    sentence = verbs.sentence
    for verb in verbs.matches:
        if not _AFTER_CONJUNCTION.search(sentence[: verb.start()]):
            continue
        subject = sentence_subject(sentence)
        if subject is None:
            return None  # "During the call, he asked …": no subject opens the sentence
        start = content_start(sentence, verb, bare_clause=True)
        if start is None or start >= len(sentence.rstrip(" .!?”’\"'")):
            continue
        return _speech(subject, [(start, len(sentence))], sentence, speaker_at=0)
    return None


def introduction(sentence: str) -> Speech | None:
    """The speaker of a sentence that only introduces the quotation after it ("Rusk told
    the BBC:", "In a statement, the mayor said:"), with no words of its own; else None."""
    body = sentence.rstrip()
    if not body.endswith(":"):
        return None
    body = body[:-1]
    matches = list(_VERB_AT.finditer(body))
    if not matches:
        return None
    verb = matches[-1]
    if len(body[verb.end() :].split()) > 6:
        return None  # "said the plan had three parts:": words of its own
    subject = _subject_at_end(_drop_auxiliaries(body[: verb.start()]))
    if subject is None:
        return None
    return Speech(
        speaker=subject.words,
        parts=(),
        organisation=subject.kind == "organisation",
        pronoun=subject.kind == "pronoun",
        group=subject.kind == "group",
    )


# "As Gaiman put it, “A.”" / "As the minister said: A."
_AS_X_SAID = re.compile(
    r"(?:(?:But|And|Or)\s+)?[Aa]s\s+(?P<subject>[^,:;“\"]{1,80}?)\s+"
    r"(?:put it|said|says|wrote|writes|noted|notes|explained|explains|related|told \w+)"
    r"\s*[,:]\s*"
)


def _as_x_put_it(sentence: str) -> Speech | None:
    match = _AS_X_SAID.match(sentence)
    if not match or not sentence[match.end() :].strip(" .!?”’\"'"):
        return None
    subject = _subject_at_end(match["subject"])
    if subject is None or subject.start:  # the whole phrase must be the speaker
        return None
    return _speech(subject, [(match.end(), len(sentence))], sentence, coordinated=False)


def _according_to(sentence: str) -> Speech | None:
    match = _ACCORDING_TO.search(sentence)
    if not match:
        return None
    rest = sentence[match.end() :]
    comma = rest.find(",")
    if not sentence[: match.start()].strip(" ,") or _LEADING_CONNECTIVE.fullmatch(
        sentence[: match.start()]
    ):  # "According to X, A." / "But according to X, A."
        if comma <= 0:
            return None
        said_from = match.end() + comma + 1
        nested = find_speech(sentence[said_from:])
        if nested is not None and not nested.pronoun:  # "According to AFP, one user posted: A"
            shifted = tuple((said_from + s, said_from + e) for s, e in nested.parts)
            return dataclasses.replace(nested, parts=shifted, speaker_at=None)
        subject = _subject_at_end(source_of(rest[:comma]))
        parts = [(said_from, len(sentence))]
    elif comma > 0 and rest[comma + 1 :].strip(" .!?"):  # "A, according to X, B."
        subject = _subject_at_end(rest[:comma])
        parts = [(0, match.start()), (match.end() + comma + 1, len(sentence))]
    else:  # "A, according to X."
        subject = _subject_at_end(source_of(rest.rstrip(" .!?")))
        parts = [(0, match.start())]
    if subject is None:
        return None
    return _speech(subject, parts, sentence, coordinated=False)


def _quote_then_speaker(verbs: _Verbs) -> Speech | None:
    """'"A," Ms Rusk told the meeting.' and '"A," she said, "B."'."""
    sentence = verbs.sentence
    if not _opens_with_quote(sentence):
        return None
    for verb in verbs.matches:
        subject = verbs.subject_before(verb)
        inverted = False
        if subject is None:  # '"A," said Mirvis.'
            subject = _subject_at_start(sentence[verb.end() :].strip().rstrip(" .!?"))
            inverted = True
        if subject is None:
            continue
        lead = verb.start() if inverted else subject.start
        head = sentence[:lead].rstrip()
        if head.rstrip(",")[-1:] not in _CLOSE_QUOTES:
            continue
        end = content_end(sentence, lead)
        if end is None:
            continue
        parts = [(0, end)]
        resumed = _RESUMED_QUOTE.search(sentence, verb.end())
        if resumed:  # '"A," she said, "B."': the quotation goes on
            parts.append((resumed.end(), len(sentence)))
        return _speech(subject, parts, sentence, coordinated=False)
    return None


def _opens_with_quote(sentence: str) -> bool:
    return sentence[:1] in _OPEN_QUOTES


def _speech_after_verb(verbs: _Verbs, bare_clause: bool) -> Speech | None:
    """'X said that A' / 'X told the BBC that A' / 'X said: "A"' / 'X said A' (bare)."""
    sentence = verbs.sentence
    for verb in verbs.matches:
        subject = verbs.subject_before(verb)
        if subject is None or _SUBORDINATE.fullmatch(sentence, 0, subject.start):
            continue  # "When Trump’s advisers suggested that A, Mr. Trump wasn’t satisfied"
        start = content_start(sentence, verb, bare_clause)
        if start is None or start >= len(sentence.rstrip(" .!?”’\"'")):
            continue
        return _speech(subject, [(start, len(sentence))], sentence, speaker_at=subject.start)
    return None


# A subordinate clause opening the sentence: what its subject said is not the statement.
_SUBORDINATE = re.compile(
    r"(?:When|If|After|Before|Although|Though|While|Because|Since|Unless|Until|Once|Even if)"
    r"\s+(?:[A-Z][\w’'.-]*\s+)*"
)


def _attribution_inside(verbs: _Verbs) -> Speech | None:
    """'Many of the prisons, she said, are aging.': the words around the attribution."""
    sentence = verbs.sentence
    for verb in verbs.matches:
        after = _LOWER_AFTER_COMMA.match(sentence, verb.end())
        if not after:
            inverted = _INVERTED_INSIDE.match(sentence, verb.end())
            if inverted is None:
                continue  # no name after the verb
            if not AUXILIARY_VERBS & set(sentence[inverted.end() :].split()[:1]):
                continue  # "..., said Serene Gregg, local president of ...": a role
            head = sentence[: verb.start()].rstrip()
            subject = _subject_at_start(inverted["name"])
            if subject is None or not head.endswith(",") or len(head.split()) < 3:
                continue  # "The key, says Buser, is ...": the speaker after the verb
            parts = [(0, len(head) - 1), (inverted.end(), len(sentence))]
            return _speech(subject, parts, sentence, coordinated=False)
        subject = verbs.subject_before(verb)
        if subject is None:
            continue
        head = sentence[: subject.start].rstrip()
        if not head.endswith(",") or (
            len(head.split()) < 3 and head[:-1] not in _PRONOUN_HEADS
        ):  # "Yesterday, she said, ..." is no statement; "That, Audi says, allows" is
            continue
        parts = [(0, len(head) - 1), (after.end(), len(sentence))]
        return _speech(subject, parts, sentence, coordinated=False)
    return None


# A one-word head that is the statement's own subject: "That, Audi says, allows ...".
_PRONOUN_HEADS = _words("That This These Those It Such")
_INVERTED_INSIDE = re.compile(rf"\s+(?P<name>{_NAME_RUN.pattern}),\s*(?=[a-z])")


def _speech_before_verb(verbs: _Verbs) -> Speech | None:
    """'A, said Mirvis.' / 'A, the minister added.' / 'A, she said on Monday.'"""
    sentence = verbs.sentence
    for verb in reversed(verbs.matches):
        tail = sentence[verb.end() :].strip().rstrip(" .!?")
        subject = verbs.subject_before(verb)
        if subject is not None:
            boundary = content_end(sentence, subject.start)
            role = _ROLE_BEFORE.search(sentence, 0, subject.start) if boundary is None else None
            if role and _is_role(role):
                # '…," study lead author Lucas Paganini, …, said'; '…, the Interior
                # Ministry said'; '…, company CEO Andy Vesey said'
                boundary = content_end(sentence, role.start() + 1)
        else:  # inverted: "..., said Mirvis." / "..., says the Met Office."
            subject = _subject_at_start(tail)
            boundary = content_end(sentence, verb.start())
            rest = tail[tail.find(subject.words) + len(subject.words) :] if subject else ""
            if len(rest.split()) > 3 and not rest.lstrip().startswith(","):
                continue  # "X, told The Hill in a statement that ...": not the speaker
            tail = ""
        if subject is None or boundary is None:
            continue
        # A long tail after the verb is only an aside after a quotation, or where and
        # when it was said ("A, Cook said while visiting ...").
        long_tail = len(tail.split()) > 3 and not _CIRCUMSTANCE.match(tail)
        if long_tail and sentence[: subject.start].rstrip()[-1:] not in _CLOSE_QUOTES:
            continue
        if len(sentence[:boundary].split()) < 3:
            continue  # "After that, Ford wrote" is not reported speech
        return _speech(subject, [(0, boundary)], sentence, coordinated=False)
    return None


# A lower-case role between a quotation's end and the speaker's name.
_ROLE_BEFORE = re.compile(
    r"(?P<mark>[,!?]?[”\"’]|,)\s+(?P<words>(?:(?:[a-z\d][\w-]*|(?<=[”\"’]\s)[A-Z][\w-]*)\s+)"
    r"(?:(?:[a-z\d][\w-]*|[A-Z]{2,})\s+){0,5})$"
)  # "…,” lead researcher and NASA planetary scientist Lucas Paganini said", "…,” the
# 14th-ranked Schwartzman said", "…,” Commerzbank analyst Carsten Fritsch said"


def _is_role(role: re.Match[str]) -> bool:
    """After a closing quotation mark any lower-case words but a clause's ("study lead
    author"); after a bare comma only role words ("the", "company"), not "a prospect"."""
    words = set(role["words"].split())
    if role["mark"] != ",":  # "lead researcher and NASA planetary scientist": one role
        return not (_NOT_MODIFIERS - {"and"}) & words
    return words <= GROUP_NOUNS | _GENERIC_ADJECTIVES | {"the"}


# How a trailing attribution goes on: where, when or how it was said.
_CIRCUMSTANCE = re.compile(
    r"(?:in|at|on|during|while|after|before|when|from|via|through|last|this|earlier|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)


def _drop_auxiliaries(prefix: str) -> str:
    words = prefix.rstrip().split(" ")
    while len(words) > 1 and (words[-1] in _AUXILIARIES or _ADVERB.fullmatch(words[-1])):
        words.pop()  # "has also said", "Thomas allegedly told"
    return " ".join(words)


_ADVERB = re.compile(r"[a-z]{3,}ly")


def _speech(
    subject: _Subject,
    parts: list[tuple[int, int]],
    sentence: str,
    coordinated: bool = True,
    speaker_at: int | None = None,
) -> Speech | None:
    trimmed = []
    for start, end in parts:
        text = sentence[start:end]
        # Trim spaces and the final stop; quotation marks are the caller's (unwrap_quotes).
        left = len(text) - len(text.lstrip())
        right = len(text.rstrip(" .!,;"))
        if right > left:
            trimmed.append((start + left, start + right))
    if not trimmed or sum(e - s for s, e in trimmed) < 3:
        return None
    words = subject.words
    if len(words.strip(".!?")) < 2:
        return None  # "E" of "E! News" cut at its "!": no one-letter speaker
    last = words.split()[-1] if words.split() else ""
    if last.endswith(".") and len(last) > 2 and last[:-1] not in _ABBREVIATED:
        words = words[:-1]  # '"A," said Erekat. "B."': the name, not the stop after it
    return Speech(
        speaker=words,
        parts=tuple(trimmed),
        organisation=subject.kind == "organisation",
        pronoun=subject.kind == "pronoun",
        group=subject.kind == "group",
        coordinated=coordinated and len(trimmed) == 1,
        speaker_at=speaker_at,
    )
