"""What a report is made of, and small helpers every renderer shares.

Renderers are pure: they take a `Report` (model objects gathered by the caller)
and return text. Nothing here touches the database or the network.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from factdesk.model import (
    CLAIM_KIND_NAMES,
    Article,
    Claim,
    Evidence,
    RatingLevel,
    RatingScale,
    Verdict,
    now_iso,
)
from factdesk.untrusted import clean_url

UNRATED_LABEL = "Not yet rated"
SET_ASIDE_LABEL = "Set aside"  # a claim nobody will check (status "not checking")
NO_RATING_LABEL = "No rating"
UNRATED_COLOUR = "#9e9e9e"
DEFAULT_COLOUR = "#888888"
ARTICLE_VOICE_LABEL = "The article itself"  # a claim with no speaker
UNATTRIBUTED_LABEL = "An unattributed quote"  # a quotation nobody is credited with

_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


@dataclass
class ReportItem:
    """One claim with everything a report shows about it."""

    claim: Claim
    article: Article
    verdict: Verdict | None = None
    level: RatingLevel | None = None  # the verdict's level on `scale`, if it has one
    scale: RatingScale | None = None
    evidence: list[Evidence] = field(default_factory=list)
    # The name of the speaker entity (one name per person across the database, see
    # Desk.speakers) when the caller knows it; the claim's own form otherwise.
    speaker_name: str | None = None

    @property
    def speaker(self) -> str | None:
        """Who said the claim, as the report names them: the entity's name, so "Cllr Elena
        Rusk" and "Elena Rusk" read as one person; None for the article's own voice."""
        return one_line(self.speaker_name or self.claim.speaker) or None

    @property
    def speaker_label(self) -> str:
        """Who said the claim, never empty: the speaker, else who the text gives it to."""
        if self.speaker:
            return self.speaker
        if self.claim.attribution == "unattributed":
            return UNATTRIBUTED_LABEL
        return ARTICLE_VOICE_LABEL

    @property
    def current_level(self) -> RatingLevel | None:
        """The verdict's level: the one given, else looked up on the scale by label."""
        if self.level is not None:
            return self.level
        if self.verdict and self.verdict.rating and self.scale:
            return self.scale.level(self.verdict.rating)
        return None

    @property
    def verdict_label(self) -> str:
        """What the report calls this claim's verdict (never empty)."""
        if self.verdict is None:
            # A claim set aside is not waiting for a verdict: it is not "not yet rated".
            return SET_ASIDE_LABEL if self.claim.status == "not checking" else UNRATED_LABEL
        level = self.current_level
        if level is not None:
            return level.label
        return self.verdict.rating or NO_RATING_LABEL

    @property
    def verdict_colour(self) -> str:
        """The verdict's colour as a safe `#rrggbb` (user scales may hold anything)."""
        if self.verdict is None:
            return UNRATED_COLOUR
        level = self.current_level
        return safe_colour(level.colour if level else None)


@dataclass
class Report:
    """The claims to report on, in the order to show them, and who publishes the report."""

    title: str
    items: list[ReportItem]
    organisation: str | None = None
    organisation_url: str | None = None
    generated_at: str = field(default_factory=now_iso)
    reviewer: str | None = None  # who checked the claims (the `reviewer` setting)
    methodology: str | None = None  # one line on how claims are chosen and rated
    show_claim_types: bool = True  # name each claim's type in words (see `claim_type_words`)


# Claim types as a reader sees them: the one name each kind has everywhere
# (factdesk.model.CLAIM_KIND_NAMES). "other" and "not a claim" say nothing to a reader,
# and a type missing there (a newer one) is an internal label: neither is shown.
CLAIM_TYPE_WORDS = {
    kind: name for kind, name in CLAIM_KIND_NAMES.items() if kind not in ("other", "not a claim")
}


def claim_type_words(kind: str | None) -> str | None:
    """A claim's type in words a reader understands, or None when there are none."""
    return CLAIM_TYPE_WORDS.get((kind or "").strip().casefold())


@dataclass(frozen=True)
class Incomplete:
    """A rated claim not ready to publish, and what it lacks ("summary", "evidence")."""

    item: ReportItem
    missing: tuple[str, ...]


def missing_for_publishing(item: ReportItem) -> tuple[str, ...]:
    """What a rated claim lacks before its verdict can be published: a summary saying
    why, and evidence to show for it. Unrated claims lack nothing (they are not verdicts)."""
    if item.verdict is None:
        return ()
    missing = []
    if not item.verdict.summary.strip():
        missing.append("summary")
    if not item.evidence:
        missing.append("evidence")
    return tuple(missing)


def incomplete_items(items: list[ReportItem]) -> list[Incomplete]:
    """The rated claims among `items` that lack a summary or evidence, in report order."""
    found = []
    for item in items:
        missing = missing_for_publishing(item)
        if missing:
            found.append(Incomplete(item, missing))
    return found


@dataclass
class VerdictCount:
    label: str
    colour: str
    count: int


def safe_url(url: str | None) -> str | None:
    """`url` if it is a link fit to publish (see untrusted.clean_url, the one check of
    links we keep): absolute http(s), credentials removed; None for anything else."""
    return clean_url(url)


def safe_colour(colour: str | None) -> str:
    """A CSS/SVG-safe hex colour: `colour` when it is #rgb or #rrggbb, else the default."""
    if colour and _HEX_COLOUR.fullmatch(colour.strip()):
        return colour.strip().lower()
    return DEFAULT_COLOUR


def text_colour_on(background: str) -> str:
    """Black or white, whichever reads better on `background` (a safe hex colour)."""
    hex_digits = background.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(c * 2 for c in hex_digits)
    red, green, blue = (int(hex_digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    # Relative luminance (WCAG); 0.179 is where black and white contrast equally.
    linear = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)
    ]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if luminance > 0.179 else "#ffffff"


def public_source(article: Article) -> str | None:
    """Where the article came from, as a published report may say it: its URL, else the
    file's name (never the folders of the checker's own computer); None for pasted text,
    which has no source a reader could look up."""
    if article.url:
        return article.url
    source = (article.source or "").strip()
    if source in ("", "-"):
        return None
    if "://" in source:
        return source
    return re.split(r"[\\/]", source)[-1] or None


# Outlets whose house scales factdesk ships (or a user may copy): a scale named after one
# is published as "<Outlet>-style" unless the organisation publishing is that outlet.
OUTLETS = ("PolitiFact", "Snopes", "Washington Post", "Full Fact", "AFP", "Africa Check")


def published_scale_name(scale: RatingScale, organisation: str | None) -> str:
    """The scale's name as the page may print it: "PolitiFact-style" for a scale named
    after PolitiFact, unless PolitiFact itself publishes."""
    for outlet in OUTLETS:
        if outlet.casefold() in scale.name.casefold():
            if organisation and outlet.casefold() in organisation.casefold():
                return scale.name
            return f"{outlet}-style"
    return scale.name


def author_name(author: str | None) -> str:
    """An article's author as a byline names them: pages often give "By TOM KRISHER",
    which after the report's own "by" read "by By TOM KRISHER"."""
    name = one_line(author)
    return re.sub(r"^by\s+", "", name, flags=re.IGNORECASE).strip() if name else ""


def share_words(count: int, total: int) -> str:
    """`count` of `total` as a percentage, never "0%" for a count above nothing."""
    if not total:
        return ""
    percent = 100 * count / total
    return "<1%" if 0 < percent < 0.5 else f"{percent:.0f}%"


def article_heading(article: Article) -> str:
    """What a report calls an article: its title, else where it came from."""
    return one_line(article.title) or public_source(article) or "Untitled article"


def date_part(iso: str | None) -> str | None:
    """The YYYY-MM-DD part of an ISO 8601 timestamp (or the text as it is if it has none)."""
    if not iso:
        return None
    return iso[:10] if re.match(r"\d{4}-\d\d-\d\d", iso) else iso


def group_by_article(items: list[ReportItem]) -> list[tuple[Article, list[ReportItem]]]:
    """Items grouped by article id, articles in order of first appearance."""
    groups: dict[str, tuple[Article, list[ReportItem]]] = {}
    for item in items:
        groups.setdefault(item.article.id, (item.article, []))[1].append(item)
    return list(groups.values())


def verdict_counts(items: list[ReportItem]) -> list[VerdictCount]:
    """How many claims got each verdict: in scale order, then unknown labels, unrated last."""
    counts: dict[str, VerdictCount] = {}
    rank: dict[str, tuple[int, int]] = {}
    for order, item in enumerate(items):
        label = item.verdict_label
        key = label.casefold()
        if key not in counts:
            counts[key] = VerdictCount(label, item.verdict_colour, 0)
            position = _level_position(item)
            if item.verdict is None:  # not yet rated, then set aside, last
                rank[key] = (3 if label == SET_ASIDE_LABEL else 2, order)
            elif position is None:
                rank[key] = (1, order)
            else:
                rank[key] = (0, position)
        counts[key].count += 1
    return [counts[key] for key in sorted(counts, key=rank.__getitem__)]


@dataclass
class SpeakerCount:
    """One speaker (a person, the article's own voice, or unattributed quotes) and what
    the report holds of theirs."""

    label: str  # as the claims name them (ReportItem.speaker_label)
    handle: str | None  # the handle their claims give most often
    count: int
    verdicts: list[VerdictCount]

    @property
    def verdicts_in_words(self) -> str:
        """The verdicts as a line of words, in verdict_counts' order: "1 Half True, 2 False,
        1 Not yet rated"."""
        return ", ".join(f"{row.count} {row.label}" for row in self.verdicts)


def speaker_counts(items: list[ReportItem]) -> list[SpeakerCount]:
    """Who said the claims of `items`, one row per speaker entity (by speaker key), most
    claims first, then in order of first appearance."""
    groups: dict[str, list[ReportItem]] = {}
    for item in items:
        claim = item.claim
        if item.speaker:
            key = "speaker:" + (claim.speaker_key or item.speaker.casefold())
        else:  # the article's voice and unattributed quotes are one row each
            key = "label:" + item.speaker_label
        groups.setdefault(key, []).append(item)
    rows = []
    for group in groups.values():
        handles = Counter(one_line(i.claim.speaker_handle) for i in group if i.speaker)
        handles.pop("", None)
        handle = handles.most_common(1)[0][0] if handles else None
        rows.append(SpeakerCount(group[0].speaker_label, handle, len(group), verdict_counts(group)))
    return sorted(rows, key=lambda row: -row.count)  # stable: first appearance breaks ties


def _level_position(item: ReportItem) -> int | None:
    level = item.current_level
    if level is None or item.scale is None:
        return None
    for position, candidate in enumerate(item.scale.levels):
        if candidate.label.casefold() == level.label.casefold():
            return position
    return None


def one_line(text: str | None) -> str:
    """`text` with every run of whitespace (newlines included) made one space."""
    return " ".join(text.split()) if text else ""


def json_for_html(document: Any) -> str:
    """Indented JSON with <, > and & written as \\u escapes: the same data, but safe to
    paste into a <script type="application/ld+json"> element (no "</script>" breakout)."""
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"
