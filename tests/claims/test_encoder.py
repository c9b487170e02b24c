"""The shipped sentence encoder (MiniLM-L6's first layers, int8, run by onnxruntime): real
vectors from the real model file, from several threads at once."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from factdesk.claims import encoder


def test_vectors_are_unit_length_and_paraphrases_are_closest():
    texts = [
        "The unemployment rate fell to 3.5% last year.",
        "Last year joblessness dropped to three and a half per cent.",
        "Click here to subscribe to our newsletter.",
    ]
    vectors = encoder.embed(texts)
    assert vectors.shape == (3, encoder.DIMENSIONS) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    similar, unrelated = vectors[0] @ vectors[1], vectors[0] @ vectors[2]
    assert similar > unrelated + 0.2, (similar, unrelated)


def test_a_sentence_gets_the_same_vector_whatever_its_neighbours():
    """int8 activations are quantised per run: each sentence is run alone."""
    alone = encoder.embed(["Crime fell by 12% last year."])[0]
    long = "The council said the bridge, which opened in May, cost " + "far more " * 30
    encoder._cache.clear()  # computed again, not remembered
    batched = encoder.embed([long, "Crime fell by 12% last year.", "Yes."])[1]
    assert np.array_equal(alone, batched)


def test_empty_and_very_long_inputs():
    assert encoder.embed([]).shape == (0, encoder.DIMENSIONS)
    vectors = encoder.embed(["", "word " * 20_000])  # truncated to MAX_TOKENS word pieces
    assert np.isfinite(vectors).all()


def test_threads_share_one_model_and_get_the_same_vectors():
    texts = [f"The bridge cost {n} million pounds, twice the estimate." for n in range(40)]
    expected = encoder.embed(texts)
    results: list[np.ndarray] = []

    def run() -> None:
        results.append(encoder.embed(texts))

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4
    for vectors in results:
        assert np.allclose(vectors, expected, atol=1e-5)


def test_a_corrupt_model_file_is_a_clear_error(tmp_path, monkeypatch):
    bad = tmp_path / "models"
    bad.mkdir()
    (bad / "minilm-l6-first3-int8.onnx").write_bytes(b"not a model")
    (bad / "minilm-tokenizer.json").write_text("{}")
    monkeypatch.setattr(encoder, "_encoder", None)
    monkeypatch.setattr(encoder.paths, "resource", lambda name: tmp_path / name)
    with pytest.raises(encoder.EncoderError, match="corrupt"):
        encoder.embed(["Crime fell."])
    (bad / "minilm-l6-first3-int8.onnx").unlink()
    with pytest.raises(encoder.EncoderError, match="not available"):
        encoder.embed(["Crime fell."])


def test_repeated_texts_come_from_the_cache_and_it_stays_bounded(monkeypatch):
    monkeypatch.setattr(encoder, "CACHE_SIZE", 3)
    monkeypatch.setattr(encoder, "_cache", encoder.OrderedDict())
    first = encoder.embed(["The toll rose by 4%."])
    runs = []
    session = encoder._load().session
    monkeypatch.setattr(encoder._load(), "session", _Counting(session, runs))
    again = encoder.embed(["The toll rose by 4%.", "The toll rose by 4%."])
    assert runs == [] and np.array_equal(again[0], first[0]) and np.array_equal(again[1], first[0])
    encoder.embed([f"Sentence number {n} is new." for n in range(5)])
    assert len(runs) == 5 and len(encoder._cache) == 3


class _Counting:
    def __init__(self, session, runs):
        self.session, self.runs = session, runs

    def run(self, names, feeds):
        self.runs.append(feeds["input_ids"].shape)
        return self.session.run(names, feeds)
