"""Hypothesis strategies for hostile inputs: ClaimReview JSON-LD, HTML pages, article text.

They mix the shapes real sites publish with what breaks parsers: wrong types, huge and
non-finite numbers, lone surrogates, control characters, credentials in URLs, year-1
dates, deep nesting and broken compression.
"""

from __future__ import annotations

import gzip
import json
from typing import Any

from hypothesis import strategies as st

# --- building blocks ------------------------------------------------------------------

ODD_STRINGS = [
    "",
    " ",
    "\x00",
    "\ud800",  # a lone surrogate: not encodable as UTF-8
    "\u202e\u200b\ufeff",
    "\r\n\t",
    "-1",
    "NaN",
    "1e999",
    "9" * 5000,  # more digits than int() converts
    "x" * 20_000,
    "<script>alert(1)</script>",
    "Fact Check: “”",
    "''",
]
ODD_URLS = [
    "https://checks.example.org/review/1",
    "http://user:secret@checks.example.org/review",
    "https://:token@checks.example.org/",
    "javascript:alert(1)",
    "data:text/html,hi",
    "ftp://files.example.org/x",
    "https://checks.example.org/" + "a" * 10_000,
    "  https://checks.example.org/spaced  ",
    "https://exa mple.org/",
    "https://[::1/",
    "https://",
    "/relative/path",
    "https://checks.example.org/\x00",
    "HTTPS://CHECKS.EXAMPLE.ORG/upper",
]
ODD_DATES = [
    "2019-11-29",
    "2019-11-29T10:00:00Z",
    "2019-11-29 10:00:00+01:00",
    "0001-01-01T00:00:00",
    "0000-00-00",
    "2019-13-45",
    "9999-12-31T23:59:59+14:00",
    "+002019-11-29",
    "29/11/2019",
    "yesterday",
]
CLAIM_WORDS = [
    *("the chief rabbi is a tory activist unemployment fell to 3.5% last year council",
      "bridge repairs cost £4m mirvis labour antisemitism rose fell not never doubled"),
]  # fmt: skip
CLAIM_WORDS = " ".join(CLAIM_WORDS).split()

text = st.text(max_size=60)
odd_text = st.one_of(text, st.sampled_from(ODD_STRINGS))
claim_like = st.lists(st.sampled_from(CLAIM_WORDS), min_size=0, max_size=25).map(" ".join)
sentences = st.lists(
    st.one_of(claim_like.map(lambda s: s.capitalize() + "."), odd_text), max_size=6
).map(" ".join)
numbers = st.one_of(
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([-1, 0, 1, 5, 10**30]),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, odd_text)
any_json = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(["@type", "name", "x"]), inner, max_size=3),
    ),
    max_leaves=12,
)


def _maybe_list(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(strategy, st.lists(strategy, max_size=3))


GOOD_URLS = [f"https://checks.example.org/review/{n}" for n in range(8)]
url = st.one_of(
    st.sampled_from(GOOD_URLS), st.sampled_from(GOOD_URLS), st.sampled_from(ODD_URLS), odd_text
)
date = st.one_of(st.sampled_from(ODD_DATES), odd_text, numbers)
name = st.one_of(odd_text, claim_like)
party = _maybe_list(
    st.one_of(
        name,
        st.fixed_dictionaries(
            {"@type": st.sampled_from(["Person", "Organization", 3])},
            optional={"name": name, "url": url, "sameAs": url},
        ),
        any_json,
    )
)
rating = _maybe_list(
    st.one_of(
        odd_text,
        st.fixed_dictionaries(
            {"@type": st.sampled_from(["Rating", "rating", "schema:Rating"])},
            optional={
                "ratingValue": st.one_of(numbers, odd_text),
                "bestRating": st.one_of(numbers, odd_text),
                "worstRating": st.one_of(numbers, odd_text),
                "alternateName": odd_text,
                "name": odd_text,
            },
        ),
        any_json,
    )
)
item_reviewed = st.one_of(
    st.fixed_dictionaries(
        {"@type": st.just("Claim")},
        optional={
            "author": party,
            "datePublished": date,
            "dateCreated": date,
            "name": name,
            "appearance": any_json,
        },
    ),
    any_json,
)


def claim_review() -> st.SearchStrategy[dict]:
    """One ClaimReview object, its keys spelt as sites spell them (or not)."""
    required = {
        "url": st.one_of(url, url, _maybe_list(url)),
        "claimReviewed": st.one_of(sentences, sentences, odd_text, any_json),
    }
    fields = {
        "itemReviewed": _maybe_list(item_reviewed),
        "author": party,
        "publisher": party,
        "reviewRating": rating,
        "rating": rating,
        "datePublished": _maybe_list(date),
        "headline": st.one_of(sentences, odd_text),
        "name": odd_text,
        "inLanguage": st.one_of(
            st.sampled_from(["en", "en-US", "en-Poly", "xx-", "EN_gb"]), odd_text
        ),
        "mainEntityOfPage": st.one_of(url, st.fixed_dictionaries({"@id": url})),
        "@id": url,
        "@context": st.sampled_from(["https://schema.org", "http://schema.org/", 7]),
    }
    review_type = st.sampled_from(["ClaimReview", "claimreview", "http://schema.org/ClaimReview",
                                   ["ClaimReview", "Thing"]])  # fmt: skip
    return st.builds(
        lambda kind, type_key, extra: {type_key: kind, **extra},
        review_type,
        st.sampled_from(["@type", "type", "@TYPE"]),
        st.one_of(
            st.fixed_dictionaries(required, optional=fields),
            st.fixed_dictionaries({}, optional={**required, **fields}),
        ),
    )


def api_response() -> st.SearchStrategy[dict]:
    """A Google Fact Check Tools claims:search response."""
    review = st.fixed_dictionaries(
        {},
        optional={
            "url": url,
            "title": odd_text,
            "reviewDate": date,
            "textualRating": odd_text,
            "languageCode": odd_text,
            "publisher": st.one_of(
                st.fixed_dictionaries({}, optional={"name": odd_text, "site": odd_text}), any_json
            ),
        },
    )
    claim = st.fixed_dictionaries(
        {
            "text": st.one_of(sentences, odd_text),
            "claimReview": st.lists(st.one_of(review, any_json), max_size=3),
        },
        optional={"claimant": name, "claimDate": date},
    )
    return st.fixed_dictionaries({"claims": st.lists(claim, max_size=3)})


def nested(depth: int, inner: Any) -> Any:
    """`inner` wrapped in `depth` levels of arrays and objects."""
    for level in range(depth):
        inner = [inner] if level % 2 else {"@graph": inner}
    return inner


@st.composite
def claimreview_documents(draw: st.DrawFn) -> Any:
    """A JSON value holding (or pretending to hold) ClaimReviews."""
    reviews = draw(st.lists(claim_review(), min_size=1, max_size=3))
    shape = draw(st.sampled_from(["one", "list", "graph", "api", "nested", "deep", "junk"]))
    if shape == "one":
        return reviews[0]
    if shape == "list":
        return reviews
    if shape == "graph":
        return {"@context": "https://schema.org", "@graph": reviews}
    if shape == "api":
        return draw(api_response())
    if shape == "nested":
        return nested(draw(st.integers(1, 30)), reviews)
    if shape == "deep":
        return nested(draw(st.sampled_from([99, 150, 1000, 5000])), reviews)
    return draw(any_json)


def dumps(document: Any) -> str:
    """JSON text that may hold what json.dumps refuses to write by default."""
    return json.dumps(document, ensure_ascii=False, allow_nan=True)


@st.composite
def claimreview_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """(file name, bytes): a ClaimReview JSON-LD file, a page with JSON-LD blocks, either
    gzip-compressed, or something broken."""
    document = draw(claimreview_documents())
    kind = draw(st.sampled_from(["json", "jsonld", "json.gz", "html", "html.gz", "broken"]))
    try:
        body = dumps(document)
    except (ValueError, RecursionError):  # json.dumps itself has limits
        body = "[" * 3000
    if kind.startswith("html"):
        extra = draw(st.sampled_from(["", "<!--", "// <![CDATA[", ",]", "</script><script>"]))
        head = draw(st.sampled_from(["", '<link rel="canonical" href="' + draw(url) + '">']))
        body = (
            f"<!DOCTYPE html><html lang='{draw(odd_text)}'><head>{head}<title>{draw(odd_text)}"
            f"</title><script type='application/ld+json'>{extra}{body}</script></head>"
            f"<body><p>{draw(sentences)}</p></body></html>"
        )
    data = body.encode("utf-8", "surrogatepass")
    if kind.endswith(".gz"):
        data = gzip.compress(data)
        if draw(st.booleans()):  # damaged on the way
            cut = draw(st.integers(0, len(data)))
            data = data[:cut] + draw(st.binary(max_size=20))
    if kind == "broken":
        data = draw(
            st.sampled_from(
                [
                    b"\x1f\x8b" + draw(st.binary(max_size=50)),
                    draw(st.binary(max_size=200)),
                    data[: len(data) // 2],
                ]
            )
        )
        return draw(st.sampled_from(["broken.json", "broken.json.gz", "broken.html.gz"])), data
    return f"reviews.{kind}", data


# --- articles --------------------------------------------------------------------------

TWEET_LINES = [
    "— Jane Doe (@janedoe) November 26, 2019",
    "— Mr V🌹 #GTTO (@LordMVee) November 26, 2019",
    "— (@) ",
    "— Name (@handle) 31 February 2019",
    "&mdash; X (@x_" + "y" * 300 + ") May 1, 2020",
]
QUOTES = ["“", "”", '"', "‘", "’", "«", "»"]


@st.composite
def article_texts(draw: st.DrawFn) -> str:
    """Article text: paragraphs of claim-like sentences, quotations with speakers,
    embedded-post attribution lines, and odd characters between them."""
    paragraphs = []
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["plain", "quote", "post", "odd", "numbers"]))
        sentence = draw(claim_like).capitalize() or "It"
        if kind == "quote":
            opening, closing = draw(st.sampled_from(QUOTES)), draw(st.sampled_from(QUOTES))
            speaker = draw(st.sampled_from(["Mary Smith", "the council", "He", "", "Dr. A. B."]))
            verb = draw(st.sampled_from(["said", "told reporters", "claimed", "says", ""]))
            paragraphs.append(f"{opening}{sentence}{closing}, {speaker} {verb}.")
        elif kind == "post":
            paragraphs.append(f"{sentence}. {draw(st.sampled_from(TWEET_LINES))}")
        elif kind == "numbers":
            number = draw(st.one_of(st.integers(-(10**12), 10**12), st.floats(0, 1e9)))
            paragraphs.append(f"{sentence} {number}% in {draw(st.integers(1, 3000))}.")
        elif kind == "odd":
            paragraphs.append(draw(odd_text))
        else:
            paragraphs.append(draw(sentences))
    separator = draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n", " ", "\u2029"]))
    return separator.join(paragraphs)


TAGS = ["p", "div", "span", "article", "main", "section", "h1", "h2", "blockquote", "a",
        "script", "style", "table", "td", "li", "br", "img", "meta", "svg", "template"]  # fmt: skip


@st.composite
def html_pages(draw: st.DrawFn) -> bytes:
    """An HTML page: head metadata with odd values, a body of nested (sometimes unclosed
    or very deep) elements around article text, embedded tweets, JSON-LD, a charset."""
    charset = draw(st.sampled_from(["utf-8", "windows-1252", "utf-16", "x-nonsense", ""]))
    meta = "".join(
        draw(
            st.lists(
                st.sampled_from(
                    [
                        f'<meta charset="{charset}">',
                        f'<meta property="article:published_time" content="{draw(date)}">',
                        f'<meta name="author" content="{draw(name)}">',
                        f'<link rel="canonical" href="{draw(url)}">',
                        f'<meta property="og:site_name" content="{draw(odd_text)}">',
                        f"<title>{draw(odd_text)}</title>",
                        '<script type="application/ld+json">'
                        + dumps({"@type": "NewsArticle", "datePublished": draw(date),
                                 "author": draw(party), "headline": draw(odd_text)})
                        + "</script>",
                    ]
                ),
                max_size=6,
            )
        )
    )  # fmt: skip
    body = []
    for paragraph in draw(article_texts()).split("\n"):
        tag = draw(st.sampled_from(TAGS))
        closing = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", ""]))
        body.append(f"<{tag}>{paragraph}{closing}")
    if draw(st.booleans()):
        body.append(
            '<blockquote class="twitter-tweet"><p>'
            + draw(sentences)
            + "</p>&mdash; "
            + draw(st.sampled_from(TWEET_LINES))
            + f' <a href="{draw(url)}">link</a></blockquote>'
        )
    depth = draw(st.sampled_from([0, 0, 0, 50, 600, 3000]))
    page = (
        f"<!DOCTYPE html><html><head>{meta}</head><body>"
        + "<div>" * depth
        + "<article>"
        + "".join(body)
        + "</article>"
        + "</div>" * draw(st.integers(0, depth))
        + "</body></html>"
    )
    encoding = charset if charset in ("windows-1252", "utf-16") else "utf-8"
    return page.encode(encoding, "replace" if encoding != "utf-8" else "surrogatepass")
