"""What the two sentence models (check-worthiness, claim kind) share: the reader of their
shipped weight files and the plain text both featurise.

One loader for both, so checkworthy.py and kinds.py need not import each other."""

from __future__ import annotations

import io
import re
from importlib.resources.abc import Traversable
from pathlib import Path

import numpy as np

from factdesk.errors import FactdeskError

# Only a sentence's first characters count: longer "sentences" are unsplit text, and
# this bounds the memory a batch needs.
MAX_CHARS = 2000

# Web artefacts the debate transcripts never have: links go, a handle reads as a name,
# a hashtag as its letters (so the 4 of #Jews4Labour is no number).
_WEB_LINK = re.compile(r"\b(?:https?://|www\.|pic\.twitter\.com/)\S*", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@])@\w+")
_HASHTAG = re.compile(r"(?<![&#])#([A-Za-z]\w*)")
_DIGIT = re.compile(r"\d")


class WeightsError(FactdeskError):
    """The shipped weights of a model are missing or unreadable."""


def plain_text(text: str) -> str:
    """The text without links, with handles as "Name" and hashtags as plain words."""
    if "/" in text or "@" in text or "#" in text or "www." in text:
        text = _WEB_LINK.sub(" ", text)
        text = _HANDLE.sub("Name", text)
        text = _HASHTAG.sub(lambda match: _DIGIT.sub("", match.group(1)), text)
    return text


def read_arrays(
    source: Traversable | Path, names: tuple[str, ...], *, what: str, trainer: str
) -> dict[str, np.ndarray]:
    """The named arrays of a weights file (a Traversable or Path); WeightsError in one
    line when it is missing ("run `trainer`") or is not such a file."""
    name = getattr(source, "name", str(source))
    try:
        raw = source.read_bytes()
    except OSError as error:
        raise WeightsError(f"{name}: {what} weights not found (run {trainer}): {error}") from error
    try:
        with np.load(io.BytesIO(raw), allow_pickle=False) as npz:
            return {key: npz[key] for key in names}
    except Exception as error:  # zip, npy or key errors: all mean a bad file
        raise WeightsError(f"{name}: {what} weights are corrupt: {error}") from error
