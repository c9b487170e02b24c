"""Sentence boundaries for news and social text, with character offsets.

A rule-based splitter: one regular expression finds every place a sentence *could* end
(terminal punctuation followed by space or the end, an emoji before a capital, a line
break, a bullet or list marker), and a few small, named rules decide each candidate from
the words around it (abbreviations, initials, ellipses, lists, a lower-case next word).
Nothing is rewritten: the result is a list of spans into the original text, so
``text[start:end]`` is always the sentence, without surrounding whitespace.
"""

from __future__ import annotations

import bisect
import re


def _words(listing: str) -> frozenset[str]:
    return frozenset(listing.split())


# Titles and other abbreviations that are normally followed by more of the same sentence.
# Matched case-insensitively on the word before the period (without the period).
ABBREVIATIONS = _words(
    """
    mr mrs ms mx dr prof sr jr rev hon gen col capt lt sgt cpl maj adm cmdr cdr gov sen rep
    pres supt insp det cllr rt st mt ft messrs mme mlle fr sens reps no nos art fig figs vol
    vols ch chap sec para pp p ed eds est approx ca cf vs v viz etc al inc ltd co corp bros
    plc llc dept univ assn ave blvd rd hwy jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun e.g i.e a.m p.m ph.d b.a m.a u.s u.k u.n e.u
    n° nr
    """
)

# Personal titles never end a sentence ("Dr. Who arrived.").
PERSONAL_TITLES = _words(
    """
    mr mrs ms mx dr prof rev hon gen col capt lt sgt cpl maj adm cmdr cdr gov sen rep pres
    supt insp det cllr messrs mme mlle sens reps
    """
)

# Abbreviations after which a capitalised word still belongs to the same sentence unless
# the abbreviation is followed by a typical sentence opener (see SENTENCE_STARTERS).
# "a.m."/"p.m." are treated more eagerly (see _TIME_ABBREVIATIONS).
_TIME_ABBREVIATIONS = frozenset({"a.m", "p.m"})

# Words that typically open a sentence; after an abbreviation they signal a new sentence
# ("... & Co. It closed ..."), whereas a proper noun ("U.S. Government") does not.
SENTENCE_STARTERS = _words(
    """
    The A An This That These Those It Its He She We They I You His Her Our Their My Your
    There Here But And So Yet Or Nor However Meanwhile Moreover Instead Indeed Thus Hence In
    On At For If When While After Before As Although Though Since Because Unless Until What
    Why How Who Whom Whose Where Which Is Are Was Were Do Does Did Can Could Will Would
    Should Shall May Might Must Has Have Had Many Some Most Other Others Such Not No Yes
    Still Also Then Now Today Yesterday Tomorrow Last Next Both Each Every All One Let
    Please Only Even Just Despite During Under Over Without With By From To Of
    """
)

_CLOSERS = "\"'”’»)]}"
_OPENERS = "\"'“‘«([{"
_BULLETS = "•⁃▪◦‣●■►"

# Pictographic emoji (and their modifiers), for tweets that end a sentence with one.
_EMOJI = (
    "\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff"
    "\ufe0f\u200d\u20e3\U000e0020-\U000e007f"
)

# A candidate end of sentence. Alternatives, in order:
#  ell: a spaced ellipsis ". . ." / ". . . ." (detected at its first dot);
#  term: runs of terminal punctuation (".", "!!", "?!", "...", "…");
# each followed by closing quotes/brackets, then any emoji, then whitespace or the end.
# (Every match starts with a punctuation mark, so the regex engine skips ahead quickly.)
_CANDIDATE = re.compile(
    rf"""
    (?: (?P<ell>\.(?:[ ]\.){{2,}}) | (?P<term>[.!?…‽]+) )
    (?P<close>[{re.escape(_CLOSERS)}]*)
    (?P<emoji>(?:[ ]?[{_EMOJI}])*)
    (?=\s|$)
    """,
    re.VERBOSE,
)
# An emoji ending a sentence with no punctuation ("Great day 🎉 Then ..."); looked for
# only in texts that have an emoji.
_PICTOGRAPH = re.compile(rf"(?:(?<=\w)|(?<=\w[ ]))(?P<pict>[{_EMOJI}]+)(?=[ \t]+[A-Z])")
_EMOJI_CHAR = re.compile(rf"[{_EMOJI}]")

# Line breaks: a blank line always ends a sentence; a single line break ends one unless the
# next line clearly continues it (starts lower-case) or this line ends mid-phrase.
_LINE_BREAK = re.compile(r"\n\s*")

# Numbered or lettered list markers: "1.)", "2)", "3.", "a.", after a space or a bullet
# (matched with that character, so the regex engine skips ahead quickly), or at the start.
_LIST_MARKER_BODY = r"(?P<label>\d{1,2}|[a-z])(?P<style>\.\)|\)|\.)(?=\s)"
_LIST_MARKER = re.compile(rf"[\s{_BULLETS}]{_LIST_MARKER_BODY}")
_LIST_MARKER_AT_START = re.compile(_LIST_MARKER_BODY)
_BULLET = re.compile(rf"(?:(?<=\s)|^)[{_BULLETS}]")
_BULLET_CHAR = re.compile(rf"[{_BULLETS}]")

_ONLY_SPACE_LEFT = re.compile(r"\s*\Z")
_NEXT_WORD = re.compile(
    rf"\s*[{re.escape(_OPENERS)}]*(?P<word>[^\s.,;:!?{re.escape(_CLOSERS)}]*)(?P<after>.?)"
)
_MULTI_PERIOD = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of `text` as (start, end) offsets, in order.

    ``text[start:end]`` is the sentence without surrounding whitespace; together the spans
    cover every non-whitespace character of `text` exactly once.
    """
    cuts = _cut_points(text)
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in [*sorted(cuts), len(text)]:
        if cut <= start:
            continue
        span = _strip_span(text, start, cut)
        if span:
            spans.append(span)
        start = cut
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, as strings (see `sentence_spans`)."""
    return [text[start:end] for start, end in sentence_spans(text)]


def _strip_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _cut_points(text: str) -> set[int]:
    """Offsets where one sentence ends and the next may begin."""
    markers, marker_dots = _list_markers(text)
    cuts: set[int] = set(markers)
    if _BULLET_CHAR.search(text):
        for match in _BULLET.finditer(text):
            cuts.add(match.start())
    for match in _LINE_BREAK.finditer(text):
        if _line_break_ends_sentence(text, match.start(), match.end()):
            cuts.add(match.start())
    for match in _CANDIDATE.finditer(text):
        cut = _decide(text, match, marker_dots)
        if cut is not None:
            cuts.add(cut)
    if _EMOJI_CHAR.search(text):
        cuts.update(_pictograph_ends(text))
    return cuts


def _pictograph_ends(text: str) -> list[int]:
    """Ends of sentences closed by an emoji alone, outside any punctuation candidate."""
    taken = [(m.start(), m.end()) for m in _CANDIDATE.finditer(text)]
    starts = [start for start, _ in taken]
    ends = []
    for match in _PICTOGRAPH.finditer(text):
        i = bisect.bisect_right(starts, match.start()) - 1
        if i >= 0 and taken[i][0] <= match.start() < taken[i][1]:
            continue  # inside a punctuation candidate's emoji run
        ends.append(match.end())
    return ends


def _line_break_ends_sentence(text: str, start: int, end: int) -> bool:
    if text.count("\n", start, end) > 1 or end >= len(text) or start == 0:
        return True
    next_char = text[end]
    previous = text[start - 1]
    return not (next_char.islower() or previous in ",;-–([{“‘«")


def _list_markers(text: str) -> tuple[list[int], set[int]]:
    """Starts of list items (where to cut) and the offsets of their periods (not ends).

    A marker counts when a neighbour of the same style is numbered one apart ("1." and
    "2.", "a)" and "b)"), or when it opens a line.
    """
    found: list[tuple[int, str, str, re.Match[str]]] = []
    matches = list(_LIST_MARKER.finditer(text))
    at_start = _LIST_MARKER_AT_START.match(text)
    if at_start:
        matches.insert(0, at_start)
    for match in matches:
        label = match["label"]
        value = int(label) if label.isdigit() else ord(label) - ord("a") + 1
        kind = "digit" if label.isdigit() else "alpha"
        found.append((value, kind, match["style"], match))
    keys = {(value, kind, style) for value, kind, style, _ in found}
    cuts: list[int] = []
    dots: set[int] = set()
    for value, kind, style, match in found:
        in_series = (value - 1, kind, style) in keys or (value + 1, kind, style) in keys
        start = match.start("label")
        at_line_start = start == 0 or text[start - 1] == "\n"
        if kind == "alpha" and not in_series:
            continue
        if not (in_series or (at_line_start and kind == "digit")):
            continue
        bullet = start
        while bullet > 0 and text[bullet - 1] == " ":
            bullet -= 1
        if bullet > 0 and text[bullet - 1] in _BULLETS:
            start = bullet - 1  # "• 9. The first item": the item starts at its bullet
        cuts.append(start)
        dot = match.start("style")
        if style.startswith("."):
            dots.add(dot)
    return cuts, dots


def _decide(text: str, match: re.Match[str], marker_dots: set[int]) -> int | None:
    """Where the sentence ends for this candidate, or None if it does not end here."""
    end = match.end()
    after = _NEXT_WORD.match(text, end)
    next_word = after["word"] if after else ""
    next_char = next_word[:1] or (after["after"] if after else "")
    if _ONLY_SPACE_LEFT.match(text, end):
        return end

    if match["ell"]:
        return _decide_spaced_ellipsis(text, match, next_word)

    punct = match["term"]
    start = match.start()
    if start in marker_dots:
        return None
    if next_char.islower():
        return None
    if "!" in punct or "?" in punct or "‽" in punct:
        return end
    if punct.startswith("…") or punct.startswith("..."):
        dots = punct.count(".") + 3 * punct.count("…")
        after_dots = match.end("term")
        if start > 0 and text[start - 1] in "[(" and text[after_dots : after_dots + 1] in ")]":
            return None  # "[...]": an omission inside a quotation
        attached = start > 0 and not text[start - 1].isspace()
        if dots >= 4 or attached:
            return end if next_char.isupper() or not next_char.isalnum() else None
        return None
    word_start = _word_start(text, start)
    word = text[word_start:start].lstrip(_OPENERS)
    if _is_abbreviation(text, word, word_start):
        return (
            end if _opens_sentence_after_abbreviation(text, word, next_word, after, start) else None
        )
    return end


def _decide_spaced_ellipsis(text: str, match: re.Match[str], next_word: str) -> int | None:
    """ ". . ." is an omission mid-sentence; ". . . ." ends one (after the word's own period)."""
    start = match.start()
    dots = match["ell"].count(".")
    attached = start > 0 and not text[start - 1].isspace()
    if not next_word[:1].isupper():
        return None
    if dots >= 4:
        return start + 1 if attached else match.end()
    return None


def _word_start(text: str, end: int) -> int:
    """Start of the run of non-space characters that ends at `end`."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return start


def _is_abbreviation(text: str, word: str, word_start: int) -> bool:
    lowered = word.lower()
    if lowered in ABBREVIATIONS:
        return True
    if _MULTI_PERIOD.fullmatch(word):
        return True
    if len(word) == 1 and word.isalpha():
        if word == "I":
            # "you and I." is the pronoun; "Albert I. Jones" is an initial.
            before = word_start - 1
            while before > 0 and text[before - 1].isspace():
                before -= 1
            return text[_word_start(text, before) : before][:1].isupper()
        return True
    return False


def _opens_sentence_after_abbreviation(
    text: str, word: str, next_word: str, after: re.Match[str] | None, dot: int
) -> bool:
    """After an abbreviation, does the next word start a new sentence?"""
    if not next_word[:1].isupper() or word.lower() in PERSONAL_TITLES:
        return False
    if word.lower() in _TIME_ABBREVIATIONS:
        # "He left at 6 P.M. Mr. Smith then ..." ends; "At 5 a.m. Mr. Smith went" does not
        # (three words are too few to be a sentence of their own).
        window = max(0, dot - 200)
        sentence_start = max(
            text.rfind(".", window, dot - len(word)), text.rfind("\n", window, dot), window - 1
        )
        return len(text[sentence_start + 1 : dot].split()) >= 4
    followed_by_period = after is not None and after["after"] == "."
    return next_word in SENTENCE_STARTERS and not followed_by_period
