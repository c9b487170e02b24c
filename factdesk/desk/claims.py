"""Claims: listing and searching them, editing one, marking one by hand, deleting and
restoring, splitting one in two or merging several; the speakers they name."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from factdesk.errors import BadInput
from factdesk.model import Claim, ClaimFilter, now_iso
from factdesk.store import edits
from factdesk.store import factchecks as fcs
from factdesk.store import queries as q
from factdesk.store import trash as trashed

from .core import Part, article_id_of
from .records import Changes, ClaimRecord, SpeakerSummary, claim_changed, records_changed

# Claim fields a person may edit by hand.
EDITABLE_CLAIM_FIELDS = (
    "text",
    "speaker",
    "speaker_handle",
    "said_on",
    "score",
    "kind",
    "assignee",
)


class Claims(Part):
    def claims(
        self, flt: ClaimFilter | None = None, *, limit: int | None = None, offset: int = 0
    ) -> list[Claim]:
        return q.list_claims(self.db, flt or ClaimFilter(), limit=limit, offset=offset)

    def count_claims(self, flt: ClaimFilter | None = None) -> int:
        return q.count_claims(self.db, flt or ClaimFilter())

    def search(self, query: str, *, limit: int = 50) -> list[Claim]:
        """Claims matching `query` (every word, as a prefix), best match first."""
        match = q.fts_match(query)
        if not match:
            return []
        return q.search_claims(self.db, match, limit)

    def update_claim(self, claim_id: str, **fields: Any) -> Changes:
        """Edit a claim's own fields (text, speaker, handle, date said, score, kind, assignee)."""
        unknown = set(fields) - set(EDITABLE_CLAIM_FIELDS)
        if unknown:
            raise BadInput(f"cannot edit {', '.join(sorted(unknown))} of a claim")
        if "text" in fields and not str(fields["text"] or "").strip():
            raise BadInput(f"{claim_id}: a claim's text cannot be empty")
        now = now_iso()
        if "speaker" in fields:  # the key follows the name the user gives
            fields["speaker_key"] = _speaker_key(fields["speaker"])
        with self.db.write():
            claim = self.core.claim(claim_id)
            claim_id = claim.id
            assignee = fields.pop("assignee", claim.assignee)
            if fields:
                edits.update_claim(self.db, claim_id, fields, now)
            if assignee != claim.assignee:
                # The assignee lives in the status history, so a merge recomputes it.
                self.core.record_status(claim_id, claim.status, assignee or "", None)
        return claim_changed(claim)

    def add_claim(
        self, article_id: str, start: int, end: int, *, text: str | None = None, **fields: Any
    ) -> Changes[Claim]:
        """A claim the user marked by hand in the article text[start:end]."""
        article = self.core.article(article_id)
        if not (0 <= start < end <= len(article.text)) or not article.text[start:end].strip():
            raise BadInput(f"{start}-{end}: not a stretch of text in article {article_id}")
        while article.text[start].isspace():
            start += 1
        while article.text[end - 1].isspace():
            end -= 1
        sentence = article.text[start:end]
        now = now_iso()
        fields.setdefault("said_on", article.published)
        claim = Claim(
            text=(text or sentence).strip(),
            sentence=sentence,
            start=start,
            end=end,
            article_id=article_id,
            created_at=now,
            updated_at=now,
            **fields,
        )
        for post in article.posts:
            if "speaker" not in fields and post.start <= start and end <= post.end:
                claim.speaker, claim.speaker_handle, claim.said_on = (
                    post.author,
                    post.handle,
                    post.date,
                )
        claim.speaker_key = _speaker_key(claim.speaker)
        with self.db.write():
            edits.insert_claim(self.db, claim)
        return claim_changed(claim, claim)

    def delete_claims(self, claim_ids: Iterable[str]) -> Changes[list[ClaimRecord]]:
        """Delete claims (with their evidence and history); returns what is needed to undo
        it. Each leaves a tombstone, so the deletion survives a merge."""
        claim_ids = [self.core.claim(claim_id).id for claim_id in claim_ids]
        with self.db.write():  # read inside: nothing added meanwhile is lost to an undo
            records = [self.core.stored_claim_record(cid) for cid in claim_ids]
            edits.delete_claims(self.db, claim_ids, now_iso())
        return records_changed(records, records)

    def restore_claims(self, records: Iterable[ClaimRecord]) -> Changes:
        """Put deleted claims back exactly as they were (undo of delete_claims); a claim
        a merge brought back meanwhile keeps what it has and gains what it lacked."""
        records = list(records)
        payload = {"claims": [claim_payload(r) for r in records]}
        with self.db.write():
            articles, claims = trashed.put_back(self.db, payload, now_iso())
            self.restore_factchecks(records, claims)
        return Changes(articles=frozenset(articles), claims=frozenset(claims))

    def restore_factchecks(self, records: list[ClaimRecord], restored: set[str]) -> None:
        """A checker's write-up comes back with its claim (unless a merge brought one)."""
        for record in records:
            claim_id = record.claim.id
            if record.factcheck is None or claim_id not in restored:
                continue
            if fcs.factchecks_for(self.db, [claim_id]).get(claim_id) is None:
                fcs.save_factcheck(self.db, record.factcheck)
                for correction in record.factcheck.corrections:
                    fcs.add_correction(self.db, correction)

    def split_claim(self, claim_id: str, at: int) -> Changes[tuple[list[ClaimRecord], list[Claim]]]:
        """Split a claim's sentence at article offset `at` into two claims.

        Returns (the deleted original, the two new claims) so the GUI can undo it.
        """
        claim = self.core.claim(claim_id)
        if not claim.start < at < claim.end:
            raise BadInput(f"{at}: not inside claim {claim_id} ({claim.start}-{claim.end})")
        keep = {k: getattr(claim, k) for k in KEPT_BY_SPLIT_AND_MERGE}
        article = self.core.article(article_id_of(claim), with_raw=False)
        spans = [(claim.start, at), (at, claim.end)]
        texts = [" ".join(article.text[a:b].split()) for a, b in spans]
        scores = _rescore(texts, claim.attribution)
        with self.db.write():
            records = self.delete_claims([claim_id]).made
            parts = [
                self.add_claim(article_id_of(claim), a, b, **keep, **score).made
                for (a, b), score in zip(spans, scores, strict=True)
            ]
        return records_changed(records, (records, parts), parts)

    def merge_claims(self, claim_ids: list[str]) -> Changes[tuple[list[ClaimRecord], Claim]]:
        """Merge claims of one article into one spanning them all."""
        claims = q.get_claims(self.db, claim_ids)
        if len(claims) < 2 or len({c.article_id for c in claims}) != 1:
            raise BadInput("merge needs two or more claims of the same article")
        claims.sort(key=lambda c: c.start)
        first = claims[0]
        keep = {k: getattr(first, k) for k in KEPT_BY_SPLIT_AND_MERGE}
        text = merged_text(claims)
        (score,) = _rescore([text], first.attribution)
        with self.db.write():
            records = self.delete_claims(claim_ids).made
            merged = self.add_claim(
                article_id_of(first), first.start, max(c.end for c in claims), text=text,
                **keep, **score,
            ).made  # fmt: skip
        return records_changed(records, (records, merged), [merged])

    def speakers(self) -> list[SpeakerSummary]:
        """Every speaker, one per person across articles (by speaker key), most claims first."""
        forms: dict[str, list[tuple[str, str | None, int]]] = {}
        for key, name, handle, count in q.speaker_forms(self.db):
            forms.setdefault(key, []).append((name, handle, count))
        articles = q.speaker_article_counts(self.db)
        found = []
        for key, used in forms.items():
            name = max(used, key=lambda form: (form[2], form[0]))[0]  # the name used most
            aliases = {form[0] for form in used} | {form[1] for form in used if form[1]}
            claims = sum(form[2] for form in used)
            found.append(
                SpeakerSummary(key, name, tuple(sorted(aliases - {name})), claims, articles[key])
            )
        return sorted(found, key=lambda summary: (-summary.claim_count, summary.name))


def claim_payload(record: ClaimRecord) -> dict:
    """A ClaimRecord as the rows store.trash puts back."""
    return {
        "row": {**q.claim_row(record.claim), "field_times": record.field_times},
        "evidence": record.evidence_rows,
        "verdicts": [dict(vars(v)) for v in record.verdicts],
        "status_changes": [dict(vars(s)) for s in record.status_changes],
        "prior_checks": [dict(vars(p)) for p in record.prior_checks],
        "factcheck_claims": record.factcheck_claims,
    }


KEPT_BY_SPLIT_AND_MERGE = ("speaker", "speaker_handle", "said_on", "kind", "attribution")
SENTENCE_ENDS = ".!?…"


def merged_text(claims: list[Claim]) -> str:
    """The text of claims merged into one, in article order: each keeps the punctuation
    that ended its sentence ("There is hope" was "There is hope."), so the merge reads as
    the sentences did."""
    parts = []
    for claim in claims:
        text = claim.text.strip()
        ending = claim.sentence.rstrip().rstrip("”’\"')»")[-1:]
        if text and text.rstrip("”’\"')»")[-1:] not in SENTENCE_ENDS:
            text += ending if ending in SENTENCE_ENDS else "."
        parts.append(text)
    return " ".join(parts)


def _rescore(texts: list[str], attribution: str | None) -> list[dict[str, Any]]:
    """Check-worthiness of claims made by hand from others (split, merged), read in the
    same voice (a post, a quote, the article's own) as the claim they came from."""
    from factdesk.claims.checkworthy import score_sentences

    genre = {"post": "post", "reported": "quote", "unattributed": "quote"}.get(
        attribution or "", "article"
    )
    results = score_sentences(texts, [genre] * len(texts))
    return [{"score": round(r.score, 4), "checkworthy": r.checkworthy} for r in results]


def _speaker_key(speaker: str | None) -> str | None:
    from factdesk.claims.speakers import speaker_key

    return speaker_key(speaker) if speaker and speaker.strip() else None


def checkworthy_threshold() -> float:
    """The score from which a sentence is worth checking (claims.checkworthy.THRESHOLD;
    the reader highlights from there unless set otherwise)."""
    from factdesk.claims.checkworthy import THRESHOLD

    return THRESHOLD
