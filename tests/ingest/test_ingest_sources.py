"""read_source on URLs (local server), files of every kind, stdin; bad sources refused."""

from __future__ import annotations

import gzip
import json
import re

import pytest

from factdesk.errors import BadInput, NetworkError
from factdesk.ingest import article_from_text, article_to_json, read_source, supported_files
from factdesk.web.http import Fetcher


def test_url_is_fetched_and_extracted(http_server):
    with Fetcher(read_timeout=5) as fetcher:
        article = read_source(f"{http_server}/moved", fetcher=fetcher)
    assert article.source == f"{http_server}/moved"
    assert article.url == "https://gazette.test/news/bridge-repairs"  # canonical
    assert article.raw.startswith(b"<!DOCTYPE html>")
    assert "stone bridge" in article.text
    assert [post.handle for post in article.posts] == ["@tomjones_cllr"]


def test_url_without_canonical_gets_its_final_url(http_server):
    article = read_source(f"{http_server}/latin1-meta.html")
    assert article.url == f"{http_server}/latin1-meta.html"
    assert "crêpes" in article.text


def test_plain_text_url(http_server):
    article = read_source(f"{http_server}/plain.txt")
    [post] = article.posts
    assert post.text == "We are closing the bridge for good."


def test_url_errors_pass_through(http_server):
    with pytest.raises(NetworkError, match="HTTP 410 Gone"):
        read_source(f"{http_server}/gone")
    with pytest.raises(BadInput, match="PDF documents are not supported"):
        read_source(f"{http_server}/doc.pdf")
    with pytest.raises(BadInput, match="the page is empty"):
        read_source(f"{http_server}/empty.html")


def test_text_file_as_is_with_posts(tmp_path, sample_text):
    path = tmp_path / "sample.txt"
    path.write_bytes(sample_text.replace("\n", "\r\n").encode("utf-8"))
    article = read_source(str(path))
    assert article.text == sample_text  # newlines normalised, nothing else touched
    # The first line is a sentence, not a title: its opening words stand in for one.
    assert article.title.startswith("The hashtag Jews4Labour is trending")
    assert article.title.endswith("…") and len(article.title) <= 91
    assert len(article.posts) == 15
    assert article.raw is None


def test_title_from_the_first_line(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("# Bridge repairs: the figures\n\nThe council said £4m.\n", encoding="utf-8")
    assert read_source(str(path)).title == "Bridge repairs: the figures"
    path = tmp_path / "story.txt"
    path.write_text("Bridge repairs will cost £4m\n\nThe council said so.\n", encoding="utf-8")
    assert read_source(str(path)).title == "Bridge repairs will cost £4m"


def test_windows_1252_text_file_is_decoded(tmp_path, french):
    path = tmp_path / "latin.txt"
    path.write_bytes(french.encode("cp1252"))
    assert read_source(str(path)).text == french


def test_html_and_gzipped_html_files(tmp_path, shared_data):
    original = (
        shared_data
        / "tweets"
        / "aeb"
        / ("156770d676ce79905198e1c8407f81e5ecfb617d9aa44712718707eb7e3b8e38.html.gz")
    )
    html = gzip.decompress(original.read_bytes())
    plain = tmp_path / "page.htm"
    plain.write_bytes(html)
    from_gz = read_source(str(original))
    from_html = read_source(str(plain))
    assert from_gz.text == from_html.text
    assert from_gz.raw == html  # the decompressed page is kept
    assert from_gz.url.startswith("https://thehill.com/")
    assert from_gz.posts[0].handle == "@RobertMaguire_"


def test_stdin_and_pasted_text():
    article = read_source("-", stdin_text="Bridge closed\n\nIt will cost £4m.\r\n")
    assert article.source == "-"
    assert article.text == "Bridge closed\n\nIt will cost £4m.\n"
    assert article.title == "Bridge closed"
    pasted = article_from_text("It will cost £4m.", source="pasted", title="Mine")
    assert pasted.title == "Mine"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("notes.pdf", b"%PDF-1.7 ...", "PDF files are not supported"),
        ("scan.png", b"\x89PNG\r\n\x1a\n....", "images are not supported"),
        ("photo.jpg", b"\xff\xd8\xff\xe0....", "images are not supported"),
        ("bundle.zip", b"PK\x03\x04....", "ZIP archives are not supported"),
        ("story.docx", b"PK\x03\x04....", "Word documents are not supported"),
        ("renamed.html", b"%PDF-1.4 binary", "PDF files are not supported"),
        ("renamed.txt", b"\x89PNG\r\n\x1a\nxxxx", "images are not supported"),
        ("junk.txt", b"abc\x00\x01\x02\xff\xfe binary", "binary data, not text"),
        ("junk.html", b"<html>\x00\x00\x00\x00</html>", "binary data, not an HTML page"),
        ("empty.txt", b"", "no text"),
        ("blank.txt", b"  \n\t\n  ", "no text"),
        ("blank.html", b"  \n", "the file is empty"),
        ("broken.html.gz", b"\x1f\x8b\x08\x00 not really gzip", "not a valid gzip file"),
        ("page.xyz", b"\x01\x02\x03\xff\xfe\xfd" * 50, "unsupported file type .xyz"),
    ],
)
def test_bad_files_are_refused_in_one_line(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(BadInput) as caught:
        read_source(str(path))
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert reason in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("ftp://files.test/a.html", "ftp: addresses are not supported"),
        ("file:///etc/hosts", "file: addresses are not supported"),
        ("javascript:alert(1)", "javascript: addresses are not supported"),
        ("/no/such/file.html", "no such file$"),
        ("www.example.test/story", r"no such file \(for a web page, give the full https:// URL\)"),
        ("example.test", r"no such file \(for a web page"),
        ("missing-notes.txt", "no such file$"),
    ],
)
def test_bad_sources_are_refused(source, reason):
    with pytest.raises(BadInput, match=f"^{re.escape(source)}: {reason}"):
        read_source(source)


def test_folder_is_refused_and_listed_by_supported_files(tmp_path):
    (tmp_path / "a.html").write_text("<p>a</p>")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("b")
    (tmp_path / "sub" / "c.html.gz").write_bytes(gzip.compress(b"<p>c</p>"))
    (tmp_path / "scan.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "d.html").write_text("<p>d</p>")
    with pytest.raises(BadInput, match="is a folder"):
        read_source(str(tmp_path))
    names = [path.relative_to(tmp_path).as_posix() for path in supported_files(tmp_path)]
    assert names == ["a.html", "sub/b.txt", "sub/c.html.gz"]
    with pytest.raises(BadInput, match="not a folder"):
        supported_files(tmp_path / "a.html")


def test_article_to_json_shape(sample_text):
    article = article_from_text(sample_text, source="sample.txt")
    data = article_to_json(article)
    assert list(data) == [
        "source",
        "title",
        "author",
        "publisher",
        "published",
        "url",
        "language",
        "text",
        "posts",
    ]
    assert list(data["posts"][0]) == ["author", "handle", "date", "url", "text", "start", "end"]
    lisa = next(post for post in data["posts"] if post["handle"] == "@LisaScher")
    assert data["text"][lisa["start"] : lisa["end"]] == lisa["text"]
    json.dumps(data)  # serialisable as it is


def test_undecodable_stdin_bytes_become_replacement_characters(tmp_path):
    # Python reads stdin with surrogateescape under a C locale: the lone surrogates it
    # makes of bad bytes could not be hashed or stored (a traceback the fuzz suite found).
    from factdesk.desk import Desk

    with Desk(tmp_path / "desk.db") as desk:
        result = desk.import_source("-", stdin_text="Prices rose \udcff\ud800 by 5% last year.")
        text = desk.article(result.article.id).text
    assert text == "Prices rose \ufffd\ufffd by 5% last year."
