"""Hub schema version 2: checkers reach the hub only through a few functions.

Version 1 gave checkers rights on the tables and guarded them with triggers; a checker
with `psql` got round every guard (issue 18). From version 2 on (docs/hub-security.md):

- Checkers hold no right on any table, sequence or internal function, and PUBLIC has
  no TEMP or CREATE on the database or its schemas: a checker's own SQL can read and
  write nothing of the hub's, and can create nothing to hide code in.
- They call a few SECURITY DEFINER functions (search_path pinned): pull, push a batch,
  delete rows, drop a duplicate, take the change lock, and a few questions. Each takes
  who is calling from `session_user` (which no SET ROLE or setting changes), refuses a
  login that is not an active member, checks every row (types, sizes, ids, times, the
  parent rows, the organisation) and applies the rules itself: a checker never changes
  or deletes a teammate's verdicts, status changes or evidence, never names who recorded
  a row, never writes into another organisation. Times are bounded by the hub's clock
  (the laptop's time is kept in `claimed_times`); the name shown with a verdict or a
  status change is the one the administrator registered.
- The change lock is a row lock on a table no checker may touch, taken inside the
  functions; a holder whose transaction is older than `hub.stale_lock_seconds` is ended
  by the next checker who needs the lock, so nobody can stop the team's syncs.
"""

from __future__ import annotations

from typing import Any

from factdesk.hub.push_sql import HUB_ONLY_SQL, deletable_sql, fill, push_row_sql
from factdesk.store.tables import Table, on_hub, sql_array

# The synced tables of schema version 2 (store/tables.py; later versions add tables).
SYNCED = tuple(t.name for t in on_hub(2))
_HELPERS = """
-- Helpers run by the API functions below (as the hub's owner); no checker may call them.
CREATE FUNCTION factdesk.member_org(who text) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
    SELECT org FROM factdesk.members WHERE role = who AND active
$$;
CREATE FUNCTION factdesk.checker_org() RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog AS $$
DECLARE
    o text := factdesk.member_org(session_user::text);
BEGIN
    IF o IS NULL THEN
        RAISE EXCEPTION '%: not a checker of this hub', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN o;
END $$;
CREATE FUNCTION factdesk.member_is_editor(who text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
    SELECT coalesce((SELECT editor FROM factdesk.members WHERE role = who AND active), false)
$$;
CREATE OR REPLACE FUNCTION factdesk.current_org() RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
    SELECT coalesce(factdesk.member_org(session_user::text), 'default')
$$;

-- A time a laptop sends: a UTC time, never later than the hub's clock.
CREATE FUNCTION factdesk.bounded_time(value text, hub_now text) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog AS $$
BEGIN
    IF value IS NULL THEN
        RETURN NULL;
    END IF;
    IF value !~ '^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,6})?(\\+00:00|Z)?$' THEN
        RAISE EXCEPTION 'time % is not a UTC time like 2026-01-31T12:00:00+00:00',
            left(value, 40);
    END IF;
    RETURN least(value, hub_now);
END $$;

-- The change lock: a row lock no checker can take but through these functions. Whoever
-- holds it longer than the hub allows (a vanished laptop, or a checker stalling the
-- team) has their session ended by the next one who needs it.
CREATE FUNCTION factdesk.take_change_lock() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    stale integer;
    waited integer := 0;
BEGIN
    -- Held already by this transaction (the functions take it first, then every row
    -- written asks again): locking it anew from a row's subtransaction would make the
    -- lock a growing multixact.
    IF (SELECT xmax FROM factdesk.change_lock) = pg_current_xact_id()::xid THEN
        RETURN;
    END IF;
    SELECT stale_lock_seconds INTO stale FROM factdesk.hub;
    LOOP
        -- (SKIP LOCKED: a row this transaction holds already is found again)
        PERFORM 1 FROM factdesk.change_lock FOR UPDATE SKIP LOCKED;
        IF FOUND THEN
            RETURN;
        END IF;
        -- Checkers' sessions whose transaction has written (or locked) and is older
        -- than the limit: whoever holds the lock is one of them.
        PERFORM pg_terminate_backend(a.pid, 5000) FROM pg_stat_activity AS a
        JOIN factdesk.members AS m ON m.role = a.usename
        WHERE a.pid <> pg_backend_pid() AND a.backend_xid IS NOT NULL
            AND a.xact_start < clock_timestamp() - make_interval(secs => stale);
        waited := waited + 1;
        IF waited > (stale + 30) * 10 THEN
            RAISE EXCEPTION 'lock timeout: the change lock stayed taken'
                USING ERRCODE = 'lock_not_available';
        END IF;
        PERFORM pg_sleep(0.1);
    END LOOP;
END $$;

-- Why `me` may not delete (or undelete) a row: NULL when they may.
CREATE FUNCTION factdesk.refusal(me text, o text, tbl text, rid text) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog AS $$
DECLARE
    who text;
BEGIN
    IF tbl IS NULL OR NOT tbl = ANY ({deletable}) THEN
        RETURN format('%s is not a table rows are deleted from', left(coalesce(tbl, '(none)'), 60));
    END IF;
    IF factdesk.member_is_editor(me) THEN
        RETURN NULL;
    END IF;
    IF tbl = 'articles' THEN
        RETURN 'only an editor can delete an article';
    ELSIF tbl IN ('verdicts', 'status_changes', 'evidence', 'saved_lists') THEN
        EXECUTE format('SELECT recorded_by FROM factdesk.%I WHERE org = $1 AND id = $2', tbl)
            INTO who USING o, rid;
    ELSIF tbl = 'claims' THEN
        SELECT w.recorded_by INTO who FROM (
            SELECT recorded_by FROM factdesk.verdicts WHERE org = o AND claim_id = rid
            UNION ALL
            SELECT recorded_by FROM factdesk.status_changes WHERE org = o AND claim_id = rid
            UNION ALL SELECT recorded_by FROM factdesk.evidence WHERE org = o AND claim_id = rid
            @claim_work@
        ) AS w WHERE w.recorded_by <> me LIMIT 1;
        IF who IS NOT NULL THEN
            RETURN format('%s has worked on it; only an editor can delete it', who);
        END IF;
        RETURN NULL;
    ELSIF tbl = 'posts' THEN
        SELECT a.recorded_by INTO who FROM factdesk.posts AS p JOIN factdesk.articles AS a
            ON a.org = p.org AND a.id = p.article_id WHERE p.org = o AND p.id = rid;
    ELSIF tbl = 'rating_levels' THEN
        SELECT recorded_by INTO who FROM factdesk.rating_scales
        WHERE org = o AND id = split_part(rid, '/', 1);
    END IF;
    IF who IS NOT NULL AND who <> me THEN
        RETURN format('it was recorded by %s; only they or an editor can delete it', who);
    END IF;
    RETURN NULL;
END $$;

-- Whether the values of `keys` are the same in two rows.
CREATE FUNCTION factdesk.same_values(a jsonb, b jsonb, keys text[]) RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
    SELECT coalesce(bool_and(a -> k IS NOT DISTINCT FROM b -> k), true) FROM unnest(keys) AS k
$$;
"""

_API = """
-- What a checker may call. Each one takes who calls from session_user.
CREATE FUNCTION factdesk.hub_version() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT max(version) FROM factdesk.migrations
$$;

CREATE FUNCTION factdesk.whoami(OUT hub_id text, OUT role text, OUT org text,
                                OUT editor boolean, OUT name text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    SELECT h.id::text INTO hub_id FROM factdesk.hub AS h;
    role := session_user;
    IF NOT EXISTS (SELECT 1 FROM factdesk.members AS m WHERE m.role = session_user::text) THEN
        -- Not a checker: only the hub's owner may call this (no one else has the right).
        org := 'default';
        editor := true;
        name := session_user;
        RETURN;
    END IF;
    org := factdesk.checker_org();
    SELECT m.editor, coalesce(m.name, m.role) INTO editor, name
    FROM factdesk.members AS m WHERE m.role = session_user::text;
END $$;

-- The checkers of my organisation (all of them, for the hub's owner).
CREATE FUNCTION factdesk.team() RETURNS TABLE (role text, org text, editor boolean,
                                               active boolean, name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT m.role, m.org, m.editor, m.active, coalesce(m.name, m.role) FROM factdesk.members AS m
    WHERE factdesk.member_org(session_user::text) IS NULL
        OR m.org = factdesk.member_org(session_user::text)
    ORDER BY m.org, m.role
$$;

CREATE FUNCTION factdesk.latest_change() RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT coalesce(max(seq), 0) FROM (@latest@) AS latest
$$;

-- My organisation's rows of one table changed after `after`, up to `up_to`.
CREATE FUNCTION factdesk.pull(tbl text, after bigint, up_to bigint) RETURNS SETOF jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    o text := factdesk.checker_org();
BEGIN
    IF tbl IS NULL OR NOT tbl = ANY (@synced@) THEN
        RAISE EXCEPTION '%: not a synced table', left(tbl, 60)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY EXECUTE format('SELECT to_jsonb(t) - ''org'' - ''seq'' - ''claimed_times''
        FROM factdesk.%I AS t WHERE org = $1 AND seq > $2 AND seq <= $3 ORDER BY seq', tbl)
        USING o, after, up_to;
END $$;

-- The posts of articles, or the levels of scales (they travel with their parent).
CREATE FUNCTION factdesk.pull_children(tbl text, parents text[]) RETURNS SETOF jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    o text := factdesk.checker_org();
    col text := CASE tbl WHEN 'posts' THEN 'article_id' WHEN 'rating_levels' THEN 'scale_id' END;
BEGIN
    IF col IS NULL THEN
        RAISE EXCEPTION '%: rows of that table do not travel with a parent', left(tbl, 60)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY EXECUTE format('SELECT to_jsonb(t) - ''org'' - ''seq'' - ''claimed_times''
        FROM factdesk.%I AS t WHERE org = $1 AND %I = ANY ($2)', tbl, col) USING o, parents;
END $$;

-- Push a batch of one table's rows; returns a line for each row refused (why).
CREATE FUNCTION factdesk.push(tbl text, rows jsonb) RETURNS SETOF text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    me text := session_user;
    o text := factdesk.checker_org();
    editor boolean := factdesk.member_is_editor(session_user::text);
    shown text;
    types jsonb;
    hub_now text := factdesk.now_text();
    item jsonb;
    reason text;
BEGIN
    IF tbl IS NULL OR NOT tbl = ANY (@synced@) THEN
        RAISE EXCEPTION '%: not a synced table', left(tbl, 60)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF jsonb_typeof(rows) IS DISTINCT FROM 'array' OR jsonb_array_length(rows) > 10000 THEN
        RAISE EXCEPTION 'a batch is a JSON array of at most 10000 rows'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM factdesk.take_change_lock();
    SELECT coalesce(name, role) INTO shown FROM factdesk.members WHERE role = me;
    SELECT jsonb_object_agg(attname, format_type(atttypid, NULL)) INTO types
    FROM pg_attribute WHERE attrelid = format('factdesk.%I', tbl)::regclass
        AND attnum > 0 AND NOT attisdropped AND NOT attname = ANY (@hub_only@);
    FOR item IN SELECT value FROM jsonb_array_elements(rows) LOOP
        BEGIN
            reason := factdesk.push_row(tbl, item, me, shown, o, editor, types, hub_now);
        EXCEPTION WHEN OTHERS THEN
            reason := left(SQLERRM, 300);
        END;
        IF reason IS NOT NULL THEN
            RETURN NEXT format('%s %s: %s', tbl, left(coalesce(item ->> 'id',
                item ->> 'scale_id' || '/' || (item ->> 'position'),
                item ->> 'tbl' || '/' || (item ->> 'row_id'), '?'), 120), reason);
        END IF;
    END LOOP;
END $$;

CREATE FUNCTION factdesk.deletion_refusal(tbl text, rid text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT factdesk.refusal(session_user::text, factdesk.checker_org(), tbl, rid)
$$;

-- Delete rows (each leaves a tombstone); returns a line for each refused.
CREATE FUNCTION factdesk.delete_rows(tbl text, ids text[]) RETURNS SETOF text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    me text := session_user;
    o text := factdesk.checker_org();
    rid text;
    reason text;
BEGIN
    IF cardinality(ids) > 10000 THEN
        RAISE EXCEPTION 'at most 10000 rows at once' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM factdesk.take_change_lock();
    FOREACH rid IN ARRAY coalesce(ids, '{}') LOOP
        reason := factdesk.refusal(me, o, tbl, rid);
        IF reason IS NOT NULL THEN
            RETURN NEXT format('%s %s: %s', left(tbl, 60), left(rid, 120), reason);
        ELSIF tbl = 'rating_levels' THEN
            DELETE FROM factdesk.rating_levels WHERE org = o
                AND scale_id = split_part(rid, '/', 1)
                AND position::text = split_part(rid, '/', 2);
        ELSE
            EXECUTE format('DELETE FROM factdesk.%I WHERE org = $1 AND id = $2', tbl) USING o, rid;
        END IF;
    END LOOP;
END $$;

-- Two laptops imported the same article (or found the same review): merges keep the
-- smaller id. Moves the larger one's work onto the smaller and removes it, when they
-- really are the same, and never puts a teammate's work under a different text.
-- Returns the id kept, or NULL (nothing done).
CREATE FUNCTION factdesk.drop_duplicate(tbl text, old_id text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    me text := session_user;
    o text := factdesk.checker_org();
    editor boolean := factdesk.member_is_editor(session_user::text);
    keep text;
    others boolean;
BEGIN
    PERFORM factdesk.take_change_lock();
    IF tbl = 'articles' THEN
        SELECT kept.id INTO keep FROM factdesk.articles AS old
        JOIN factdesk.articles AS kept ON kept.org = old.org AND kept.id < old.id
            AND (kept.url = old.url OR kept.content_hash = old.content_hash)
            AND (kept.content_hash = old.content_hash OR editor)
        WHERE old.org = o AND old.id = old_id ORDER BY kept.id LIMIT 1;
    ELSIF tbl = 'claims' THEN
        SELECT kept.id INTO keep FROM factdesk.claims AS old
        JOIN factdesk.claims AS kept ON kept.org = old.org AND kept.id < old.id
            AND kept.article_id = old.article_id AND kept.start = old.start
            AND kept."end" = old."end" AND kept.sentence = old.sentence
            AND (kept.text = old.text OR editor)
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
    INSERT INTO factdesk.merging (tbl, row_id) VALUES (tbl, old_id) ON CONFLICT DO NOTHING;
    IF tbl = 'articles' THEN
        UPDATE factdesk.claims SET article_id = keep WHERE org = o AND article_id = old_id;
        UPDATE factdesk.tombstones SET article_id = keep WHERE org = o AND article_id = old_id;
        DELETE FROM factdesk.articles WHERE org = o AND id = old_id;
    ELSIF tbl = 'claims' THEN
        UPDATE factdesk.evidence SET claim_id = keep WHERE org = o AND claim_id = old_id;
        UPDATE factdesk.verdicts SET claim_id = keep WHERE org = o AND claim_id = old_id;
        UPDATE factdesk.status_changes SET claim_id = keep WHERE org = o AND claim_id = old_id;
        UPDATE factdesk.prior_checks SET claim_id = keep WHERE org = o AND claim_id = old_id;
        @move_claim_work@
        DELETE FROM factdesk.claims WHERE org = o AND id = old_id;
    ELSE
        DELETE FROM factdesk.prior_checks WHERE org = o AND id = old_id;
    END IF;
    DELETE FROM factdesk.merging WHERE merging.tbl = drop_duplicate.tbl AND row_id = old_id;
    RETURN keep;
END $$;

-- Verdicts teammates gave a claim after change `after` (the panel's notice).
CREATE FUNCTION factdesk.teammate_verdicts(cid text, after bigint)
RETURNS TABLE (claim_id text, rating text, summary text, reviewer text, recorded_by text, at text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT v.claim_id, v.rating, v.summary, v.reviewer, v.recorded_by, v.at
    FROM factdesk.verdicts AS v WHERE v.org = factdesk.checker_org() AND v.claim_id = cid
        AND v.seq > after AND v.recorded_by <> session_user::text
    ORDER BY v.at DESC, v.id DESC
$$;

-- A deleted row leaves a tombstone, so laptops learn of deletions; rows merged into a
-- duplicate leave none (they live on under its id).
CREATE OR REPLACE FUNCTION factdesk.leave_tombstone() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
DECLARE
    article text;
BEGIN
    IF EXISTS (SELECT 1 FROM factdesk.merging WHERE tbl = TG_TABLE_NAME AND row_id = OLD.id) THEN
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
    INSERT INTO factdesk.tombstones AS t (org, tbl, row_id, article_id, deleted, at)
    VALUES (OLD.org, TG_TABLE_NAME, OLD.id, article, 1, factdesk.now_text())
    ON CONFLICT (org, tbl, row_id) DO UPDATE SET deleted = 1, at = excluded.at
        WHERE t.deleted = 0 OR t.at < excluded.at;
    RETURN NULL;
END $$;

-- Who recorded a row is the login that sent it (session_user: no SET ROLE changes it).
CREATE OR REPLACE FUNCTION factdesk.stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    PERFORM factdesk.take_change_lock();
    NEW.seq := nextval('factdesk.change_seq');
    IF TG_OP = 'INSERT' THEN
        NEW.recorded_by := session_user;
        NEW.org := coalesce(factdesk.member_org(session_user::text), NEW.org, 'default');
    ELSE
        NEW.recorded_by := OLD.recorded_by;
        NEW.org := OLD.org;
    END IF;
    RETURN NEW;
END $$;
"""

# Version 3: rows by id, so a pull in batches gets the parents a batch's rows name
# (a claim whose article changed later than it) before it merges them.
_PULL_ROWS = """
CREATE FUNCTION factdesk.pull_rows(tbl text, ids text[]) RETURNS SETOF jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    o text := factdesk.checker_org();
BEGIN
    IF tbl IS NULL OR NOT tbl = ANY (@with_ids@) THEN
        RAISE EXCEPTION '%: not a synced table with ids', left(tbl, 60)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF cardinality(ids) > 10000 THEN
        RAISE EXCEPTION 'at most 10000 rows at once' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY EXECUTE format('SELECT to_jsonb(t) - ''org'' - ''seq'' - ''claimed_times''
        FROM factdesk.%I AS t WHERE org = $1 AND id = ANY ($2)', tbl) USING o, ids;
END $$;
"""


def pull_rows_sql(tables: tuple[Table, ...]) -> list[str]:
    with_ids = sql_array(t.name for t in tables if t.key == ("id",))
    return split_statements(fill(_PULL_ROWS, with_ids=with_ids))


API_FUNCTIONS = (
    "hub_version()", "whoami()", "team()", "latest_change()", "pull(text, bigint, bigint)",
    "pull_children(text, text[])", "take_change_lock()", "push(text, jsonb)",
    "deletion_refusal(text, text)", "delete_rows(text, text[])", "drop_duplicate(text, text)",
    "teammate_verdicts(text, bigint)",
)  # fmt: skip
# Each checker's limits (their sessions' defaults; the functions above do not rely on them).
ROLE_SETTINGS = {
    "statement_timeout": "300s",
    "lock_timeout": "60s",
    "idle_in_transaction_session_timeout": "60s",
}
CONNECTION_LIMIT = 8


def functions_sql(tables: tuple[Table, ...]) -> list[str]:
    """The helpers, push_row and the API for the hub's `tables` (store/tables.py)."""
    names = [t.name for t in tables]
    latest = " UNION ALL ".join(f"SELECT max(seq) AS seq FROM factdesk.{t}" for t in names)
    has_factchecks = "factchecks" in names
    # (A teammate's fact-check on a claim is work on it; it follows a claim merged into
    # another unless that one has its own.)
    claim_work = (
        "UNION ALL SELECT recorded_by FROM factdesk.factchecks WHERE org = o AND claim_id = rid"
        if has_factchecks
        else ""
    )
    move_claim_work = (
        "UPDATE factdesk.factchecks SET claim_id = keep WHERE org = o AND claim_id = old_id"
        " AND NOT EXISTS (SELECT 1 FROM factdesk.factchecks AS f"
        " WHERE f.org = o AND f.claim_id = keep);"
        if has_factchecks
        else ""
    )
    # A claim's registers (its family, the fact-check covering it) follow it, unless keep
    # has its own.
    for register in ("claim_family_members", "factcheck_claims"):
        if register in names:
            move_claim_work += (
                f"UPDATE factdesk.{register} SET claim_id = keep WHERE org = o"
                f" AND claim_id = old_id AND NOT EXISTS (SELECT 1 FROM factdesk.{register}"
                " AS m WHERE m.org = o AND m.claim_id = keep);"
            )
    helpers = fill(_HELPERS, claim_work=claim_work).replace("{deletable}", deletable_sql(tables))
    api = fill(_API, latest=latest, synced=sql_array(names), hub_only=HUB_ONLY_SQL,
               move_claim_work=move_claim_work)  # fmt: skip
    return [
        *split_statements(helpers),
        *split_statements(push_row_sql(tables)),
        *split_statements(api),
    ]


def checkers_through_functions(roles: Any) -> list[str]:
    checkers, editors = ident(roles.checkers), ident(roles.editors)
    statements = [
        "ALTER TABLE factdesk.members ADD COLUMN name text",
        "ALTER TABLE factdesk.hub ADD COLUMN stale_lock_seconds integer NOT NULL DEFAULT 120",
        """CREATE TABLE factdesk.change_lock (
               only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row))""",
        "INSERT INTO factdesk.change_lock DEFAULT VALUES",
        """CREATE TABLE factdesk.merging (tbl text NOT NULL, row_id text NOT NULL,
               PRIMARY KEY (tbl, row_id))""",
        *[f"ALTER TABLE factdesk.{t} ADD COLUMN claimed_times jsonb" for t in SYNCED],
        # Version 1's guards: replaced by the functions (checkers no longer write tables).
        "DROP TRIGGER refuse_amendment ON factdesk.verdicts",
        *[
            f"DROP TRIGGER refuse_deletion ON factdesk.{t}"
            for t in ("claims", "evidence", "verdicts", "status_changes")
        ],
        "DROP TRIGGER refuse_tombstone ON factdesk.tombstones",
        "DROP FUNCTION factdesk.refuse_amendment()",
        "DROP FUNCTION factdesk.refuse_deletion()",
        "DROP FUNCTION factdesk.refuse_tombstone()",
        "DROP FUNCTION factdesk.deletion_refusal(text, text)",
        "DROP FUNCTION factdesk.drop_duplicate(text, text)",
        *functions_sql(on_hub(2)),
        # No rights but the functions: on tables, sequences, the database, its schemas.
        f"REVOKE ALL ON ALL TABLES IN SCHEMA factdesk FROM PUBLIC, {checkers}, {editors}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA factdesk FROM PUBLIC, {checkers}, {editors}",
        f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA factdesk FROM PUBLIC, {checkers}, {editors}",
        "ALTER DEFAULT PRIVILEGES IN SCHEMA factdesk REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC",
        f"REVOKE ALL ON SCHEMA factdesk FROM PUBLIC, {checkers}, {editors}",
        f"GRANT USAGE ON SCHEMA factdesk TO {checkers}",
        "REVOKE ALL ON SCHEMA public FROM PUBLIC",
        f"""DO $$ BEGIN
               EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
               EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(),
                              '{roles.checkers.replace("'", "''")}');
           END $$""",
        *[f"GRANT EXECUTE ON FUNCTION factdesk.{f} TO {checkers}" for f in API_FUNCTIONS],
        # Checkers added before: their limits, and the owner's right to end their sessions.
        f"""DO $$ DECLARE member text; BEGIN
               FOR member IN SELECT m.role FROM factdesk.members AS m
                   JOIN pg_roles AS r ON r.rolname = m.role LOOP
                   {_role_settings_plpgsql()}
               END LOOP;
           END $$""",
    ]
    return statements


def _role_settings_plpgsql() -> str:
    lines = [
        f"EXECUTE format('ALTER ROLE %I SET {name} = %L', member, '{value}');"
        for name, value in ROLE_SETTINGS.items()
    ]
    lines.append(f"EXECUTE format('ALTER ROLE %I CONNECTION LIMIT {CONNECTION_LIMIT}', member);")
    lines.append("EXECUTE format('GRANT %I TO CURRENT_USER', member);")
    return "\n                   ".join(lines)


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def split_statements(script: str) -> list[str]:
    """Statements of a script; function bodies ($$ ... $$) may hold semicolons."""
    statements, current, in_body = [], [], False
    for line in script.splitlines():
        if line.strip().startswith("--") and not in_body:
            continue
        current.append(line)
        in_body ^= line.count("$$") % 2 == 1
        if not in_body and line.rstrip().endswith(";"):
            statements.append("\n".join(current).strip().rstrip(";"))
            current = []
    if "".join(current).strip():
        statements.append("\n".join(current).strip())
    return statements


def or_replace(statement: str) -> str:
    """A function's CREATE as CREATE OR REPLACE (its grants are kept)."""
    return statement.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)
