"""Colours for claims: the verdict's colour from the scale, or a pale colour per status."""

from __future__ import annotations

from factdesk.model import Claim

STATUS_COLOURS = {
    "new": "#f2c94c",
    "researching": "#4c9be8",
    "rated": "#5bb5c4",
    "in review": "#9b7be0",
    "published": "#3fa66a",
    "not checking": "#a0a7b0",
}
UNKNOWN_VERDICT = "#6b7280"


def claim_colour(claim: Claim, verdict_colour: str | None) -> str:
    """The strong colour of a claim: its verdict's, else its status's."""
    if claim.verdict:
        return verdict_colour or UNKNOWN_VERDICT
    return STATUS_COLOURS.get(claim.status, STATUS_COLOURS["new"])


def tint(colour: str, strength: float = 0.28) -> str:
    """`colour` mixed into white: a highlight that keeps black text readable."""
    colour = colour.lstrip("#")
    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    mix = [round(255 - (255 - c) * strength) for c in (r, g, b)]
    return "#{:02x}{:02x}{:02x}".format(*mix)


def readable_text(colour: str) -> str:
    """Black or white, whichever reads better on `colour`."""
    colour = colour.lstrip("#")
    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return "#000000" if (0.299 * r + 0.587 * g + 0.114 * b) > 150 else "#ffffff"
