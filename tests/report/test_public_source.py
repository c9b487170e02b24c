"""A published report says where an article came from without the checker's own folders."""

from __future__ import annotations

from factdesk.model import Article
from factdesk.report import Report, ReportItem, render_html, render_markdown
from factdesk.report.data import public_source


def test_public_source_never_shows_local_folders():
    assert public_source(Article(source="/home/sam/Downloads/story.html", text="x")) == "story.html"
    assert public_source(Article(source=r"C:\Users\sam\story.txt", text="x")) == "story.txt"
    assert public_source(Article(source="-", text="x")) == "pasted text"
    web = Article(source="/tmp/a.html", url="https://news.example/a", text="x")
    assert public_source(web) == "https://news.example/a"


def test_reports_name_the_file_not_its_folder():
    from factdesk.model import Claim

    article = Article(source="/home/sam/Downloads/story.html", text="Tax rose 5%.", title=None)
    claim = Claim(text="Tax rose 5%", sentence="Tax rose 5%.", start=0, end=12,
                  article_id=article.id)  # fmt: skip
    report = Report(title="r", items=[ReportItem(claim=claim, article=article)])
    for rendered in (
        render_html(report),
        render_html(report, for_qt=True),
        render_markdown(report),
    ):
        assert "story.html" in rendered
        assert "/home/sam" not in rendered and "Downloads" not in rendered
