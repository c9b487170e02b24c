"""Rating scales as data: the built-in ones under resources/scales/ and users' own files.

A scale file is JSON:

    {"id": "my-scale", "name": "My scale", "description": "...",
     "levels": [{"label": "True", "definition": "...", "value": 5, "colour": "#1a7f37"}, ...]}

`value` is the ClaimReview ratingValue (null for labels that are not a point on the
scale, such as "Outdated"); `levels` may be empty for a scale that records only a
written conclusion. Levels are listed from most to least accurate.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from factdesk.errors import BadInput
from factdesk.model import RatingLevel, RatingScale
from factdesk.paths import resource

BUILTIN_SCALE_FILES = (
    "politifact.json",
    "five-point.json",
    "snopes.json",
    "pinocchios.json",
    "conclusion.json",
)

_SCALE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_SCALE_KEYS = {"id", "name", "description", "levels"}
_LEVEL_KEYS = {"label", "definition", "value", "colour"}
_MAX_LEVELS = 50
_MAX_TEXT = 1000


def builtin_scales() -> list[RatingScale]:
    """The scales shipped with factdesk, in a stable order (PolitiFact first)."""
    scales = []
    for name in BUILTIN_SCALE_FILES:
        text = resource(f"scales/{name}").read_text(encoding="utf-8")
        scales.append(scale_from_json(text, source=name, builtin=True))
    return scales


def scale_from_json(text: str, *, source: str, builtin: bool = False) -> RatingScale:
    """Parse and validate a scale file's text; `source` names the file in error messages.

    Raises BadInput with one line naming the source and the problem.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(
            f"{source}: not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from None
    if not isinstance(data, dict):
        raise BadInput(f"{source}: a scale must be a JSON object with id, name and levels")
    _reject_unknown_keys(data, _SCALE_KEYS, source, "scale")

    scale_id = data.get("id")
    if not isinstance(scale_id, str) or not _SCALE_ID.match(scale_id):
        raise BadInput(
            f"{source}: id must be a short slug of lower-case letters, digits and dashes"
            f" (got {_show(scale_id)})"
        )
    name = _text(data, "name", source, "scale", required=True)
    description = _text(data, "description", source, "scale", required=False)

    levels_data = data.get("levels")
    if not isinstance(levels_data, list):
        raise BadInput(f"{source}: levels must be a list (it may be empty)")
    if len(levels_data) > _MAX_LEVELS:
        raise BadInput(f"{source}: too many levels ({len(levels_data)}; at most {_MAX_LEVELS})")

    levels: list[RatingLevel] = []
    seen: set[str] = set()
    for position, item in enumerate(levels_data, start=1):
        where = f"level {position}"
        if not isinstance(item, dict):
            raise BadInput(f"{source}: {where} must be an object with label, definition, value")
        _reject_unknown_keys(item, _LEVEL_KEYS, source, where)
        label = _text(item, "label", source, where, required=True)
        if label.casefold() in seen:
            raise BadInput(f"{source}: {where}: label {label!r} appears twice")
        if label.isdigit():
            # RatingScale.level() reads a bare number as a position.
            raise BadInput(f"{source}: {where}: label {label!r} must not be a bare number")
        seen.add(label.casefold())
        levels.append(
            RatingLevel(
                label=label,
                definition=_text(item, "definition", source, where, required=False),
                value=_value(item.get("value"), source, where),
                colour=_colour(item.get("colour", "#888888"), source, where),
            )
        )
    return RatingScale(
        id=scale_id,
        name=name,
        levels=levels,
        description=description,
        builtin=builtin,
    )


def scale_to_json(scale: RatingScale) -> str:
    """The scale as the JSON text `scale_from_json` reads (round-trips; `builtin` is not kept)."""
    data = {
        "id": scale.id,
        "name": scale.name,
        "description": scale.description,
        "levels": [
            {
                "label": level.label,
                "definition": level.definition,
                "value": level.value,
                "colour": level.colour,
            }
            for level in scale.levels
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _reject_unknown_keys(data: dict, allowed: set[str], source: str, where: str) -> None:
    unknown = sorted(str(key) for key in data if key not in allowed)
    if unknown:
        raise BadInput(
            f"{source}: {where} has unknown field {unknown[0]!r}"
            f" (expected {', '.join(sorted(allowed))})"
        )


def _text(data: dict, key: str, source: str, where: str, *, required: bool) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise BadInput(f"{source}: {where}: {key} must be a non-empty string (got {_show(value)})")
    if len(value) > _MAX_TEXT:
        raise BadInput(f"{source}: {where}: {key} is too long (at most {_MAX_TEXT} characters)")
    if "\n" in value or "\r" in value:
        raise BadInput(f"{source}: {where}: {key} must be on one line")
    return value.strip()


def _value(value: Any, source: str, where: str) -> float | None:
    if value is None:
        return None
    # bool is an int subclass; true/false in a file is a mistake, not 1/0.
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise BadInput(f"{source}: {where}: value must be a number or null (got {_show(value)})")
    return float(value)


def _colour(value: Any, source: str, where: str) -> str:
    if not isinstance(value, str) or not _COLOUR.match(value):
        raise BadInput(
            f"{source}: {where}: colour must be a hex colour like #1a7f37 (got {_show(value)})"
        )
    return value.lower()


def _show(value: Any) -> str:
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 40 else shown[:37] + "..."
