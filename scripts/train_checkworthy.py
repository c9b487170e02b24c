"""Train the check-worthiness model and write resources/checkworthy/model.npz.

    PYTHONPATH=. python scripts/train_checkworthy.py [--data DIR] [--out FILE] [--check]

The data: CheckThat! 2024 debates (../shared/data/checkworthy/) and the tweets, speeches
and news sentences of ../shared/data/checkworthy_more/ (see its README). Every source is
cut into three slices, never by random sentence (see `SLICES`):

- train: the heads are fitted on it;
- tune: held out by date or document; the encoder head's regularisation, and the way
  each genre combines the three outputs, its threshold and its calibration, are fitted
  there, on the outputs of heads fitted on train only (as the model meets new text in
  use, not text it has seen);
- test: held out by date or document (debates: the official dev-test), never used here;
  bench/bench_checkworthy.py reports on it.

Three heads, each a logistic model: "worth checking" over the hashed features of
factdesk.claims.checkworthy (debates, check-worthy tweets, news; shared weights plus one
set of weights per genre); "worth checking" over each sentence's vector from the shipped
encoder (factdesk.claims.encoder; shared and per-genre weights, the same sentences; the
vectors are computed once and cached, see sentence_vectors); and "states a verifiable
fact" (tweets labelled for a verifiable claim; n-grams only, as the claim kinds are
trained on it). Per genre (quote, post, article) a small logistic model weighs the three
into the score (stacking). The shipped heads are then fitted again on train + tune with
the same settings, and the combination is folded into the scorer's arrays
(shipped_arrays).

--check retrains and compares every array with the shipped file (exit 1 if any differs).
Uses scikit-learn and scipy, which the package itself never imports. Deterministic: one
BLAS thread, a deterministic solver and no sampling.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # the same sums in the same order, so the same weights

import argparse  # noqa: E402
import gzip  # noqa: E402
import hashlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
from dataclasses import dataclass, replace  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from scipy.sparse import csr_matrix, diags, hstack  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import precision_recall_fscore_support, roc_auc_score  # noqa: E402

from factdesk.claims import checkworthy as cw  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
C_WORTH = 1.0  # inverse regularisation of the n-gram "worth checking" head
C_VERIFIABLE = 1.0
# The encoder's vector has a head of its own (a logistic model over its 384 numbers,
# shared and per genre), and each genre weighs it beside the n-gram head on its tune
# slice: stacked. In one regression with the n-grams (the model of 2026-12-07), the
# n-grams fitted the training sentences first and the vector got little weight; stacked,
# each head is judged on sentences neither has seen. The encoder head's inverse
# regularisation is the one of these with the best mean ROC AUC on the tune slices.
C_VECTOR = (0.3, 1.0, 3.0)
# Each source's weight in the "worth checking" head: the few tweets and news sentences
# count more. The speeches are left out: their label (fact-checked by a journalist, 313
# sentences in 35,000) lowered both the debates and the held-out speeches when they were
# in (ROC AUC on held-out speeches 0.773 with them at weight 0.3, 0.805 without); they
# stay a held-out genre.
SOURCE_WEIGHTS = {"debates": 1.0, "tweets": 4.0, "speeches": 0.0, "news": 4.0}
# The encoder head leaves the news out too: NewsClaims marks claims on four COVID topics,
# and the encoder, which reads topics well, learnt "COVID" from them (the sample
# article's claims on Labour fell; tune ROC AUC 0.824 with news at 4, 0.820 without, the
# difference all on the news tune slice itself, 3 articles). Measured after the sample
# article was scored: see bench/RESULTS.md.
VECTOR_SOURCE_WEIGHTS = SOURCE_WEIGHTS | {"news": 0.0}
GENRE_OF_SOURCE = {"debates": "quote", "speeches": "quote", "tweets": "post", "news": "article"}
# The held-out sentences each genre's combination and threshold are tuned on. Quotes:
# the debates only, as the speeches' label (fact-checked by a journalist: 1 sentence in
# 100) would raise the threshold for every quote.
# The article's voice: news and debates together (the 13 positive news sentences of the
# tune slice alone make a shaky threshold).
TUNED_ON = {"quote": ("debates",), "post": ("tweets",), "article": ("debates", "news")}
# Each genre's threshold maximises F-beta on its tune slice. Posts weigh recall twice
# (F2): an article embeds a few posts, and a claim from social media that the desk misses
# is the costlier mistake (on held-out tweets: recall 0.56 -> about 0.75 for precision
# 0.34 -> about 0.25).
BETA = {"quote": 1.0, "post": 2.0, "article": 1.0}
# Genres with weights of their own beside the shared ones. Not the article's voice: its
# only data, NewsClaims, marks claims on four COVID topics, and weights learned from it
# pushed every other topic down ("The unemployment rate fell to 3.5% last year": 0.10).
# The article's voice borrows the quotes' weights instead (news states facts the way
# speakers do); news sentences train the shared weights only.
OWN_WEIGHTS = ("quote", "post")
BORROWS = {"article": "quote"}
RECENT_DEBATE_ID = 30000  # CT24 train ids from here on are the latest debates (2016)
SLICES = """
debates   train: CT24 train + dev with id < 30000; tune: train ids >= 30000 (the 2016
          debates, the latest); test: CT24 dev-test
tweets    by date (tweet ids grow with time), over both tweet files together so one tweet
          is in one slice: the oldest 70% train, the next 10% tune, the latest 20% test
speeches  by date of the speech (documents): the latest 9 test, the 5 before them tune
news      by article: the 18 articles ordered by the SHA-1 of their id, 5 test, 3 tune
"""


@dataclass(frozen=True)
class Sentence:
    text: str
    label: int
    task: str  # "worth" or "verifiable"
    source: str  # debates, tweets, speeches, news
    slice: str  # train, tune, test

    @property
    def genre(self) -> str:
        return GENRE_OF_SOURCE[self.source]


def default_data_dir() -> Path:
    for candidate in (REPO.parent / "shared" / "data", Path("/work/shared/data")):
        if (candidate / "checkworthy").is_dir():
            return candidate
    return REPO.parent / "shared" / "data"


def _rows(path: Path) -> list[dict]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def _tweet_id(row: dict) -> int:
    return int(float(row["id"][2:]))  # two ids were saved as "1.37041E+18"


def load_sentences(data: Path) -> list[Sentence]:
    """Every labelled sentence with its task, source and slice (see SLICES)."""
    found = []
    for split in ("train", "dev", "dev-test"):
        for row in _rows(data / "checkworthy" / f"ct24_english_{split}.normalized.jsonl"):
            recent = split == "train" and int(row["id"]) >= RECENT_DEBATE_ID
            part = "test" if split == "dev-test" else "tune" if recent else "train"
            found.append(
                Sentence(row["text"], int(row["label"] == "Yes"), "worth", "debates", part)
            )
    more = data / "checkworthy_more"
    tweets = {
        "worth": _rows(more / "tweets_cw.train.jsonl"),
        "verifiable": _rows(more / "tweets_claim.train.jsonl"),
    }
    ids = sorted({_tweet_id(row) for rows in tweets.values() for row in rows})
    tune_from, test_from = ids[int(len(ids) * 0.7)], ids[int(len(ids) * 0.8)]
    for task, rows in tweets.items():
        for row in rows:
            tid = _tweet_id(row)
            part = "test" if tid >= test_from else "tune" if tid >= tune_from else "train"
            found.append(Sentence(row["text"], int(row["label"]), task, "tweets", part))
    speeches = _rows(more / "speeches.train.jsonl.gz")
    documents = sorted({row["doc"] for row in speeches})  # named by date: 20160115_...
    test_docs, tune_docs = set(documents[-9:]), set(documents[-14:-9])
    for row in speeches:
        doc = row["doc"]
        part = "test" if doc in test_docs else "tune" if doc in tune_docs else "train"
        found.append(Sentence(row["text"], int(row["label"]), "worth", "speeches", part))
    news = _rows(more / "newsclaims.train.jsonl")
    documents = sorted(
        {row["doc"] for row in news}, key=lambda d: hashlib.sha1(d.encode()).hexdigest()
    )
    test_docs, tune_docs = set(documents[:5]), set(documents[5:8])
    for row in news:
        doc = row["doc"]
        part = "test" if doc in test_docs else "tune" if doc in tune_docs else "train"
        found.append(Sentence(row["text"], int(row["label"]), "worth", "news", part))
    return found


def needs_vector(sentence: Sentence) -> bool:
    """Whether any fit, tuning or test reads this sentence (the speeches' train slice is
    read by none: its vectors are left at zero, which saves most encoding)."""
    return sentence.slice != "train" or sentence.source != "speeches"


def batched_vectors(texts: list[str], batch: int = 32) -> np.ndarray:
    """The encoder's vectors, run in batches of sentences of similar length. The shipped
    weights were trained on vectors made this way; the scorer runs one sentence at a time
    (int8 activations are quantised per run), and the two agree to a cosine of 0.99 or
    more: the difference is far below what the regression can tell apart."""
    from factdesk.claims import encoder

    session = encoder._load()
    out = np.zeros((len(texts), encoder.DIMENSIONS), np.float32)
    clipped = [t[: encoder.MAX_TOKENS * 8] for t in texts]
    order = sorted(range(len(clipped)), key=lambda i: len(clipped[i]))
    for start in range(0, len(order), batch):
        picked = order[start : start + batch]
        ids, mask = encoder.tokenize([clipped[i] for i in picked], session.tokenizer)
        out[picked] = session.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
    return out


def sentence_vectors(sentences: list[Sentence], cache_dir: Path | None = None) -> np.ndarray:
    """The encoder's vector of each sentence that needs one (zeros elsewhere), cached on
    disk by the model file's and the text's SHA-1, as encoding all takes minutes."""
    from factdesk import paths
    from factdesk.claims import encoder

    model_sha = hashlib.sha1(paths.resource(encoder.MODEL_NAME).read_bytes()).hexdigest()[:12]
    cache_dir = cache_dir or Path.home() / ".cache" / "factdesk-training"
    cache_file = cache_dir / f"vectors-{model_sha}.npz"
    known: dict[bytes, np.ndarray] = {}
    if cache_file.exists():
        with np.load(cache_file) as npz:
            # numpy's "S20" drops a key's trailing NUL bytes: a SHA-1 is always 20 bytes,
            # so they are put back (else 1 key in 256 is never found, and its sentence is
            # encoded again on every run, in a batch that depends on what else is missing).
            keys = (bytes(key).ljust(20, b"\0") for key in npz["keys"])
            known = dict(zip(keys, npz["vectors"], strict=True))
    # The encoder reads what the scorer gives it: the text without links (cw.outputs).
    texts = [cw.plain_text(s.text[: cw.MAX_CHARS]) for s in sentences]
    keys = [hashlib.sha1(text.encode()).digest() for text in texts]
    wanted = [i for i, s in enumerate(sentences) if needs_vector(s)]
    missing = sorted({keys[i]: i for i in wanted if keys[i] not in known}.values())
    if missing:
        print(f"encoding {len(missing):,} sentences (cached in {cache_file}) ...", flush=True)
        for start in range(0, len(missing), 2000):
            part = missing[start : start + 2000]
            vectors = batched_vectors([texts[i] for i in part])
            known.update(zip((keys[i] for i in part), vectors, strict=True))
            cache_dir.mkdir(parents=True, exist_ok=True)
            np.savez(cache_file, keys=np.array(list(known), dtype="S20"),
                     vectors=np.array(list(known.values()), dtype=np.float32))  # fmt: skip
            print(f"  {start + len(part):,}/{len(missing):,}", flush=True)
    out = np.zeros((len(sentences), encoder.DIMENSIONS), np.float32)
    for i in wanted:
        out[i] = known[keys[i]]
    return out


def design_matrices(texts: list[str], genres: list[str]) -> tuple[csr_matrix, csr_matrix]:
    """The shared hashed columns (word, then char) and the per-genre hashed columns, as the
    scorer reads them (duplicates are summed)."""
    n = len(texts)
    words, chars = cw.featurise(texts)
    n_word, n_char = 1 << cw.WORD_BITS, 1 << cw.CHAR_BITS
    rows = np.concatenate([words.rows, chars.rows])
    values = np.concatenate([words.scale[words.rows], chars.scale[chars.rows]])
    shared = csr_matrix(
        (values, (rows, np.concatenate([words.cols, chars.cols + n_word]))),
        shape=(n, n_word + n_char),
    )
    block = cw.genre_index(genres, n)  # whose weights each sentence is scored with
    for genre, lender in BORROWS.items():
        block[block == cw.GENRES.index(genre)] = cw.GENRES.index(lender)
    word_genre, char_genre = cw.genre_columns(words, chars)
    width = 1 << cw.GENRE_BITS
    cols = np.concatenate([word_genre, char_genre]) + block[rows] * width
    per_genre = csr_matrix((values, (rows, cols)), shape=(n, len(cw.GENRES) * width))
    return shared, per_genre


def vector_design(vectors: np.ndarray, genres: list[str]) -> np.ndarray:
    """The encoder head's columns: the vector (shared), then the vector again in the block
    of each genre in OWN_WEIGHTS (zeros for sentences of other genres)."""
    own = [np.array([g == genre for g in genres])[:, None] * vectors for genre in OWN_WEIGHTS]
    return np.hstack([vectors, *own]).astype(np.float64)


N_HASHED = (1 << cw.WORD_BITS) + (1 << cw.CHAR_BITS)  # shared hashed columns
N_GENRE_HASHED = len(cw.GENRES) << cw.GENRE_BITS  # per-genre hashed columns


@dataclass
class Heads:
    worth: np.ndarray  # n-gram "worth checking": shared then per-genre columns (float16)
    worth_bias: float
    vector: np.ndarray  # encoder "worth checking": shared, then one block per OWN_WEIGHTS
    vector_bias: float
    verifiable: np.ndarray  # float16, shared hashed columns only
    verifiable_bias: float

    def margins(
        self, shared: csr_matrix, per_genre: csr_matrix, vectors: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The three outputs: n-gram worth, encoder worth, verifiable."""
        both = hstack([shared, per_genre]).tocsr()
        worth = both @ self.worth.astype(np.float64) + self.worth_bias
        verifiable = shared @ self.verifiable.astype(np.float64) + self.verifiable_bias
        return worth, vectors @ self.vector + self.vector_bias, verifiable


def _worth_rows(
    sentences, pick: np.ndarray, source_weights: dict[str, float]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which sentences train "worth checking" (picked, weighted), their weights and labels."""
    weights = np.array([source_weights[s.source] for s in sentences])
    worth = pick & np.array([s.task == "worth" for s in sentences]) & (weights > 0)
    return worth, weights, np.array([s.label for s in sentences])


def fit_vector_head(sentences, vectors: np.ndarray, pick: np.ndarray, c: float):
    """The encoder's "worth checking" head (logistic, dense columns of vector_design)."""
    worth, weights, labels = _worth_rows(sentences, pick, VECTOR_SOURCE_WEIGHTS)
    model = LogisticRegression(C=c, max_iter=5000).fit(
        vectors[worth], labels[worth], sample_weight=weights[worth]
    )
    return model.coef_[0].copy(), float(model.intercept_[0])


def fit_heads(sentences, shared, per_genre, vectors, pick: np.ndarray, c_vector: float) -> Heads:
    """The three heads, fitted on the sentences where `pick` is true: "worth checking" on
    the n-grams, the same on the encoder's vector, and "states a verifiable fact"."""
    worth, weights, labels = _worth_rows(sentences, pick, SOURCE_WEIGHTS)
    verifiable = pick & np.array([s.task == "verifiable" for s in sentences])
    # Only a genre with weights of its own trains them (news borrows, it does not lend).
    own = np.array([s.genre in OWN_WEIGHTS for s in sentences], dtype=np.float64)
    both = hstack([shared, diags(own) @ per_genre]).tocsr()
    worth_model = LogisticRegression(C=C_WORTH, max_iter=5000).fit(
        both[worth], labels[worth], sample_weight=weights[worth]
    )
    # "states a verifiable fact" stays on the n-grams: the claim kinds are trained on it.
    verifiable_model = LogisticRegression(C=C_VERIFIABLE, max_iter=5000).fit(
        shared[verifiable], labels[verifiable]
    )
    vector, vector_bias = fit_vector_head(sentences, vectors, pick, c_vector)
    return Heads(
        worth_model.coef_[0].astype(np.float16),  # as shipped
        float(worth_model.intercept_[0]),
        vector,
        vector_bias,
        verifiable_model.coef_[0].astype(np.float16),
        float(verifiable_model.intercept_[0]),
    )


def best_threshold(margins: np.ndarray, labels: np.ndarray, beta: float = 1.0) -> float:
    """The cut that maximises F-beta of the positive class (midway between two scores)."""
    order = np.argsort(-margins, kind="stable")
    sorted_margins, sorted_labels = margins[order], labels[order]
    true_pos = np.cumsum(sorted_labels)
    predicted = np.arange(1, len(labels) + 1)
    f1 = (1 + beta**2) * true_pos / (predicted + beta**2 * labels.sum())
    distinct = np.append(sorted_margins[1:] < sorted_margins[:-1], True)
    best = int(np.argmax(np.where(distinct, f1, -1)))
    below = sorted_margins[best + 1] if best + 1 < len(margins) else sorted_margins[best] - 1
    return float((sorted_margins[best] + below) / 2)


def fit_combination(outputs: np.ndarray, labels: np.ndarray, beta: float = 1.0) -> np.ndarray:
    """Weights w (one per column of `outputs`: n-gram worth, encoder worth, verifiable)
    and a bias, such that sigmoid(outputs @ w + bias) is calibrated on these held-out
    sentences and crosses 0.5 at their F-beta-best cut. No output may lower the score
    (w >= 0): on tweets that nearly all state a fact, "verifiable" gets a negative weight
    otherwise, and a plain fact would score below an opinion."""
    weights = np.maximum(LogisticRegression(C=1.0).fit(outputs, labels).coef_[0], 0.0)
    z = outputs @ weights
    threshold = best_threshold(z, labels, beta)
    slope = LogisticRegression(C=1e6).fit((z - threshold)[:, None], labels).coef_[0, 0]
    return np.append(slope * weights, -slope * threshold)


def tune_combinations(heads: Heads, sentences, shared, per_genre, vectors) -> np.ndarray:
    """Per genre (rows of cw.GENRES), the combination fitted on its tune sentences
    (TUNED_ON) from the outputs of `heads`."""
    outputs = np.column_stack(heads.margins(shared, per_genre, vectors))
    parts = np.array([s.slice for s in sentences])
    labels = np.array([s.label for s in sentences])
    is_worth = np.array([s.task == "worth" for s in sentences])
    sources = np.array([s.source for s in sentences])
    combine = np.zeros((len(cw.GENRES), 4))
    for i, genre in enumerate(cw.GENRES):
        tune = is_worth & (parts == "tune") & np.isin(sources, TUNED_ON[genre])
        combine[i] = fit_combination(outputs[tune], labels[tune], BETA[genre])
    return combine


def tune_auc(combine: np.ndarray, heads: Heads, sentences, shared, per_genre, vectors) -> float:
    """The mean over sources of the combined score's ROC AUC on each source's tune slice."""
    outputs = np.column_stack(heads.margins(shared, per_genre, vectors))
    genre_of = cw.genre_index([s.genre for s in sentences], len(sentences))
    scores = np.einsum("ij,ij->i", outputs, combine[genre_of, :3])
    aucs = []
    for source in SOURCE_WEIGHTS:
        tune = [s.source == source and s.slice == "tune" and s.task == "worth" for s in sentences]
        pick = np.array(tune)
        aucs.append(roc_auc_score([s.label for s in np.array(sentences)[pick]], scores[pick]))
    return float(np.mean(aucs))


def train(data: Path) -> tuple[dict[str, np.ndarray], list[Sentence]]:
    """The arrays of the weights file, and the sentences with their slices."""
    sentences = load_sentences(data)
    texts = [s.text for s in sentences]
    genres = [s.genre for s in sentences]
    vectors = vector_design(sentence_vectors(sentences), genres)
    shared, per_genre = design_matrices(texts, genres)
    parts = np.array([s.slice for s in sentences])

    # Heads fitted on train; the encoder head's regularisation and each genre's
    # combination chosen on the tune slices, from these heads' outputs.
    tuning = fit_heads(sentences, shared, per_genre, vectors, parts == "train", C_VECTOR[0])
    best: tuple[float, float, Heads, np.ndarray] | None = None
    for c in C_VECTOR:
        vector, vector_bias = fit_vector_head(sentences, vectors, parts == "train", c)
        heads = replace(tuning, vector=vector, vector_bias=vector_bias)
        combine = tune_combinations(heads, sentences, shared, per_genre, vectors)
        auc = tune_auc(combine, heads, sentences, shared, per_genre, vectors)
        print(f"encoder head C {c}: mean ROC AUC on the tune slices {auc:.4f}")
        if best is None or auc > best[0]:
            best = (auc, c, heads, combine)
    assert best is not None
    _, c_vector, _, combine = best
    for genre, row in zip(cw.GENRES, combine, strict=True):
        print(f"{genre:8s} n-gram {row[0]:.3f}, encoder {row[1]:.3f}, verifiable {row[2]:.3f}, "
              f"bias {row[3]:.3f} (encoder head C {c_vector})")  # fmt: skip

    heads = fit_heads(sentences, shared, per_genre, vectors, parts != "test", c_vector)
    return shipped_arrays(heads, combine), sentences


def shipped_arrays(heads: Heads, combine: np.ndarray) -> dict[str, np.ndarray]:
    """The weights file: the combination folded into the scorer's arrays. Per genre g,
    "worth checking" = ngram_scale[g] * (n-gram margin) + vector . vector_genre_weights[g],
    and the score is sigmoid(worth + combine[g, 1] * verifiable + combine[g, 2])."""
    dims = len(heads.vector) // (1 + len(OWN_WEIGHTS))
    genre_weights = heads.worth[N_HASHED:].reshape(len(cw.GENRES), -1).copy()
    for genre, lender in BORROWS.items():
        genre_weights[cw.GENRES.index(genre)] = genre_weights[cw.GENRES.index(lender)]
    vector_genre = np.zeros((len(cw.GENRES), dims))
    folded = np.zeros((len(cw.GENRES), 3))
    for i, genre in enumerate(cw.GENRES):
        _, encoder, verifiable, bias = combine[i]  # the n-gram weight: ngram_scale
        row = heads.vector[:dims].copy()
        if genre in OWN_WEIGHTS:
            block = 1 + OWN_WEIGHTS.index(genre)
            row += heads.vector[block * dims : (block + 1) * dims]
        vector_genre[i] = encoder * row
        folded[i] = (1.0, verifiable, bias + encoder * heads.vector_bias)
    meta = [cw.FEATURE_VERSION, cw.WORD_BITS, cw.CHAR_BITS, cw.GENRE_BITS,
            heads.worth_bias, heads.verifiable_bias]  # fmt: skip
    return {
        "meta": np.array(meta),
        "worth_weights": heads.worth[:N_HASHED],
        "genre_weights": genre_weights,
        "verifiable_weights": heads.verifiable,
        "ngram_scale": combine[:, 0].copy(),
        # The encoder's weights, scaled for each genre, all in the per-genre rows.
        "vector_weights": np.zeros(dims, np.float32),
        "vector_genre_weights": vector_genre.astype(np.float32),
        "combine": folded,
    }


def held_out_report(model_file: Path, sentences: list[Sentence]) -> None:
    """F1 and ROC AUC of the written model on each source's test slice."""
    model = cw.load_weights(model_file)
    for source in ("debates", "tweets", "speeches", "news"):
        test = [s for s in sentences if s.source == source and s.slice == "test"]
        test = [s for s in test if s.task == "worth"]
        texts, genres = [s.text for s in test], [s.genre for s in test]
        worth, verifiable = cw.outputs(texts, genres, model, sentence_vectors(test))
        scores = cw.combined_scores(worth, verifiable, cw.genre_index(genres, len(texts)),
                                    model.combine)  # fmt: skip
        labels = np.array([s.label for s in test])
        p, r, f, _ = precision_recall_fscore_support(labels, scores >= cw.THRESHOLD,
                                                     average="binary", zero_division=0)  # fmt: skip
        auc = roc_auc_score(labels, scores)
        print(
            f"test {source:9s} F1 {f:.3f} (P {p:.3f}, R {r:.3f})  ROC AUC {auc:.3f}  "
            f"n={len(labels)} ({labels.sum()} positive)"
        )


def write(arrays: dict[str, np.ndarray], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as file:
        np.savez_compressed(file, **arrays)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--out", type=Path, default=REPO / "resources" / cw.WEIGHTS_NAME)
    parser.add_argument("--check", action="store_true", help="compare with --out, write nothing")
    args = parser.parse_args(argv)
    arrays, sentences = train(args.data)
    if args.check:
        return check(arrays, args.out)
    write(arrays, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    held_out_report(args.out, sentences)
    return 0


def check(arrays: dict[str, np.ndarray], shipped: Path) -> int:
    """0 if the shipped file holds exactly these arrays, else 1 (naming what differs)."""
    with np.load(io.BytesIO(shipped.read_bytes()), allow_pickle=False) as npz:
        differ = [
            name for name, array in arrays.items()
            if name not in npz or not np.array_equal(npz[name], array)
        ]  # fmt: skip
    if differ:
        print(f"{shipped}: retrained model differs in {', '.join(differ)}")
        return 1
    print(f"{shipped}: retrained model is identical ({len(arrays)} arrays)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
