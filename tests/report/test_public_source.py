"""A published report says where an article came from (its URL or file name), without
the checker's own folders and without inventing a source for pasted text."""

from __future__ import annotations

import pytest

from factdesk.model import Article, Claim
from factdesk.report import Report, ReportItem, render_html, render_markdown, render_pdf
from factdesk.report.data import public_source

from .pdf_text import pdf_pages


def test_public_source_never_shows_local_folders():
    assert public_source(Article(source="/home/sam/Downloads/story.html", text="x")) == "story.html"
    assert public_source(Article(source=r"C:\Users\sam\story.txt", text="x")) == "story.txt"
    web = Article(source="/tmp/a.html", url="https://news.example/a", text="x")
    assert public_source(web) == "https://news.example/a"


def test_pasted_text_has_no_source_to_name():
    assert public_source(Article(source="-", text="x")) is None
    assert public_source(Article(source="  ", text="x")) is None


def _report(article: Article) -> Report:
    claim = Claim(text="Tax rose 5%", sentence="Tax rose 5%.", start=0, end=12,
                  article_id=article.id)  # fmt: skip
    return Report(title="r", items=[ReportItem(claim=claim, article=article)])


def _renderings(report: Report) -> dict[str, str]:
    return {
        "html": render_html(report),
        "qt preview": render_html(report, for_qt=True),
        "markdown": render_markdown(report),
        "pdf": "\n".join(pdf_pages(render_pdf(report))),
    }


def test_reports_name_the_file_not_its_folder():
    article = Article(source="/home/sam/Downloads/story.html", text="Tax rose 5%.", title=None)
    for name, rendered in _renderings(_report(article)).items():
        assert "story.html" in rendered, name
        assert "/home/sam" not in rendered and "Downloads" not in rendered, name


@pytest.mark.parametrize("source", ["-", ""])
def test_pasted_text_is_never_called_pasted_text(source):
    article = Article(source=source, text="Tax rose 5%.", title="Budget notes")
    for name, rendered in _renderings(_report(article)).items():
        assert "pasted text" not in rendered.casefold(), name
        assert "Budget notes" in rendered, name
