"""The schema, as ordered migrations (never edit a shipped one: add one). Plain SQL keeps
ON DELETE CASCADE and CHECK constraints; full-text indexes use sqlite-utils' enable_fts."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from factdesk.store.families import synced_memberships
from factdesk.store.tables import TABLES, change_log_statements, logged_in
from factdesk.untrusted import without_credentials

MIGRATIONS = Migrations("factdesk")


def _run(db: Database, statements: str) -> None:
    # Not executescript(): it would COMMIT the migration's transaction half-way.
    for statement in statements.split(";\n"):
        if statement.strip():
            db.execute(statement)


@MIGRATIONS(name="0001_initial")
def _initial(db: Database) -> None:
    _run(
        db,
        """
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    url TEXT,
    title TEXT,
    author TEXT,
    publisher TEXT,
    published TEXT,
    language TEXT,
    imported_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    raw_gz BLOB
);
CREATE TABLE posts (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    author TEXT,
    handle TEXT,
    date TEXT,
    url TEXT,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE TABLE claims (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    sentence TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    context TEXT,
    speaker TEXT,
    speaker_handle TEXT,
    said_on TEXT,
    score REAL,
    checkworthy INTEGER,
    kind TEXT,
    status TEXT NOT NULL DEFAULT 'new',
    assignee TEXT,
    verdict TEXT,
    verdict_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE evidence (
    id TEXT PRIMARY KEY,
    claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    stance TEXT NOT NULL DEFAULT 'unclear',
    quote TEXT,
    note TEXT,
    title TEXT,
    publisher TEXT,
    published TEXT,
    snapshot_gz BLOB,
    snapshot_text TEXT,
    archived_url TEXT,
    fetch_error TEXT,
    fetched_at TEXT,
    added_at TEXT NOT NULL
);
CREATE TABLE rating_scales (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    builtin INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE rating_levels (
    scale_id TEXT NOT NULL REFERENCES rating_scales(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    definition TEXT NOT NULL DEFAULT '',
    value REAL,
    colour TEXT NOT NULL DEFAULT '#888888',
    PRIMARY KEY (scale_id, position)
);
CREATE TABLE verdicts (
    id TEXT PRIMARY KEY,
    claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    scale_id TEXT NOT NULL,
    rating TEXT,
    summary TEXT NOT NULL DEFAULT '',
    reviewer TEXT,
    at TEXT NOT NULL
);
CREATE TABLE status_changes (
    id TEXT PRIMARY KEY,
    claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    assignee TEXT,
    by TEXT,
    at TEXT NOT NULL
);
CREATE TABLE prior_checks (
    id TEXT PRIMARY KEY,
    claim_id TEXT REFERENCES claims(id) ON DELETE CASCADE,
    claim_text TEXT NOT NULL,
    url TEXT NOT NULL,
    claimant TEXT,
    claim_date TEXT,
    publisher TEXT,
    site TEXT,
    title TEXT,
    review_date TEXT,
    rating TEXT,
    language TEXT,
    found_at TEXT NOT NULL
);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT
);
CREATE INDEX articles_url ON articles(url);
CREATE INDEX articles_content_hash ON articles(content_hash);
CREATE INDEX posts_article ON posts(article_id, start);
CREATE INDEX claims_article ON claims(article_id, start);
CREATE INDEX claims_score ON claims(score);
CREATE INDEX claims_status ON claims(status);
CREATE INDEX claims_verdict ON claims(verdict);
CREATE INDEX claims_kind ON claims(kind);
CREATE INDEX claims_speaker ON claims(speaker);
CREATE INDEX evidence_claim ON evidence(claim_id);
CREATE INDEX verdicts_claim ON verdicts(claim_id, at);
CREATE INDEX status_changes_claim ON status_changes(claim_id, at);
CREATE UNIQUE INDEX prior_checks_claim_url ON prior_checks(claim_id, url);
""",
    )


@MIGRATIONS(name="0002_full_text_search")
def _full_text_search(db: Database) -> None:
    # Porter stemming: "activists" finds "activist". Triggers keep the index in step.
    tokenize = "porter unicode61 remove_diacritics 2"
    # The claim's own words and who said them; the full sentence mostly repeats the text.
    db.table("claims").enable_fts(["text", "speaker"], create_triggers=True, tokenize=tokenize)
    db.table("articles").enable_fts(["title", "text"], create_triggers=True, tokenize=tokenize)
    # enable_fts indexes the rows already there, so an upgraded database is searchable at once.


@MIGRATIONS(name="0003_article_counts")
def _article_counts(db: Database) -> None:
    # The article list shows claim and verdict counts; counting a million claims on every
    # refresh took a third of a second, so triggers keep the counts. They live in a table
    # of their own: updating the articles row itself (text and page) per claim was slow.
    statements = [
        """CREATE TABLE article_stats (
             article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
             claim_count INTEGER NOT NULL DEFAULT 0,
             verdict_count INTEGER NOT NULL DEFAULT 0
           )""",
        """INSERT INTO article_stats (article_id, claim_count, verdict_count)
           SELECT articles.id,
             (SELECT count(*) FROM claims WHERE article_id = articles.id),
             (SELECT count(*) FROM claims WHERE article_id = articles.id AND verdict IS NOT NULL)
           FROM articles""",
        """CREATE TRIGGER articles_stats_insert AFTER INSERT ON articles BEGIN
             INSERT OR IGNORE INTO article_stats (article_id) VALUES (NEW.id);
           END""",
        """CREATE TRIGGER claims_count_insert AFTER INSERT ON claims BEGIN
             UPDATE article_stats SET claim_count = claim_count + 1,
               verdict_count = verdict_count + (NEW.verdict IS NOT NULL)
             WHERE article_id = NEW.article_id;
           END""",
        """CREATE TRIGGER claims_count_delete AFTER DELETE ON claims BEGIN
             UPDATE article_stats SET claim_count = claim_count - 1,
               verdict_count = verdict_count - (OLD.verdict IS NOT NULL)
             WHERE article_id = OLD.article_id;
           END""",
        """CREATE TRIGGER claims_count_update AFTER UPDATE OF verdict, article_id ON claims
           WHEN (OLD.verdict IS NULL) != (NEW.verdict IS NULL) OR OLD.article_id != NEW.article_id
           BEGIN
             UPDATE article_stats SET claim_count = claim_count - 1,
               verdict_count = verdict_count - (OLD.verdict IS NOT NULL)
             WHERE article_id = OLD.article_id;
             UPDATE article_stats SET claim_count = claim_count + 1,
               verdict_count = verdict_count + (NEW.verdict IS NOT NULL)
             WHERE article_id = NEW.article_id;
           END""",
    ]
    for statement in statements:
        db.execute(statement)


# Columns holding links, which are stored and published without credentials.
URL_COLUMNS = {t.name: t.urls for t in TABLES if t.urls}
# The tables synced from the start (migration 0006); later ones have their own migration.
_FIRST_SYNCED = logged_in("0006_merge_and_sync")


@MIGRATIONS(name="0004_urls_without_credentials")
def _urls_without_credentials(db: Database) -> None:
    # Earlier versions kept "https://user:password@host/" as typed, and published it in
    # every export and bundle. A prior check that then repeats another is dropped.
    for table, columns in ((t.name, t.urls) for t in _FIRST_SYNCED if t.urls):
        for column in columns:
            rows = db.execute(
                f'SELECT id, "{column}" FROM {table} WHERE "{column}" LIKE \'%@%\''
            ).fetchall()
            for row_id, url in rows:
                clean = without_credentials(url)
                if clean == url:
                    continue
                changed = db.execute(
                    f'UPDATE OR IGNORE {table} SET "{column}" = ? WHERE id = ?', [clean, row_id]
                ).rowcount
                if not changed:  # the same link without credentials is there already
                    db.execute(f"DELETE FROM {table} WHERE id = ?", [row_id])


@MIGRATIONS(name="0005_claim_speaker_key")
def _claim_speaker_key(db: Database) -> None:
    # One speaker per person (issue 14): the key that is the same for "Cllr Martin Oduya"
    # and "Martin Oduya", and whose words a claim is (model.ATTRIBUTIONS). Claims stored
    # before get their speaker in lower case as the key (titles were not taken off then).
    db.execute("ALTER TABLE claims ADD COLUMN speaker_key TEXT")
    db.execute("ALTER TABLE claims ADD COLUMN attribution TEXT")
    db.execute("UPDATE claims SET speaker_key = lower(trim(speaker)) WHERE speaker IS NOT NULL")
    db.execute("CREATE INDEX claims_speaker_key ON claims(speaker_key)")


@MIGRATIONS(name="0006_merge_and_sync")
def _merge_and_sync(db: Database) -> None:
    # field_times: when each field of a claim, evidence or verdict row was last set by a person
    # ({"text": "2026-...", ...}; a field not named there dates from the row's creation),
    # so that two laptops' edits of different fields of one claim both survive a merge.
    # tombstones: a deletion (deleted=1) or its undo (deleted=0), newest wins; a row is
    # gone when it was last deleted after its last change. row_changes: a local sequence
    # number per changed row, so a sync can ask "what changed since N" (store/sync.py).
    _run(
        db,
        """
ALTER TABLE claims ADD COLUMN field_times TEXT;
ALTER TABLE evidence ADD COLUMN field_times TEXT;
ALTER TABLE verdicts ADD COLUMN field_times TEXT;
CREATE TABLE tombstones (
    tbl TEXT NOT NULL,
    row_id TEXT NOT NULL,
    article_id TEXT,
    deleted INTEGER NOT NULL DEFAULT 1 CHECK (deleted IN (0, 1)),
    at TEXT NOT NULL,
    PRIMARY KEY (tbl, row_id)
) WITHOUT ROWID;
CREATE INDEX tombstones_article ON tombstones(article_id);
CREATE TABLE row_changes (
    seq INTEGER PRIMARY KEY,
    tbl TEXT NOT NULL,
    row_id TEXT NOT NULL
);
""",
    )
    # row_changes is a log, appended to by triggers (an append costs an import about 3%;
    # keeping one entry per row cost 13-24%); store/sync.py reads the latest per row.
    # Rows already there count as changed once, so a first sync sends everything.
    for statement in change_log_statements(_FIRST_SYNCED):
        db.execute(statement)


@MIGRATIONS(name="0007_prior_checks_search")
def _prior_checks_search(db: Database) -> None:
    # Published fact-checks are found for a claim by their claim text: with 100,000 of
    # them, scoring each on every look-up took seconds; the index picks the candidates.
    # The same tokenizer as claims_fts, so one query (evidence.similar.fts_query) serves both.
    db.table("prior_checks").enable_fts(
        ["claim_text"], create_triggers=True, tokenize="porter unicode61 remove_diacritics 2"
    )


def schema_problem(db: Database) -> str | None:
    """Why this database cannot be opened by this version of factdesk, or None."""
    tables = set(db.table_names())
    known = {migration.name for migration in MIGRATIONS._migrations}
    applied = {migration.name for migration in MIGRATIONS.applied(db)}
    if not applied:
        user_tables = {t for t in tables if not t.startswith("sqlite_")}
        if user_tables:
            return (
                "not a factdesk database (it holds other tables: "
                + ", ".join(sorted(user_tables)[:5])
                + ")"
            )
        return None
    newer = sorted(applied - known)
    if newer:
        return (
            f"written by a newer factdesk (schema {newer[-1]}); "
            "update factdesk to open it — this version changed nothing"
        )
    return None


@MIGRATIONS(name="0008_hub_state")
def _hub_state(db: Database) -> None:
    # What this laptop knows of each team hub it syncs with (factdesk/hub/sync.py): the
    # hub's last change number it has pulled, the local change number up to which
    # everything is on the hub, who it is there, and the hub's checkers (so an assignee
    # can be chosen offline). Local bookkeeping: never in a bundle.
    _run(
        db,
        """
CREATE TABLE hub_state (
    hub_id TEXT PRIMARY KEY,
    pulled_seq INTEGER NOT NULL DEFAULT 0,
    pushed_seq INTEGER NOT NULL DEFAULT 0,
    role TEXT,
    checkers TEXT,
    synced_at TEXT,
    previous_synced_at TEXT
);
""",
    )


@MIGRATIONS(name="0009_evidence_history")
def _evidence_history(db: Database) -> None:
    # Evidence added to and removed from a claim, with who and when: a claim's history shows
    # them beside its verdicts and status changes (issue 11). Kept with the claim id only (no
    # foreign key): a deleted claim brought back by an undo finds its history again. Links
    # stored before this migration get their "added" entry (who is not known for them).
    _run(
        db,
        """
CREATE TABLE evidence_events (
    id TEXT PRIMARY KEY,
    claim_id TEXT NOT NULL,
    evidence_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('added', 'removed')),
    url TEXT NOT NULL,
    title TEXT,
    stance TEXT,
    quote TEXT,
    by TEXT,
    at TEXT NOT NULL
);
CREATE INDEX evidence_events_claim ON evidence_events(claim_id, at);
INSERT INTO evidence_events (id, claim_id, evidence_id, action, url, title, stance, quote, at)
    SELECT 'added-' || id, claim_id, id, 'added', url, title, stance, quote,
           coalesce(added_at, fetched_at, '')
    FROM evidence;
""",
    )


@MIGRATIONS(name="0010_watched_sources")
def _watched_sources(db: Database) -> None:
    # The feeds and pages a desk watches, with the validators of their last fetch (ETag,
    # Last-Modified) and how the last poll went; and each item found, so it is fetched
    # once. This laptop's own bookkeeping: never in a bundle, never on the hub.
    _run(
        db,
        """
CREATE TABLE watched_sources (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('feed', 'page')),
    title TEXT,
    interval_minutes INTEGER NOT NULL DEFAULT 60 CHECK (interval_minutes >= 5),
    etag TEXT,
    last_modified TEXT,
    added_at TEXT NOT NULL,
    polled_at TEXT,
    ok_at TEXT,
    error TEXT
);
CREATE TABLE watched_items (
    source_id TEXT NOT NULL REFERENCES watched_sources(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    title TEXT,
    published TEXT,
    found_at TEXT NOT NULL,
    article_id TEXT,
    error TEXT,
    PRIMARY KEY (source_id, url)
);
CREATE INDEX watched_items_found ON watched_items(found_at);
""",
    )


@MIGRATIONS(name="0011_drafts")
def _drafts(db: Database) -> None:
    # Text being typed in the app (a summary, a claim's wording, an evidence link or quote)
    # before it is saved: kept within a second of the last key so a crash loses almost
    # nothing (issue 19). A draft is not a verdict nor an edit: nothing reads it but the
    # app's claim panel, it is never synced, bundled or exported. Kept with the claim id
    # only (no foreign key): a claim deleted and brought back by an undo finds its drafts.
    _run(
        db,
        """
CREATE TABLE drafts (
    claim_id TEXT NOT NULL,
    field TEXT NOT NULL,
    text TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (claim_id, field)
);
""",
    )


@MIGRATIONS(name="0012_factchecks")
def _factchecks(db: Database) -> None:
    # A fact-check per claim, for readers (issue 20): headline, findings in Markdown, who
    # wrote it, who signed it off, and where it is (draft, in review, published); edits
    # after publishing are kept as corrections, shown on the page with their date and note.
    _run(
        db,
        """
CREATE TABLE factchecks (
    id TEXT PRIMARY KEY,
    claim_id TEXT NOT NULL UNIQUE REFERENCES claims(id) ON DELETE CASCADE,
    headline TEXT NOT NULL DEFAULT '',
    findings TEXT NOT NULL DEFAULT '',
    authors TEXT NOT NULL DEFAULT '[]',
    editor TEXT,
    state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'in review', 'published')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    submitted_at TEXT,
    published_at TEXT
);
CREATE TABLE factcheck_corrections (
    id TEXT PRIMARY KEY,
    factcheck_id TEXT NOT NULL REFERENCES factchecks(id) ON DELETE CASCADE,
    note TEXT NOT NULL,
    by TEXT,
    at TEXT NOT NULL
);
CREATE INDEX factcheck_corrections_factcheck ON factcheck_corrections(factcheck_id, at);
""",
    )


@MIGRATIONS(name="0013_trash_and_id_aliases")
def _trash_and_id_aliases(db: Database) -> None:
    # The trash (issue 19): a deleted article, claims or evidence link leaves the live
    # tables (so every query, search, count, export and bundle hides it with no filter to
    # forget) and is kept whole here, gzipped JSON of its rows, until the trash is emptied;
    # only then does the deletion become tombstones that a bundle or the hub hears of.
    # trash_rows names every row an entry holds (what the hub must not be told is gone).
    # id_aliases: a claim or article a merge gave another id (store/merge.py keeps the
    # smaller of two), so undo, keys and the panel follow it. Local bookkeeping, never synced.
    _run(
        db,
        """
CREATE TABLE trash (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('article', 'claims', 'evidence')),
    item_id TEXT NOT NULL,
    article_id TEXT,
    label TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    trashed_at TEXT NOT NULL,
    by TEXT,
    record BLOB NOT NULL
);
CREATE INDEX trash_trashed_at ON trash(trashed_at);
CREATE TABLE trash_rows (
    trash_id TEXT NOT NULL,
    tbl TEXT NOT NULL,
    row_id TEXT NOT NULL
);
CREATE INDEX trash_rows_entry ON trash_rows(trash_id);
CREATE INDEX trash_rows_row ON trash_rows(tbl, row_id);
CREATE TABLE id_aliases (
    tbl TEXT NOT NULL,
    old_id TEXT NOT NULL,
    new_id TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (tbl, old_id)
);
""",
    )


@MIGRATIONS(name="0014_recorded_by")
def _recorded_by(db: Database) -> None:
    # Who recorded a row: the team hub's login that sent it, as the hub says (issue 18).
    # NULL: made on this laptop and not yet on a hub; "(bundle)": came in a bundle from a
    # laptop that had not synced it. A bundle never changes it on a row already here.
    for t in _FIRST_SYNCED:
        db.execute(f"ALTER TABLE {t.name} ADD COLUMN recorded_by TEXT")


@MIGRATIONS(name="0015_saved_lists_and_seen_before")
def _saved_lists_and_seen_before(db: Database) -> None:
    # Saved lists (issue 23): a named claim filter and its scope ("mine", "this week"),
    # shown in the app's sidebar and by `factdesk lists`. They travel in bundles.
    # Seen before: a claim that, when it was imported, repeated a rated claim, with the
    # earlier claim and how close the match was. Kept with ids only (no foreign key): a
    # claim deleted and brought back by an undo finds its mark again.
    _run(
        db,
        """
CREATE TABLE saved_lists (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    filter TEXT NOT NULL,
    scope TEXT NOT NULL DEFAULT '{}',
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE seen_before (
    claim_id TEXT PRIMARY KEY,
    earlier_claim_id TEXT NOT NULL,
    score REAL NOT NULL,
    found_at TEXT NOT NULL
);
CREATE INDEX seen_before_earlier ON seen_before(earlier_claim_id);
CREATE INDEX verdicts_at ON verdicts(at);
""",
    )


@MIGRATIONS(name="0016_synced_factchecks_and_lists")
def _synced_factchecks_and_lists(db: Database) -> None:
    # Fact-checks (with their corrections) and saved lists travel to the team hub too
    # (issue 21): who recorded each row, as the hub says, and their changes logged like
    # every synced table's (store/tables.py declares them).
    tables = logged_in("0016_synced_factchecks_and_lists")
    for t in tables:
        db.execute(f"ALTER TABLE {t.name} ADD COLUMN recorded_by TEXT")
    for statement in change_log_statements(tables):
        db.execute(statement)


@MIGRATIONS(name="0017_claim_vectors")
def _claim_vectors(db: Database) -> None:
    # Claim memory (issue 23): each claim's sentence-encoder vector (int8, 384 bytes), kept
    # so the paraphrase look-ups do not run the encoder over stored claims at each start.
    # A cache, not history: `key` names the model and the text it was computed from (a
    # claim edited since, or a new model, is computed again); never synced or bundled.
    _run(
        db,
        """
CREATE TABLE claim_vectors (
    claim_id TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    vector BLOB NOT NULL
);
""",
    )


@MIGRATIONS(name="0018_claim_families")
def _claim_families(db: Database) -> None:
    # Claim families (issue 23 item 3): claims across articles that a checker confirmed
    # make one claim. A claim is in one family at most; a family's first appearance and
    # appearances are read from its members' articles (never stored). A family left with
    # fewer than two members is removed.
    _run(
        db,
        """
CREATE TABLE claim_families (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE claim_family_members (
    claim_id TEXT PRIMARY KEY,
    family_id TEXT NOT NULL,
    added_at TEXT NOT NULL,
    added_by TEXT
);
CREATE INDEX claim_family_members_family ON claim_family_members(family_id);
""",
    )


MIGRATIONS(name="0019_synced_claim_families")(synced_memberships)
