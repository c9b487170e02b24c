"""Who is speaking, read from the words before or after a reporting verb: a person's
name, an organisation, a pronoun or a group ("the minister", "critics")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from factdesk.claims.speech_words import (
    _APPOSITIVE,
    _CAPITALISED,
    _NAME_RUN,
    _NOT_FIRST_NAMES,
    _POSSESSIVE_SPOKESPERSON,
    _ROLE_APPOSITIVE,
    _SPOKESPERSON,
    _TITLE_MODIFIERS,
    ORGANISATION_WORDS,
    TITLES,
    _words,
)


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
    office
    """
)
GROUP_NOUNS = (
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
        student students worker workers nurse nurses patient patients teacher settlers
        media journalist journalists reporter reporters correspondent insider insiders
        aide aides adviser advisers
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
_PLURAL_GROUPS = _words("police people staff media")  # "State media have reported"
# Words before a name that say when or how, not who ("said last week", "said during").
_NOT_ROLES = _words(
    "a an during since until amid despite last this next earlier later recently again"
)
_GENERIC_ADJECTIVES = _words("senior former top local federal state other chief")


def _subject_at_end(prefix: str) -> _Subject | None:
    """The speaker that ends `prefix` (before a reporting verb), or None."""
    prefix = prefix.rstrip()
    if prefix.rstrip(",")[-1:] in '”"':
        return None  # '“…Ascom”, adds Olivier Bosc': a quotation ends here, the name follows
    prefix = _strip_appositives(prefix)
    if not prefix:
        return None
    spokes = _SPOKESPERSON.search(prefix)
    if spokes:
        return _Subject(spokes["org"].strip(), "organisation", spokes.start())
    spokes = _POSSESSIVE_SPOKESPERSON.search(prefix)
    if spokes:  # "Corbyn's spokesman": the principal speaks through them
        return _Subject(spokes["org"], _kind_of(spokes["org"]), spokes.start())
    last = prefix.split()[-1]
    if last.lower() in {"he’d", "he'd", "she’d", "she'd"}:  # "he’d respond"
        last, prefix = last[:-2], prefix[:-2]
    if _HANDLE_WORD.fullmatch(last):  # "@MartinOduya wrote": the account's owner
        return _Subject(last, "person", len(prefix) - len(last))
    if last.lower() in {"he", "she", "it", "they"} and (last[0].isupper() or " " in prefix):
        return _Subject(last, "pronoun", len(prefix) - len(last))
    reporter = _NAME_OF_OUTLET.search(prefix)
    if reporter and not {reporter["name"].split()[0], reporter["name"].split()[-1]} & (
        ORGANISATION_WORDS | TITLES | _NOT_FIRST_NAMES | {"Head"}
    ):  # "Alex Horton of the Washington Post", "Wee of the Times": the person
        return _Subject(reporter["name"], "person", reporter.start("name"))
    group = _group_at_end(prefix) or _description_at_end(prefix)
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
    """ "president of X", "54", "Carlineo’s attorney", "Senior Vice President of Sales for
    Dräger, Inc.": words describing a name."""
    return (
        segment[:1].islower()
        or segment[:1].isdigit()
        or bool(_POSSESSIVE_ROLE.match(segment))
        or bool(_CAPITALISED_ROLE.match(segment))
    )


# A role written in capitals, then where: "Senior Vice President of Sales for Dräger",
# "General Manager of Life Care Solutions".
_CAPITALISED_ROLE = re.compile(
    r"(?:(?:Senior|Executive|General|Managing|Chief|Vice|Deputy|Regional|Global|Head|"
    r"Associate|Assistant|Lead|Principal)\s+)+(?:[A-Z][\w&-]*\s+){0,3}(?:of|for|at)\s"
)
# A company's legal form after a comma belongs to its name: "Dräger, Inc.".
_COMPANY_SUFFIX = re.compile(r"\s*(?:Inc|Ltd|LLC|LLP|Corp|Co|plc|PLC|GmbH|AG|S\.A|N\.V)\.?")


def _join_company_suffixes(segments: list[str]) -> list[str]:
    joined: list[str] = []
    for segment in segments:
        if joined and _COMPANY_SUFFIX.fullmatch(segment):
            joined[-1] += "," + segment
        else:
            joined.append(segment)
    return joined


def _describes_or_place(segment: str) -> bool:
    segment = segment.strip()
    words = segment.removeprefix("and ").split()
    return _describes(segment) or (0 < len(words) <= 4 and words[0][:1].isupper())


def _strip_appositives(prefix: str) -> str:
    """ "Jeff Sanborn, president of Chapter & Verse, a design agency," -> "Jeff Sanborn"."""
    if not prefix.endswith(","):
        return prefix
    # Read back over descriptions between commas to the name before them.
    segments = _join_company_suffixes(prefix[:-1].split(","))
    if len(segments) >= 2 and _ROLE_BEFORE_NAME.search(segments[-2]):
        name = _NAME_RUN.fullmatch(segments[-1].strip())
        if name and not ORGANISATION_WORDS & set(name.group(0).split()):
            return prefix[:-1]  # "The council's finance director, Omar Haddad,": the name
    first = len(segments)
    while first > 1 and len(segments) - first < 5 and _describes_or_place(segments[first - 1]):
        first -= 1
    # The first segment after the name describes it ("a planetary scientist at ..."); the
    # ones after may be places ("Greenbelt, Maryland, and ...").
    while first < len(segments) and not _describes(segments[first].strip()):
        first += 1
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
    r"(?:[\w’'-]+\s+){0,5}[a-z][\w-]*\s*$"
)

_WORD = re.compile(r"\S+")


_GROUP_WITH_PLACE = re.compile(
    r"(?:^|\s)(?P<phrase>(?:(?:[Tt]he|[Aa]n?|[Oo]ne|another|some|many|several|two|three)\s+)"
    r"(?:[A-Za-z][\w-]*\s+){0,2}(?P<noun>[a-z]+)\s+(?:on|at|from|in|with)\s+(?:the\s+)?"
    r"(?:[A-Z][\w’'-]*|[a-z][\w-]*)(?:\s+[A-Z][\w’'-]*){0,3})$"
)


_POSSESSIVE_NAME = re.compile(r"[A-Z][\w-]*[’']s")


def _group_at_end(prefix: str) -> _Subject | None:
    """A lower-case speaker phrase ending `prefix`: "critics", "the minister", "Labour
    officials", "a senior official"; None for a proper name ("the European Space Agency")."""
    tail = prefix[-80:]
    offset = len(prefix) - len(tail)
    placed = _GROUP_WITH_PLACE.search(tail)
    if placed and placed["noun"] in GROUP_NOUNS:  # "one user on Weibo", "a doctor at the clinic"
        return _Subject(placed["phrase"], "group", offset + placed.start("phrase"))
    tokens = list(_WORD.finditer(tail))
    if not tokens:
        return None
    head = tokens[-1].group(0)
    lowered = head.lower()
    if lowered not in GROUP_NOUNS:
        return None
    at_sentence_start = len(tokens) == 1 and offset == 0
    if head[0].isupper() and not at_sentence_start:
        return None  # part of a name: "the Met Office", "the European Space Agency"
    first = len(tokens) - 1
    determiner = False
    for i in range(len(tokens) - 2, max(-1, len(tokens) - 7), -1):
        word = tokens[i].group(0)
        if word.lower() in _DETERMINERS or _POSSESSIVE_NAME.fullmatch(word):
            first, determiner = i, True  # "the office", "Bolivia’s public defender’s office"
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
    elif (
        determiner
        and first >= 2
        and tokens[first - 1].group(0) == "of"
        and tokens[first - 2].group(0) in GROUP_NOUNS
    ):
        first -= 2  # "executives of both companies", "leaders of the two parties"
    words = [t.group(0) for t in tokens[first:]]
    if words[0].lower() in _DETERMINERS or words[0].lower() in GROUP_NOUNS | _GENERIC_ADJECTIVES:
        words[0] = words[0][0].lower() + words[0][1:]
    return _Subject(" ".join(words), "group", offset + tokens[first].start())


# Nouns that describe one person named before: "the 56-year-old said", "the Oscar-winning
# actress added", "the former champion and coach told reporters". Read as "he"/"she".
PERSON_DESCRIPTIONS = _words(
    """
    year-old actor actress star drummer rapper musician songwriter author
    novelist writer artist designer player striker forward midfielder defender goalkeeper
    quarterback pitcher veteran champion entrepreneur billionaire businessman businesswoman
    tycoon mogul politician lawmaker congressman congresswoman comedian presenter host
    filmmaker producer chef athlete rookie skipper incumbent nominee frontrunner
    front-runner prince princess duke duchess monarch pontiff singer guitarist bassist
    vocalist frontman
    """
)
_FEMALE_DESCRIPTIONS = _words("actress businesswoman congresswoman princess duchess")
_MALE_DESCRIPTIONS = _words("actor businessman congressman prince duke")


def pronoun_of(subject: str) -> str:
    """The pronoun a subject read as one stands for: "he", "she" or "" ("the 56-year-old",
    "the actress" -> "she")."""
    words = subject.lower().split()
    if len(words) == 1:
        return words[0]
    if words[-1] in _FEMALE_DESCRIPTIONS:
        return "she"
    return "he" if words[-1] in _MALE_DESCRIPTIONS else ""


def _description_at_end(prefix: str) -> _Subject | None:
    """ "the 56-year-old", "the champion and coach": a description of someone named
    before, which the pipeline resolves as it resolves "he" or "she"."""
    tokens = list(_WORD.finditer(prefix[-80:]))
    if not tokens:
        return None
    noun = tokens[-1].group(0)
    if not (noun.endswith("-year-old") or noun in PERSON_DESCRIPTIONS):
        return None
    for i in range(len(tokens) - 2, max(-1, len(tokens) - 7), -1):
        word = tokens[i].group(0)
        if word in ("the", "The"):
            offset = len(prefix) - len(prefix[-80:])
            return _Subject(
                prefix[offset + tokens[i].start() :], "pronoun", offset + tokens[i].start()
            )
        if word in _NOT_MODIFIERS - {"and"} or word.lower() in _DETERMINERS:
            return None  # "a player"/"his wife"/"said the player": not a description
        if not re.fullmatch(r"[\w’'-]+", word) or (word[:1].isupper() and "-" not in word):
            return None  # "the Pose actor", "Mr Smith, the actor": a name or a break
    return None


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
        # "said councillor Pat Jones", "said shadow chancellor John McDonnell": a lower-case
        # role, then a person's full name
        role = _ROLE_THEN_NAME.match(" " + text)
        if role is None or (_NOT_MODIFIERS | _NOT_ROLES) & set(role["role"].lower().split()):
            return None
        name = _up_to_sentence_end(role["name"].strip())
        return _Subject(name, "person", 0) if len(name.split()) >= 2 else None
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
        if bare in GROUP_NOUNS:  # lower-case only: "the Met Office" is a name
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
    if run in _COUNTRY_INITIALS or _INNER_POSSESSIVE.fullmatch(run):
        return "organisation"  # "The UK"; "People’s Daily" (not "NASA’s Steve Clarke")
    if name[:1].islower():  # "High Commissioner for Human Rights": an office, kept whole
        return "organisation"
    if titles and name and not any(w in ORGANISATION_WORDS for w in name.split()):
        return "person"
    return "organisation" if any(w in ORGANISATION_WORDS for w in run.split()) else "person"


_CONNECTORS = {"of", "for", "on", "and", "&"}
_COUNTRY_INITIALS = _words("UK US USA U.S. U.K.")
_INNER_POSSESSIVE = re.compile(r"[A-Z][\w-]*[’']s\s+[A-Z][\w-]*")
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
    the_before = len(run) > 1 and run[0].group(0) in {"The", "the"}
    while len(run) > 1 and run[0].group(0) in _LEADING_FILLERS:
        run.pop(0)  # "But Arroyo said", "The Met Office said"
    if not run:
        return None
    if the_before and len(run) == 1 and run[0].group(0) in _COUNTRY_INITIALS:
        return run[0].group(0), run[0].start()  # "The UK has urged": the state speaks
    if len(run) >= 3 and _after_role_preposition(prefix[: run[0].start()]):
        tail = run[-2:]  # "ambassador to Britain Liu Xiaming": the place, then the person
        if not ORGANISATION_WORDS & {t.group(0) for t in tail}:
            run = tail
    words = " ".join(t.group(0) for t in run)
    if len(run) == 1 and words in _NOT_FIRST_NAMES and words not in ORGANISATION_WORDS:
        return None
    return words, run[0].start()


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
