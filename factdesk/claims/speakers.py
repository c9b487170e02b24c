"""One speaker per person within an article: "Cllr Martin Oduya", "Oduya", "Martin Oduya"
and "@MartinOduya" are one speaker, with one name, its aliases and its handle.

Attribution (factdesk.claims.attribution) already resolves titles and bare surnames to
the full name used in the article; this joins what it cannot: a handle to the name it
spells, a post's author to the person the article quotes, display names with emoji and
hashtags. Pure functions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from factdesk.claims.subjects import split_title


@dataclass(frozen=True)
class Speaker:
    """A person or organisation who speaks in an article."""

    name: str  # as shown: the fullest name the article uses, else the handle
    key: str  # for matching the same speaker in other articles (see speaker_key)
    handle: str | None  # "@MartinOduya", when the article shows one
    aliases: tuple[str, ...]  # every other form the article uses, sorted


@dataclass(frozen=True)
class Mention:
    """A speaker as one claim gives it: the resolved name, as written, and a handle."""

    name: str  # resolved by attribution ("Martin Oduya"), a post's author, or a handle
    written: str | None = None  # as written in the text ("Cllr Martin Oduya", "Oduya")
    handle: str | None = None


_NOT_NAME = re.compile(r"[^\w\s'’-]")


def _plain(text: str) -> str:
    """Casefolded, accents off, only letters, digits, spaces, hyphens and apostrophes."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_NAME.sub(" ", stripped).casefold().split())


def speaker_key(name: str) -> str:
    """The key that is the same for one speaker everywhere: titles off, casefolded, accents
    off ("Cllr Martin Oduya" and "martin oduya" -> "martin oduya"); a handle keeps its
    "@" ("@MartinOduya" -> "@martinoduya")."""
    name = name.strip()
    if name.startswith("@"):
        return "@" + name[1:].casefold()
    bare = _plain(split_title(name)[1])
    return bare if len(bare) > 2 else _plain(name)  # "Mr V": the title is half the name


def _compact(text: str) -> str:
    return "".join(c for c in _plain(text) if c.isalnum())


def _handle_names(handle: str, names: Iterable[str]) -> str | None:
    """The one person name `handle` spells ("@MartinOduya" -> "Martin Oduya"; "@oduya" ->
    the one Oduya), else None."""
    spelled = _compact(handle)
    if len(spelled) < 4:
        return None
    exact = [n for n in names if _compact(n) == spelled]
    if len(exact) == 1:
        return exact[0]
    by_surname = [
        n for n in names if " " in n and len(_compact(n.split()[-1])) >= 4
        and _compact(n.split()[-1]) in spelled
    ]  # fmt: skip
    return by_surname[0] if len(by_surname) == 1 else None


_ACRONYM = re.compile(r"[A-Z]{2,5}")


def _acronym_names(acronym: str, names: Iterable[str]) -> str | None:
    """The one name an organisation's acronym stands for in the article: "GM" for
    "General Motors" (its initials), "VW" for "Volkswagen" (its letters in order, from the
    first), else None. Only when exactly one name fits: two would be a guess."""
    if not _ACRONYM.fullmatch(acronym):
        return None
    letters = acronym.casefold()

    def fits(name: str) -> bool:
        words = _plain(name).split()
        if not words or name == acronym or _ACRONYM.fullmatch(name):
            return False
        if len(words) > 1:
            return "".join(w[0] for w in words) == letters
        word = words[0]
        if word[0] != letters[0] or len(word) <= len(letters):
            return False
        rest = iter(word[1:])
        return all(letter in rest for letter in letters[1:])  # in order

    fitting = [name for name in names if fits(name)]
    return fitting[0] if len(fitting) == 1 else None


def group_speakers(mentions: Iterable[Mention]) -> dict[str, Speaker]:
    """Each mentioned name (Mention.name) -> its speaker, one speaker per person."""
    mentions = list(mentions)
    people = [m.name for m in mentions if not m.name.startswith("@")]
    # Each name first stands for itself; handles and same-key names then join a name.
    canonical: dict[str, str] = {}
    by_key: dict[str, str] = {}
    for name in sorted(set(people), key=lambda n: (-len(n), n)):
        key = speaker_key(name)
        canonical[name] = by_key.setdefault(key, name)
    full_names = sorted(set(canonical.values()))
    for name in full_names:
        expanded = _acronym_names(name, full_names)
        if expanded is not None:
            for alias, owner in canonical.items():
                if owner == name:
                    canonical[alias] = expanded
    full_names = sorted(set(canonical.values()))
    for mention in mentions:
        for handle in filter(
            None, (mention.handle, mention.name if mention.name.startswith("@") else None)
        ):
            named = canonical.get(mention.name) if not mention.name.startswith("@") else None
            handle_owner = named or _handle_names(handle, full_names)
            if handle_owner is not None:
                canonical.setdefault(handle, handle_owner)
            else:
                canonical.setdefault(handle, handle)
    aliases: dict[str, set[str]] = {}
    handles: dict[str, str] = {}
    for mention in mentions:
        owner = canonical.get(mention.name, mention.name)
        group = aliases.setdefault(owner, set())
        # Names and handles only: "she" or "the minister" is no alias of a person.
        group.update(
            x for x in (mention.name, mention.written) if x and (x[0].isupper() or x[0] == "@")
        )
        if mention.handle:
            group.add(mention.handle)
            handles.setdefault(owner, mention.handle)
        elif mention.name.startswith("@"):
            handles.setdefault(owner, mention.name)
    speakers = {
        owner: Speaker(
            name=owner,
            key=speaker_key(owner),
            handle=handles.get(owner),
            aliases=tuple(sorted(forms - {owner})),
        )
        for owner, forms in aliases.items()
    }
    return {
        mention.name: speakers[canonical.get(mention.name, mention.name)] for mention in mentions
    }
