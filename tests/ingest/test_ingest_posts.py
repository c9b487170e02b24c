"""Posts in plain text: `TEXT — Name (@handle) Month D, YYYY`, on the sample article."""

from __future__ import annotations

from factdesk.ingest.posts import find_text_posts, parse_post_date


def test_sample_posts_with_authors_handles_and_dates(sample_text):
    posts = find_text_posts(sample_text)
    assert len(posts) == 15
    for post in posts:
        assert sample_text[post.start : post.end] == post.text
        after = sample_text[post.end :]
        assert after.startswith(f" — {post.author} ({post.handle}) November 26, 2019")
        assert post.date == "2019-11-26"
        assert post.url is None
    first, last = posts[0], posts[-1]
    assert (first.author, first.handle) == ("Mr V🌹 #GTTO", "@LordMVee")
    assert first.text == "Fantastic to see #Jews4Labour trending at no.1 in the UK. There is hope."
    assert (last.author, last.handle, last.date) == ("James James", "@Tingaling007", "2019-11-26")
    assert last.text.startswith("Chief Rabbi Mirvis is a Tory activist.")
    assert last.text.endswith("pic.twitter.com/Z8ZMhyeL8n")


def test_a_post_over_three_paragraphs(sample_text):
    lisa = next(post for post in find_text_posts(sample_text) if post.handle == "@LisaScher")
    assert lisa.author == "Lisa Scher 🌹"
    paragraphs = lisa.text.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("#Jews4Labour I am Jewish, over 50")
    assert paragraphs[1] == (
        "This anti-semitic redorick pops up every time a socialist is close to winning."
    )
    assert paragraphs[2] == "The establishment is scared!"


def test_article_lead_ins_stay_outside_the_posts(sample_text):
    posts = {post.handle: post for post in find_text_posts(sample_text)}
    assert posts["@citysoul5"].text.startswith("No. We’ve been doing this for too long.")
    assert posts["@SuheylaTopuz"].text == (
        "Are you going to retweet anyone from the trending #Jews4Labour"
    )
    assert posts["@jsternweiner"].text.startswith("I joined Labour to get rid of")
    joined = " ".join(post.text for post in posts.values())
    assert "Others called out" not in joined
    assert "Others wanted to know" not in joined
    assert "The hashtag Jews4Labour is trending" not in joined


def test_attribution_on_its_own_paragraph():
    text = (
        "The governor replied on Monday.\n\n"
        "Hey Twitter, the point is to raise awareness. #MethWeAreOnIt\n\n"
        "— Governor Kristi Noem (@govkristinoem) Nov. 18, 2019\n\n"
        "The campaign cost $449,000."
    )
    [post] = find_text_posts(text)
    assert post.text == "Hey Twitter, the point is to raise awareness. #MethWeAreOnIt"
    assert (post.handle, post.date) == ("@govkristinoem", "2019-11-18")
    assert text[post.start : post.end] == post.text


def test_a_first_person_post_over_paragraphs_without_hashtags():
    text = (
        "Omar shared a letter.\n\n"
        "Sharing my full letter on the sentencing.\n\n"
        "We must apply a system of compassion to criminal justice.\n\n"
        "Who are we as a nation? pic.twitter.com/s96jjh8AlD — Rep. Ilhan Omar (@Ilhan) "
        "November 19, 2019"
    )
    [post] = find_text_posts(text)
    assert post.text.startswith("Sharing my full letter")
    assert post.text.endswith("pic.twitter.com/s96jjh8AlD")


def test_no_posts_in_ordinary_prose():
    text = "The minister — who spoke on Monday — said taxes would fall (@ 5%) by 2026."
    assert find_text_posts(text) == []


def test_post_dates():
    assert parse_post_date("November 26, 2019") == "2019-11-26"
    assert parse_post_date("Feb 29, 2024") == "2024-02-29"
    assert parse_post_date("February 30, 2024") is None
    assert parse_post_date("26 novembre 2019") is None
    assert parse_post_date("Sept. 5, 2023") == "2023-09-05"
    assert parse_post_date("Mayday 5, 2020") is None
