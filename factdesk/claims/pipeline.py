"""From an Article to its claims: sentences, claim units, speakers, dates and scores.

The article text is cut into regions: the headline (when the text opens with the title:
a claim of the article's only when it states something checkable), embedded posts
(spoken by the post's author, on the post's date; their credit line is skipped; run-on
sentences cut) and the article's own text (the article's voice, on the article's date,
unless a sentence reports someone's words, or quotes words nobody in its paragraph is
credited with: then "unattributed"). Lines of page furniture (headings, calls to
subscribe, related links, stamps, captions, recipe and table lines:
factdesk.claims.furniture) give no claims.
Each sentence of a region gives one claim, or several when it reports coordinated
speech ("X said that A, and that B"). Every claim keeps its sentence's offsets, so
``article.text[claim.start:claim.end] == claim.sentence``.

Each claim is scored with its genre (a post, a quote, the article's voice); a sentence of
a post that states something scores at least what its whole post scores. Speakers are
joined into one per person (factdesk.claims.speakers).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from factdesk.claims.attribution import Speech, find_speech, introduction
from factdesk.claims.claim_fields import (
    CONTEXT_CHARS,
    claim_date,
    clean_author,
    paragraph_context,
    shorten,
)
from factdesk.claims.furniture import furniture_lines
from factdesk.claims.names import NameIndex
from factdesk.claims.quotations import (
    attributed,
    bare_attribution,
    quote_after,
    tail_attribution,
)
from factdesk.claims.sentences import sentence_spans
from factdesk.claims.speakers import Mention, Speaker, group_speakers
from factdesk.claims.subjects import ROLE_NOUNS, pronoun_of
from factdesk.claims.units import (
    ATTRIBUTION_LINE,
    clean_claim_text,
    is_claim_text,
    is_question,
    split_coordinated,
    unwrap_quotes,
)
from factdesk.model import Article, Claim, Post

# A scorer takes claim texts and their genres (factdesk.claims.checkworthy.GENRES: "quote",
# "post" or "article") and returns, for each, an object with .score (0..1), .checkworthy
# (bool) and .kind (one of model.CLAIM_KINDS).
Scorer = Callable[[list[str], list[str]], Sequence[Any]]

# Questions may presuppose a claim ("Why is this not mentioned ...?"); they are kept,
# with their score scaled down by this factor.
QUESTION_FACTOR = 0.5
# The check-worthiness model's yes/no threshold (factdesk.claims.checkworthy.THRESHOLD).
CHECKWORTHY_THRESHOLD = 0.5
LEAD_IN_WORDS = 5

_OPENING_QUOTE = re.compile(r"^[“\"‘]")
# A line of its own that signs the quotation above it: "– Mel****", "— Jane D.".
_SIGNATURE = re.compile(r"[–—]\s*(?P<name>[A-Z][^\s.!?:,]*(?:\s+[A-Z][^\s!?:,]*){0,3})")
# An interview: "Q: ..." paragraphs ask, "A: ..." paragraphs answer.
_QUESTION_LINE = re.compile(r"(?:Q|Question)\s*:\s")
_ANSWER_LINE = re.compile(r"(?:A|Answer)\s*:\s")


@dataclass
class _Region:
    start: int
    end: int
    post: Post | None = None


@dataclass
class _Unit:
    text: str
    start: int  # the sentence's span in the article text
    end: int
    speaker: str | None
    handle: str | None
    said_on: str | None
    context: str
    question: bool
    # Whose words they are (model.ATTRIBUTIONS); the genre the scorer reads follows from it.
    attribution: str = "article"
    written: str | None = None  # the speaker as the text gives them ("Cllr Oduya", "she")
    post: Post | None = None  # the embedded post the sentence is from

    @property
    def genre(self) -> str:
        if self.attribution == "post":
            return "post"
        # Someone's words, credited or not, read as a quote.
        return "quote" if self.attribution in ("reported", "unattributed") else "article"


def split_claims(article: Article, score: Scorer | None = None) -> list[Claim]:
    """The claim candidates of `article`, in article order, attributed and scored.

    `score` defaults to factdesk.claims.checkworthy.score_sentences.
    """
    return split_claims_and_speakers(article, score)[0]


def split_claims_and_speakers(
    article: Article, score: Scorer | None = None
) -> tuple[list[Claim], list[Speaker]]:
    """The claims of `article` (see split_claims) and its speakers, one per person: each
    claim's speaker is its speaker's name (and handle, when the article shows one)."""
    if score is None:
        from factdesk.claims.checkworthy import score_sentences

        score = score_sentences
    units = _claim_units(article)
    texts, genres = [unit.text for unit in units], [unit.genre for unit in units]
    # Posts are also scored whole: the post data the model learned from is labelled a post
    # at a time, and a short sentence of a check-worthy post reads as nothing on its own.
    posts = list({id(unit.post): unit.post for unit in units if unit.post}.values())
    post_texts = [clean_claim_text(" ".join(post.text.split())) for post in posts]
    results = list(score(texts + post_texts, genres + ["post"] * len(posts))) if units else []
    if len(results) != len(units) + len(posts):
        raise ValueError(f"scorer returned {len(results)} results for {len(texts)} texts")
    post_score = {
        id(post): float(result.score)
        for post, result in zip(posts, results[len(units) :], strict=True)
    }
    results = results[: len(units)]
    speakers = group_speakers(
        Mention(unit.speaker, unit.written, unit.handle) for unit in units if unit.speaker
    )
    claims = []
    for unit, result in zip(units, results, strict=True):
        value = float(result.score)
        checkworthy = bool(result.checkworthy)
        if unit.post is not None and result.kind != "not a claim":
            # A sentence that states something is as worth checking as its post (at least).
            value = max(value, post_score[id(unit.post)])
            checkworthy = value >= CHECKWORTHY_THRESHOLD
        if unit.question:
            value *= QUESTION_FACTOR
            checkworthy = checkworthy and value >= CHECKWORTHY_THRESHOLD
        if unit.attribution == "headline" and not (checkworthy and result.kind != "not a claim"):
            continue  # the title is shown as the title; a claim only if it states a fact
        claims.append(
            Claim(
                text=unit.text,
                sentence=article.text[unit.start : unit.end],
                start=unit.start,
                end=unit.end,
                article_id=article.id,
                context=unit.context,
                speaker=speakers[unit.speaker].name if unit.speaker else None,
                speaker_handle=unit.handle
                or (speakers[unit.speaker].handle if unit.speaker else None),
                said_on=unit.said_on,
                score=round(value, 4),
                checkworthy=checkworthy,
                kind=result.kind,
                speaker_key=speakers[unit.speaker].key if unit.speaker else None,
                attribution=unit.attribution,
            )
        )
    used = {claim.speaker for claim in claims}
    found = {speaker.name: speaker for speaker in speakers.values() if speaker.name in used}
    return claims, sorted(found.values(), key=lambda speaker: speaker.name)


def headline_span(article: Article) -> tuple[int, int] | None:
    """The span of the article's title when the text opens with it as a line of its own
    (a headline kept in the text), else None."""
    title = " ".join((article.title or "").split())
    if not title:
        return None
    start = len(article.text) - len(article.text.lstrip())
    end = article.text.find("\n", start)
    end = len(article.text) if end < 0 else end
    line = " ".join(article.text[start:end].split()).lstrip("#").strip()
    return (start, end) if line == title and start < end else None


def _claim_units(article: Article) -> list[_Unit]:
    text = article.text
    published = claim_date(article.published)
    names = NameIndex(text)
    units: list[_Unit] = []
    headline = headline_span(article)
    if headline is not None:
        start, end = headline
        claim_text = clean_claim_text(text[start:end].lstrip("# "))
        if is_claim_text(claim_text):
            question = is_question(claim_text)
            title = article.title or claim_text
            units.append(_Unit(claim_text, start, end, None, None, published, title, question,
                               attribution="headline"))  # fmt: skip
    # A sentence that introduces an embedded post is the article's text, not furniture
    # (a label such as "See tweets:" stays furniture).
    post_starts = {post.start for post in article.posts}
    furniture = [
        (start, end)
        for start, end in furniture_lines(text)
        if len(text) - len(text[end:].lstrip()) not in post_starts
        or len(text[start:end].split()) < LEAD_IN_WORDS
    ]
    for region in _regions(article, after=headline[1] if headline else 0):
        spans = [
            (region.start + s, region.start + e)
            for s, e in sentence_spans(text[region.start : region.end])
        ]
        if region.post is not None:
            units.extend(_post_units(text, region.post, spans))
        else:
            # A signature line is furniture, but says whose the quotation above it is.
            spans = [
                span
                for span in spans
                if not _inside(span[0], furniture) or _SIGNATURE.fullmatch(text[slice(*span)])
            ]
            units.extend(_article_units(text, spans, names, published))
    return units


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    """Is `offset` inside one of `spans` (sorted, not overlapping)?"""
    index = bisect.bisect_right(spans, (offset, 1 << 62)) - 1
    return index >= 0 and spans[index][0] <= offset < spans[index][1]


def _regions(article: Article, after: int = 0) -> list[_Region]:
    """The article from offset `after` cut into posts and the article's own text, in order."""
    text = article.text
    regions: list[_Region] = []
    at = after
    posts = sorted(
        (p for p in article.posts if 0 <= p.start < p.end <= len(text)), key=lambda p: p.start
    )
    for post in posts:
        if post.start < at:
            continue  # overlaps the previous post
        if post.start > at:
            regions.append(_Region(at, post.start))
        regions.append(_Region(post.start, post.end, post))
        at = _skip_credit_line(text, post.end)
    if at < len(text):
        regions.append(_Region(at, len(text)))
    return regions


def _skip_credit_line(text: str, end: int) -> int:
    """The offset after a post's "— Name (@handle) date" line, if one follows."""
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    rest = text[end:line_end]
    if rest.strip() and (rest.lstrip()[:1] in "—–-" or "(@" in rest):
        return line_end
    return end


def _post_units(text: str, post: Post, spans: list[tuple[int, int]]) -> list[_Unit]:
    speaker = clean_author(post.author)
    handle = post.handle if not post.handle or post.handle.startswith("@") else f"@{post.handle}"
    said_on = claim_date(post.date)
    context = shorten(" ".join(post.text.split()), CONTEXT_CHARS)
    units = []
    for sentence_start, sentence_end in spans:
        for start, end in run_on_spans(text, sentence_start, sentence_end):
            claim_text = clean_claim_text(text[start:end])
            if is_claim_text(claim_text):
                question = is_question(claim_text)
                units.append(_Unit(claim_text, start, end, speaker, handle, said_on, context,
                                   question, attribution="post", written=post.author,
                                   post=post))  # fmt: skip
    return units


# Posts often run two sentences together with no stop: "Mirvis doesn't speak for me The
# real threat ...". A capitalised sentence opener right after a lower-case word starts a
# new sentence ("I" is left out: "and I think" is one sentence; so is "in The Times").
_RUN_ON = re.compile(
    r"(?<=[a-z’'])\s+(?=(?:The|This|That|These|Those|It|We|He|She|They|There|Our|My|"
    r"What|Why|How|If|But|So)\s)"
)
# Words that a title or name often follows: "in The Times", "and The Guardian".
_BEFORE_A_NAME = frozenset(
    "in of at on to by for from with about read see watch and the".split()  # noqa: SIM905
)


def run_on_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentence text[start:end] cut at run-on sentence boundaries (posts only)."""
    spans = []
    for match in _RUN_ON.finditer(text, start, end):
        previous = text[max(start, match.start() - 12) : match.start()].split()[-1:]
        if previous and previous[0].lower() in _BEFORE_A_NAME:
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, end))
    return spans


@dataclass
class _Quotation:
    """A quotation still open after the sentence just read."""

    mark: str  # the quotation mark that opened it: “ " or ‘
    speaker: str | None  # known when the attribution came first ('Rusk said: “A. B.')
    pending: list[_Unit]  # its sentences so far, waiting for an attribution at its end
    # Who spoke last before it in its paragraph (or was carried into it): the speaker of
    # a quotation that runs on into later paragraphs and closes unattributed.
    before: str | None = None


def _article_units(
    text: str, spans: list[tuple[int, int]], names: NameIndex, published: str | None
) -> list[_Unit]:
    units: list[_Unit] = []
    quotation: _Quotation | None = None
    previous_end = spans[0][0] if spans else 0
    previous_start = None  # the sentence before: "he" is most often its subject
    paragraph = _Paragraph(text.rfind("\n", 0, previous_end) + 1)
    interview = _Interview()
    for start, end in spans:
        sentence = text[start:end]
        if ATTRIBUTION_LINE.fullmatch(" " + sentence):
            continue  # a post's credit line (when the post itself was not recognised)
        new_paragraph = "\n" in text[previous_end:start]
        if new_paragraph and (name := _signature(text, sentence, end)):
            if paragraph.orphans:  # '“Beautiful spectacle! …”\n\n– Mel****'
                paragraph.credit_orphans(name)
            continue  # the line itself says nothing
        previous_end = end
        if new_paragraph:
            paragraph.close()
            interview.paragraph(sentence, names, start)
            # A paragraph that opens with a quotation right after one that ended with an
            # attributed quotation goes on with the same speaker, unless it names another
            # (the news convention: '“A,” she said.\n\n“B.”' is hers).
            carried = paragraph.closing_quote_speaker if _OPENING_QUOTE.match(sentence) else None
            paragraph = _Paragraph(text.rfind("\n", 0, start) + 1, carried=carried)
        # A quotation goes on into the next paragraph only if that paragraph opens with a
        # quotation mark (the convention for a quote of several paragraphs).
        if quotation and new_paragraph and not _OPENING_QUOTE.match(sentence):
            quotation = None
        open_mark = quotation.mark if quotation else None
        after = quote_after(sentence, open_mark)
        # Words wholly inside a quotation are the quoted speaker's, even when they report
        # someone else ("He told me that ..."): no attribution is looked for in them.
        quoted = open_mark or (sentence[0] if _OPENING_QUOTE.match(sentence) else None)
        wholly_quoted = quoted is not None and not attributed(sentence, quoted)
        intro = None if wholly_quoted or quotation else introduction(sentence)
        if intro and (introducer := _resolve(intro, names, start, previous_start)):
            # "Rusk told the BBC:" and a quotation after it: hers, in this paragraph or the
            # next; the introduction itself says nothing to check.
            _note_speaker(names, intro, introducer, end - 1)
            paragraph.speakers.append((start, introducer))
            paragraph.closing_quote_speaker = introducer
            previous_start = start
            continue
        speech = None if wholly_quoted else find_speech(sentence)
        speaker = _resolve(speech, names, start, previous_start) if speech else None
        previous_start = start
        if speech and speaker:
            _note_speaker(names, speech, speaker, end - 1)
        new = []
        attribution = "reported" if speech and speaker else "article"
        for said in _said_texts(sentence, speech):
            claim_text = clean_claim_text(said)
            if is_claim_text(claim_text):
                question = is_question(claim_text)
                context = paragraph_context(text, start, end)
                new.append(
                    _Unit(
                        claim_text,
                        start,
                        end,
                        speaker,
                        None,
                        published,
                        context,
                        question,
                        attribution,
                        speech.speaker if speech and speaker else None,
                    )
                )
        if interview.answering and not (speech and speaker) and not quotation:
            for unit in new:  # "A: I have been well served ...": the interviewee's
                unit.speaker, unit.attribution = interview.answering, "reported"
                unit.text = _ANSWER_LINE.sub("", unit.text, count=1)  # not "A:" itself
        units.extend(new)
        if speech and speaker:
            paragraph.speakers.append((start, speaker))
        # Whoever is reported last in a paragraph (quoted or not: 'Trump said farmers …')
        # is taken to go on speaking in a quotation paragraph right after it.
        paragraph.closing_quote_speaker = speaker if speech and speaker else None
        if speech is None and (bare := bare_attribution(sentence, names, start)):
            paragraph.credit_orphans(bare)  # '“A.” Holmes testified.'
            paragraph.closing_quote_speaker = bare
        if speech is None:
            if quotation is not None:  # a sentence in the middle of a quotation
                _quoted(new, quotation.speaker)
                if quotation.speaker is None:
                    quotation.pending.extend(new)
                tail = tail_attribution(sentence, names, start) if after is None else None
                if tail is not None and quotation.speaker is None:  # '… OUT,” Noem tweeted.'
                    speaker, head_end = tail
                    for unit in new:
                        unit.text = clean_claim_text(unwrap_quotes(sentence[:head_end]))
                    _quoted(quotation.pending, speaker)
                    paragraph.speakers.append((start, speaker))
                    paragraph.closing_quote_speaker = speaker
                    quotation = None
                elif after is None:  # closed with no attribution: whose, the paragraph says
                    if quotation.speaker is None:
                        _quoted(quotation.pending, None)
                        paragraph.orphans.extend(quotation.pending)
                        if quotation.pending[0].start < paragraph.start:  # began paragraphs ago
                            paragraph.carried = paragraph.carried or quotation.before
                    quotation = None
            elif after is not None and _OPENING_QUOTE.match(sentence):
                last = paragraph.speakers[-1][1] if paragraph.speakers else paragraph.carried
                quotation = _Quotation(after, None, list(new), last)  # '“A. B,” she said.'
            elif wholly_quoted:  # '“A.”' with no attribution
                _quoted(new, None)
                paragraph.orphans.extend(new)
            continue
        if quotation is not None and speaker:
            _quoted(quotation.pending, speaker)  # its attribution, at its end
        # '“A,” she said, “B.' or 'Rusk said: “A.': the quotation goes on, hers.
        quotation = _Quotation(after, speaker, []) if after else None
    paragraph.close()
    return units


def _signature(text: str, sentence: str, end: int) -> str | None:
    """The name that signs the quotation before it, when `sentence` is a line of its own
    like "– Mel****" (a review's or testimonial's author), else None."""
    line_end = text.find("\n", end)
    if text[end : len(text) if line_end < 0 else line_end].strip():
        return None
    match = _SIGNATURE.fullmatch(sentence.strip())
    return match["name"].strip() if match else None


@dataclass
class _Interview:
    """Questions and answers: after a "Q:" paragraph, an "A:" paragraph is the words of
    the interviewee: the person the text before the first question names most."""

    asked: bool = False
    interviewee: str | None = None
    answering: str | None = None

    def paragraph(self, sentence: str, names: NameIndex, start: int) -> None:
        self.answering = None
        if _QUESTION_LINE.match(sentence):
            if not self.asked:
                self.asked, self.interviewee = True, names.most_named_before(start)
        elif self.asked and _ANSWER_LINE.match(sentence):
            self.answering = self.interviewee


@dataclass
class _Paragraph:
    """The speakers of one paragraph, and the quotations in it that nobody was credited
    with: at its end they go to the nearest speaker in it, before them or else after."""

    start: int
    speakers: list[tuple[int, str]] = field(default_factory=list)
    orphans: list[_Unit] = field(default_factory=list)
    carried: str | None = None  # the speaker of the quotation that ended the paragraph before
    closing_quote_speaker: str | None = None  # whose attributed quotation ends it (so far)

    def credit_orphans(self, speaker: str) -> None:
        """A bare attribution after quotations ('Holmes testified.'): those since the
        paragraph's last speaker are his."""
        since = max((at for at, _ in self.speakers), default=-1)
        for unit in self.orphans:
            if not unit.speaker and unit.start > since:
                unit.speaker, unit.attribution = speaker, "reported"
        self.speakers.append((self.orphans[-1].start if self.orphans else self.start, speaker))

    def close(self) -> None:
        for unit in self.orphans:
            if unit.speaker:
                continue  # attributed since (the quotation's attribution came later)
            before = [name for at, name in self.speakers if at < unit.start]
            after = [name for at, name in self.speakers if at > unit.start]
            nearest = before[-1] if before else after[0] if after else self.carried
            unit.speaker = nearest
            unit.attribution = "reported" if nearest else "unattributed"
        self.orphans = []


def _quoted(units: list[_Unit], speaker: str | None) -> None:
    """Sentences of a quotation: the quoted speaker's words, without the marks."""
    for unit in units:
        unit.text = clean_claim_text(unwrap_quotes(unit.text))
        if speaker:
            unit.speaker = speaker
            unit.attribution = "reported"


def _note_speaker(names: NameIndex, speech: Speech, speaker: str, at: int) -> None:
    plural = speech.group and speech.speaker.split()[-1].lower().endswith(("s", "police"))
    names.note_last_speaker(at, speaker, speech.organisation or plural)
    if speech.pronoun:
        names.note_pronoun(speaker, pronoun_of(speech.speaker))
    if speech.organisation or (speech.pronoun and speech.speaker.lower() in ("it", "they")):
        names.note_speaker(at, speaker, organisation=True)
    elif not speech.group:
        names.note_speaker(at, speaker)
    elif speaker != speech.speaker and speech.speaker.split()[-1].lower() in ROLE_NOUNS:
        names.note_speaker(at, speaker)  # "the minister": the one minister named


def _said_texts(sentence: str, speech: Speech | None) -> list[str]:
    """The statement(s) of a sentence: the sentence itself in the article's voice, or the
    reported words, one text for each coordinated "that"-clause."""
    if speech is None:
        return [sentence]
    content = speech.content(sentence)
    if not speech.coordinated:
        return [content]
    return [unwrap_quotes(content[s:e]) for s, e in split_coordinated(content)]


def _resolve(
    speech: Speech, names: NameIndex, at: int, previous_start: int | None = None
) -> str | None:
    if speech.organisation:
        return speech.speaker.removeprefix("the ").removeprefix("The ")
    if speech.pronoun:
        if speech.speaker.lower() == "it":
            return names.organisation_before(at, previous_start)
        if speech.speaker.lower() == "they":  # '…,” they said': the body that spoke last
            return names.body_before(at)
        noun = speech.speaker.split()[-1]
        if len(speech.speaker.split()) > 1 and names.introduced_unnamed(noun, at):
            return speech.speaker.removeprefix("the ").removeprefix("The ")
        pronoun = pronoun_of(speech.speaker)
        if " " in speech.speaker:  # "the 56-year-old": the article's main person
            return names.main_person_before(at, pronoun)
        if speech.speaker_at:  # "Carlineo was arrested ... in which he said"
            person = names.person_before(at + speech.speaker_at, pronoun, at, False)
            if person:
                return person
        return names.person_before(at, pronoun, previous_start)
    if speech.group:
        return names.resolve_group(speech.speaker, before=at)
    return names.resolve(speech.speaker, before=at)
