"""The SQL of the hub's `push_row` (schema version 2, hub/access.py): how one row a
laptop sends is checked, and inserted or changed only where the sender may."""

from __future__ import annotations

import re
from collections.abc import Iterable

from factdesk.store.tables import HUB_COLUMNS, Table, sql_array

STATUSES_SQL = "ARRAY['new', 'researching', 'in review', 'published', 'not checking']"
STANCES_SQL = "ARRAY['supports', 'refutes', 'context', 'unclear']"
FACTCHECK_STATES_SQL = "ARRAY['draft', 'in review', 'published']"
# What a laptop never sends: the hub's own columns.
HUB_ONLY_SQL = sql_array(HUB_COLUMNS)


def tombstoned_sql(tables: Iterable[Table]) -> str:
    """Tables a deletion (a tombstone) may name."""
    return sql_array(t.name for t in tables if t.tombstoned)


def deletable_sql(tables: Iterable[Table]) -> str:
    """Tables rows are deleted from: those with tombstones, and those that go with their
    parent (an article's posts, a scale's levels)."""
    return sql_array(t.name for t in tables if t.tombstoned or t.with_parent)


_PUSH_ROW = """
-- One row a laptop sends: checked, then inserted or changed if `me` may; returns why not
-- (NULL: done, or nothing to do). `types` maps each column a laptop may send to its type.
CREATE FUNCTION factdesk.push_row(tbl text, item jsonb, me text, shown text, o text,
                                  editor boolean, types jsonb, hub_now text)
RETURNS text LANGUAGE plpgsql SET search_path = pg_catalog AS $$
DECLARE
    k text;
    v jsonb;
    kind text;
    old jsonb;
    claimed jsonb := '{}';
    times jsonb;
    bounded jsonb;
    parent text;
    parent_col text;
    owner text;
    changed text[];
    keys text[];
    who text;
BEGIN
    IF jsonb_typeof(item) IS DISTINCT FROM 'object' THEN
        RETURN 'not a row (a JSON object)';
    END IF;
    IF octet_length(item::text) > 100000000 THEN
        RETURN 'larger than 100 MB';
    END IF;
    FOR k, v IN SELECT * FROM jsonb_each(item) LOOP
        IF k = 'recorded_by' THEN
            IF jsonb_typeof(v) <> 'null' AND v <> to_jsonb(me) THEN
                RETURN 'names who recorded it: the hub records the login that sends a row';
            END IF;
            CONTINUE;
        END IF;
        kind := types ->> k;
        IF kind IS NULL THEN
            RETURN format('has no column %s a laptop may send', left(k, 60));
        ELSIF jsonb_typeof(v) = 'null' THEN
            CONTINUE;
        ELSIF kind = 'text' AND (jsonb_typeof(v) <> 'string' OR length(v #>> '{}') > 33554432) THEN
            RETURN format('%s must be text of at most 32 MB', k);
        ELSIF kind IN ('bigint', 'double precision') AND jsonb_typeof(v) <> 'number' THEN
            RETURN format('%s must be a number', k);
        ELSIF kind = 'bytea' AND (jsonb_typeof(v) <> 'string'
                OR left(v #>> '{}', 6) <> '\\x1f8b' OR (v #>> '{}') !~ '^\\\\x([0-9a-f]{2})*$') THEN
            RETURN format('%s is not gzip data', k);
        END IF;
    END LOOP;
    item := item - 'recorded_by';
    FOREACH k IN ARRAY ARRAY['id', 'article_id', 'claim_id', 'scale_id', 'row_id', 'tbl'] LOOP
        IF item ? k AND jsonb_typeof(item -> k) <> 'null'
                AND length(item ->> k) NOT BETWEEN 1 AND 100 THEN
            RETURN format('%s is not an id', k);
        END IF;
    END LOOP;
    -- What the types do not say.
    IF tbl IN ('claims', 'status_changes')
            AND NOT coalesce(item ->> 'status', 'new') = ANY (@statuses@) THEN
        RETURN format('status %s is not a status', left(item ->> 'status', 40));
    ELSIF tbl = 'evidence' AND NOT coalesce(item ->> 'stance', 'unclear') = ANY (@stances@) THEN
        RETURN format('stance %s is not a stance', left(item ->> 'stance', 40));
    ELSIF tbl IN ('claims', 'posts') AND NOT ((item ->> 'start')::bigint >= 0
            AND (item ->> 'start')::bigint <= (item ->> 'end')::bigint) THEN
        RETURN 'its span is not a stretch of text';
    ELSIF tbl = 'claims' AND coalesce(item ->> 'checkworthy', '0') NOT IN ('0', '1') THEN
        RETURN 'checkworthy must be 0 or 1';
    ELSIF tbl = 'rating_scales' AND coalesce(item ->> 'builtin', '0') <> '0' THEN
        RETURN 'a built-in scale is never sent';
    ELSIF tbl = 'rating_levels' AND NOT (item ->> 'position')::bigint BETWEEN 0 AND 999 THEN
        RETURN 'position is out of range';
    ELSIF tbl = 'tombstones' AND NOT coalesce(item ->> 'tbl', '') = ANY (@tombstoned@) THEN
        RETURN format('%s is not a table rows are deleted from', left(item ->> 'tbl', 60));
    ELSIF tbl = 'tombstones' AND coalesce(item ->> 'deleted', '1') NOT IN ('0', '1') THEN
        RETURN 'deleted must be 0 or 1';
    ELSIF tbl = 'factchecks' AND NOT coalesce(item ->> 'state', 'draft') = ANY (@states@) THEN
        RETURN format('state %s is not a fact-check state', left(item ->> 'state', 40));
    END IF;
    -- Links keep no user:password@.
    FOREACH k IN ARRAY @urls@ LOOP
        IF jsonb_typeof(item -> k) = 'string' THEN
            item := jsonb_set(item, ARRAY[k], to_jsonb(regexp_replace(item ->> k,
                '^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@', '\\1')));
        END IF;
    END LOOP;
    -- Times: never later than the hub's clock; the laptop's kept as claimed.
    FOREACH k IN ARRAY @times@ LOOP
        IF jsonb_typeof(item -> k) = 'string'
                AND factdesk.bounded_time(item ->> k, hub_now) <> item ->> k THEN
            claimed := claimed || jsonb_build_object(k, item -> k);
            item := jsonb_set(item, ARRAY[k], to_jsonb(hub_now));
        END IF;
    END LOOP;
    IF jsonb_typeof(item -> 'field_times') = 'string' THEN
        times := (item ->> 'field_times')::jsonb;
        IF jsonb_typeof(times) <> 'object' THEN
            RETURN 'field_times is not a JSON object';
        END IF;
        bounded := '{}';
        FOR k, v IN SELECT * FROM jsonb_each(times) LOOP
            IF k !~ '^[a-z_]{1,40}$' OR jsonb_typeof(v) <> 'string' THEN
                RETURN 'field_times holds something that is not a field clock';
            END IF;
            bounded := bounded || jsonb_build_object(k, factdesk.bounded_time(v #>> '{}', hub_now));
        END LOOP;
        IF bounded <> times THEN
            claimed := claimed || jsonb_build_object('field_times', item -> 'field_times');
            item := jsonb_set(item, '{field_times}', to_jsonb(bounded::text));
        END IF;
    END IF;
    -- Identity: the name shown is the one the administrator registered.
    IF tbl = 'verdicts' THEN
        item := jsonb_set(item, '{reviewer}', to_jsonb(shown));
    ELSIF tbl IN ('status_changes', 'factcheck_corrections') THEN
        item := jsonb_set(item, '{by}', to_jsonb(shown));
    END IF;
    -- Every value of the table's own type (a bad one raises: the caller sets the row aside).
    EXECUTE format('SELECT to_jsonb(r) FROM jsonb_populate_record(NULL::factdesk.%I, $1) AS r', tbl)
        INTO item USING item || jsonb_build_object('org', o, 'seq', 0, 'recorded_by', me,
            'claimed_times', nullif(claimed, '{}'));
    -- The parent must be this organisation's (and, for posts and levels, mine).
    IF tbl IN (@parent_tables@) AND item ->> (@parent_column@) IS NOT NULL THEN
        parent := (@parent_table@);
        parent_col := (@parent_column@);
        -- (static SQL: its plan is kept, where EXECUTE would plan every row)
        @parent_lookup@
        IF owner IS NULL THEN
            RETURN format('names %s %s, which the hub does not have', parent, item ->> parent_col);
        END IF;
    END IF;
    -- The row as the hub has it.
    IF tbl = 'rating_levels' THEN
        SELECT to_jsonb(t) INTO old FROM factdesk.rating_levels AS t
        WHERE org = o AND scale_id = item ->> 'scale_id'
            AND position = (item ->> 'position')::bigint;
        keys := ARRAY['scale_id', 'position'];
    ELSIF tbl = 'tombstones' THEN
        SELECT to_jsonb(t) INTO old FROM factdesk.tombstones AS t
        WHERE org = o AND t.tbl = item ->> 'tbl' AND row_id = item ->> 'row_id';
        keys := ARRAY['tbl', 'row_id'];
    @keyed_lookup@
    ELSE
        @old_lookup@
        keys := ARRAY['id'];
    END IF;
    -- A fact-check: one per claim; signed off (published) only by a checker with the
    -- editor role who did not record it, whose registered name becomes its editor; who
    -- signed it off changes only by another sign-off.
    IF tbl = 'factchecks' THEN
        IF old IS NULL AND EXISTS (SELECT 1 FROM factdesk.factchecks AS f
                                   WHERE f.org = o AND f.claim_id = item ->> 'claim_id') THEN
            RETURN 'its claim has a fact-check already: sync, and write in that one';
        END IF;
        IF item ->> 'state' = 'published' AND (old IS NULL OR old ->> 'state' <> 'published') THEN
            IF NOT editor THEN
                RETURN 'signing a fact-check off takes a checker with the editor role';
            ELSIF old IS NULL OR old ->> 'recorded_by' = me THEN
                RETURN 'a second checker signs a fact-check off, not the one who wrote it';
            END IF;
            item := jsonb_set(item, '{editor}', to_jsonb(shown));
        ELSE
            item := jsonb_set(item, '{editor}', coalesce(old -> 'editor', 'null'));
            IF old ->> 'state' = 'published' AND item ->> 'state' <> 'published' AND NOT editor THEN
                RETURN 'only an editor takes a published fact-check back';
            END IF;
        END IF;
    ELSIF tbl = 'factcheck_corrections' AND old IS NULL AND owner <> me AND NOT editor THEN
        RETURN format('its fact-check was recorded by %s; only they or an editor correct it',
                      owner);
    ELSIF tbl = 'factcheck_claims' THEN
        -- The fact-check covering a claim besides its own: the later register wins, and
        -- only the recorder of the fact-check it joins (and of the one it leaves) or an
        -- editor puts a claim in or takes it out.
        IF length(item ->> 'factcheck_id') > 100 THEN
            RETURN 'factcheck_id is not an id';
        ELSIF (item ->> 'added_at', item ->> 'factcheck_id')
                <= (old ->> 'added_at', old ->> 'factcheck_id') THEN
            RETURN NULL;  -- the hub's register is as new
        END IF;
        FOREACH k IN ARRAY ARRAY[item ->> 'factcheck_id', old ->> 'factcheck_id'] LOOP
            CONTINUE WHEN coalesce(k, '') = '' OR k = old ->> 'factcheck_id'
                AND k = item ->> 'factcheck_id';
            who := NULL;
            SELECT f.recorded_by INTO who FROM factdesk.factchecks AS f
            WHERE f.org = o AND f.id = k;
            IF who IS NULL AND k = item ->> 'factcheck_id' THEN
                RETURN format('names fact-check %s, which the hub does not have', k);
            ELSIF who <> me AND NOT editor THEN
                RETURN format('its fact-check was recorded by %s; only they or an editor '
                              'change the claims it covers', who);
            END IF;
        END LOOP;
    END IF;
    IF tbl = 'tombstones' THEN
        IF old IS NOT NULL
                AND (item ->> 'at', item ->> 'deleted') <= (old ->> 'at', old ->> 'deleted') THEN
            RETURN NULL;  -- the hub has as new a deletion (or undo)
        END IF;
        who := factdesk.refusal(me, o, item ->> 'tbl', item ->> 'row_id');
        IF who IS NOT NULL THEN
            RETURN who;
        END IF;
    END IF;
    -- An article's posts and a scale's levels are their recorder's (or an editor's).
    IF tbl IN ('posts', 'rating_levels') AND owner <> me AND NOT editor AND (old IS NULL
            OR NOT factdesk.same_values(item, old, ARRAY(SELECT jsonb_object_keys(types)))) THEN
        RETURN format('its %s was recorded by %s; only they or an editor can change it',
                      parent, owner);
    END IF;
    IF old IS NULL THEN
        EXECUTE format('INSERT INTO factdesk.%I '
                       'SELECT * FROM jsonb_populate_record(NULL::factdesk.%I, $1)',
                       tbl, tbl) USING item;
        RETURN NULL;
    END IF;
    -- A change: the columns sent that differ (a parent changes only by drop_duplicate;
    -- a time the hub bounded before counts as the same).
    SELECT array_agg(c) INTO changed FROM jsonb_object_keys(types) AS c
    WHERE NOT c = ANY (keys) AND c NOT IN ('article_id', 'claim_id', 'scale_id')
        AND item -> c IS DISTINCT FROM old -> c
        AND NOT (old -> 'claimed_times' -> c IS NOT NULL
                 AND old -> 'claimed_times' -> c = claimed -> c);
    IF changed IS NULL THEN
        RETURN NULL;
    END IF;
    who := old ->> 'recorded_by';
    IF tbl = 'status_changes' THEN
        RETURN 'a status change, once recorded, never changes';
    ELSIF tbl = 'factcheck_corrections' THEN
        RETURN 'a correction, once recorded, never changes';
    ELSIF tbl = 'verdicts' THEN
        IF who <> me THEN
            RETURN format('it was recorded by %s; only they can amend it', who);
        ELSIF NOT changed <@ ARRAY['summary', 'field_times'] THEN
            RETURN 'a verdict, once recorded, changes only in its summary';
        ELSIF coalesce((item ->> 'field_times')::jsonb ->> 'summary', item ->> 'at')
                <= coalesce((old ->> 'field_times')::jsonb ->> 'summary', old ->> 'at') THEN
            RETURN NULL;  -- the hub's summary is as new
        END IF;
    ELSIF tbl = 'claims' AND changed && ARRAY['text', 'sentence', 'start', 'end', 'context']
            AND NOT editor THEN
        SELECT w.recorded_by INTO who FROM (
            SELECT recorded_by FROM factdesk.verdicts WHERE org = o AND claim_id = item ->> 'id'
            UNION ALL SELECT recorded_by FROM factdesk.status_changes
                WHERE org = o AND claim_id = item ->> 'id'
            UNION ALL SELECT recorded_by FROM factdesk.evidence
                WHERE org = o AND claim_id = item ->> 'id'
            UNION ALL SELECT old ->> 'recorded_by'
        ) AS w WHERE w.recorded_by <> me LIMIT 1;
        IF who IS NOT NULL THEN
            RETURN format('its text is what %s recorded or rated; only an editor can change it',
                          who);
        END IF;
    ELSIF tbl IN ('articles', 'rating_scales', 'prior_checks', 'saved_lists', 'factchecks')
            AND who <> me AND NOT editor THEN
        RETURN format('it was recorded by %s; only they or an editor can change it', who);
    ELSIF tbl = 'claim_family_members' AND (item ->> 'added_at', item ->> 'family_id')
            <= (old ->> 'added_at', old ->> 'family_id') THEN
        RETURN NULL;  -- the hub's family register is as new (any checker may link claims)
    ELSIF tbl = 'evidence' AND who <> me THEN
        RETURN format('it was recorded by %s; only they can change it', who);
    END IF;
    changed := changed || ARRAY['claimed_times'];
    EXECUTE format(
        'UPDATE factdesk.%I AS t '
        'SET (%s) = (SELECT %s FROM jsonb_populate_record(NULL::factdesk.%I, $1) AS r) '
        'WHERE t.org = $2 '
        'AND (%s) = (SELECT %s FROM jsonb_populate_record(NULL::factdesk.%I, $1) AS r)',
        tbl,
        (SELECT string_agg(quote_ident(c), ', ') FROM unnest(changed) AS c),
        (SELECT string_agg('r.' || quote_ident(c), ', ') FROM unnest(changed) AS c), tbl,
        (SELECT string_agg('t.' || quote_ident(c), ', ') FROM unnest(keys) AS c),
        (SELECT string_agg('r.' || quote_ident(c), ', ') FROM unnest(keys) AS c), tbl
    ) USING item, o;
    RETURN NULL;
END $$;
"""


def push_row_sql(tables: tuple[Table, ...]) -> str:
    """push_row for the hub's `tables` (store/tables.py: their parents, keys, times,
    links); the rules of each table are written out in _PUSH_ROW."""
    parents = {t.name: t.parent for t in tables if t.parent is not None}
    parent_tables = ", ".join(f"'{t}'" for t in parents)
    parent_table = (
        "CASE tbl " + " ".join(f"WHEN '{t}' THEN '{p}'" for t, (p, _c) in parents.items()) + " END"
    )
    parent_column = (
        "CASE tbl " + " ".join(f"WHEN '{t}' THEN '{c}'" for t, (_p, c) in parents.items()) + " END"
    )
    parent_lookup = (
        "\n        ".join(
            f"{'IF' if n == 0 else 'ELSIF'} parent = '{table}' THEN SELECT recorded_by INTO owner "
            f"FROM factdesk.{table} WHERE org = o AND id = item ->> parent_col;"
            for n, table in enumerate(sorted({p for p, _c in parents.values()}))
        )
        + "\n        END IF;"
    )
    with_ids = [t.name for t in tables if t.key == ("id",)]
    old_lookup = (
        "\n        ".join(
            f"{'IF' if n == 0 else 'ELSIF'} tbl = '{table}' THEN SELECT to_jsonb(t) INTO old "
            f"FROM factdesk.{table} AS t WHERE org = o AND id = item ->> 'id';"
            for n, table in enumerate(with_ids)
        )
        + "\n        END IF;"
    )
    # Tables keyed by one column that is not `id` (a claim's family register).
    keyed_lookup = "\n    ".join(
        f"ELSIF tbl = '{t.name}' THEN SELECT to_jsonb(t) INTO old FROM factdesk.{t.name} AS t"
        f" WHERE org = o AND {t.key[0]} = item ->> '{t.key[0]}'; keys := ARRAY['{t.key[0]}'];"
        for t in tables
        if len(t.key) == 1 and t.key != ("id",)
    )
    times = sorted({c for t in tables for c in t.times})
    urls = sorted({c for t in tables for c in t.urls})
    return fill(_PUSH_ROW, parent_lookup=parent_lookup, old_lookup=old_lookup,
                 keyed_lookup=keyed_lookup,
                 statuses=STATUSES_SQL, stances=STANCES_SQL, tombstoned=tombstoned_sql(tables),
                 urls=sql_array(urls), times=sql_array(times), states=FACTCHECK_STATES_SQL,
                 parent_tables=parent_tables, parent_table=parent_table,
                 parent_column=parent_column)  # fmt: skip


def fill(script: str, **values: str) -> str:
    """The script with each @name@ replaced (SQL is full of braces: no str.format)."""
    for name, value in values.items():
        script = script.replace(f"@{name}@", value)
    assert not re.search(r"@[a-z_]+@", script), script
    return script
