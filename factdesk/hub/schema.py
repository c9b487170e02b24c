"""The hub's schema, as ordered migrations (never edit a shipped one: add another).

What the hub guarantees, PostgreSQL enforces; no program of ours runs beside it:

- GRANTs decide which statements a role may run at all: checkers may insert every kind
  of row but never name `org`, `seq` or `recorded_by`; history rows (verdicts, status
  changes) have no UPDATE grant for anyone; only editors may delete articles.
- Row-level security keeps each organisation's rows to itself.
- Triggers stamp every row: `recorded_by` is the role that inserted it (whatever the
  client sent), `org` that role's organisation, `seq` the next number of one change
  sequence, taken under a transaction-level advisory lock so that numbers become
  visible in the order they were given (a pull of "everything after N" misses nothing).
  Other triggers refuse deleting another checker's rows, and leave a tombstone for any
  row deleted, so laptops learn of deletions made by plain SQL too.
- `drop_duplicate` (SECURITY DEFINER) is the one way rows move to another parent: when
  two laptops imported the same article, merges keep the smaller id; the function
  checks that the two really are the same (URL or text; span) before it re-parents the
  larger one's work and removes it.

The synced tables have the columns of the laptop's tables (store/migrations.py) plus
org, seq and recorded_by; a test keeps the two in step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from factdesk.hub.access import (
    API_FUNCTIONS,
    checkers_through_functions,
    functions_sql,
    or_replace,
    pull_rows_sql,
)
from factdesk.hub.access import (
    ident as _ident,
)
from factdesk.hub.access import (
    split_statements as _split,
)
from factdesk.store.tables import HUB_COLUMNS, hub_table_ddl, on_hub

# The laptop's synced tables on the hub, parents before children, with their key columns
# (store/tables.py declares them).
TABLE_KEYS: dict[str, tuple[str, ...]] = {t.name: t.key for t in on_hub()}
# The tables of schema version 1 (its SQL below is as shipped; later versions add tables).
_FIRST = on_hub(1)
HISTORY_TABLES = tuple(t.name for t in _FIRST if t.history)
__all__ = ["HUB_COLUMNS", "LATEST", "MIGRATIONS", "TABLE_KEYS", "Roles"]
# A constant key of the advisory lock every change takes (per database).
CHANGE_LOCK = 7_041_913


@dataclass(frozen=True)
class Roles:
    """The hub's two group roles (roles are shared by a whole PostgreSQL server, so
    they are named after the hub's database)."""

    checkers: str
    editors: str

    @classmethod
    def for_database(cls, database: str) -> Roles:
        return cls(f"{database}_checkers", f"{database}_editors")


_TABLES = """
CREATE TABLE factdesk.rating_scales (
    org text NOT NULL, id text NOT NULL,
    name text NOT NULL,
    description text NOT NULL DEFAULT '',
    builtin bigint NOT NULL DEFAULT 0,
    seq bigint NOT NULL, recorded_by text NOT NULL,
    PRIMARY KEY (org, id)
);
CREATE TABLE factdesk.rating_levels (
    org text NOT NULL,
    scale_id text NOT NULL,
    position bigint NOT NULL,
    label text NOT NULL,
    definition text NOT NULL DEFAULT '',
    value double precision,
    colour text NOT NULL DEFAULT '#888888',
    seq bigint NOT NULL, recorded_by text NOT NULL,
    PRIMARY KEY (org, scale_id, position),
    FOREIGN KEY (org, scale_id) REFERENCES factdesk.rating_scales (org, id) ON DELETE CASCADE
);
CREATE TABLE factdesk.articles (
    org text NOT NULL, id text NOT NULL,
    source text NOT NULL,
    url text,
    title text,
    author text,
    publisher text,
    published text,
    language text,
    imported_at text NOT NULL,
    updated_at text NOT NULL,
    text text NOT NULL,
    content_hash text NOT NULL,
    raw_gz bytea,
    seq bigint NOT NULL, recorded_by text NOT NULL,
    PRIMARY KEY (org, id)
);
CREATE TABLE factdesk.posts (
    org text NOT NULL, id text NOT NULL,
    article_id text NOT NULL,
    author text,
    handle text,
    date text,
    url text,
    text text NOT NULL,
    start bigint NOT NULL,
    "end" bigint NOT NULL,
    seq bigint NOT NULL, recorded_by text NOT NULL,
    PRIMARY KEY (org, id),
    FOREIGN KEY (org, article_id) REFERENCES factdesk.articles (org, id) ON DELETE CASCADE
);
CREATE TABLE factdesk.claims (
    org text NOT NULL, id text NOT NULL,
    article_id text NOT NULL,
    text text NOT NULL,
    sentence text NOT NULL,
    start bigint NOT NULL,
    "end" bigint NOT NULL,
    context text,
    speaker text,
    speaker_handle text,
    speaker_key text,
    attribution text,
    said_on text,
    score double precision,
    checkworthy bigint,
    kind text,
    status text NOT NULL DEFAULT 'new',
    assignee text,
    verdict text,
    verdict_at text,
    created_at text NOT NULL,
    updated_at text NOT NULL,
    field_times text,
    seq bigint NOT NULL, recorded_by text NOT NULL,
    PRIMARY KEY (org, id),
    FOREIGN KEY (org, article_id) REFERENCES factdesk.articles (org, id) ON DELETE CASCADE
);
CREATE TABLE factdesk.evidence (
    org text NOT NULL, id text NOT NULL,
    claim_id text NOT NULL,
    url text NOT NULL,
    stance text NOT NULL DEFAULT 'unclear',
    quote text,
    note text,
    title text,
    publisher text,
    published text,
    snapshot_gz bytea,
    snapshot_text text,
    archived_url text,
    fetch_error text,
    fetched_at text,
    added_at text NOT NULL,
    field_times text,
    seq bigint NOT NULL, recorded_by text NOT NULL,
    PRIMARY KEY (org, id),
    FOREIGN KEY (org, claim_id) REFERENCES factdesk.claims (org, id) ON DELETE CASCADE
);
CREATE TABLE factdesk.verdicts (
    org text NOT NULL, id text NOT NULL,
    claim_id text NOT NULL,
    scale_id text NOT NULL,
    rating text,
    summary text NOT NULL DEFAULT '',
    reviewer text,
    at text NOT NULL,
    field_times text,
    seq bigint NOT NULL, recorded_by text NOT NULL,
    PRIMARY KEY (org, id),
    FOREIGN KEY (org, claim_id) REFERENCES factdesk.claims (org, id) ON DELETE CASCADE
);
CREATE TABLE factdesk.status_changes (
    org text NOT NULL, id text NOT NULL,
    claim_id text NOT NULL,
    status text NOT NULL,
    assignee text,
    by text,
    at text NOT NULL,
    seq bigint NOT NULL, recorded_by text NOT NULL,
    PRIMARY KEY (org, id),
    FOREIGN KEY (org, claim_id) REFERENCES factdesk.claims (org, id) ON DELETE CASCADE
);
CREATE TABLE factdesk.prior_checks (
    org text NOT NULL, id text NOT NULL,
    claim_id text,
    claim_text text NOT NULL,
    url text NOT NULL,
    claimant text,
    claim_date text,
    publisher text,
    site text,
    title text,
    review_date text,
    rating text,
    language text,
    found_at text NOT NULL,
    seq bigint NOT NULL, recorded_by text NOT NULL,
    PRIMARY KEY (org, id),
    FOREIGN KEY (org, claim_id) REFERENCES factdesk.claims (org, id) ON DELETE CASCADE
);
CREATE TABLE factdesk.tombstones (
    org text NOT NULL,
    tbl text NOT NULL,
    row_id text NOT NULL,
    article_id text,
    deleted bigint NOT NULL DEFAULT 1 CHECK (deleted IN (0, 1)),
    at text NOT NULL,
    seq bigint NOT NULL, recorded_by text NOT NULL,
    PRIMARY KEY (org, tbl, row_id)
);
CREATE INDEX articles_url ON factdesk.articles (org, url);
CREATE INDEX articles_content_hash ON factdesk.articles (org, content_hash);
CREATE INDEX posts_article ON factdesk.posts (org, article_id);
CREATE INDEX claims_article ON factdesk.claims (org, article_id, start);
CREATE INDEX evidence_claim ON factdesk.evidence (org, claim_id);
CREATE INDEX verdicts_claim ON factdesk.verdicts (org, claim_id);
CREATE INDEX status_changes_claim ON factdesk.status_changes (org, claim_id);
CREATE INDEX prior_checks_claim ON factdesk.prior_checks (org, claim_id, url);
"""

_FUNCTIONS = """
-- Who may do what: the members of the hub (checkers and editors), by organisation.
CREATE TABLE factdesk.members (
    role text PRIMARY KEY,
    org text NOT NULL DEFAULT 'default',
    editor boolean NOT NULL DEFAULT false,
    active boolean NOT NULL DEFAULT true,
    added_at timestamptz NOT NULL DEFAULT now()
);
-- SECURITY DEFINER, so a checker may learn their own organisation without reading
-- every member's row; the role is passed in (inside, current_user is the owner).
CREATE FUNCTION factdesk.org_of(who text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT org FROM factdesk.members WHERE role = who
$$;
CREATE FUNCTION factdesk.current_org() RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
    SELECT coalesce(factdesk.org_of(current_user::text), 'default')
$$;
-- An editor, or the hub's administrator (any role that is not a member: the owner).
CREATE FUNCTION factdesk.is_editor(who text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT coalesce((SELECT editor FROM factdesk.members WHERE role = who), true)
$$;
CREATE FUNCTION factdesk.now_text() RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')
$$;

CREATE SEQUENCE factdesk.change_seq;

-- Every inserted or changed row: the next change number (under the change lock, held
-- to the end of the transaction), and who recorded it, whatever the client sent.
CREATE FUNCTION factdesk.stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    PERFORM pg_advisory_xact_lock({lock});
    NEW.seq := nextval('factdesk.change_seq');
    IF TG_OP = 'INSERT' THEN
        NEW.recorded_by := current_user;
        NEW.org := coalesce(factdesk.org_of(current_user::text), NEW.org, 'default');
    ELSE
        NEW.recorded_by := OLD.recorded_by;
        NEW.org := OLD.org;
    END IF;
    RETURN NEW;
END $$;

-- A verdict is history: only its summary may be amended afterwards (written after the
-- level was picked), and only by the checker who recorded it.
CREATE FUNCTION factdesk.refuse_amendment() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    IF current_setting('factdesk.merging_duplicates', true) = 'on' THEN
        RETURN NEW;
    END IF;
    IF OLD.recorded_by <> current_user::text THEN
        RAISE EXCEPTION 'cannot change verdict %: it was recorded by %', OLD.id, OLD.recorded_by
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (NEW.claim_id, NEW.scale_id, NEW.rating, NEW.reviewer, NEW.at)
            IS DISTINCT FROM (OLD.claim_id, OLD.scale_id, OLD.rating, OLD.reviewer, OLD.at) THEN
        RAISE EXCEPTION 'cannot change verdict %: only its summary may be amended', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;

-- Why the current role may not delete a row (NULL: it may). One rule, used by the
-- triggers below and asked by laptops before they send a deletion.
CREATE FUNCTION factdesk.deletion_refusal(tbl text, rid text) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog AS $$
DECLARE
    who text;
BEGIN
    IF factdesk.is_editor(current_user::text) THEN
        RETURN NULL;
    END IF;
    IF tbl = 'articles' THEN
        RETURN 'only an editor can delete an article';
    END IF;
    IF tbl IN ('verdicts', 'status_changes', 'evidence') THEN
        EXECUTE format('SELECT recorded_by FROM factdesk.%I WHERE id = $1', tbl)
            INTO who USING rid;
        IF who IS NOT NULL AND who <> current_user::text THEN
            RETURN format('it was recorded by %s; only they or an editor can delete it', who);
        END IF;
    ELSIF tbl = 'claims' THEN
        SELECT recorded_by INTO who FROM (
            SELECT recorded_by FROM factdesk.verdicts WHERE claim_id = rid
            UNION ALL SELECT recorded_by FROM factdesk.status_changes WHERE claim_id = rid
            UNION ALL SELECT recorded_by FROM factdesk.evidence WHERE claim_id = rid
        ) AS work WHERE recorded_by <> current_user::text LIMIT 1;
        IF who IS NOT NULL THEN
            RETURN format('%s has worked on it; only an editor can delete it', who);
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION factdesk.refuse_deletion() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
DECLARE
    reason text;
BEGIN
    -- Rows going with a parent whose deletion was allowed (a cascade) go too.
    IF pg_trigger_depth() = 1 THEN
        reason := factdesk.deletion_refusal(TG_TABLE_NAME::text, OLD.id);
        IF reason IS NOT NULL THEN
            RAISE EXCEPTION 'cannot delete % %: %', TG_TABLE_NAME, OLD.id, reason
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    RETURN OLD;
END $$;

CREATE FUNCTION factdesk.refuse_tombstone() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
DECLARE
    reason text;
BEGIN
    IF NEW.deleted = 1 AND pg_trigger_depth() = 1 THEN
        reason := factdesk.deletion_refusal(NEW.tbl, NEW.row_id);
        IF reason IS NOT NULL THEN
            RAISE EXCEPTION 'cannot delete % %: %', NEW.tbl, NEW.row_id, reason
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    RETURN NEW;
END $$;

-- A deleted row leaves a tombstone (unless a laptop sent one first), so laptops learn
-- of deletions made by plain SQL. A claim's evidence and history go with it, as on a
-- laptop; rows merged into a duplicate leave none (they live on under its id).
CREATE FUNCTION factdesk.leave_tombstone() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
DECLARE
    article text;
BEGIN
    IF current_setting('factdesk.merging_duplicates', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'articles' THEN
        article := OLD.id;
    ELSIF TG_TABLE_NAME = 'claims' THEN
        article := OLD.article_id;
    ELSE
        SELECT article_id INTO article FROM factdesk.claims
        WHERE org = OLD.org AND id = OLD.claim_id;
        IF NOT FOUND AND OLD.claim_id IS NOT NULL THEN
            RETURN NULL;  -- it went with its claim
        END IF;
    END IF;
    -- (org: stamped, as the deleting role may not name it)
    INSERT INTO factdesk.tombstones AS t (tbl, row_id, article_id, deleted, at)
    VALUES (TG_TABLE_NAME, OLD.id, article, 1, factdesk.now_text())
    ON CONFLICT (org, tbl, row_id) DO UPDATE SET deleted = 1, at = excluded.at
        WHERE t.deleted = 0;
    RETURN NULL;
END $$;

-- Two laptops imported the same article (or found the same review): merges keep the
-- smaller id. Re-parents the larger one's work onto the smaller and removes it, after
-- checking they really are the same. Returns the id kept, or NULL (nothing done).
CREATE FUNCTION factdesk.drop_duplicate(tbl text, old_id text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    o text := coalesce(factdesk.org_of(session_user::text), 'default');
    keep text;
BEGIN
    IF tbl = 'articles' THEN
        SELECT kept.id INTO keep FROM factdesk.articles AS old
        JOIN factdesk.articles AS kept ON kept.org = old.org AND kept.id < old.id
            AND (kept.url = old.url OR kept.content_hash = old.content_hash)
        WHERE old.org = o AND old.id = old_id ORDER BY kept.id LIMIT 1;
    ELSIF tbl = 'claims' THEN
        SELECT kept.id INTO keep FROM factdesk.claims AS old
        JOIN factdesk.claims AS kept ON kept.org = old.org AND kept.id < old.id
            AND kept.article_id = old.article_id AND kept.start = old.start
            AND kept."end" = old."end" AND kept.sentence = old.sentence
        WHERE old.org = o AND old.id = old_id ORDER BY kept.id LIMIT 1;
    ELSIF tbl = 'prior_checks' THEN
        SELECT kept.id INTO keep FROM factdesk.prior_checks AS old
        JOIN factdesk.prior_checks AS kept ON kept.org = old.org AND kept.id < old.id
            AND kept.url = old.url AND (kept.claim_id = old.claim_id OR (kept.claim_id IS NULL
                AND old.claim_id IS NULL AND kept.claim_text = old.claim_text))
        WHERE old.org = o AND old.id = old_id ORDER BY kept.id LIMIT 1;
    END IF;
    IF keep IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('factdesk.merging_duplicates', 'on', true);
    IF tbl = 'articles' THEN
        UPDATE factdesk.claims SET article_id = keep WHERE org = o AND article_id = old_id;
        UPDATE factdesk.tombstones SET article_id = keep WHERE org = o AND article_id = old_id;
        DELETE FROM factdesk.articles WHERE org = o AND id = old_id;
    ELSIF tbl = 'claims' THEN
        UPDATE factdesk.evidence SET claim_id = keep WHERE org = o AND claim_id = old_id;
        UPDATE factdesk.verdicts SET claim_id = keep WHERE org = o AND claim_id = old_id;
        UPDATE factdesk.status_changes SET claim_id = keep WHERE org = o AND claim_id = old_id;
        UPDATE factdesk.prior_checks SET claim_id = keep WHERE org = o AND claim_id = old_id;
        DELETE FROM factdesk.claims WHERE org = o AND id = old_id;
    ELSE
        DELETE FROM factdesk.prior_checks WHERE org = o AND id = old_id;
    END IF;
    PERFORM set_config('factdesk.merging_duplicates', 'off', true);
    RETURN keep;
END $$;
REVOKE ALL ON FUNCTION factdesk.drop_duplicate(text, text) FROM PUBLIC;
"""

# Columns a checker could write in each table in version 1 (never org, seq, recorded_by).
_WRITABLE = {
    t.name: ", ".join(f'"{c.name}"' if c.name == "end" else c.name for c in t.hub_columns)
    for t in _FIRST
}
# What checkers could delete outright in version 1 (the triggers then checked whose rows).
_DELETABLE = tuple(
    t.name for t in _FIRST if t.name != "articles" and (t.tombstoned or t.with_parent)
)


def _initial(roles: Roles) -> list[str]:
    checkers, editors = _ident(roles.checkers), _ident(roles.editors)
    statements = [
        "CREATE SCHEMA factdesk",
        """CREATE TABLE factdesk.migrations (
               version integer PRIMARY KEY,
               name text NOT NULL,
               applied_at timestamptz NOT NULL DEFAULT now()
           )""",
        """CREATE TABLE factdesk.hub (
               id uuid NOT NULL DEFAULT gen_random_uuid(),
               checkers_role text NOT NULL,
               editors_role text NOT NULL,
               created_at timestamptz NOT NULL DEFAULT now(),
               only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row)
           )""",
        *_split(_FUNCTIONS.replace("{lock}", str(CHANGE_LOCK))),
        *_split(_TABLES),
        f"GRANT USAGE ON SCHEMA factdesk TO {checkers}",
        f"GRANT USAGE ON SEQUENCE factdesk.change_seq TO {checkers}",
        f"GRANT SELECT ON factdesk.hub, factdesk.migrations, factdesk.members TO {checkers}",
        f"GRANT EXECUTE ON FUNCTION factdesk.drop_duplicate(text, text) TO {checkers}",
        "ALTER TABLE factdesk.members ENABLE ROW LEVEL SECURITY",
        f"""CREATE POLICY same_org ON factdesk.members TO {checkers}
            USING (org = (SELECT factdesk.current_org()))""",
    ]
    for table in _WRITABLE:
        qualified = f"factdesk.{table}"
        statements += [
            f"ALTER TABLE {qualified} ALTER COLUMN org SET DEFAULT factdesk.current_org()",
            f"ALTER TABLE {qualified} ALTER COLUMN seq SET DEFAULT 0",
            f"ALTER TABLE {qualified} ALTER COLUMN recorded_by SET DEFAULT current_user",
            f"CREATE INDEX {table}_seq ON {qualified} (seq)",
            f"""CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON {qualified}
                FOR EACH ROW EXECUTE FUNCTION factdesk.stamp()""",
            f"ALTER TABLE {qualified} ENABLE ROW LEVEL SECURITY",
            f"""CREATE POLICY same_org ON {qualified} TO {checkers}
                USING (org = (SELECT factdesk.current_org()))
                WITH CHECK (org = (SELECT factdesk.current_org()))""",
            f"GRANT SELECT ON {qualified} TO {checkers}",
            f"GRANT INSERT ({_WRITABLE[table]}) ON {qualified} TO {checkers}",
        ]
        if table not in HISTORY_TABLES:
            statements.append(f"GRANT UPDATE ({_WRITABLE[table]}) ON {qualified} TO {checkers}")
        if table in _DELETABLE:
            statements.append(f"GRANT DELETE ON {qualified} TO {checkers}")
    statements.append(f"GRANT DELETE ON factdesk.articles TO {editors}")
    statements += [
        f"GRANT UPDATE (summary, field_times) ON factdesk.verdicts TO {checkers}",
        """CREATE TRIGGER refuse_amendment BEFORE UPDATE ON factdesk.verdicts
           FOR EACH ROW EXECUTE FUNCTION factdesk.refuse_amendment()""",
    ]
    for table in ("claims", "evidence", "verdicts", "status_changes"):
        statements.append(
            f"""CREATE TRIGGER refuse_deletion BEFORE DELETE ON factdesk.{table}
                FOR EACH ROW EXECUTE FUNCTION factdesk.refuse_deletion()"""
        )
    statements.append(
        """CREATE TRIGGER refuse_tombstone BEFORE INSERT OR UPDATE ON factdesk.tombstones
           FOR EACH ROW EXECUTE FUNCTION factdesk.refuse_tombstone()"""
    )
    for table in (t.name for t in _FIRST if t.tombstoned):
        statements.append(
            f"""CREATE TRIGGER leave_tombstone AFTER DELETE ON factdesk.{table}
                FOR EACH ROW EXECUTE FUNCTION factdesk.leave_tombstone()"""
        )
    return statements


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: Callable[[Roles], list[str]]


def _synced_factchecks_and_lists(roles: Roles) -> list[str]:
    """Version 3: fact-checks (with their corrections) and saved lists are synced too;
    their tables are made from store/tables.py, and every function that names the
    synced tables is made again for the new list (their grants stay)."""
    checkers, editors = _ident(roles.checkers), _ident(roles.editors)
    statements = [s for t in on_hub() if t.on_hub_since == 3 for s in hub_table_ddl(t)]
    statements += [
        # One fact-check per claim (as on a laptop).
        "CREATE UNIQUE INDEX factchecks_one_per_claim ON factdesk.factchecks (org, claim_id)",
        *[or_replace(statement) for statement in functions_sql(on_hub(3))],
        *pull_rows_sql(on_hub(3)),
        f"REVOKE ALL ON ALL TABLES IN SCHEMA factdesk FROM PUBLIC, {checkers}, {editors}",
        f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA factdesk FROM PUBLIC, {checkers}, {editors}",
        *[f"GRANT EXECUTE ON FUNCTION factdesk.{f} TO {checkers}"
          for f in (*API_FUNCTIONS, "pull_rows(text, text[])")],
    ]  # fmt: skip
    return statements


def _synced_claim_families(roles: Roles) -> list[str]:
    """Version 4: each claim's family register is synced too (store/families.py); its
    table is made from store/tables.py and the functions naming the synced tables again."""
    checkers, editors = _ident(roles.checkers), _ident(roles.editors)
    return [
        *[s for t in on_hub() if t.on_hub_since == 4 for s in hub_table_ddl(t)],
        *[or_replace(statement) for statement in functions_sql(on_hub(4))],
        f"REVOKE ALL ON ALL TABLES IN SCHEMA factdesk FROM PUBLIC, {checkers}, {editors}",
        f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA factdesk FROM PUBLIC, {checkers}, {editors}",
        *[f"GRANT EXECUTE ON FUNCTION factdesk.{f} TO {checkers}"
          for f in (*API_FUNCTIONS, "pull_rows(text, text[])")],
    ]  # fmt: skip


def _factcheck_claims(roles: Roles) -> list[str]:
    """Version 5: the claims a fact-check covers besides its own are synced too
    (store/factcheck_claims.py): their table is made from store/tables.py, and the
    functions naming the synced tables again, push_row with the rule that only the
    fact-check's recorder or an editor changes the claims it covers."""
    checkers, editors = _ident(roles.checkers), _ident(roles.editors)
    added = [t for t in on_hub() if t.on_hub_since == 5]
    granted = (*API_FUNCTIONS, "pull_rows(text, text[])")
    statements = [s for t in added for s in hub_table_ddl(t)]
    statements += [or_replace(statement) for statement in functions_sql(on_hub(5))]
    statements += [
        f"REVOKE ALL ON ALL {kind} IN SCHEMA factdesk FROM PUBLIC, {checkers}, {editors}"
        for kind in ("TABLES", "FUNCTIONS")
    ]
    return statements + [f"GRANT EXECUTE ON FUNCTION factdesk.{f} TO {checkers}" for f in granted]


MIGRATIONS = (
    Migration(1, "initial", _initial),
    # Checkers reach the hub only through functions (issue 18; hub/access.py).
    Migration(2, "checkers_through_functions", checkers_through_functions),
    # Fact-checks and saved lists travel through the hub (issue 21; store/tables.py).
    Migration(3, "synced_factchecks_and_lists", _synced_factchecks_and_lists),
    # Claim families travel through the hub (issue 23; store/families.py).
    Migration(4, "synced_claim_families", _synced_claim_families),
    # One fact-check for several claims on one point (issue 20; store/factcheck_claims.py).
    Migration(5, "factcheck_claims", _factcheck_claims),
)
LATEST = MIGRATIONS[-1].version
