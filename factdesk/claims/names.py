"""The people and organisations an article names, to resolve later, shorter mentions."""

from __future__ import annotations

import bisect
import re

from factdesk.claims.speech_words import (
    _FEMALE_TITLES,
    _MALE_TITLES,
    _NOT_FIRST_NAMES,
    ORGANISATION_WORDS,
    TITLES,
)
from factdesk.claims.subjects import (
    _MEDIA_WORDS,
    _NAME_SUFFIXES,
    _ORGANISATION_KINDS,
    _ORGANISATION_NOUNS,
    _PERSON_APPOSITIVE,
    ROLE_NOUNS,
    _after_role_preposition,
    _bare,
    _name_runs,
    _person_tokens,
    split_title,
)


class NameIndex:
    """The people and organisations named in an article, to resolve later, shorter
    mentions: "Ms Rusk" and "Rusk" -> "Elena Rusk", "she" -> the person just mentioned,
    "the minister" -> the one minister named, "the company" -> the one company quoted.

    Built once per article in one pass over its capitalised runs; every look-up is a dict
    look-up or a bisect, so resolving a speaker does not re-read the article.
    """

    def __init__(self, text: str) -> None:
        self._surnames: dict[str, list[tuple[int, str]]] = {}  # "Mirvis" -> [(at, full)]
        self._roles: dict[str, list[tuple[int, str]]] = {}  # "minister" -> [(at, person)]
        self._gender: dict[str, str] = {}  # person -> "m" / "f", from titles
        self._people: set[str] = set()  # names seen as people's (not places, shops)
        # (offset, person, possessive), in order: "Ford’s death" is rarely the "he" next.
        self._mentions: list[tuple[int, str, bool]] = []
        self._mention_offsets: list[int] = []
        self._organisations: list[tuple[int, str]] = []  # capitalised runs with an org word
        self._organisation_speakers: list[tuple[int, str]] = []
        self._spoken_organisations: list[tuple[int, str]] = []  # quoted as organisations
        self._text = text
        self._last_speaker: tuple[int, str, bool] | None = None  # (at, name, many or a body)
        runs: list[tuple[int, int, str, str, bool, bool]] = []
        for start, run in _name_runs(text):
            end = start + len(run)
            titles, name = split_title(run)
            tokens = name.split()
            if not tokens:
                continue
            if any(t in ORGANISATION_WORDS for t in tokens):
                organisation = name.removeprefix("The ").rstrip(".")
                self._organisations.append((start, organisation))
                continue
            possessive = run.endswith(("’s", "'s", "’", "'"))
            tokens = _person_tokens([_bare(t) for t in tokens])
            if len(tokens) >= 3 and _after_role_preposition(text[max(0, start - 60) : start]):
                tokens = tokens[-2:]  # "ambassador to Britain Liu Xiaming"
            if 2 <= len(tokens) <= 4 and tokens[0] not in _NOT_FIRST_NAMES:
                surname = tokens[-2] if tokens[-1] in _NAME_SUFFIXES else tokens[-1]
                if len(surname) > 1 and not surname.isupper():
                    full_name = " ".join(tokens)
                    self._surnames.setdefault(surname, []).append((start, full_name))
                    runs.append((start, end, titles, full_name, True, possessive))
            elif len(tokens) == 1 and tokens[0] not in _NOT_FIRST_NAMES:
                runs.append((start, end, titles, tokens[0], False, possessive))
        known_by_one_name: dict[str, str] = {}  # "Andrew" -> "Prince Andrew"
        for at, end, titles, name, full, possessive in runs:
            if full:
                person = name
            elif titles:  # "Ms Rusk": a person, maybe named before
                person = self.resolve(f"{titles} {name}", before=at)
                if name not in self._surnames:
                    known_by_one_name[name] = person
            elif name in known_by_one_name:  # "Andrew" after "Prince Andrew": him again
                person = known_by_one_name[name]
            elif name in self._surnames:  # "Rusk" again: a surname, so a person's
                person = self._closest(self._surnames[name], at)
                self._people.add(person)
            else:
                continue
            if titles:
                self._note_titles(at, person, titles)
            elif full:
                appositive = _PERSON_APPOSITIVE.match(text, end)
                if appositive:
                    self._people.add(person)
                    if appositive["role"]:
                        self._add_role(appositive["role"].split()[-1], at, person)
            self._mentions.append((at, person, possessive))
        self._mention_offsets = [at for at, _, _ in self._mentions]

    def _note_titles(self, at: int, person: str, titles: str) -> None:
        self._people.add(person)
        words = [_bare(t).rstrip(".") for t in titles.split()]
        for word in words:
            if word in TITLES:
                self._add_role(word, at, person)
        if any(w in _MALE_TITLES for w in words):
            self._gender.setdefault(person, "m")
        elif any(w in _FEMALE_TITLES for w in words):
            self._gender.setdefault(person, "f")

    def _add_role(self, word: str, at: int, person: str) -> None:
        self._roles.setdefault(word.lower(), []).append((at, person))

    @staticmethod
    def _closest(candidates: list[tuple[int, str]], before: int | None) -> str:
        """The latest candidate before offset `before`, else the first one."""
        if before is None:
            return candidates[-1][1]
        latest = None
        for at, name in candidates:  # in text order; a handful at most
            if at >= before:
                break
            latest = name
        return latest if latest is not None else candidates[0][1]

    def resolve(self, name: str, before: int | None = None) -> str:
        """The full name for `name` ("Ms Rusk", "Chief Rabbi Mirvis", "Mirvis"), preferring
        the latest full name used before offset `before`, else the first one after it.
        A bare title ("the Prime Minister") becomes the one person named with it."""
        titles, bare = split_title(name)
        tokens = [_bare(t) for t in bare.split()]
        if not tokens:
            return name.strip()
        if all(t.rstrip(".") in TITLES for t in tokens):
            holder = self.role_holder(tokens[-1].rstrip("."), before)
            return holder or name.strip()
        surname = tokens[-1]
        candidates = self._surnames.get(surname, [])
        if len(tokens) > 1:
            ending = " ".join(tokens)
            candidates = [c for c in candidates if c[1].endswith(ending)]
        if not candidates:
            if len(tokens) == 1 and titles:
                return f"{titles.split()[-1]} {surname}"  # "Ms Rusk", never just "Rusk"
            return " ".join(tokens)
        return self._closest(candidates, before)

    def resolve_group(self, phrase: str, before: int | None = None) -> str:
        """ "the minister" -> the one minister named before; "the company" -> the one
        company quoted before; otherwise the phrase itself ("critics", "a minister")."""
        words = phrase.split()
        if len(words) < 2 or words[0].lower() != "the":
            return phrase
        head = words[-1].lower()
        if head in ROLE_NOUNS:
            return self.role_holder(head, before) or phrase
        if head in _ORGANISATION_NOUNS:
            return self.organisation_for(head, before) or phrase
        return phrase

    def role_holder(self, role: str, before: int | None) -> str | None:
        """The one person named with `role` ("minister", "Secretary") before `before`;
        None when there is none, or more than one."""
        holders = {
            person
            for at, person in self._roles.get(role.lower(), ())
            if before is None or at < before
        }
        return holders.pop() if len(holders) == 1 else None

    def organisation_for(self, noun: str, before: int | None) -> str | None:
        """The one organisation that "the company" / "the bank" can mean before `before`:
        a quoted organisation (not a news outlet) for a company, or the one named with the
        noun's word ("the bank" -> "Bank of England"); None when it is not clear."""
        noun = noun.lower()
        found: set[str] = set()
        if noun in _ORGANISATION_KINDS:
            words = _ORGANISATION_KINDS[noun]
            for at, name in self._organisations + self._organisation_speakers:
                if (before is None or at < before) and words & set(name.split()):
                    found.add(name)
        elif noun in _ORGANISATION_NOUNS:
            for at, name in self._organisation_speakers:
                if (before is None or at < before) and not _MEDIA_WORDS & set(name.split()):
                    found.add(name)
        return found.pop() if len(found) == 1 else None

    def note_speaker(self, at: int, name: str, organisation: bool = False) -> None:
        """Remember a speaker found at offset `at` (the pipeline reads in order): a person
        who speaks is a person, and the latest one "he"/"she" can refer to."""
        if organisation or (" " not in name and name not in self._surnames):
            # "Volkswagen said": one word never given as a person's full name may be the
            # company that "the company" means later.
            self._organisation_speakers.append((at, name))
        if organisation:
            self._spoken_organisations.append((at, name))
            return
        self._people.add(name)
        index = bisect.bisect_right(self._mention_offsets, at)
        self._mention_offsets.insert(index, at)
        self._mentions.insert(index, (at, name, False))

    def person_before(
        self,
        offset: int,
        pronoun: str | None = None,
        sentence_start: int | None = None,
        look_further: bool = True,
        depth: int = 0,
    ) -> str | None:
        """The person "he"/"she" at `offset` refers to: the first person named in the
        sentence before it (from `sentence_start`: its subject, usually), else the person
        mentioned most recently. Names seen as people's (with a title, as a speaker,
        described, or by surname alone) first, else the latest full name; never a
        possessive ("Ford’s death"), nor a man for "she" or a woman for "he" when a title
        tells. With look_further=False, only the sentence is searched."""
        index = bisect.bisect_left(self._mention_offsets, offset)
        pronoun = (pronoun or "").lower()
        unwanted = {"he": "f", "she": "m"}.get(pronoun)
        if sentence_start is not None:
            first = bisect.bisect_left(self._mention_offsets, sentence_start)
            for at, person, possessive in self._mentions[first:index]:
                wrong_gender = unwanted and self._gender.get(person) == unwanted
                if not possessive and person in self._people and not wrong_gender:
                    # "During the visit, he was photographed with Epstein. He told ...":
                    # the same pronoun before the name carries the person on.
                    chained = self._pronoun_in(pronoun, sentence_start, at)
                    if chained is not None and depth < 3:
                        return self.person_before(chained, pronoun, depth=depth + 1)
                    return person
        if not look_further:
            return None
        fallback = None
        for at, person, possessive in reversed(self._mentions[max(0, index - 40) : index]):
            if possessive or (unwanted and self._gender.get(person) == unwanted):
                continue
            if person in self._people:
                chained = self._pronoun_in(pronoun, self._sentence_start(at), at)
                if chained is not None and depth < 3:
                    return self.person_before(chained, pronoun, depth=depth + 1)
                return person
            if fallback is None and " " in person:
                fallback = person  # a full name with no sign either way
        return fallback

    def note_last_speaker(self, at: int, name: str, body: bool) -> None:
        """Remember who spoke last, and whether an organisation or a group ("officials")."""
        self._last_speaker = (at, name, body)

    def body_before(self, offset: int) -> str | None:
        """Who "they" at `offset` are: the organisation or group that spoke last, when it
        was the last to speak and within IT_WINDOW characters; else None (people)."""
        last = self._last_speaker
        if last is None or not last[2] or not 0 <= offset - last[0] <= IT_WINDOW:
            return None
        return last[1]

    def note_pronoun(self, person: str, pronoun: str) -> None:
        """ "she" was read as `person`: she is a woman (unless a title said otherwise)."""
        gender = {"he": "m", "she": "f"}.get(pronoun.lower())
        if gender:
            self._gender.setdefault(person, gender)

    def _sentence_start(self, offset: int) -> int:
        """About where the sentence around `offset` starts (a stop and a space, or a line)."""
        window = self._text[max(0, offset - 300) : offset]
        cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "), window.rfind("\n"))
        return offset - len(window) + cut + 1 if cut >= 0 else max(0, offset - 300)

    def _pronoun_in(self, pronoun: str, start: int, end: int) -> int | None:
        """Where `pronoun` ("he"/"she") first stands as a word in text[start:end]."""
        if pronoun not in ("he", "she"):
            return None
        match = _PRONOUNS[pronoun].search(self._text, start, end)
        return match.start() if match else None

    def organisation_before(self, offset: int, sentence_start: int | None = None) -> str | None:
        """The organisation "it" at `offset` refers to ("…,” it added."): the latest one
        quoted as an organisation within IT_WINDOW characters before, else the first one
        named in the sentence before (from `sentence_start`: "the Electoral Commission
        issued a statement …. Critically, it pointed out that …"), else None."""
        for at, name in reversed(self._spoken_organisations):
            if at < offset:
                if offset - at <= IT_WINDOW:
                    return name
                break
        if sentence_start is None:
            return None
        for at, name in self._organisations:
            if sentence_start <= at < offset:
                return name
        return None

    def introduced_unnamed(self, noun: str, offset: int) -> bool:
        """Was someone introduced as "a <noun>" before `offset` ("a man ..., the man said"):
        then "the <noun>" is that unnamed person, not the person named last."""
        before = self._text[max(0, offset - 3000) : offset]
        pattern = rf"\b(?:[Aa]n?|[Oo]ne|[Aa]nother)\s+(?:[\w’'-]+\s+){{0,3}}{re.escape(noun)}\b"
        return re.search(pattern, before) is not None

    def most_named_before(self, offset: int) -> str | None:
        """The full name written most often before `offset` (an interview's introduction
        names its interviewee), the first named on a tie; None if none."""
        counts: dict[str, int] = {}
        for at, person, _ in self._mentions:
            if at >= offset:
                break
            if " " in person:
                counts[person] = counts.get(person, 0) + 1
        return max(counts, key=lambda person: counts[person]) if counts else None

    def main_person_before(self, offset: int, pronoun: str = "") -> str | None:
        """The person a description stands for ("the 56-year-old said"): the one the
        article has named most often before `offset` (possessives too: "Mourinho’s
        representatives" is about him), the first named on a tie; never one whose title
        says the other gender."""
        unwanted = {"he": "f", "she": "m"}.get(pronoun)
        index = bisect.bisect_left(self._mention_offsets, offset)
        counts: dict[str, int] = {}
        for _, person, _ in self._mentions[:index]:
            if person in self._people and not (unwanted and self._gender.get(person) == unwanted):
                counts[person] = counts.get(person, 0) + 1
        if not counts:
            return None
        return max(counts, key=lambda person: counts[person])  # dicts keep first-seen order


_PRONOUNS = {word: re.compile(rf"\b{word}\b", re.IGNORECASE) for word in ("he", "she")}
# How far back "it" looks for the organisation it stands for: a paragraph or two.
IT_WINDOW = 800
