"""Property tests: offsets always slice back to the sentence; splitting neither loses nor
invents text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factdesk.claims import sentence_spans, split_claims, split_sentences
from factdesk.model import Article, Post

# Pieces that exercise the splitter's rules, mixed with arbitrary characters.
_PIECES = [
    "Mr.",
    "Dr. Smith",
    "U.S.",
    "a.m.",
    "e.g.",
    "No. 5",
    "3.5%",
    "$100.00.",
    "...",
    ". . .",
    "…",
    "!?",
    "?!",
    "“Quote,”",
    "said",
    "that",
    "and that",
    "(aside.)",
    "[...]",
    "1.",
    "2)",
    "a.",
    "•",
    "#Tag",
    "@handle",
    "https://t.co/x1",
    "pic.twitter.com/Ab",
    "🌹",
    "🎉",
    "—",
    "— Jo (@jo) May 1, 2020",
    "\n",
    "\n\n",
    " ",
    "I.",
    "It",
    "The",
    "Mirvis",
    "Ms Rusk",
    "according to",
    "told the BBC",
    "?",
    "!",
    ".",
    ",",
    "'",
    '"',
    "’",
    "”",
]
_texts = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=6)), max_size=40).map(
    lambda parts: " ".join(parts)
)


def _nonspace(text: str) -> str:
    return "".join(text.split())


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_sentences_cover_the_text_exactly_once(text):
    spans = sentence_spans(text)
    position = 0
    for start, end in spans:
        assert position <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        assert text[position:start].strip() == ""  # only whitespace between sentences
        position = end
    assert text[position:].strip() == ""
    # Joined, the sentences are the text without its whitespace: nothing lost or invented.
    assert _nonspace("".join(split_sentences(text))) == _nonspace(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_sentences_of_arbitrary_unicode(text):
    sentences = split_sentences(text)
    assert _nonspace("".join(sentences)) == _nonspace(text)
    assert all(s == s.strip() and s for s in sentences)


@st.composite
def _articles(draw):
    text = draw(_texts)
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6, unique=True)))
    posts = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        if end > start:
            posts.append(
                Post(
                    author=draw(st.sampled_from(["Jo Bloggs 🌹", "Mr V #GTTO", None])),
                    handle=draw(st.sampled_from(["@jo", "jo", None])),
                    date=draw(st.sampled_from(["2019-11-26", "2019-11-26T10:00:00Z", None])),
                    url=None,
                    text=text[start:end],
                    start=start,
                    end=end,
                )
            )
    return Article(source="t", text=text, published="2020-01-02", posts=posts)


class _Score:
    def __init__(self, text: str) -> None:
        self.score = min(1.0, len(text) / 100)
        self.checkworthy = self.score >= 0.5
        self.kind = "other"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_articles())
def test_claim_offsets_slice_back_to_their_sentence(article):
    claims = split_claims(article, score=lambda texts, genres: [_Score(t) for t in texts])
    post_spans = [(p.start, p.end) for p in article.posts]
    previous_start = -1
    for claim in claims:
        assert article.text[claim.start : claim.end] == claim.sentence
        assert claim.start >= previous_start  # article order
        previous_start = claim.start
        assert claim.text.strip() == claim.text and claim.text
        assert 0.0 <= claim.score <= 1.0
        # A sentence never straddles a post's edge.
        for start, end in post_spans:
            inside = start <= claim.start and claim.end <= end
            outside = claim.end <= start or claim.start >= end
            assert inside or outside
        # The claim's words come from its sentence (hashtags lose only their "#").
        sentence = claim.sentence.replace("#", "")
        for word in claim.text.replace("#", "").split():
            assert word in sentence or word.strip("“”\"'‘’") in sentence
