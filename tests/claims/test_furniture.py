"""Issue 24: page furniture (headings, calls to subscribe, related links, update stamps,
captions, recipe lines) gives no claims; the article's sentences all do."""

from __future__ import annotations

from factdesk.claims import split_claims
from factdesk.claims.furniture import furniture_lines
from factdesk.model import Article

CONTENT = [
    "The council said on Monday that it would raise council tax by 4.99% from April.",
    "Omar Haddad, the finance director, said the savings were needed to protect care services.",
    "Residents have until 3 March to respond to the consultation, which opened last week.",
    "Last year the council cut 120 jobs and closed two libraries to balance its budget.",
    "Opposition councillors said the rise was the largest in the county for a decade.",
]
FURNITURE = [
    "UPDATED: Mon., Dec. 7, 2026",
    "Sign up for our daily newsletter",
    "Read more: Council tax to rise again next year",
    "BUDGET GAP",
    "Related: Five things to know about the budget",
    "Click here to subscribe to the Evening Post",
    "Main image credit: Getty",
    "- 2 cups flour",
    "- 1 tsp baking powder",
    "Follow us on Twitter, Facebook and Instagram.",
]


def page() -> str:
    lines = [FURNITURE[0], CONTENT[0], FURNITURE[1], CONTENT[1], FURNITURE[2], FURNITURE[3]]
    lines += [CONTENT[2], CONTENT[3], FURNITURE[4], FURNITURE[5], CONTENT[4]]
    lines += FURNITURE[6:]
    return "\n\n".join(lines)


def test_furniture_lines_are_found_and_sentences_are_not():
    text = page()
    found = {text[start:end] for start, end in furniture_lines(text)}
    assert found == set(FURNITURE)


def test_furniture_gives_no_claims(constant_scorer):
    claims = split_claims(
        Article(source="test", text=page(), title="Council tax to rise"), constant_scorer
    )
    sentences = {claim.sentence for claim in claims}
    assert sentences == set(CONTENT)
    for claim in claims:  # offsets still point into the article text
        assert page()[claim.start : claim.end] == claim.sentence


def test_short_articles_are_not_furniture(constant_scorer):
    # One short line, or a first line that reads like a heading but is a sentence.
    assert [
        c.text for c in split_claims(Article(source="test", text="Prices rose."), constant_scorer)
    ] == ["Prices rose"]
    text = "Elena Rusk runs Thames Water.\n\nShe said leakage had halved."
    assert furniture_lines(text) == []
