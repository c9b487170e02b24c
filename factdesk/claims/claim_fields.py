"""The fields a claim carries beside its text: who said it (a post's author, cleaned), when
(a page's or post's date, placeholders dropped) and the paragraph around it."""

from __future__ import annotations

import re

from factdesk.claims.sentences import _EMOJI

# The context shown with a claim: its paragraph, shortened around it beyond this.
CONTEXT_CHARS = 400

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def clean_author(author: str | None) -> str | None:
    """ "Lisa Scher 🌹" -> "Lisa Scher"; "Mr V🌹 #GTTO" -> "Mr V"."""
    if not author:
        return author
    cleaned = re.sub(rf"[{_EMOJI}]", " ", author)
    cleaned = re.sub(r"(?:\s+#\w+)+\s*$", "", cleaned)
    return " ".join(cleaned.split()) or author.strip()


# Dates a page's metadata holds when it has none: year 1 (.NET's DateTime.MinValue) and
# the Unix epoch. A claim shows no date rather than one of these.
_PLACEHOLDER_DATES = ("0001-01-01", "1970-01-01")


def claim_date(value: str | None) -> str | None:
    """The ISO date (YYYY-MM-DD) at the start of an ISO date or date-time (None for a
    placeholder date)."""
    if not value:
        return None
    match = _ISO_DATE.match(value.strip())
    date = match.group(0) if match else value.strip()
    return None if date in _PLACEHOLDER_DATES or date.startswith("0001-") else date


def paragraph_context(text: str, start: int, end: int) -> str:
    """The paragraph around a sentence, shortened around it when long."""
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end < 0 else para_end
    if para_end - para_start <= CONTEXT_CHARS:
        return " ".join(text[para_start:para_end].split())
    spare = max(0, (CONTEXT_CHARS - (end - start)) // 2)
    window_start = max(para_start, start - spare)
    window_end = min(para_end, end + spare)
    window = " ".join(text[window_start:window_end].split())
    prefix = "… " if window_start > para_start else ""
    suffix = " …" if window_end < para_end else ""
    return prefix + window + suffix


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + " …"
