-- The fact tables' guarantees, checked once per statement.
--
-- recorded_offence and offence_outcome guarantee, however rows reach them
-- (an import, INSERT, COPY, UPDATE):
--  * no two rows of one area and offence (and outcome type) have
--    overlapping periods: the 1.0 exclusion constraints;
--  * every row's area, offence and outcome type exists: the 1.0 foreign
--    keys, also on the referenced side (an area, offence or outcome type
--    that rows refer to can be neither deleted nor renamed).
-- PostgreSQL enforces an exclusion constraint with one GiST search and
-- insertion per row and a foreign key with one query per row: at national
-- scale about 110 us a row, where a plain COPY takes 2 to 4 (docs/loading.md).
-- The statement triggers below check the same rules once per statement,
-- set-based, over the rows the statement wrote (its transition table).
--
-- The foreign keys stay declared, with their per-row triggers disabled:
-- pg_dump orders the data of an extension's tables by their foreign keys
-- (without them outcome_type's rows, alphabetically after offence_outcome,
-- would be restored after the rows that refer to them), pg_restore --jobs
-- waits by them, TRUNCATE refuses a referenced table by them, and the
-- planner estimates joins by them.  Everything they declare is true: the
-- triggers below enforce it.  Enabling their triggers again (ALTER TABLE
-- ... ENABLE TRIGGER ALL) is harmless, only slower.
--
-- Concurrency.  A check reads the table with a snapshot, so two
-- transactions writing at once could each miss the other's rows.  So
-- before checking, every one of these triggers updates the row of
-- write_token of each fact table it checks: writers serialise on that row
-- lock until they commit.  In READ COMMITTED the checks that follow take
-- fresh snapshots and see what the other writer committed; in REPEATABLE
-- READ and SERIALIZABLE the UPDATE itself fails (40001, could not
-- serialize access) when another writer committed after the transaction's
-- snapshot was taken.  Readers are not blocked; writers of one fact table
-- wait for each other until commit (as the imports already did:
-- import_begin), and a statement deleting or renaming an area, offence or
-- outcome type waits for the fact tables' writers.
--
-- Privileges: the checks run as the role that writes (no SECURITY
-- DEFINER), which needs SELECT on the fact and lookup tables and UPDATE on
-- write_token (grant_load gives both).  The fact tables' row-level
-- security lets every role read every row (the SELECT policy is true,
-- src/roles.sql), so a loader's check sees the rows of sources it may not
-- load: it must, or two loaders could load overlapping rows.
--
-- On Citus, distribute() drops these triggers and makes the constraints
-- declarative again (src/distribute.sql): the functions cannot run on the
-- shards.

-- One row per fact table: the lock writers serialise on.  The UPDATE
-- changes nothing but makes a new row version, which is what a REPEATABLE
-- READ transaction fails on (a row lock alone, SELECT ... FOR UPDATE,
-- leaves none behind once its transaction ends).
CREATE TABLE crimestats_internal.write_token (
	fact_table text PRIMARY KEY
);
COMMENT ON TABLE crimestats_internal.write_token IS
  'One row per fact table (recorded_offence, offence_outcome), updated by every statement that writes to it or deletes or renames what it refers to, before the statement''s rows are checked: concurrent writers wait for each other there until commit (or fail 40001 in REPEATABLE READ and SERIALIZABLE), so each check sees what the others wrote.';
COMMENT ON COLUMN crimestats_internal.write_token.fact_table IS 'recorded_offence or offence_outcome.';
INSERT INTO crimestats_internal.write_token (fact_table) VALUES ('recorded_offence'), ('offence_outcome');

-- A btree on the key and the end of the period finds, for each key a
-- statement wrote, the rows that end after the first new period starts
-- (an import appending later quarters reads its own rows only, not the
-- decade before them) in order of their ends; the views, which read area
-- by area, use its leading column.
CREATE INDEX ON crimestats.recorded_offence (area_code, offence_code, pg_catalog.upper(period));
CREATE INDEX ON crimestats.offence_outcome (area_code, offence_code, outcome_code, pg_catalog.upper(period));

-- Overlaps: the table's rows of the areas and offence codes the statement
-- wrote whose periods meet the span of its new ones, sorted per area and
-- code by their ends.  Any row that overlaps a new one is among them (it
-- overlaps the new row, so it meets the span).  If any two periods of a
-- set overlap, two adjacent in that order do (sorted by end, a period that
-- does not overlap its successor ends before the successor starts, so
-- periods that do not overlap their successors are all disjoint; two
-- periods with the same end overlap, whichever comes first), so one pass
-- over each area and code finds every violation; old rows never overlap
-- each other, so the pair found holds a new row.  Rows of other areas,
-- codes or periods that the arrays and the span let in (a statement that
-- writes area A's code 1 and area B's code 2 also reads A's code 2) are
-- old rows and add none.  The statement's rows are read once, hashed, for
-- the arrays and the span, which the references are checked against too.
-- The query is planned for them (overlapping_keys runs it as given, with the
-- arrays as constants): a one-row statement reads a few index entries; an
-- import of 230,000 rows reads its own rows back with one bitmap scan of
-- the index on (key, upper(period)).  overlapping_keys (src/integrity.c)
-- keeps up to maintenance_work_mem of rows, sorts them as bytes and scans
-- them once: 0.1 to 0.2 s for an import's, where a window over a sort took
-- 0.5 s and probing the index key by key 40 to 65 microseconds a key, 2
-- seconds for a partnership table's 40,000 keys.  More rows than that (an
-- UPDATE of a whole table) are read again sorted by the executor, which
-- spills to disk, and scanned one at a time.  Only when an area and code overlap are they read again, with
-- ties broken by the start and the source, so that the pair reported does
-- not depend on the plan.
CREATE FUNCTION crimestats_internal.overlapping_keys(query text)
RETURNS SETOF text[]
  AS 'MODULE_PATHNAME', 'overlapping_keys'
  LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION crimestats_internal.overlapping_keys(text) IS
  'Used by the fact tables'' triggers: runs query, whose rows are a key''s columns then the first day of a period and the day after its last, and returns each key (as text, one element per column) two of whose rows have overlapping periods, once.';

CREATE FUNCTION crimestats_internal.recorded_offence_check()
RETURNS trigger
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	bad record;
	pair record;
	areas text[];
	offences text[];
	lo date;
	hi date;
	bad_key text[];
BEGIN
	UPDATE crimestats_internal.write_token w SET fact_table = w.fact_table
	 WHERE w.fact_table = 'recorded_offence';

	-- One pass over the statement's rows (hashed) gives its areas, its
	-- offence codes and the span of its periods, which every check reads.
	SELECT coalesce(array_agg(g.area_code) FILTER (WHERE g.by_area = 0), '{}'),
		   coalesce(array_agg(g.offence_code) FILTER (WHERE g.by_offence = 0), '{}'),
		   min(g.lo), max(g.hi)
	  INTO areas, offences, lo, hi
	  FROM (SELECT n.area_code, n.offence_code, GROUPING(n.area_code) AS by_area, GROUPING(n.offence_code) AS by_offence,
				   min(lower(n.period)) AS lo, max(upper(n.period)) AS hi
			  FROM new_rows n
			 GROUP BY GROUPING SETS ((n.area_code), (n.offence_code))) g;
	IF lo IS NULL THEN
		RETURN NULL;
	END IF;

	-- References first: their errors take precedence.
	SELECT a.code INTO bad FROM unnest(areas) AS a (code)
	 WHERE NOT EXISTS (SELECT 1 FROM crimestats.area x WHERE x.code = a.code) LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'insert or update on table "recorded_offence" violates foreign key constraint "recorded_offence_area_code_fkey"'
			USING ERRCODE = 'foreign_key_violation', SCHEMA = 'crimestats', TABLE = 'recorded_offence',
				  CONSTRAINT = 'recorded_offence_area_code_fkey',
				  DETAIL = format('Key (area_code)=(%s) is not present in table "area".', bad.code);
	END IF;
	SELECT o.code INTO bad FROM unnest(offences) AS o (code)
	 WHERE NOT EXISTS (SELECT 1 FROM crimestats.offence x WHERE x.code = o.code) LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'insert or update on table "recorded_offence" violates foreign key constraint "recorded_offence_offence_code_fkey"'
			USING ERRCODE = 'foreign_key_violation', SCHEMA = 'crimestats', TABLE = 'recorded_offence',
				  CONSTRAINT = 'recorded_offence_offence_code_fkey',
				  DETAIL = format('Key (offence_code)=(%s) is not present in table "offence".', bad.code);
	END IF;

	-- Overlaps, among the table's rows of those areas and codes within that
	-- span (planned for the arrays' contents: an index scan for a few rows,
	-- a bitmap scan for an import's), sorted and scanned in C.
	FOR bad_key IN SELECT k.key FROM crimestats_internal.overlapping_keys(format($q$
		SELECT r.area_code, r.offence_code, lower(r.period), upper(r.period)
		  FROM crimestats.recorded_offence r
		 WHERE r.area_code = ANY (%L::text[]) AND r.offence_code = ANY (%L::text[])
		   AND upper(r.period) > %L::date AND lower(r.period) < %L::date
		$q$, areas, offences, lo, hi)) AS k (key)
	LOOP
		-- An overlap: the pair to report, the first in order of the periods'
		-- ends, starts and sources, so that it does not depend on the plan
		-- (finding one needs no more than the ends' order: two periods with
		-- the same end overlap), among the key's rows within the span of the
		-- statement's for that key.  A key the statement did not write, or
		-- whose overlap lies outside that span, holds rows that overlapped
		-- before the statement (written while the triggers were disabled):
		-- not this statement's violation, and not reported.
		SELECT t.prev_period, t.prev_source, t.period, t.source INTO pair
		  FROM (SELECT min(lower(n.period)) AS lo, max(upper(n.period)) AS hi
				  FROM new_rows n
				 WHERE n.area_code = bad_key[1] AND n.offence_code = bad_key[2]) k
		 CROSS JOIN LATERAL (
			SELECT r.period, r.source, lag(r.period) OVER w AS prev_period, lag(r.source) OVER w AS prev_source
			  FROM crimestats.recorded_offence r
			 WHERE r.area_code = bad_key[1] AND r.offence_code = bad_key[2]
			   AND upper(r.period) > k.lo AND lower(r.period) < k.hi
			WINDOW w AS (ORDER BY upper(r.period), lower(r.period), r.source)) t
		 WHERE t.prev_period && t.period
		 LIMIT 1;
		IF FOUND THEN
			RAISE EXCEPTION 'conflicting key value violates exclusion constraint "recorded_offence_area_code_offence_code_period_excl"'
				USING ERRCODE = 'exclusion_violation', SCHEMA = 'crimestats', TABLE = 'recorded_offence',
					  CONSTRAINT = 'recorded_offence_area_code_offence_code_period_excl',
					  DETAIL = format('Area %s, offence %s: period %s (source %s) overlaps period %s (source %s).',
									  bad_key[1], bad_key[2], pair.prev_period,
									  coalesce(quote_literal(pair.prev_source), 'NULL'), pair.period,
									  coalesce(quote_literal(pair.source), 'NULL'));
		END IF;
	END LOOP;
	RETURN NULL;
END;
$$;
COMMENT ON FUNCTION crimestats_internal.recorded_offence_check() IS
  'Trigger of crimestats.recorded_offence, after each INSERT or UPDATE statement: every written row''s area and offence exist (23503) and no two rows of an area and offence have overlapping periods (23P01), checked set-based over the statement''s rows.';

CREATE FUNCTION crimestats_internal.offence_outcome_check()
RETURNS trigger
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	bad record;
	pair record;
	areas text[];
	offences text[];
	outcomes integer[];
	lo date;
	hi date;
	bad_key text[];
BEGIN
	UPDATE crimestats_internal.write_token w SET fact_table = w.fact_table
	 WHERE w.fact_table = 'offence_outcome';

	-- As recorded_offence_check, with the outcome types.
	SELECT coalesce(array_agg(g.area_code) FILTER (WHERE g.by_area = 0), '{}'),
		   coalesce(array_agg(g.offence_code) FILTER (WHERE g.by_offence = 0), '{}'),
		   coalesce(array_agg(g.outcome_code) FILTER (WHERE g.by_outcome = 0), '{}'),
		   min(g.lo), max(g.hi)
	  INTO areas, offences, outcomes, lo, hi
	  FROM (SELECT n.area_code, n.offence_code, n.outcome_code,
				   GROUPING(n.area_code) AS by_area, GROUPING(n.offence_code) AS by_offence,
				   GROUPING(n.outcome_code) AS by_outcome,
				   min(lower(n.period)) AS lo, max(upper(n.period)) AS hi
			  FROM new_rows n
			 GROUP BY GROUPING SETS ((n.area_code), (n.offence_code), (n.outcome_code))) g;
	IF lo IS NULL THEN
		RETURN NULL;
	END IF;

	SELECT a.code INTO bad FROM unnest(areas) AS a (code)
	 WHERE NOT EXISTS (SELECT 1 FROM crimestats.area x WHERE x.code = a.code) LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'insert or update on table "offence_outcome" violates foreign key constraint "offence_outcome_area_code_fkey"'
			USING ERRCODE = 'foreign_key_violation', SCHEMA = 'crimestats', TABLE = 'offence_outcome',
				  CONSTRAINT = 'offence_outcome_area_code_fkey',
				  DETAIL = format('Key (area_code)=(%s) is not present in table "area".', bad.code);
	END IF;
	SELECT o.code INTO bad FROM unnest(offences) AS o (code)
	 WHERE NOT EXISTS (SELECT 1 FROM crimestats.offence x WHERE x.code = o.code) LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'insert or update on table "offence_outcome" violates foreign key constraint "offence_outcome_offence_code_fkey"'
			USING ERRCODE = 'foreign_key_violation', SCHEMA = 'crimestats', TABLE = 'offence_outcome',
				  CONSTRAINT = 'offence_outcome_offence_code_fkey',
				  DETAIL = format('Key (offence_code)=(%s) is not present in table "offence".', bad.code);
	END IF;
	SELECT t.code INTO bad FROM unnest(outcomes) AS t (code)
	 WHERE NOT EXISTS (SELECT 1 FROM crimestats.outcome_type x WHERE x.code = t.code) LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'insert or update on table "offence_outcome" violates foreign key constraint "offence_outcome_outcome_code_fkey"'
			USING ERRCODE = 'foreign_key_violation', SCHEMA = 'crimestats', TABLE = 'offence_outcome',
				  CONSTRAINT = 'offence_outcome_outcome_code_fkey',
				  DETAIL = format('Key (outcome_code)=(%s) is not present in table "outcome_type".', bad.code);
	END IF;

	FOR bad_key IN SELECT k.key FROM crimestats_internal.overlapping_keys(format($q$
		SELECT r.area_code, r.offence_code, r.outcome_code, lower(r.period), upper(r.period)
		  FROM crimestats.offence_outcome r
		 WHERE r.area_code = ANY (%L::text[]) AND r.offence_code = ANY (%L::text[])
		   AND r.outcome_code = ANY (%L::integer[])
		   AND upper(r.period) > %L::date AND lower(r.period) < %L::date
		$q$, areas, offences, outcomes, lo, hi)) AS k (key)
	LOOP
		-- An overlap: the pair to report, the first in order of the periods'
		-- ends, starts and sources, so that it does not depend on the plan
		-- (finding one needs no more than the ends' order: two periods with
		-- the same end overlap), among the key's rows within the span of the
		-- statement's for that key.  A key the statement did not write, or
		-- whose overlap lies outside that span, holds rows that overlapped
		-- before the statement (written while the triggers were disabled):
		-- not this statement's violation, and not reported.
		SELECT t.prev_period, t.prev_source, t.period, t.source INTO pair
		  FROM (SELECT min(lower(n.period)) AS lo, max(upper(n.period)) AS hi
				  FROM new_rows n
				 WHERE n.area_code = bad_key[1] AND n.offence_code = bad_key[2] AND n.outcome_code = bad_key[3]::integer) k
		 CROSS JOIN LATERAL (
			SELECT r.period, r.source, lag(r.period) OVER w AS prev_period, lag(r.source) OVER w AS prev_source
			  FROM crimestats.offence_outcome r
			 WHERE r.area_code = bad_key[1] AND r.offence_code = bad_key[2] AND r.outcome_code = bad_key[3]::integer
			   AND upper(r.period) > k.lo AND lower(r.period) < k.hi
			WINDOW w AS (ORDER BY upper(r.period), lower(r.period), r.source)) t
		 WHERE t.prev_period && t.period
		 LIMIT 1;
		IF FOUND THEN
			RAISE EXCEPTION 'conflicting key value violates exclusion constraint "offence_outcome_area_code_offence_code_outcome_code_period_excl"'
				USING ERRCODE = 'exclusion_violation', SCHEMA = 'crimestats', TABLE = 'offence_outcome',
					  CONSTRAINT = 'offence_outcome_area_code_offence_code_outcome_code_period_excl',
					  DETAIL = format('Area %s, offence %s, outcome type %s: period %s (source %s) overlaps period %s (source %s).',
									  bad_key[1], bad_key[2], bad_key[3]::integer, pair.prev_period,
									  coalesce(quote_literal(pair.prev_source), 'NULL'), pair.period,
									  coalesce(quote_literal(pair.source), 'NULL'));
		END IF;
	END LOOP;
	RETURN NULL;
END;
$$;
COMMENT ON FUNCTION crimestats_internal.offence_outcome_check() IS
  'Trigger of crimestats.offence_outcome, after each INSERT or UPDATE statement: every written row''s area, offence and outcome type exist (23503) and no two rows of an area, offence and outcome type have overlapping periods (23P01), checked set-based over the statement''s rows.';

-- The referenced side: after a DELETE or an UPDATE of area, offence or
-- outcome_type, no code that the statement removed (in the old rows, no
-- longer in the table) may be referred to by a fact.  An UPDATE that
-- changes no code (a name, a group) checks nothing and takes no lock.
CREATE FUNCTION crimestats_internal.lookup_check()
RETURNS trigger
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	code text;
	fact text;
	fkey text;
BEGIN
	IF TG_TABLE_NAME = 'area' THEN
		SELECT o.code INTO code FROM old_rows o
		 WHERE NOT EXISTS (SELECT 1 FROM crimestats.area a WHERE a.code = o.code) LIMIT 1;
	ELSIF TG_TABLE_NAME = 'offence' THEN
		SELECT o.code INTO code FROM old_rows o
		 WHERE NOT EXISTS (SELECT 1 FROM crimestats.offence a WHERE a.code = o.code) LIMIT 1;
	ELSE
		SELECT o.code INTO code FROM old_rows o
		 WHERE NOT EXISTS (SELECT 1 FROM crimestats.outcome_type a WHERE a.code = o.code) LIMIT 1;
	END IF;
	IF code IS NULL THEN
		RETURN NULL;
	END IF;

	-- in the fact tables' order, as every other writer takes them
	IF TG_TABLE_NAME IN ('area', 'offence') THEN
		UPDATE crimestats_internal.write_token w SET fact_table = w.fact_table
		 WHERE w.fact_table = 'recorded_offence';
	END IF;
	UPDATE crimestats_internal.write_token w SET fact_table = w.fact_table
	 WHERE w.fact_table = 'offence_outcome';

	code := NULL;
	IF TG_TABLE_NAME = 'area' THEN
		SELECT o.code, 'recorded_offence' INTO code, fact FROM old_rows o
		 WHERE NOT EXISTS (SELECT 1 FROM crimestats.area a WHERE a.code = o.code)
		   AND EXISTS (SELECT 1 FROM crimestats.recorded_offence r WHERE r.area_code = o.code)
		 LIMIT 1;
		IF code IS NULL THEN
			SELECT o.code, 'offence_outcome' INTO code, fact FROM old_rows o
			 WHERE NOT EXISTS (SELECT 1 FROM crimestats.area a WHERE a.code = o.code)
			   AND EXISTS (SELECT 1 FROM crimestats.offence_outcome r WHERE r.area_code = o.code)
			 LIMIT 1;
		END IF;
	ELSIF TG_TABLE_NAME = 'offence' THEN
		SELECT o.code, 'recorded_offence' INTO code, fact FROM old_rows o
		 WHERE NOT EXISTS (SELECT 1 FROM crimestats.offence a WHERE a.code = o.code)
		   AND EXISTS (SELECT 1 FROM crimestats.recorded_offence r WHERE r.offence_code = o.code)
		 LIMIT 1;
		IF code IS NULL THEN
			SELECT o.code, 'offence_outcome' INTO code, fact FROM old_rows o
			 WHERE NOT EXISTS (SELECT 1 FROM crimestats.offence a WHERE a.code = o.code)
			   AND EXISTS (SELECT 1 FROM crimestats.offence_outcome r WHERE r.offence_code = o.code)
			 LIMIT 1;
		END IF;
	ELSE
		SELECT o.code, 'offence_outcome' INTO code, fact FROM old_rows o
		 WHERE NOT EXISTS (SELECT 1 FROM crimestats.outcome_type a WHERE a.code = o.code)
		   AND EXISTS (SELECT 1 FROM crimestats.offence_outcome r WHERE r.outcome_code = o.code)
		 LIMIT 1;
	END IF;
	IF code IS NOT NULL THEN
		fkey := format('%s_%s_fkey', fact, CASE TG_TABLE_NAME WHEN 'area' THEN 'area_code'
														   WHEN 'offence' THEN 'offence_code'
														   ELSE 'outcome_code' END);
		RAISE EXCEPTION 'update or delete on table "%" violates foreign key constraint "%" on table "%"',
				TG_TABLE_NAME, fkey, fact
			USING ERRCODE = 'foreign_key_violation', SCHEMA = 'crimestats', TABLE = fact,
				  CONSTRAINT = fkey,
				  DETAIL = format('Key (code)=(%s) is still referenced from table "%s".', code, fact);
	END IF;
	RETURN NULL;
END;
$$;
COMMENT ON FUNCTION crimestats_internal.lookup_check() IS
  'Trigger of crimestats.area, offence and outcome_type, after each DELETE or UPDATE statement: no code the statement removed is still referred to by recorded_offence or offence_outcome (23503).';

-- PostgreSQL allows a transition table only on a trigger of one event.
CREATE TRIGGER check_insert AFTER INSERT ON crimestats.recorded_offence
	REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION crimestats_internal.recorded_offence_check();
CREATE TRIGGER check_update AFTER UPDATE ON crimestats.recorded_offence
	REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION crimestats_internal.recorded_offence_check();
CREATE TRIGGER check_insert AFTER INSERT ON crimestats.offence_outcome
	REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION crimestats_internal.offence_outcome_check();
CREATE TRIGGER check_update AFTER UPDATE ON crimestats.offence_outcome
	REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION crimestats_internal.offence_outcome_check();
CREATE TRIGGER check_delete AFTER DELETE ON crimestats.area
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION crimestats_internal.lookup_check();
CREATE TRIGGER check_update AFTER UPDATE ON crimestats.area
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION crimestats_internal.lookup_check();
CREATE TRIGGER check_delete AFTER DELETE ON crimestats.offence
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION crimestats_internal.lookup_check();
CREATE TRIGGER check_update AFTER UPDATE ON crimestats.offence
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION crimestats_internal.lookup_check();
CREATE TRIGGER check_delete AFTER DELETE ON crimestats.outcome_type
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION crimestats_internal.lookup_check();
CREATE TRIGGER check_update AFTER UPDATE ON crimestats.outcome_type
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION crimestats_internal.lookup_check();

-- The foreign keys' own per-row triggers (on the fact tables and on the
-- tables they reference) are disabled; those of other tables' foreign keys
-- (area_population, crime, ...) stay enabled.
DO $$
DECLARE
	t record;
BEGIN
	FOR t IN SELECT tg.tgrelid::pg_catalog.regclass::text AS rel, tg.tgname
			   FROM pg_catalog.pg_trigger tg
			   JOIN pg_catalog.pg_constraint c ON c.oid OPERATOR(pg_catalog.=) tg.tgconstraint
			  WHERE c.contype OPERATOR(pg_catalog.=) 'f'
				AND c.conrelid OPERATOR(pg_catalog.=) ANY (ARRAY['crimestats.recorded_offence'::pg_catalog.regclass,
																 'crimestats.offence_outcome'::pg_catalog.regclass])
			  ORDER BY 1, 2
	LOOP
		EXECUTE pg_catalog.format('ALTER TABLE %s DISABLE TRIGGER %I', t.rel, t.tgname);
	END LOOP;
END
$$;
