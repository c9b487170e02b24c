"""Fuzzing bundle imports: thousands of damaged bundles, each either merged whole (and
then everything still works: every export, a bundle round trip, the offline look-up,
verdicts that follow their history) or refused with one clear error. Never a traceback.

Four times the fuzz profile's examples (tests/fuzz/conftest.py: 160 in CI, 6,000 with
FACTDESK_FUZZ=release), as a bundle is accepted far less often than a page; the counts
are printed with the others at the end of the run.
"""

from __future__ import annotations

import base64
import gzip
import itertools
import json
import shutil
import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factdesk.desk import Desk
from factdesk.model import Article, Claim, Post, PriorCheck, RatingLevel, RatingScale

EXAMPLES = 4 * (settings.get_profile("factdesk-fuzz").max_examples or 40)
TEXT = (
    "The council cut leakage by half in 2019. Ms Rusk said so.\n\n"
    "Water bills rose 12% last year. Everyone agrees."
)
PAGE = b"<html><head><title>Leakage</title></head><body><p>" + TEXT.encode() + b"</p></body></html>"


def _split(article: Article) -> list[Claim]:
    claims, start = [], 0
    for piece in ("The council cut leakage by half in 2019.", "Water bills rose 12% last year."):
        start = article.text.index(piece, start)
        claims.append(
            Claim(
                text=piece,
                sentence=piece,
                start=start,
                end=start + len(piece),
                score=0.7,
                checkworthy=True,
                kind="quantity",
            )
        )
    return claims


def _seed(path: Path) -> None:
    """A small database using every table and column kind a bundle carries."""
    with Desk(path) as desk:
        post = Post(
            author="Elena Rusk",
            handle="@rusk",
            date="2019-11-26",
            url=None,
            text="Water bills rose 12% last year.",
            start=60,
            end=91,
        )
        first = desk.import_article(
            Article(
                source="https://example.org/a",
                url="https://example.org/a",
                text=TEXT,
                raw=PAGE,
                posts=[post],
                published="2019-11-27",
            ),
            split=_split,
        ).article
        desk.import_article(Article(source="b.txt", text=TEXT + " More."), split=_split)
        desk.save_scale(
            RatingScale(
                "traffic",
                "Traffic light",
                [RatingLevel("Green", value=3.0), RatingLevel("Red", value=1.0)],
            )
        )
        claims = desk.claims()
        desk.set_verdict(claims[0].id, "False", scale="politifact", summary="It rose.")
        desk.set_verdict(claims[1].id, "red", scale="traffic")
        desk.set_status(claims[0].id, "in review", assignee="Sam")
        desk.update_claim(claims[0].id, speaker="Ms Rusk")
        evidence = desk.add_evidence(claims[0].id, "https://example.org/e", fetch=False).made
        desk.update_evidence(evidence.id, stance="refutes", note="p. 3")
        desk.save_prior_checks(
            claims[0].id,
            [PriorCheck("Leakage halved", "https://fc.example/1", rating="False", publisher="FC")],
        )
        desk.save_prior_checks(None, [PriorCheck("Bills rose 12%", "https://fc.example/2")])
        desk.delete_claims([claims[-1].id])
        assert first.id


JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            "new",
            "refutes",
            "2026-01-01T00:00:00+00:00",
            "2026-13-45",
            "1e999",
            base64.b64encode(b"not gzip").decode(),
            base64.b64encode(gzip.compress(b"x")).decode(),
            "{}",
            '{"text": "2026-01-01T00:00:00+00:00"}',
            "x" * 5000,
        ]
    ),
)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)

MUTATIONS = st.sampled_from(
    [
        "set",
        "set_id",
        "drop_key",
        "add_key",
        "drop_line",
        "repeat_line",
        "move_line",
        "retable",
        "garbage_line",
        "deep_line",
        "header",
        "truncate",
        "flip_byte",
    ]
)


def _mutate(lines: list[str], data: st.DataObject, ids: list[str]) -> bytes:
    """Apply 1-3 random damages to a bundle's lines; returns the gzip file's bytes."""
    lines = list(lines)
    byte_damage = []
    for _ in range(data.draw(st.integers(1, 3))):
        kind = data.draw(MUTATIONS)
        index = data.draw(st.integers(1, len(lines) - 1)) if len(lines) > 1 else 0
        try:
            item = json.loads(lines[index]) if index else None
        except (ValueError, RecursionError):  # a line an earlier damage made garbage
            item = None
        row = item["row"] if isinstance(item, dict) and isinstance(item.get("row"), dict) else None
        if kind == "set" and row:
            row[data.draw(st.sampled_from(sorted(row)))] = data.draw(JSON_VALUES)
        elif kind == "set_id" and row:
            keys = [k for k in row if k == "id" or k.endswith("_id")]
            if keys:
                row[data.draw(st.sampled_from(keys))] = data.draw(st.sampled_from(ids))
        elif kind == "drop_key" and row:
            row.pop(data.draw(st.sampled_from(sorted(row))))
        elif kind == "add_key" and row:
            row[data.draw(st.text(max_size=8))] = data.draw(JSON_LEAVES)
        elif kind == "drop_line" and index:
            lines.pop(index)
            continue
        elif kind == "repeat_line":
            lines.insert(data.draw(st.integers(0, len(lines))), lines[index])
            continue
        elif kind == "move_line":
            lines.insert(data.draw(st.integers(1, len(lines))), lines.pop(index))
            continue
        elif kind == "retable" and item:
            item["table"] = data.draw(
                st.sampled_from(
                    [
                        "articles",
                        "posts",
                        "claims",
                        "evidence",
                        "verdicts",
                        "status_changes",
                        "prior_checks",
                        "rating_scales",
                        "rating_levels",
                        "tombstones",
                        "settings",
                        7,
                    ]
                )
            )
        elif kind == "garbage_line":
            lines[index] = data.draw(st.text(max_size=30))
            continue
        elif kind == "deep_line":
            depth = data.draw(st.integers(500, 20000))
            lines[index] = '{"table": "claims", "row": ' + "[" * depth + "]" * depth + "}"
            continue
        elif kind == "header":
            try:
                header = json.loads(lines[0])
            except (ValueError, RecursionError):
                continue
            if not isinstance(header, dict):
                continue
            header[data.draw(st.sampled_from(["format", "version", "factdesk"]))] = data.draw(
                JSON_LEAVES
            )
            lines[0] = json.dumps(header)
            continue
        elif kind in ("truncate", "flip_byte"):
            byte_damage.append((kind, data.draw(st.floats(0, 1)), data.draw(st.integers(0, 255))))
            continue
        if item is not None and index < len(lines):
            lines[index] = json.dumps(item)
    raw = gzip.compress("\n".join(str(line) for line in lines).encode("utf-8") + b"\n")
    for kind, where, value in byte_damage:
        at = int(where * (len(raw) - 1))
        raw = raw[:at] if kind == "truncate" else raw[:at] + bytes([value]) + raw[at + 1 :]
    return raw


def _still_works(path: Path, work: Path) -> None:
    """What an accepted bundle must not break: reading, every export, a bundle round
    trip, the offline look-up, and the derived columns."""
    with Desk(path) as desk:
        for fmt in ("html", "md", "csv", "json", "claimreview"):
            desk.export(fmt, work / f"out.{fmt}")
        desk.export_bundle(work / "again.bundle")
        for article in desk.articles():
            desk.article(article.id)
        for claim in desk.claims():
            verdicts = desk.verdicts(claim.id)
            assert claim.verdict == ((verdicts[-1].rating or "Conclusion") if verdicts else None)
            desk.prior_checks_for(claim.id)
            desk.similar_claims(claim.id)
            desk.history(claim.id)
            for evidence in desk.evidence(claim.id):
                desk.evidence_snapshot_html(evidence.id)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
    with Desk(work / "round-trip.db") as fresh:
        fresh.import_bundle(work / "again.bundle")


def test_damaged_bundles_merge_whole_or_are_refused_in_one_line(tmp_path_factory, fuzz_tally):
    root = tmp_path_factory.mktemp("fuzz")
    seed = root / "seed.db"
    _seed(seed)
    with Desk(seed) as desk:
        desk.export_bundle(root / "seed.bundle")
    with gzip.open(root / "seed.bundle", "rt", encoding="utf-8") as f:
        lines = f.read().splitlines()
    ids = sorted({v for line in lines[1:] for k, v in json.loads(line)["row"].items()
                  if k == "id" or k.endswith("_id")} - {None})  # fmt: skip
    empty = root / "empty.db"
    Desk(empty).close()
    cases = itertools.count()

    @settings(settings.get_profile("factdesk-fuzz"), max_examples=EXAMPLES,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(data=st.data(), into_seed=st.booleans())
    def fuzz(data: st.DataObject, into_seed: bool) -> None:
        work = root / f"case{next(cases)}"
        work.mkdir()
        target = work / "target.db"
        shutil.copy(seed if into_seed else empty, target)
        bundle = work / "x.bundle"
        bundle.write_bytes(_mutate(lines, data, ids))

        def merge_then_use() -> None:
            with Desk(target) as desk:
                desk.import_bundle(bundle)
            try:
                _still_works(target, work)
            except Exception as error:  # even a clear error here means a bundle broke things
                raise AssertionError(f"after an accepted bundle: {error!r}") from error

        try:
            fuzz_tally.call("bundle import", merge_then_use)
        finally:
            shutil.rmtree(work)

    fuzz()
