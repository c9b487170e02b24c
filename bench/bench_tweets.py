"""Embedded tweets on ../shared/data/tweets: the share of the manifest's tweets found with
the right handle and status URL (and kept in the extracted text), and posts found on the
negatives (pages naming "twitter-tweet" only in CSS or share buttons).

The peer, in the same run: trafilatura's own text, checked for each tweet's words.

    PYTHONPATH=. python bench/bench_tweets.py
"""

from __future__ import annotations

import gzip
import json
import sys

import trafilatura
from common import shared_data

from factdesk.ingest.extract import extract_article


def main() -> int:
    folder = shared_data() / "tweets"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    expected = found = in_text = peer_in_text = 0
    negative_pages = negative_posts = 0
    misses = []
    for entry in manifest:
        html = gzip.decompress((folder / entry["file"]).read_bytes())
        article = extract_article(html, source=entry["file"])
        if not entry["has_embedded_tweet"]:
            negative_pages += 1
            negative_posts += len(article.posts)
            continue
        peer_words = " ".join((trafilatura.extract(html) or "").split())
        ours = {(post.handle, post.url): post for post in article.posts}
        for tweet in entry["tweets"]:
            expected += 1
            url = tweet["status_urls"][0]
            handle = "@" + url.split("/")[3]
            post = ours.get((handle, url))
            words = " ".join(tweet["tweet_text"].split())
            if post is None:
                misses.append(f"{entry['file']}: {url}")
                continue
            found += 1
            text_words = " ".join(article.text[post.start : post.end].split())
            in_text += text_words == words
            peer_in_text += words in peer_words

    print(f"Embedded tweets: {expected} in the manifest's {len(manifest) - negative_pages} pages")
    print(f"  found with the right handle and status URL: {found}/{expected} (target: all)")
    print(f"  their exact words in factdesk's text:     {in_text}/{expected}")
    print(f"  peer, trafilatura.extract keeps the words: {peer_in_text}/{expected}")
    print(f"Negatives: {negative_posts} posts on {negative_pages} pages (target: none)")
    for miss in misses:
        print("  missed:", miss)
    return 0 if found == expected and negative_posts == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
