"""Who said it: reported speech, direct quotes, titles, surnames and organisations.

Regular expressions and small word lists, no NLP model. `find_speech` looks inside one
sentence for a reporting verb ("said", "told", "claimed", ...) with a named subject
before it (or after it: "said Mirvis"), and returns the speaker's words as it appears
there plus the span of what was said. `NameIndex` remembers the people named in the
article ("UK Chief Rabbi Ephraim Mirvis") so that later mentions ("Mirvis",
"Chief Rabbi Mirvis", "Ms Rusk", "she") resolve to the full name.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass

from factdesk.claims.units import unwrap_quotes


def _words(listing: str) -> frozenset[str]:
    return frozenset(listing.split())


REPORTING_VERBS = _words(
    """
    said says say told tells claimed claims argued argues added adds insisted insists
    stated states warned warns noted notes wrote writes tweeted tweets posted announced
    announces suggested suggests explained explains declared declares alleged alleges
    maintained maintains asserted asserts admitted admits acknowledged acknowledges
    conceded concedes revealed reveals confirmed confirms denied denies believes believed
    thinks predicted predicts promised promises pledged pledges vowed vows replied replies
    responded responds commented comments observed observes reported reports estimated
    estimates concluded concludes stressed stresses emphasised emphasized boasted boasts
    asked asks testified testifies continued bemoaned bemoans recalled recalls
    """
)
# Words that may sit between the subject and the verb: "has said", "also told".
_AUXILIARIES = _words(
    """
    has had have also later previously repeatedly once then recently publicly reportedly
    has also had also further again earlier today yesterday last week
    """
)
# Title words before a name: stripped from the speaker, used to resolve a bare surname.
TITLES = _words(
    """
    Mr Mrs Ms Mx Miss Dr Prof Professor Sir Dame Lord Lady Baroness Baron Rabbi Chief Rev
    Reverend Father Bishop Archbishop Cardinal Pope Imam Sheikh President Vice Prime
    Minister Secretary Chancellor Senator Sen Rep Representative Congressman Congresswoman
    Governor Gov Mayor Councillor Cllr Judge Justice General Gen Colonel Col Captain Capt
    Lieutenant Lt Sergeant Sgt Officer Detective Det Inspector Insp Superintendent Supt
    Constable Commissioner Ambassador King Queen Prince Princess Duke Duchess Earl MP MEP
    Leader Deputy Shadow Home Foreign Attorney Solicitor Chairman Chairwoman CEO Director
    Dean Saint St Speaker Commander Admiral Major Pastor Sister Brother Dame Madam
    Administrator Executive Founder Co-founder Spokesman Spokeswoman Spokesperson
    """
)
# Title words only when another title word follows ("Home Secretary", "Deputy Mayor"):
# "Home Depot" is a shop, not Mr Depot.
_TITLE_MODIFIERS = _words("Home Foreign Shadow Deputy Vice Prime Executive")
# Titles that tell whether "he" or "she" can refer to a person.
_MALE_TITLES = _words(
    "Mr Sir Lord Baron King Prince Duke Earl Father Brother Congressman Chairman Spokesman"
)
_FEMALE_TITLES = _words(
    """
    Mrs Ms Miss Dame Lady Baroness Queen Princess Duchess Sister Congresswoman Chairwoman
    Spokeswoman Madam
    """
)
# A run of capitalised words with one of these is an organisation, not a person.
ORGANISATION_WORDS = _words(
    """
    Office Department Ministry Council Party Bank Agency Service Services Police
    Government Commission Committee Inc Ltd Plc Corp Corporation Company Co University
    College School Association Union Board Trust Group Institute Authority Organisation
    Organization Foundation Federation Society Club Court Parliament Congress Senate House
    Assembly Network News Times Post Guardian Telegraph Journal Herald Tribune BBC CNN
    Reuters AP AFP NHS UN EU WHO FBI CIA NASA Labour Conservatives Tories Tory Democrats
    Republicans GOP Campaign Centre Center Fund Force Army Navy Airways Airlines Railway
    Railways Water Energy Council Hospital Church Synagogue Mosque Administration Bureau
    Institution Alliance Coalition League Watch Press Media Insurance Holdings Systems
    Technologies Labs Group Greens Liberal Democrats Lib Dems SNP Brexit Reform Express
    United States Kingdom Republic Area City County State Street Road Avenue Island
    Islands Valley River Lake Park Airport Station Square Bridge Embassy Pentagon Kremlin
    White Downing Whitehall Congress Capitol Prosecution Prosecutors Awards Infirmary
    Clinic Depot Store Stores Mart Motors Electric Sciences Studios Entertainment Partners
    Capital Securities Ventures Brands Foods Pharmaceuticals Equities Research Games
    """
)
# Capitalised words that do not start a person's name.
_NOT_FIRST_NAMES = _words(
    """
    The A An This That These Those It He She We They I You His Her Our Their My Your There
    Here But And So Yet Or In On At For If When While After Before As Although Since Because
    What Why How Who Where Which Is Are Was Were Do Does Did Can Could Will Would Should May
    Many Some Most Other Others Such Not No Yes Still Also Then Now Today Yesterday Last Next
    Both Each Every All One Earlier Later According With Without From To Of By Under Over
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday British English Scottish Welsh
    Irish American French German Jewish Muslim Christian Catholic Labour Tory Conservative
    Democratic Republican UK US USA EU UN Mr Mrs Ms Dr Great New North South East West
    Another Someone Everyone Nobody Anyone
    """
)
_CAPITALISED = re.compile(r"[A-ZÀ-Þ][\w’'\-]*\.?$")
# One word of a name: "Mirvis", "McKinley", "O’Brien", "Lloyd-Webber", "NASA", "J.",
# "U.S.". It starts with its capital (so the regex engine skips ahead to capitals), then
# checks that no letter came before.
_NAME_WORD = (
    r"[A-ZÀ-Þ](?<![\w’'][A-ZÀ-Þ])(?:[’'](?=[A-ZÀ-Þ][a-zà-ÿ]))?"
    r"(?:[A-Za-zÀ-ÿ]+(?:[-’'][A-Za-zÀ-ÿ]+)*\.?|\.(?:[A-Z]\.)*)"
)
# A run of name words on one line ("UK Chief Rabbi Ephraim Mirvis", "Ludwig van Beethoven").
_NAME_RUN = re.compile(
    rf"{_NAME_WORD}(?:[ \u00a0]+(?:{_NAME_WORD}|(?:van|von|de|del|der|bin|al|da|di|le)"
    r"(?=[ \u00a0]+[A-Z])))*"
)
_APPOSITIVE = re.compile(
    r",\s*(?:who|which|whose|himself|herself|themselves|a|an|the|now|then|once|former|"
    r"also|aged|\d{1,3})\b[^,]*,\s*$"
)
# "Jeff Sanborn, president of Chapter & Verse, said": a role between commas after a name.
_ROLE_APPOSITIVE = re.compile(r",\s*[a-z][\w’'-]*(?:\s+[^,]*)?,\s*$")
_SPOKESPERSON = re.compile(
    r"(?:(?:an?|the)\s+)?(?:spokes(?:person|man|woman)|representative|statement|source|"
    r"official|officials|press\s+officer?|lawyer|lawyers)\s+(?:for|from|at|of|with)\s+"
    r"(?:the\s+)?(?P<org>(?:[A-Z][\w’'\-&]*\.?(?:\s+(?:of|for|and|&|the)(?=\s+[A-Z]))?\s*)+)$"
)
_POSSESSIVE_SPOKESPERSON = re.compile(
    r"(?P<org>(?:[A-Z][\w\-&]*\s+)*[A-Z][\w\-&]*)['’]s?\s+"
    r"(?:spokes(?:person|man|woman)|office|campaign|team|press\s+office)$"
)
_ACCORDING_TO = re.compile(r"\baccording\s+to\s+", re.IGNORECASE)
_LEADING_CONNECTIVE = re.compile(r"\s*(?:But|And|Yet|So|However|Meanwhile|Still)\s*,?\s*")


def _trie_pattern(words: frozenset[str]) -> str:
    """An alternation of `words` as a prefix tree ("sa(?:id|ys?)"): the regex engine then
    tries one branch per letter instead of every word at every position."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = "(?:" + "|".join(branches) + ")" if len(branches) > 1 or "" in node else branches[0]
        return body + "?" if "" in node else body

    return emit(tree)


_VERB_AT = re.compile(r"\b" + _trie_pattern(REPORTING_VERBS) + r"\b")
_RESUMED_QUOTE = re.compile(r",\s*(?=[“\"‘])")
_LOWER_AFTER_COMMA = re.compile(r",\s*(?=[a-z])")
_OPEN_QUOTES = "“‘\"'«"
_CLOSE_QUOTES = "”’\"'»"


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
        return _according_to(sentence) if according else None
    verbs = _Verbs(sentence, matches)
    return (
        (_according_to(sentence) if according else None)
        or _quote_then_speaker(verbs)
        or _speech_after_verb(verbs, bare_clause=False)
        or _attribution_inside(verbs)
        or _speech_before_verb(verbs)
        or _speech_after_verb(verbs, bare_clause=True)
    )


# "As Gaiman put it, “A.”" / "As the minister said: A."
_AS_X_SAID = re.compile(
    r"(?:(?:But|And|Or)\s+)?[Aa]s\s+(?P<subject>[^,:;“\"]{1,80}?)\s+"
    r"(?:put it|said|says|wrote|writes|noted|notes|explained|explains|told \w+)\s*[,:]\s*"
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
        subject = _subject_at_end(rest[:comma])
        parts = [(said_from, len(sentence))]
    elif comma > 0 and rest[comma + 1 :].strip(" .!?"):  # "A, according to X, B."
        subject = _subject_at_end(rest[:comma])
        parts = [(0, match.start()), (match.end() + comma + 1, len(sentence))]
    else:  # "A, according to X."
        subject = _subject_at_end(rest.rstrip(" .!?"))
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
        end = _content_end(sentence, lead)
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
        if subject is None:
            continue
        start = _content_start(sentence, verb, bare_clause)
        if start is None or start >= len(sentence.rstrip(" .!?”’\"'")):
            continue
        return _speech(subject, [(start, len(sentence))], sentence, speaker_at=subject.start)
    return None


def _attribution_inside(verbs: _Verbs) -> Speech | None:
    """'Many of the prisons, she said, are aging.': the words around the attribution."""
    sentence = verbs.sentence
    for verb in verbs.matches:
        after = _LOWER_AFTER_COMMA.match(sentence, verb.end())
        if not after:
            inverted = _INVERTED_INSIDE.match(sentence, verb.end())
            if inverted and not _AUXILIARY_VERBS & set(sentence[inverted.end() :].split()[:1]):
                inverted = None  # "..., said Serene Gregg, local president of ...": a role
            head = sentence[: verb.start()].rstrip()
            subject = _subject_at_start(inverted["name"]) if inverted else None
            if subject is None or not head.endswith(",") or len(head.split()) < 3:
                continue  # "The key, says Buser, is ...": the speaker after the verb
            parts = [(0, len(head) - 1), (inverted.end(), len(sentence))]
            return _speech(subject, parts, sentence, coordinated=False)
        subject = verbs.subject_before(verb)
        if subject is None:
            continue
        head = sentence[: subject.start].rstrip()
        if not head.endswith(",") or len(head.split()) < 3:
            continue
        parts = [(0, len(head) - 1), (after.end(), len(sentence))]
        return _speech(subject, parts, sentence, coordinated=False)
    return None


_INVERTED_INSIDE = re.compile(rf"\s+(?P<name>{_NAME_RUN.pattern}),\s*(?=[a-z])")


def _speech_before_verb(verbs: _Verbs) -> Speech | None:
    """'A, said Mirvis.' / 'A, the minister added.' / 'A, she said on Monday.'"""
    sentence = verbs.sentence
    for verb in reversed(verbs.matches):
        tail = sentence[verb.end() :].strip().rstrip(" .!?")
        subject = verbs.subject_before(verb)
        if subject is not None:
            boundary = _content_end(sentence, subject.start)
        else:  # inverted: "..., said Mirvis." / "..., says the Met Office."
            subject = _subject_at_start(tail)
            boundary = _content_end(sentence, verb.start())
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


# How a trailing attribution goes on: where, when or how it was said.
_CIRCUMSTANCE = re.compile(
    r"(?:in|at|on|during|while|after|before|when|from|via|through|last|this|earlier|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)


def _drop_auxiliaries(prefix: str) -> str:
    words = prefix.rstrip().split(" ")
    while len(words) > 1 and words[-1] in _AUXILIARIES:
        words.pop()
    return " ".join(words)


# Words right after a reporting verb that show it is not introducing reported words.
_NOT_CONTENT = _words(
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
    stated states tweeted wrote writes thinks
    """
)


# What is claimed that is no statement: "claimed victory", "claims responsibility".
_CLAIMED_THINGS = _words("victory responsibility credit ownership asylum the a an his her their")

# Verbs that show a clause: "The key, says Buser, is ..."; "said X would ... that".
_AUXILIARY_VERBS = _words(
    """
    is are was were be has have had will would can could should may might must does do did
    remains isn't aren't wasn't weren't won't can't doesn't didn't hasn't haven't
    """
)


def _content_start(sentence: str, verb: re.Match[str], bare_clause: bool) -> int | None:
    """Where the reported words begin after the verb, or None if this is not speech."""
    after = verb.end()
    rest = sentence[after:]
    # "said on Monday that ...", "told the BBC that ...", "says that, in ...": a "that"
    # within a few words ("said in an Oct. 26 letter to companies that ...").
    match = re.match(r"(?:\s+[^\s,;:“\"‘]+){0,8}?\s+that(?:\s+|,\s*)", rest)
    if match and not _AUXILIARY_VERBS & set(match.group(0).split()):
        return after + match.end()  # not "said Tyvak would leverage that experience"
    if verb.group(0) in {"told", "tells", "tell"}:
        match = re.match(r"\s+[^,.;:“\"]{1,60}?(?::\s*|,\s*(?=[“\"‘]))", rest)
        # "told police he supported ...": a short object, then a clause with its subject
        match = match or _TOLD_CLAUSE.match(rest)
        return after + match.end() if match else None
    match = re.match(r"\s*:\s*|\s*,\s*(?=[“\"‘])|\s+(?=[“\"‘])", rest)
    # "said in a statement: ...": a short phrase, then a colon
    match = match or re.match(r"(?:\s+[^\s,;:“\"‘.]+){1,5}?\s*:\s*", rest)
    if match:
        return after + match.end()
    if not bare_clause or verb.group(0) not in _BARE_CLAUSE_VERBS:
        return None
    # "officials said Monday the victim was ...": a day before the clause
    day = _DAY_THEN_CLAUSE.match(rest)
    if day:
        return after + day.end()
    match = re.match(r"\s+(?=(?P<word>[A-Za-z][\w’'-]*)\s)", rest)
    if match and match["word"].lower() not in _NOT_CONTENT:
        if verb.group(0) in {"added", "adds"} and match["word"].lower() in _DETERMINERS:
            return None  # "Bemstrom added a goal and an assist"
        if verb.group(0) in {"claimed", "claims"} and match["word"].lower() in _CLAIMED_THINGS:
            return None  # "Trump has claimed victory as ..."
        return after + match.end()
    return None


_TOLD_CLAUSE = re.compile(r"\s+(?:[\w’'.-]+\s+){1,4}?(?=(?:he|she|they|it|we|I|there)\s+[a-z])")
_DAY_THEN_CLAUSE = re.compile(
    r"\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today)"
    r"\s+(?=(?:the|a|an|he|she|they|it|we|there|this|that|his|her|their)\s)"
)


def _content_end(sentence: str, subject_start: int) -> int | None:
    """The end of the reported words before a trailing attribution, or None."""
    raw = sentence[:subject_start].rstrip()
    head = raw
    while head and head[-1] in _CLOSE_QUOTES:
        head = head[:-1].rstrip()
    if not (head.endswith((",", "?", "!", "—", "–")) or raw[-1:] in _CLOSE_QUOTES):
        return None
    head = head.rstrip(",—– ")
    return len(head) if head.strip(_OPEN_QUOTES + " ") else None


@dataclass(frozen=True)
class _Subject:
    words: str  # as written
    kind: str  # "person", "organisation", "pronoun" or "group"
    start: int  # where the subject phrase starts in the text it was found in


# Lower-case speakers: roles and groups ("the minister", "critics", "a senior official",
# "the company"). A fact-checker is better served by "critics" than by the article's voice.
ROLE_NOUNS = _words(
    """
    minister secretary president chancellor mayor governor senator premier chairman
    chairwoman chair executive ceo director founder leader chief coach manager owner judge
    prosecutor attorney commissioner ambassador spokesperson spokesman spokeswoman
    """
)
_ORGANISATION_NOUNS = _words(
    """
    company firm business group retailer manufacturer carmaker airline startup chain giant
    bank agency ministry department government council regulator union party campaign
    commission committee board court university hospital club team administration police
    """
)
_GROUP_NOUNS = (
    ROLE_NOUNS
    | _ORGANISATION_NOUNS
    | _words(
        """
        ministers secretaries senators lawmakers legislators official officials officer
        officers spokespeople representative representatives companies firms regulators
        authorities report study survey poll researchers researcher scientists scientist
        experts expert analysts analyst economists economist critics critic opponents
        supporters residents campaigners activists protesters prosecutors lawyer lawyers
        attorneys doctors doctor witnesses witness sources source investigators organisers
        organizers leaders candidate candidates owners teachers parents voters users people
        paper newspaper website executives directors user users resident commenter
        student students worker workers nurse nurses patient patients teacher
        """
    )
)
_DETERMINERS = _words(
    """
    the a an one two three four five several some many most other its his her their our
    this that these those both all another
    """
)
# Words that end a speaker phrase when reading back from its head noun.
_NOT_MODIFIERS = _words(
    """
    and or but nor that which who whom whose said says to of in on at for with by as from
    is was were are be been has have had not also than then when while if because about
    after before into over under it he she we they i you there here so
    """
)
_PLURAL_GROUPS = _words("police people staff")
_GENERIC_ADJECTIVES = _words("senior former top local federal state other chief")


def _subject_at_end(prefix: str) -> _Subject | None:
    """The speaker that ends `prefix` (before a reporting verb), or None."""
    prefix = _strip_appositives(prefix.rstrip())
    if not prefix:
        return None
    spokes = _SPOKESPERSON.search(prefix)
    if spokes:
        return _Subject(spokes["org"].strip(), "organisation", spokes.start())
    spokes = _POSSESSIVE_SPOKESPERSON.search(prefix)
    if spokes:  # "Corbyn's spokesman": the principal speaks through them
        return _Subject(spokes["org"], _kind_of(spokes["org"]), spokes.start())
    last = prefix.split()[-1]
    if _HANDLE_WORD.fullmatch(last):  # "@MartinOduya wrote": the account's owner
        return _Subject(last, "person", len(prefix) - len(last))
    if last.lower() in {"he", "she"} and (last[0].isupper() or " " in prefix):
        return _Subject(last, "pronoun", len(prefix) - len(last))
    reporter = _NAME_OF_OUTLET.search(prefix)
    if reporter and not {reporter["name"].split()[0], reporter["name"].split()[-1]} & (
        ORGANISATION_WORDS | TITLES | _NOT_FIRST_NAMES | {"Head"}
    ):  # "Alex Horton of the Washington Post", "Wee of the Times": the person
        return _Subject(reporter["name"], "person", reporter.start("name"))
    group = _group_at_end(prefix)
    if group is not None:
        return _unless_a_share(prefix, group)
    run = _capitalised_run_at_end(prefix)
    if run is None:
        return None
    words, start = run
    return _unless_a_share(prefix, _Subject(words, _kind_of(words), start))


# A share of a group before its verb is a poll's finding, in the article's voice: "70
# percent of Americans say", "most voters think".
_SHARE_OF = re.compile(
    r"(?:\b(?:percent|per cent|majority|minority|half|third|quarter|most|many|some|all)"
    r"|%|\d)\s+(?:of\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)


def _unless_a_share(prefix: str, subject: _Subject) -> _Subject | None:
    if subject.kind == "pronoun" or not _SHARE_OF.search(
        prefix[max(0, subject.start - 40) : subject.start]
    ):
        return subject
    return None


_NAME_OF_OUTLET = re.compile(
    r"(?<![\w’'])(?P<name>[A-Z][\w’'-]+(?: [A-Z][\w’'-]+){0,2}) (?:of|at|from) (?:the )?"
    r"(?:[A-Z][\w’'&.-]*)(?: [A-Z][\w’'&.-]*){0,3}$"
)


_HANDLE_WORD = re.compile(r"@\w{1,30}")
_POSSESSIVE_ROLE = re.compile(r"[A-Z][\w-]*['’]s?\s+[a-z]")


def _describes(segment: str) -> bool:
    """ "president of X", "54", "Carlineo’s attorney": words describing a name."""
    return segment[:1].islower() or segment[:1].isdigit() or bool(_POSSESSIVE_ROLE.match(segment))


def _strip_appositives(prefix: str) -> str:
    """ "Jeff Sanborn, president of Chapter & Verse, a design agency," -> "Jeff Sanborn"."""
    if not prefix.endswith(","):
        return prefix
    # Read back over descriptions between commas to the name before them.
    segments = prefix[:-1].split(",")
    if len(segments) >= 2 and _ROLE_BEFORE_NAME.search(segments[-2]):
        name = _NAME_RUN.fullmatch(segments[-1].strip())
        if name and not ORGANISATION_WORDS & set(name.group(0).split()):
            return prefix[:-1]  # "The council's finance director, Omar Haddad,": the name
    first = len(segments)
    while first > 1 and len(segments) - first < 3 and _describes(segments[first - 1].strip()):
        first -= 1
    if first < len(segments):
        before = ",".join(segments[:first]).rstrip()
        last = before.split()[-1] if before.split() else ""
        if last[:1].isupper() and _bare(last) not in _NOT_FIRST_NAMES:
            return before
    while prefix.endswith(","):
        match = _APPOSITIVE.search(prefix) or _ROLE_APPOSITIVE.search(prefix)
        if not match or not prefix[: match.start()].strip():
            break
        prefix = prefix[: match.start()].rstrip()
    return prefix


# A description that ends in a lower-case noun, before a name between commas: "the
# council's finance director, Omar Haddad," (the name is the speaker).
_ROLE_BEFORE_NAME = re.compile(
    r"(?:^|\s)(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ur|[A-Z][\w-]*['’]s?)\s+"
    r"(?:[\w’'-]+\s+){0,3}[a-z][\w-]*\s*$"
)

_WORD = re.compile(r"\S+")


_GROUP_WITH_PLACE = re.compile(
    r"(?:^|\s)(?P<phrase>(?:(?:the|a|an|one|another|some|many|several|two|three)\s+)"
    r"(?:[a-z][\w-]*\s+){0,2}(?P<noun>[a-z]+)\s+(?:on|at|from|in|with)\s+(?:the\s+)?"
    r"(?:[A-Z][\w’'-]*|[a-z][\w-]*)(?:\s+[A-Z][\w’'-]*){0,3})$"
)


def _group_at_end(prefix: str) -> _Subject | None:
    """A lower-case speaker phrase ending `prefix`: "critics", "the minister", "Labour
    officials", "a senior official"; None for a proper name ("the European Space Agency")."""
    tail = prefix[-80:]
    offset = len(prefix) - len(tail)
    placed = _GROUP_WITH_PLACE.search(tail)
    if placed and placed["noun"] in _GROUP_NOUNS:  # "one user on Weibo", "a doctor at the clinic"
        return _Subject(placed["phrase"], "group", offset + placed.start("phrase"))
    tokens = list(_WORD.finditer(tail))
    if not tokens:
        return None
    head = tokens[-1].group(0)
    lowered = head.lower()
    if lowered not in _GROUP_NOUNS:
        return None
    at_sentence_start = len(tokens) == 1 and offset == 0
    if head[0].isupper() and not at_sentence_start:
        return None  # part of a name: "the Met Office", "the European Space Agency"
    first = len(tokens) - 1
    determiner = False
    for i in range(len(tokens) - 2, max(-1, len(tokens) - 5), -1):
        word = tokens[i].group(0)
        if word.lower() in _DETERMINERS:
            first, determiner = i, True
            break
        if word.lower() in _NOT_MODIFIERS or not re.fullmatch(r"[\w’'-]+", word):
            break
        first = i
    if not determiner:
        if not (lowered.endswith("s") or lowered in _PLURAL_GROUPS):
            return None  # "minister said" without "the" is not a speaker phrase
        # Modifiers without a determiner must look like one ("Labour officials",
        # "senior officials"), not the end of a clause ("the plan critics").
        first = _trim_bare_modifiers(tokens, first)
    if (
        first >= 2
        and tokens[first - 1].group(0) == "and"
        and tokens[first - 2].group(0)[0].isupper()
    ):
        first -= 2  # "Paganini and his team"
    words = [t.group(0) for t in tokens[first:]]
    if words[0].lower() in _DETERMINERS or words[0].lower() in _GROUP_NOUNS | _GENERIC_ADJECTIVES:
        words[0] = words[0][0].lower() + words[0][1:]
    return _Subject(" ".join(words), "group", offset + tokens[first].start())


def _trim_bare_modifiers(tokens: list[re.Match[str]], first: int) -> int:
    last = len(tokens) - 1
    while first < last:
        word = tokens[first].group(0)
        if word[0].isupper() or word.lower() in _GENERIC_ADJECTIVES:
            break
        first += 1
    return first


def _subject_at_start(text: str) -> _Subject | None:
    words = text.split()
    if not words:
        return None
    if words[0].lower() in {"he", "she"} and len(words) <= 3:
        return _Subject(words[0], "pronoun", 0)
    spokes = _SPOKESPERSON.match(" ".join(words[:8]))
    if spokes:
        return _Subject(spokes["org"].strip(), "organisation", 0)
    group = _group_at_start(words)
    if group is not None:
        return group
    text = text.removeprefix("the ").removeprefix("The ")
    match = _NAME_RUN.match(text)
    if not match:
        return None
    run = _up_to_sentence_end(match.group(0).strip())
    role = _ROLE_THEN_NAME.match(text, match.end())
    if role and not _NOT_MODIFIERS & set(role["role"].split()):
        run = role["name"]  # "NASA administrator Jim Bridenstine": the person speaks
    return _Subject(run, _kind_of(run), 0)


# After an organisation's name, a lower-case role and a person's name.
_ROLE_THEN_NAME = re.compile(
    rf"\s+(?P<role>(?:[a-z][\w-]*\s+){{1,3}})(?P<name>{_NAME_RUN.pattern})"
)


def _group_at_start(words: list[str]) -> _Subject | None:
    """ "said the minister", "said one official", "say critics of the plan"."""
    if words[0].lower() not in _DETERMINERS and not words[0].islower():
        return None
    for i, word in enumerate(words[:4]):
        bare = word.rstrip(",.;:")
        if bare in _GROUP_NOUNS:  # lower-case only: "the Met Office" is a name
            name = _NAME_RUN.match(" ".join(words[i + 1 :])) if bare == word else None
            if name:  # "says veteran industry analyst Ken Doctor": the person
                run = _up_to_sentence_end(name.group(0))
                return _Subject(run, _kind_of(run), 0)
            return _Subject(" ".join(words[: i + 1]).rstrip(",.;:"), "group", 0)
        if bare != word or bare.lower() in _NOT_MODIFIERS:
            return None
    return None


def _kind_of(run: str) -> str:
    """ "person" for "Labour Lord Alf Dubs" (a title, then a name); "organisation" for
    "Met Office" or "Labour"."""
    titles, name = split_title(run)
    if name[:1].islower():  # "High Commissioner for Human Rights": an office, kept whole
        return "organisation"
    if titles and name and not any(w in ORGANISATION_WORDS for w in name.split()):
        return "person"
    return "organisation" if any(w in ORGANISATION_WORDS for w in run.split()) else "person"


_CONNECTORS = {"of", "for", "on", "and", "&"}
# Capitalised words before a speaker's name that are not part of it.
_LEADING_FILLERS = _words(
    """
    The A An But And So Yet Or However Meanwhile Still Also Then Now Today Yesterday
    Earlier Later When While After Before As Although Since Because If Instead Indeed
    """
)


_ROLE_PREPOSITION = re.compile(
    r"\b(?:ambassador|envoy|consul|adviser|advisor|representative|correspondent|editor|"
    r"minister|secretary|commissioner|delegate|spokesperson|spokesman|spokeswoman|"
    r"director|chief|head)\s+(?:to|of|for|in|at|from)\s+(?:the\s+)?$"
)


def _after_role_preposition(before: str) -> bool:
    """Does `before` end like "ambassador to ", "minister for the "?"""
    return _ROLE_PREPOSITION.search(before[-60:]) is not None


def _capitalised_run_at_end(prefix: str) -> tuple[str, int] | None:
    """The run of capitalised words ending `prefix` ("Labour Lord Alf Dubs",
    "Office for National Statistics") and its start offset."""
    tokens = list(re.finditer(r"\S+", prefix))
    run: list[re.Match[str]] = []
    for token in reversed(tokens):
        word = token.group(0)
        bare = word.rstrip(",;:")
        if bare != word:
            break  # "Earlier today, Mirvis": the run stops at punctuation
        if _CAPITALISED.match(bare) or (run and bare in _CONNECTORS):
            run.append(token)
            continue
        break
    while run and run[-1].group(0) in _CONNECTORS:
        run.pop()
    run.reverse()
    while len(run) > 1 and run[0].group(0) in _LEADING_FILLERS:
        run.pop(0)  # "But Arroyo said", "The Met Office said"
    if not run:
        return None
    if len(run) >= 3 and _after_role_preposition(prefix[: run[0].start()]):
        tail = run[-2:]  # "ambassador to Britain Liu Xiaming": the place, then the person
        if not ORGANISATION_WORDS & {t.group(0) for t in tail}:
            run = tail
    words = " ".join(t.group(0) for t in run)
    if len(run) == 1 and words in _NOT_FIRST_NAMES and words not in ORGANISATION_WORDS:
        return None
    return words, run[0].start()


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
    return Speech(
        speaker=subject.words,
        parts=tuple(trimmed),
        organisation=subject.kind == "organisation",
        pronoun=subject.kind == "pronoun",
        group=subject.kind == "group",
        coordinated=coordinated and len(trimmed) == 1,
        speaker_at=speaker_at,
    )


# After a name, signs that it is a person's: ", who", ", 54,", ", aged", ", the blogger",
# ", chief executive of".
_PERSON_APPOSITIVE = re.compile(
    r",\s+(?:who\b|aged\b|\d{1,3}\s*,|(?P<role>(?:(?:the|a|an)\s+)?(?:[a-z][\w-]*\s+){0,3}?"
    r"[a-z][\w-]*)(?:\s+(?:of|at|for|in|behind|with)\b|\s*,)"
    r"|(?:[A-Z][\w-]*\s+){1,3}(?:of|at)\s)"  # ", Head of Research at ICICI Securities"
)
# Words of a common noun phrase after "the", for organisations named by their kind.
_ORGANISATION_KINDS = {
    "bank": {"Bank"},
    "university": {"University", "College"},
    "council": {"Council"},
    "ministry": {"Ministry"},
    "department": {"Department"},
    "agency": {"Agency"},
    "party": {"Party"},
    "union": {"Union"},
    "commission": {"Commission"},
    "committee": {"Committee"},
    "board": {"Board"},
    "court": {"Court"},
    "hospital": {"Hospital", "Infirmary", "Clinic"},
    "police": {"Police"},
    "club": {"Club"},
}
# Speakers that are news organisations: never "the company" of a story they report.
_MEDIA_WORDS = _words("News Times Post Guardian Telegraph Journal Herald Tribune BBC CNN Reuters")
_MEDIA_WORDS |= _words("AP AFP Press Media Insider Bloomberg CNBC NBC ABC CBS Fox")


class NameIndex:
    """The people and organisations named in an article, to resolve later, shorter
    mentions: "Ms Rusk" and "Rusk" -> "Elena Rusk", "she" -> the person just mentioned,
    "the minister" -> the one minister named, "the company" -> the one company quoted.

    Built once per article in one pass over its capitalised runs; every look-up is a dict
    look-up or a bisect, so resolving a speaker does not re-read the article.
    """

    def __init__(self, text: str) -> None:
        self._surnames: dict[str, list[tuple[int, str]]] = {}  # "Mirvis" -> [(at, full)]
        self._roles: dict[str, list[tuple[int, str]]] = {}  # "minister" -> [(at, person)]
        self._gender: dict[str, str] = {}  # person -> "m" / "f", from titles
        self._people: set[str] = set()  # names seen as people's (not places, shops)
        # (offset, person, possessive), in order: "Ford’s death" is rarely the "he" next.
        self._mentions: list[tuple[int, str, bool]] = []
        self._mention_offsets: list[int] = []
        self._organisations: list[tuple[int, str]] = []  # capitalised runs with an org word
        self._organisation_speakers: list[tuple[int, str]] = []
        runs: list[tuple[int, int, str, str, bool, bool]] = []
        for start, run in _name_runs(text):
            end = start + len(run)
            titles, name = split_title(run)
            tokens = name.split()
            if not tokens:
                continue
            if any(t in ORGANISATION_WORDS for t in tokens):
                organisation = name.removeprefix("The ").rstrip(".")
                self._organisations.append((start, organisation))
                continue
            possessive = run.endswith(("’s", "'s", "’", "'"))
            tokens = _person_tokens([_bare(t) for t in tokens])
            if len(tokens) >= 3 and _after_role_preposition(text[max(0, start - 60) : start]):
                tokens = tokens[-2:]  # "ambassador to Britain Liu Xiaming"
            if 2 <= len(tokens) <= 4 and tokens[0] not in _NOT_FIRST_NAMES:
                surname = tokens[-2] if tokens[-1] in _NAME_SUFFIXES else tokens[-1]
                if len(surname) > 1 and not surname.isupper():
                    full = " ".join(tokens)
                    self._surnames.setdefault(surname, []).append((start, full))
                    runs.append((start, end, titles, full, True, possessive))
            elif len(tokens) == 1 and tokens[0] not in _NOT_FIRST_NAMES:
                runs.append((start, end, titles, tokens[0], False, possessive))
        for at, end, titles, name, full, possessive in runs:
            if full:
                person = name
            elif titles:  # "Ms Rusk": a person, maybe named before
                person = self.resolve(f"{titles} {name}", before=at)
            elif name in self._surnames:  # "Rusk" again: a surname, so a person's
                person = self._closest(self._surnames[name], at)
                self._people.add(person)
            else:
                continue
            if titles:
                self._note_titles(at, person, titles)
            elif full:
                appositive = _PERSON_APPOSITIVE.match(text, end)
                if appositive:
                    self._people.add(person)
                    if appositive["role"]:
                        self._add_role(appositive["role"].split()[-1], at, person)
            self._mentions.append((at, person, possessive))
        self._mention_offsets = [at for at, _, _ in self._mentions]

    def _note_titles(self, at: int, person: str, titles: str) -> None:
        self._people.add(person)
        words = [_bare(t).rstrip(".") for t in titles.split()]
        for word in words:
            if word in TITLES:
                self._add_role(word, at, person)
        if any(w in _MALE_TITLES for w in words):
            self._gender.setdefault(person, "m")
        elif any(w in _FEMALE_TITLES for w in words):
            self._gender.setdefault(person, "f")

    def _add_role(self, word: str, at: int, person: str) -> None:
        self._roles.setdefault(word.lower(), []).append((at, person))

    @staticmethod
    def _closest(candidates: list[tuple[int, str]], before: int | None) -> str:
        """The latest candidate before offset `before`, else the first one."""
        if before is None:
            return candidates[-1][1]
        latest = None
        for at, name in candidates:  # in text order; a handful at most
            if at >= before:
                break
            latest = name
        return latest if latest is not None else candidates[0][1]

    def resolve(self, name: str, before: int | None = None) -> str:
        """The full name for `name` ("Ms Rusk", "Chief Rabbi Mirvis", "Mirvis"), preferring
        the latest full name used before offset `before`, else the first one after it.
        A bare title ("the Prime Minister") becomes the one person named with it."""
        titles, bare = split_title(name)
        tokens = [_bare(t) for t in bare.split()]
        if not tokens:
            return name.strip()
        if all(t.rstrip(".") in TITLES for t in tokens):
            holder = self.role_holder(tokens[-1].rstrip("."), before)
            return holder or name.strip()
        surname = tokens[-1]
        candidates = self._surnames.get(surname, [])
        if len(tokens) > 1:
            ending = " ".join(tokens)
            candidates = [c for c in candidates if c[1].endswith(ending)]
        if not candidates:
            if len(tokens) == 1 and titles:
                return f"{titles.split()[-1]} {surname}"  # "Ms Rusk", never just "Rusk"
            return " ".join(tokens)
        return self._closest(candidates, before)

    def resolve_group(self, phrase: str, before: int | None = None) -> str:
        """ "the minister" -> the one minister named before; "the company" -> the one
        company quoted before; otherwise the phrase itself ("critics", "a minister")."""
        words = phrase.split()
        if len(words) < 2 or words[0].lower() != "the":
            return phrase
        head = words[-1].lower()
        if head in ROLE_NOUNS:
            return self.role_holder(head, before) or phrase
        if head in _ORGANISATION_NOUNS:
            return self.organisation_for(head, before) or phrase
        return phrase

    def role_holder(self, role: str, before: int | None) -> str | None:
        """The one person named with `role` ("minister", "Secretary") before `before`;
        None when there is none, or more than one."""
        holders = {
            person
            for at, person in self._roles.get(role.lower(), ())
            if before is None or at < before
        }
        return holders.pop() if len(holders) == 1 else None

    def organisation_for(self, noun: str, before: int | None) -> str | None:
        """The one organisation that "the company" / "the bank" can mean before `before`:
        a quoted organisation (not a news outlet) for a company, or the one named with the
        noun's word ("the bank" -> "Bank of England"); None when it is not clear."""
        noun = noun.lower()
        found: set[str] = set()
        if noun in _ORGANISATION_KINDS:
            words = _ORGANISATION_KINDS[noun]
            for at, name in self._organisations + self._organisation_speakers:
                if (before is None or at < before) and words & set(name.split()):
                    found.add(name)
        elif noun in _ORGANISATION_NOUNS:
            for at, name in self._organisation_speakers:
                if (before is None or at < before) and not _MEDIA_WORDS & set(name.split()):
                    found.add(name)
        return found.pop() if len(found) == 1 else None

    def note_speaker(self, at: int, name: str, organisation: bool = False) -> None:
        """Remember a speaker found at offset `at` (the pipeline reads in order): a person
        who speaks is a person, and the latest one "he"/"she" can refer to."""
        if organisation or (" " not in name and name not in self._surnames):
            # "Volkswagen said": one word never given as a person's full name may be the
            # company that "the company" means later.
            self._organisation_speakers.append((at, name))
        if organisation:
            return
        self._people.add(name)
        index = bisect.bisect_right(self._mention_offsets, at)
        self._mention_offsets.insert(index, at)
        self._mentions.insert(index, (at, name, False))

    def person_before(
        self,
        offset: int,
        pronoun: str | None = None,
        sentence_start: int | None = None,
        look_further: bool = True,
    ) -> str | None:
        """The person "he"/"she" at `offset` refers to: the first person named in the
        sentence before it (from `sentence_start`: its subject, usually), else the person
        mentioned most recently. Names seen as people's (with a title, as a speaker,
        described, or by surname alone) first, else the latest full name; never a
        possessive ("Ford’s death"), nor a man for "she" or a woman for "he" when a title
        tells. With look_further=False, only the sentence is searched."""
        index = bisect.bisect_left(self._mention_offsets, offset)
        pronoun = (pronoun or "").lower()
        unwanted = {"he": "f", "she": "m"}.get(pronoun)
        if sentence_start is not None:
            first = bisect.bisect_left(self._mention_offsets, sentence_start)
            for _, person, possessive in self._mentions[first:index]:
                wrong_gender = unwanted and self._gender.get(person) == unwanted
                if not possessive and person in self._people and not wrong_gender:
                    return person
        if not look_further:
            return None
        fallback = None
        for _, person, possessive in reversed(self._mentions[max(0, index - 40) : index]):
            if possessive or (unwanted and self._gender.get(person) == unwanted):
                continue
            if person in self._people:
                return person
            if fallback is None and " " in person:
                fallback = person  # a full name with no sign either way
        return fallback


_NAME_SUFFIXES = _words("Jr Sr II III IV")
# Abbreviations that a name goes on after ("Dr. Jane Goodall", "Martin Luther King Jr.").
_ABBREVIATED = _words("Dr Mr Mrs Ms Mx St Jr Sr Prof Gen Gov Sen Rep Rev Lt Col Capt Sgt Det")
_ABBREVIATED |= _words("Cmdr Supt Insp Hon Mt Ft")
_DOT_SPACE = re.compile(r"\.[ \u00a0]")


def _name_runs(text: str) -> list[tuple[int, str]]:
    """The capitalised runs of `text` with their offsets, cut at a sentence's end
    ("Bob Lee. The minister" gives "Bob Lee." and then looks again from "The")."""
    runs = []
    at = 0
    while match := _NAME_RUN.search(text, at):
        run = _up_to_sentence_end(match.group(0))
        runs.append((match.start(), run))
        at = match.start() + len(run)
    return runs


def _up_to_sentence_end(run: str) -> str:
    if "." not in run:
        return run
    for dot in _DOT_SPACE.finditer(run):
        word = run[run.rfind(" ", 0, dot.start()) + 1 : dot.start()]
        if len(word) > 1 and "." not in word and word not in _ABBREVIATED:
            return run[: dot.start() + 1]
    return run


def _person_tokens(tokens: list[str]) -> list[str]:
    """The part of a capitalised run that can be a person's name: after the last word
    that cannot be in one ("Later Jane Smith" -> "Jane Smith", "India It" -> [])."""
    for i in range(len(tokens) - 1, -1, -1):
        token = tokens[i]
        if (
            token in _NOT_FIRST_NAMES
            or (token.isupper() and len(token) > 1)  # "NASA Steve Clarke": an acronym
            or (i == 0 and token.endswith("ing"))  # "Hosting Cook at ..."
            or any(part[:1].islower() for part in token.split("-")[1:])
        ):
            return tokens[i + 1 :]
    return tokens


def split_title(run: str) -> tuple[str, str]:
    """("UK Chief Rabbi", "Ephraim Mirvis") from "UK Chief Rabbi Ephraim Mirvis": the words
    up to the last title word, and the name after it."""
    tokens = run.split()
    words = [_bare(token).rstrip(".") for token in tokens]
    last_title = -1
    for i in range(len(tokens) - 1):
        word = words[i]
        if word in TITLES and (word not in _TITLE_MODIFIERS or words[i + 1] in TITLES):
            last_title = i
    return " ".join(tokens[: last_title + 1]), " ".join(tokens[last_title + 1 :])


_BARE_ENDINGS = frozenset(".,;:’'s")


def _bare(token: str) -> str:
    """A name token without a possessive or trailing punctuation: "Mirvis’" -> "Mirvis"."""
    if token[-1:] not in _BARE_ENDINGS:
        return token  # most words: nothing to take off
    token = token.rstrip(".,;:")
    for suffix in ("’s", "'s", "’", "'"):
        if token.endswith(suffix):
            return token[: -len(suffix)]
    return token
