"""Ingest: articles from URLs, HTML and text files, pasted text and stdin.

    read_source(source, fetcher=None, stdin_text=None) -> Article
    article_from_text(text, source=..., title=None) -> Article
    article_to_json(article) -> dict        # the `factdesk extract` output
    supported_files(folder) -> list[Path]    # what a folder import reads

Heavier pieces live in their modules: fetch.Fetcher, extract.extract_article,
posts.find_embedded_posts / find_text_posts, bulk.extract_many.
"""

from __future__ import annotations

from factdesk.ingest.sources import article_from_text, read_source, supported_files
from factdesk.model import Article

__all__ = ["article_from_text", "article_to_json", "read_source", "supported_files"]


def article_to_json(article: Article) -> dict:
    """An article as `factdesk extract` prints it (no raw HTML, no database fields)."""
    return {
        "source": article.source,
        "title": article.title,
        "author": article.author,
        "publisher": article.publisher,
        "published": article.published,
        "url": article.url,
        "language": article.language,
        "text": article.text,
        "posts": [
            {
                "author": post.author,
                "handle": post.handle,
                "date": post.date,
                "url": post.url,
                "text": post.text,
                "start": post.start,
                "end": post.end,
            }
            for post in article.posts
        ],
    }
