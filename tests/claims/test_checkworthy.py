"""Check-worthiness scores and claim kinds (factdesk.claims.checkworthy)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from factdesk.claims import checkworthy as cw
from factdesk.claims.checkworthy import claim_kind
from factdesk.model import CLAIM_KINDS

REPO = Path(__file__).resolve().parents[2]


def _data_dir() -> Path | None:
    for candidate in (REPO.parent / "shared" / "data", Path("/work/shared/data")):
        if (candidate / "checkworthy").is_dir():
            return candidate / "checkworthy"
    return None


def test_scores_are_in_range_and_kinds_known():
    texts = ["", "Yes.", "The unemployment rate fell to 3.5% last year.", "Ünïcödé 🌹 text €5"]
    for result in cw.score_sentences(texts):
        assert 0.0 <= result.score <= 1.0
        assert result.kind in CLAIM_KINDS
        assert result.checkworthy == (result.score >= cw.THRESHOLD)


def test_clear_cases_are_ordered_sensibly():
    factual = cw.score_sentence("The unemployment rate fell to 3.5% last year.")
    thanks = cw.score_sentence("Thank you very much.")
    assert factual.score > thanks.score
    assert factual.checkworthy
    assert not thanks.checkworthy
    assert thanks.kind == "not a claim"
    statistic = cw.score_sentence("We spend $700 billion a year on the military, more than China.")
    opinion = cw.score_sentence("I think that's a wonderful idea.")
    assert statistic.score > opinion.score


def test_threshold_splits_yes_from_no():
    results = cw.score_sentences(
        [
            "Crime went up 20 percent in the last two years under this mayor.",
            "Let me finish.",
            "Good evening, everybody.",
            "China spends three times more on infrastructure than we do.",
        ]
    )
    assert [r.checkworthy for r in results] == [True, False, False, True]
    assert all(r.checkworthy == (r.score >= cw.THRESHOLD) for r in results)


def test_batch_equals_one_by_one():
    texts = [
        "He voted for the war in Iraq in 2002.",
        "Thank you.",
        "  Spaces   and\nnewlines  ",
        "",
        "We have cut leakage in half.",
        "The tax will cost families $4,000 a year.",
    ]
    batch = cw.score_sentences(texts)
    for text, result in zip(texts, batch, strict=True):
        single = cw.score_sentence(text)
        assert single.kind == result.kind
        assert single.checkworthy == result.checkworthy
        assert single.score == pytest.approx(result.score, abs=1e-12)


def test_empty_batch():
    assert cw.score_sentences([]) == []


def test_shipped_model_reaches_a_sane_f1_on_dev():
    folder = _data_dir()
    if folder is None:
        pytest.skip("../shared/data/checkworthy is not here")
    rows = [json.loads(line) for line in (folder / "ct24_english_dev.normalized.jsonl").open()]
    predicted = np.array([r.checkworthy for r in cw.score_sentences([r["text"] for r in rows])])
    truth = np.array([r["label"] == "Yes" for r in rows])
    true_pos = (predicted & truth).sum()
    f1 = 2 * true_pos / (predicted.sum() + truth.sum())
    assert f1 > 0.75


def test_missing_weights_is_a_clear_error(tmp_path):
    with pytest.raises(cw.WeightsError, match=r"missing\.npz: .*not found"):
        cw.load_weights(tmp_path / "missing.npz")


def test_corrupt_weights_is_a_clear_error(tmp_path):
    bad = tmp_path / "model.npz"
    bad.write_bytes(b"not a zip file at all")
    with pytest.raises(cw.WeightsError, match=r"model\.npz: .*corrupt"):
        cw.load_weights(bad)


def test_weights_of_another_shape_are_refused(tmp_path):
    other = tmp_path / "model.npz"
    meta = np.array([cw.FEATURE_VERSION, 10, 10, cw.GENRE_BITS, 0.0, 0.0])
    np.savez_compressed(
        other,
        meta=meta,
        worth_weights=np.zeros(2048),
        genre_weights=np.zeros((3, 1 << cw.GENRE_BITS)),
        verifiable_weights=np.zeros(2048),
        combine=np.zeros((3, 3)),
        vector_weights=np.zeros(cw.DIMENSIONS),
        vector_genre_weights=np.zeros((3, cw.DIMENSIONS)),
    )
    with pytest.raises(cw.WeightsError, match="do not match"):
        cw.load_weights(other)


def test_missing_resource_is_reported_on_first_use(tmp_path, monkeypatch):
    monkeypatch.setattr(cw, "_model", None)
    monkeypatch.setattr(cw.paths, "resource", lambda name: tmp_path / name)
    with pytest.raises(cw.WeightsError, match="not found"):
        cw.score_sentence("The unemployment rate fell to 3.5% last year.")


def test_odd_text_is_scored():
    odd = ["\ud800 lone surrogate", "nul\0inside", "x" * 100_000, "🌹🔥", "   "]
    results = cw.score_sentences(odd)
    assert len(results) == len(odd)
    assert all(0.0 <= r.score <= 1.0 for r in results)
    # Only the first MAX_CHARS characters of a sentence count.
    long_text = "The deficit rose by 40 percent. " * 200
    assert cw.score_sentence(long_text).score == pytest.approx(
        cw.score_sentence(long_text[: cw.MAX_CHARS]).score
    )


def test_long_batches_are_chunked_consistently():
    texts = [f"In {1900 + i} the debt was {i} billion dollars." for i in range(cw.CHUNK + 5)]
    genres = [cw.GENRES[i % 3] for i in range(len(texts))]
    whole = cw.outputs(texts, genres)
    parts = [cw.outputs(texts[:7], genres[:7]), cw.outputs(texts[7:], genres[7:])]
    for output in (0, 1):
        assert np.allclose(whole[output], np.concatenate([part[output] for part in parts]))


def test_web_artefacts_are_read_as_plain_text():
    assert cw.plain_text("stop it#Jews4Labour now") == "stop itJewsLabour now"
    assert cw.plain_text("a @jeremycorbyn government") == "a Name government"
    assert "t.co" not in cw.plain_text("Read this https://t.co/iqmL7CnUOr pic.twitter.com/8EGUC")
    assert cw.plain_text("We were #1 in 2019, mail me at a@b.org") == (
        "We were #1 in 2019, mail me at a@b.org"
    )
    # A hashtag's digits are no quantity; links do not change the score.
    assert claim_kind("Fantastic to see #Jews4Labour trending.") != "quantity"
    plain = cw.score_sentence("Crime has doubled in London since the election.")
    linked = cw.score_sentence(
        "Crime has doubled in London since the election. https://t.co/abc123"
    )
    assert linked.score == pytest.approx(plain.score)


def test_shipped_weights_are_small_and_load():
    weights = cw.paths.resource(cw.WEIGHTS_NAME)
    assert len(weights.read_bytes()) < 3_000_000
    model = cw.load_weights(weights)
    assert np.isfinite(model.combine).all()
    # Every genre weighs "worth checking" up: it is the main output.
    assert (model.combine[:, 0] > 0).all()


def test_genre_is_known_at_scoring_time_and_changes_the_score():
    text = "Chief Rabbi Mirvis is a Tory activist."
    scores = {genre: cw.score_sentence(text, genre).score for genre in cw.GENRES}
    assert len(set(scores.values())) == 3
    assert cw.score_sentences([text])[0].score == scores["article"]  # the default
    with pytest.raises(ValueError, match="genres"):
        cw.score_sentences([text, text], ["post"])


def test_both_outputs_are_combined_into_the_score():
    texts = ["Unemployment fell to 3.5% last year.", "Thank you all for coming tonight."]
    genres = ["quote", "quote"]
    worth, verifiable = cw.outputs(texts, genres)
    assert worth[0] > worth[1] and verifiable[0] > verifiable[1]
    model = cw._load_model()
    genre = cw.genre_index(genres, 2)
    combined = cw.combined_scores(worth, verifiable, genre, model.combine)
    assert np.allclose(combined, [r.score for r in cw.score_sentences(texts, genres)])
    # The combination reads "verifiable" as it weighs it (the shipped weights give it
    # none once the encoder is stacked; the claim kinds still read it).
    doubled = cw.combined_scores(worth, 2 * verifiable, genre, model.combine)
    b = model.combine[genre, 1]
    assert np.allclose(np.log(doubled / (1 - doubled)) - np.log(combined / (1 - combined)),
                       b * verifiable)  # fmt: skip


def test_the_ngram_head_is_weighed_per_genre():
    """Stacked: each genre weighs the n-gram part of "worth checking" by its ngram_scale,
    beside the encoder's part; a file without ngram_scale (the n-gram model of posts)
    weighs it 1 in every genre."""
    texts = ["Unemployment fell to 3.5% last year.", "Thank you all for coming tonight."]
    model = cw._load_model()
    zeros = np.zeros((2, cw.DIMENSIONS), np.float32)
    assert (model.ngram_scale >= 0).all() and model.ngram_scale[cw.GENRES.index("quote")] > 0
    for genre in cw.GENRES:
        scaled, _ = cw.outputs(texts, [genre] * 2, model, zeros)
        unscaled = dataclasses.replace(model, ngram_scale=np.ones(len(cw.GENRES)))
        plain, _ = cw.outputs(texts, [genre] * 2, unscaled, zeros)
        assert np.allclose(scaled, model.ngram_scale[cw.GENRES.index(genre)] * plain)
    assert (cw._load_post_ngram_model().ngram_scale == 1).all()


def test_weights_without_their_fields_are_corrupt(tmp_path):
    partial = tmp_path / "model.npz"
    np.savez_compressed(partial, meta=np.array([1.0, 2.0]), word_weights=np.zeros(4))
    with pytest.raises(cw.WeightsError, match="corrupt"):
        cw.load_weights(partial)


def test_the_encoder_takes_part_in_worth_checking():
    """The sentence's vector from the encoder adds to "worth checking" (shared and per-genre
    weights); "states a verifiable fact" reads the n-grams alone (the kinds are trained on it)."""
    from factdesk.claims.encoder import embed

    texts = ["Unemployment fell to 3.5% last year.", "Thank you all for coming tonight."]
    genres = ["quote", "post"]
    vectors = embed(texts)
    worth, verifiable = cw.outputs(texts, genres)
    given = cw.outputs(texts, genres, vectors=vectors)
    assert np.allclose(worth, given[0]) and np.allclose(verifiable, given[1])
    blind_worth, blind_verifiable = cw.outputs(texts, genres, vectors=np.zeros_like(vectors))
    model = cw._load_model()
    genre = cw.genre_index(genres, 2)
    expected = vectors @ model.vector_weights + np.einsum(
        "ij,ij->i", vectors, model.vector_genre_weights[genre]
    )
    assert np.allclose(worth - blind_worth, expected, atol=1e-5)
    assert np.abs(expected).min() > 1e-3  # it moves the score
    assert np.allclose(verifiable, blind_verifiable)


def test_posts_take_the_higher_of_the_joint_and_the_ngram_score():
    texts = [
        "Chief Rabbi Mirvis is a Tory activist. Why is this not mentioned on the news?",
        "Thank you all for coming tonight.",
        "Unemployment fell to 3.5% last year.",
    ]
    model, ngram = cw._load_model(), cw._load_post_ngram_model()
    assert not ngram.vector_weights.any() and not ngram.vector_genre_weights.any()
    genre = cw.genre_index(["post"] * 3, 3)
    joint = cw.combined_scores(*cw.outputs(texts, ["post"] * 3, model), genre, model.combine)
    zeros = np.zeros((3, cw.DIMENSIONS), np.float32)
    alone = cw.combined_scores(*cw.outputs(texts, ["post"] * 3, ngram, zeros), genre, ngram.combine)
    scored = [r.score for r in cw.score_sentences(texts, ["post"] * 3)]
    assert np.allclose(scored, np.maximum(joint, alone))
    assert scored[0] == alone[0] > joint[0]  # the mission's example (flagged in its article)
    # Other genres are the joint model's alone.
    quote = cw.genre_index(["quote"] * 3, 3)
    as_quotes = cw.combined_scores(*cw.outputs(texts, ["quote"] * 3, model), quote, model.combine)
    assert np.allclose([r.score for r in cw.score_sentences(texts, ["quote"] * 3)], as_quotes)
