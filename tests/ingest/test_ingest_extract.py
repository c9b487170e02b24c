"""Main text, metadata and embedded tweets from HTML pages (a made page and real ones)."""

from __future__ import annotations

import gzip
import json

import pytest

from factdesk.errors import BadInput
from factdesk.ingest.extract import extract_article
from factdesk.ingest.posts import find_embedded_posts, find_text_posts
from factdesk.web.http import Fetcher


@pytest.fixture(scope="module")
def article_html(http_server) -> str:
    with Fetcher() as fetcher:
        return fetcher.get(f"{http_server}/article.html").text


def test_main_text_without_boilerplate_and_with_paragraphs(article_html):
    article = extract_article(article_html, source="bridge.html")
    text = article.text
    assert text.startswith("Council admits bridge repairs will cost £4m\n\nThe county council")
    assert "\n\nCouncil leader Mary Smith said" in text  # a blank line between paragraphs
    assert text.endswith(
        "A public meeting about the bridge will be held at the town hall on 12 March."
    )
    for boilerplate in (
        "cookies",  # cookie banner
        "Weather",  # navigation
        "Share on Twitter",  # share bar
        "newsletter",
        "Bus lane plan",  # related stories
        "Commenter99",  # comments
        "All rights reserved",  # footer
    ):
        assert boilerplate not in text


def test_metadata(article_html):
    article = extract_article(article_html.encode("utf-8"), source="bridge.html")
    assert article.title == "Council admits bridge repairs will cost £4m"
    assert article.author == "Jane Reporter"
    assert article.publisher == "The Riverside Gazette"
    assert article.published == "2024-03-05T09:30:00+00:00"
    assert article.url == "https://gazette.test/news/bridge-repairs"
    assert article.language == "en-GB"
    assert article.raw == article_html.encode("utf-8")


def test_embedded_tweet_stays_in_the_text_where_the_page_had_it(article_html):
    article = extract_article(article_html, source="bridge.html")
    [post] = article.posts
    assert post.author == "Tom Jones"
    assert post.handle == "@tomjones_cllr"
    assert post.date == "2024-03-04"
    assert post.url == "https://twitter.com/tomjones_cllr/status/1765000000000000000"
    assert post.text == (
        "The bridge has been closed for 432 days. Residents deserve answers, not another "
        "estimate. https://t.co/abc"
    )
    assert article.text[post.start : post.end] == post.text
    assert article.text[post.end :].startswith(" — Tom Jones (@tomjones_cllr) March 4, 2024\n\n")
    before = article.text[: post.start]
    assert before.rstrip().endswith("the work would start in the summer.")
    # the plain-text rendering reads back as the same post
    [again] = find_text_posts(article.text)
    assert (again.start, again.end, again.handle) == (post.start, post.end, post.handle)


def _manifest(shared_data):
    return json.loads((shared_data / "tweets" / "manifest.json").read_text(encoding="utf-8"))


def test_real_pages_keep_every_embedded_tweet(shared_data):
    pages = [entry for entry in _manifest(shared_data) if entry["has_embedded_tweet"]]
    assert len(pages) >= 5
    for entry in pages:
        html = gzip.decompress((shared_data / "tweets" / entry["file"]).read_bytes())
        article = extract_article(html, source=entry["file"])
        found = {(post.handle, post.url): post for post in article.posts}
        for tweet in entry["tweets"]:
            url = tweet["status_urls"][0]
            handle = "@" + url.split("/")[3]
            assert (handle, url) in found, (entry["file"], url)
            post = found[(handle, url)]
            assert article.text[post.start : post.end] == post.text
            assert post.text.split() == tweet["tweet_text"].split()
        starts = [post.start for post in article.posts]
        assert starts == sorted(starts)  # in page order


def test_pages_mentioning_twitter_tweet_only_in_css_give_no_posts(shared_data):
    negatives = sorted((shared_data / "tweets" / "aeb_negatives").glob("*.html.gz"))
    assert negatives
    for path in negatives:
        html = gzip.decompress(path.read_bytes())
        assert b"twitter-tweet" in html or b"twitter" in html
        assert find_embedded_posts(html) == []
        assert extract_article(html, source=path.name).posts == []


def test_real_page_metadata(shared_data):
    path = (
        shared_data
        / "tweets"
        / "aeb"
        / "156770d676ce79905198e1c8407f81e5ecfb617d9aa44712718707eb7e3b8e38.html.gz"
    )
    article = extract_article(gzip.decompress(path.read_bytes()), source=path.name)
    assert article.title.startswith("South Dakota governor doubles down on 'meth, we're on it'")
    assert article.author == "Tess Bonn"
    assert article.publisher == "The Hill"
    assert article.published.startswith("2019-11-19")
    assert article.url.startswith("https://thehill.com/homenews/news/471033-")
    assert article.text.startswith("South Dakota Gov. Kristi Noem")
    [post] = article.posts
    assert (post.author, post.handle, post.date) == (
        "Robert Maguire",
        "@RobertMaguire_",
        "2019-11-18",
    )


def test_real_pages_from_the_benchmark_come_out_close_to_the_gold_text(shared_data):
    truth = json.loads((shared_data / "aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(truth)[:5]:
        html = gzip.decompress((shared_data / "aeb" / "html" / f"{key}.html.gz").read_bytes())
        text = extract_article(html, source=key).text
        gold_words = set(truth[key]["articleBody"].split())
        ours = set(text.split())
        assert len(gold_words & ours) / len(gold_words) > 0.8, key
        assert "\n\n" in text


def test_a_page_with_no_article_text_is_refused():
    with pytest.raises(BadInput, match=r"^empty\.html: "):
        extract_article("<html><body></body></html>", source="empty.html")
    with pytest.raises(BadInput, match=r"^blank\.html: the page is empty"):
        extract_article("  \n ", source="blank.html")


def test_embedded_post_fields_from_html():
    html = """<html><body><p>Intro text of the article.</p>
    <blockquote class="twitter-tweet tw-align-center" data-lang="en"><p lang="en">First line<br>
    second line<br><br>Next paragraph with <a href="https://twitter.com/hashtag/tag">#tag</a></p>
    &mdash; Some One (@some_one) <a href="https://x.com/some_one/status/42?s=20">Sept. 5, 2023</a>
    </blockquote></body></html>"""
    [post] = find_embedded_posts(html)
    assert post.author == "Some One"
    assert post.handle == "@some_one"
    assert post.date == "2023-09-05"
    assert post.url == "https://x.com/some_one/status/42"
    assert post.paragraphs == ["First line\nsecond line", "Next paragraph with #tag"]


def test_an_html_fragment_is_read_too():
    article = extract_article("<p>The bridge will cost £4m, the council said.</p>", source="x")
    assert article.text == "The bridge will cost £4m, the council said."


def test_lists_and_tables_are_blocks_of_their_own():
    html = (
        "<html><body><article><p>The council published its spending plan for the bridge on "
        "Monday, with these items.</p><ul><li>Foundations</li><li>Stonework</li></ul>"
        "<p>Work starts in the summer and should end next spring, the council said.</p>"
        "</article></body></html>"
    )
    paragraphs = extract_article(html, source="x").text.split("\n\n")
    assert paragraphs[1] == "- Foundations\n- Stonework"
    assert paragraphs[2].startswith("Work starts in the summer")


def test_xhtml_with_an_xml_declaration_is_decoded_once(french):
    html = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        f"<head><title>Un café</title></head><body><article><p>{french}</p></article></body></html>"
    )
    assert extract_article(html.encode("cp1252"), source="x").text == french
    assert extract_article(html, source="x").text == french


def test_a_post_quoted_earlier_in_the_prose_gets_the_offsets_of_the_embed():
    html = (
        "<html><body><article><p>The mayor wrote: Bridge closed until May. She later "
        "posted it again, as the embed below shows, adding nothing.</p>"
        '<blockquote class="twitter-tweet"><p>Bridge closed until May.</p>&mdash; Ann Mayor '
        '(@annmayor) <a href="https://twitter.com/annmayor/status/7">March 1, 2024</a>'
        "</blockquote><p>The council confirmed the closure on Tuesday, citing safety.</p>"
        "</article></body></html>"
    )
    article = extract_article(html, source="x")
    [post] = article.posts
    assert article.text[post.start : post.end] == "Bridge closed until May."
    assert article.text[post.end :].startswith(" — Ann Mayor (@annmayor) March 1, 2024")


def test_an_embed_without_attribution_keeps_its_text_and_nothing_more():
    html = (
        "<html><body><article><p>The council published its spending plan for the bridge on "
        'Monday.</p><blockquote class="twitter-tweet"><p>Bridge closed until May.</p>'
        "</blockquote><p>Work starts in the summer and should end next spring, the council "
        "said on Tuesday.</p></article></body></html>"
    )
    article = extract_article(html, source="x")
    [post] = article.posts
    assert (post.author, post.handle, post.url, post.text) == (
        None,
        None,
        None,
        "Bridge closed until May.",
    )
    assert "\n\nBridge closed until May.\n\nWork starts" in article.text
