"""Claim units: the words of a claim, cleaned of what is not part of it.

A sentence from an article or a post carries things a fact-checker does not check:
the "— Name (@handle) November 26, 2019" line of an embedded post, t.co and
pic.twitter.com links, runs of hashtags and @mentions tacked on before or after the
words, bullets and list numbers, decorative emoji. `clean_claim_text` removes them;
a hashtag used as a word of the sentence ("a #Labour party member") stays, as the word.
"""

from __future__ import annotations

import re

from factdesk.claims.sentences import _EMOJI


def _words(listing: str) -> frozenset[str]:
    return frozenset(listing.split())


# "— Mr V🌹 #GTTO (@LordMVee) November 26, 2019": the credit line of an embedded tweet.
ATTRIBUTION_LINE = re.compile(
    r"(?:^|\s)[—–-]{1,2}\s*[^\n—–]{0,80}?\(@\w{1,30}\)\s*"
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4})?\s*$"
)
_SHORT_LINK = re.compile(
    r"(?:https?://)?(?:t\.co|pic\.twitter\.com|pic\.x\.com|bit\.ly|ow\.ly|buff\.ly|dlvr\.it)"
    r"/\S*"
)
_TRAILING_LINK = re.compile(r"(?:^|\s)(?:https?://|www\.)\S+\s*$")
_TAG = r"[#@][^\W_]\w*"
# Runs of hashtags/mentions (and links) at the start of a claim, and at its end.
_LEADING_TAGS = re.compile(rf"^(?:{_TAG}[\s,]*)+")
_TRAILING_TAGS = re.compile(rf"(?:(?<=\s)|(?<=\w)(?=#))(?:{_TAG}\s*)+(?P<punct>[.!?…]*)\s*$")
_HASHTAG_WORD = re.compile(r"(?<![\w&])#([^\W_]\w*)")
_EDGE_EMOJI = re.compile(rf"^[\s{_EMOJI}]+|[\s{_EMOJI}]+$")
_LIST_LEAD = re.compile(r"^(?:[-–—•⁃▪◦‣●■►*]+\s*)?(?:(?:\d{1,2}|[a-z])(?:\.\)|\)|\.)\s+)?")
_SPACES = re.compile(r"\s+")

# A trailing tag that is the object of the sentence's last word ("voting for @UKLabour",
# "see #Jews4Labour") is a word of the sentence, not a tag run.
_TAKES_OBJECT = _words(
    """
    to for of from with about at on in by against into onto via vote voting voted back
    backing backed support supporting supported join joined joining see love follow thank
    thanks the a an our my your their his her its this that these those
    """
)

_LETTER = re.compile(r"[^\W\d_]")
_NOT_PLAIN = ("@", "#", "http", "www.")


_EMOJI_CHAR = re.compile(rf"[{_EMOJI}]")
_LIST_LEAD_CHARS = frozenset("-–—•⁃▪◦‣●■►*0123456789")


def clean_claim_text(text: str) -> str:
    """The words of a claim: `text` without credit lines, short links, tag runs, bullets,
    edge emoji and the final full stop; inner hashtags become plain words."""
    # Each step runs only when its tell-tale character is there: most sentences are plain
    # words, and this runs for every sentence of every article.
    if "(@" in text:
        text = ATTRIBUTION_LINE.sub("", text)
    if "/" in text:
        text = _SHORT_LINK.sub(" ", text)
    text = " ".join(text.split())
    if "http" in text or "www." in text:
        text = _strip_trailing_link(text)
    has_emoji = _EMOJI_CHAR.search(text) is not None
    if has_emoji:
        text = _EDGE_EMOJI.sub("", text)
    if "#" in text or "@" in text:
        text = _LEADING_TAGS.sub(lambda m: _keep_leading_word(m, text), text, count=1)
        text = _strip_trailing_tags(text)
    if text[:1] in _LIST_LEAD_CHARS or text[1:2] in (".", ")"):
        text = _LIST_LEAD.sub("", text)
    if "#" in text:
        text = _HASHTAG_WORD.sub(r"\1", text)
    if has_emoji:
        text = _EDGE_EMOJI.sub("", text)
    text = text.strip()
    if not text.endswith(("...", "…")):
        text = text.rstrip(".!")  # the claim, not the sentence: no final full stop
    return text.strip(" ,;:—–-")


def _strip_trailing_link(text: str) -> str:
    """A link shared after the words ("... is what it is https://x.test/a") is not part of
    the claim; one the sentence points at ("The site is: https://...", "see https://...")
    is."""
    while True:
        match = _TRAILING_LINK.search(text)
        if not match:
            return text
        before = text[: match.start()].rstrip()
        previous_word = before.split()[-1].lower() if before.split() else ""
        if before.endswith(":") or previous_word in _TAKES_OBJECT:
            return text
        text = before


def _keep_leading_word(match: re.Match[str], text: str) -> str:
    """A leading tag run is dropped, unless its last tag is the sentence's subject
    ("#Corbyn is right" keeps "Corbyn")."""
    rest = text[match.end() :]
    if rest[:1].islower():
        last = match.group(0).split()[-1].rstrip(",")
        return last + " "
    return ""


def _strip_trailing_tags(text: str) -> str:
    match = _TRAILING_TAGS.search(text)
    if not match:
        return text
    before = text[: match.start()].rstrip()
    tags = match.group(0)[: len(match.group(0)) - len(match["punct"] or "")].split()
    words = before.lower().split()
    previous_word = words[-1] if words else ""
    # "Fantastic to see #Jews4Labour", "anyone from the trending #Jews4Labour": the tag
    # is the object of the sentence (a word after a preposition, article or verb).
    takes_object = previous_word in _TAKES_OBJECT or (
        len(words) >= 2
        and words[-2] in _TAKES_OBJECT
        and previous_word.isalpha()
        and before.split()[-1].islower()
    )
    # A single tag before the sentence's own full stop ("I have met #JeremyCorbyn.") is a
    # word of it; tags after the words with no stop, or several in a row, are a tag run.
    if len(tags) == 1 and (takes_object or match["punct"]):
        return text
    if not before:
        return ""
    punct = match["punct"] or ""
    if before[-1:] in ".!?…":
        return before
    return before + punct


_QUOTE_PAIRS = {"“": "”", "‘": "’", '"': '"', "'": "'", "«": "»"}


def unwrap_quotes(text: str) -> str:
    """Reported words without the quotation marks around them, keeping inner quotes:
    '“We have cut leakage in half,”' -> 'We have cut leakage in half,'; but
    'Corbyn was “not fit for high office”' stays as it is."""
    text = text.strip()
    if len(text) < 2:
        return text
    opening, closing = text[0], text[-1]
    if opening in _QUOTE_PAIRS:
        pair = _QUOTE_PAIRS[opening]
        first_close = text.find(pair, 1)
        if first_close == len(text) - 1:
            return text[1:-1].strip()  # one quotation, the whole text
        if first_close < 0:
            return text[1:].strip()  # the quotation goes on in the next sentence
    if closing in '”»"' and not any(o in text[:-1] for o in '“«"'):
        return text[:-1].strip()  # the end of a quotation begun in an earlier sentence
    return text


def is_claim_text(text: str) -> bool:
    """False for what is left of a non-claim: nothing, a lone word, bare links or tags."""
    plain = 0  # words with a letter that are not tags or links; two are enough
    for word in text.split():
        if not word.startswith(_NOT_PLAIN) and _LETTER.search(word):
            plain += 1
            if plain == 2:
                return True
    return False


_QUESTION_OPENING = re.compile(
    r"^(?:are|is|was|were|do|does|did|has|have|had|can|could|will|would|should|shall|may)"
    r"\s+(?:you|we|they|he|she|it|i|there|this|that|these|those|the|our|your|their|any)\b",
    re.IGNORECASE,
)


def is_question(text: str) -> bool:
    """A question, by its mark or, in a tweet without one, by its opening words."""
    stripped = text.rstrip(" ”\"’')")
    if stripped.endswith("?"):
        return True
    return bool(_QUESTION_OPENING.match(text)) and not stripped.endswith((".", "!"))


# "X said that A, and that B": the coordinated clauses each become a claim.
_AND_THAT = re.compile(
    r",?\s+(?:and|but|while)\s+that\s+|;\s+that\s+|,\s+that\s+(?=.*\band that\b)"
)


def split_coordinated(content: str) -> list[tuple[int, int]]:
    """Spans of the coordinated "that"-clauses in reported content (one span if none)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _AND_THAT.finditer(content):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(content)))
    return [(s, e) for s, e in spans if content[s:e].strip()]
