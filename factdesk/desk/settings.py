"""Settings and rating scales: checked before they are stored (a bad value is refused
and changes nothing). Never secrets: those live in the OS keyring (factdesk.secrets)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from factdesk.errors import BadInput
from factdesk.model import RatingScale
from factdesk.store import edits
from factdesk.store import queries as q

from .core import Part
from .records import Changes

# Days an entry stays in the trash before it is emptied on its own (setting trash_days).
TRASH_DAYS = 30


class Settings(Part):
    def ensure_builtin_scales(self) -> None:
        from factdesk.scales import builtin_scales

        stored = {s.id: s for s in q.load_scales(self.db)}
        missing = [s for s in builtin_scales() if s.id not in stored]
        if missing:
            with self.db.write():
                for scale in missing:
                    edits.save_scale(self.db, scale)
            self.core.forget_scales()

    def save_scale(self, scale: RatingScale) -> Changes:
        """Add or replace a user's own scale. Built-in scales cannot be changed."""
        existing = {s.id: s for s in self.core.scales()}.get(scale.id)
        if existing and existing.builtin:
            raise BadInput(f"{scale.id}: a built-in scale cannot be changed; use another id")
        scale.builtin = False
        with self.db.write():
            edits.save_scale(self.db, scale)
        self.core.forget_scales()
        return Changes(scales=True)

    def set_setting(self, key: str, value: Any) -> Changes:
        """Change a setting, checked first: a bad value is refused and changes nothing."""
        return self.set_settings({key: value})

    def set_settings(self, values: dict[str, Any]) -> Changes:
        """Change several settings at once: all are checked first, then written in one
        transaction, so one bad value leaves every setting as it was."""
        checked = {key: _checked_setting(key, value) for key, value in values.items()}
        if checked.get("scale"):
            self.core.scale(checked["scale"])  # refuses a scale that does not exist
        with self.db.write():
            edits.save_settings(self.db, checked)
        if "scale" in checked:
            self.core.forget_scales()
        return Changes(settings=True)

    def network_settings(self) -> dict[str, float]:
        """The timeouts to use; a stored value that is not valid (a database edited by
        hand) gives way to the default rather than break every fetch."""
        defaults = {"connect_timeout": 10.0, "read_timeout": 30.0}
        timeouts = {}
        for key, default in defaults.items():
            try:
                timeouts[key] = _checked_setting(key, self.core.setting(key, default))
            except BadInput:
                timeouts[key] = default
        return timeouts


# The settings there are, each with what makes a value acceptable.
SETTINGS = {
    "reviewer": "your name, recorded with your verdicts",
    "organisation": "the organisation named as author of published reports",
    "organisation_url": "its web address (http or https)",
    "methodology": "one line printed under a report's title: how claims are chosen and rated",
    "logo": "the organisation's logo on fact-check pages: a PNG, JPEG or SVG file (kept inline)",
    "corrections_policy": "a few lines on fact-check pages: how readers ask for a correction",
    "report_claim_types": "name each claim's type in reports: words (default) or none",
    "scale": "the rating scale verdicts use (see `factdesk scales`)",
    "connect_timeout": "seconds to wait for a server to answer (1 to 600)",
    "read_timeout": "seconds to wait for a page to arrive (1 to 600)",
    "hub-url": "the team hub: postgresql://USER@HOST/DATABASE (password in the keyring)",
    "trash_days": f"days before the trash empties itself (default {TRASH_DAYS})",
}


def _checked_setting(key: str, value: Any) -> Any:
    if key not in SETTINGS:
        raise BadInput(f"{key}: not a setting (one of: {', '.join(SETTINGS)})")
    if key in ("connect_timeout", "read_timeout"):
        limit = 600
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            seconds = float("nan")
        if not 1 <= seconds <= limit:
            raise BadInput(f"{key}: {value!r} is not a number of seconds from 1 to {limit}")
        return seconds
    if key == "trash_days":
        try:
            days = int(str(value).strip())
        except (TypeError, ValueError):
            days = 0
        if not 1 <= days <= 3650:
            raise BadInput(f"trash_days: {value!r} is not a whole number of days from 1 to 3650")
        return days
    if key == "report_claim_types":
        choice = str(value or "words").strip().casefold()
        if choice not in ("words", "none"):
            raise BadInput(f"report_claim_types: {value!r} is neither 'words' nor 'none'")
        return choice
    text = str(value or "").strip()
    if key == "hub-url" and text:
        from factdesk.hub import parse_hub_url

        parse_hub_url(text)  # refuses a URL holding a password
    if key == "methodology":
        text = " ".join(text.split())  # one line, however it was typed
        if len(text) > 400:
            raise BadInput(f"methodology: {len(text)} characters; keep it to one line of 400")
    if key == "logo" and text:
        return _logo_data_uri(text)
    if key == "corrections_policy":
        text = text.replace("\r\n", "\n")
        if len(text) > 2000:
            raise BadInput(f"corrections_policy: {len(text)} characters; keep it under 2,000")
    if key == "organisation_url" and text and not re.match(r"https?://[^\s/]+", text):
        raise BadInput(f"organisation_url: {text!r} is not an http(s) address")
    return text or None


# A logo is kept in the database as a data: URI, so a page carries it and loads nothing.
_LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".svg": "image/svg+xml"}  # fmt: skip
_LOGO_MAX_BYTES = 512 * 1024


def _logo_data_uri(value: str) -> str:
    """A logo setting: a data: URI as stored, or an image file read into one."""
    import base64

    if value.startswith("data:"):
        if not re.fullmatch(r"data:image/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=]+", value):
            raise BadInput("logo: not a base64 PNG, JPEG or SVG data: URI")
        return value
    path = Path(value).expanduser()
    kind = _LOGO_TYPES.get(path.suffix.casefold())
    if kind is None:
        raise BadInput(f"logo: {value}: give a .png, .jpg or .svg file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BadInput(f"logo: {value}: cannot read ({error.strerror})") from None
    if len(data) > _LOGO_MAX_BYTES:
        raise BadInput(f"logo: {value}: {len(data) // 1024} KB; keep a logo under 512 KB")
    signatures = {"image/png": b"\x89PNG", "image/jpeg": b"\xff\xd8"}
    if kind in signatures and not data.startswith(signatures[kind]):
        raise BadInput(f"logo: {value}: not a {path.suffix} image")
    if kind == "image/svg+xml" and b"<svg" not in data[:2048]:
        raise BadInput(f"logo: {value}: not an SVG image")
    return f"data:{kind};base64," + base64.b64encode(data).decode("ascii")
