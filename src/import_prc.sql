-- Home Office tables: the import of a batch of rows (import_prc_force,
-- import_prc_csp and import_prc_outcomes through import_stage, import_raw,
-- or ETL code that holds rows elsewhere).  A piece of both the install
-- script and the 1.0 -> 1.1 upgrade script (CREATE OR REPLACE: 1.0 created
-- import_prc_rows, with the same signature).
--
-- A composite offence code (Homicide, 1/4.1/4.10/4.2) comes as several
-- rows per area and quarter, which are summed; any other repeated (area,
-- offence, quarter) is rejected after its first line.  Rows that would
-- overlap offences another source loaded are rejected rather than failing
-- the whole import on the table's overlap check (src/integrity.sql).
--
-- The checks are prc_batch's (src/import_prc.c): it reads the rows once,
-- resolves names and parses counts and quarters once per distinct value,
-- sums the rows per key in a hash table, reads what other sources loaded
-- for the batch's areas, offences and span of quarters once, and returns
-- the keys to load, in key order, and the lines rejected.  The same checks
-- in SQL (crimestats 1.0, and 1.1 until it was released) read the batch
-- four times through joins and materialised steps and cost as much as the
-- insert.  The keys go in in key order (codes byte by byte, then file
-- order): consecutive insertions into the btree on (area_code,
-- offence_code, upper(period)) touch the same pages, and the table's own
-- check (a statement trigger, src/integrity.sql), which still guards every
-- row, finds each key's rows on one or two heap pages.  After prc_batch's
-- check that trigger never has a conflict to report (imports into the
-- same table wait for each other: import_begin).
CREATE FUNCTION crimestats_internal.prc_batch(format text, rows_sql text,
	OUT line bigint, OUT area_code text, OUT offence_code text, OUT outcome_code integer,
	OUT lo date, OUT hi date, OUT offences bigint, OUT investigations_closed bigint,
	OUT lines bigint, OUT reason text, OUT raw text[])
RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'prc_batch'
  LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION crimestats_internal.prc_batch(text, text) IS
  'Used by import_prc_rows: reads the rows of rows_sql (line and the staging table''s columns of format prc_force, prc_csp or prc_outcomes) once, as the caller, and returns one row per key to load (reason NULL; lines = the lines it holds, several for a composite code''s summed rows) in key order, then one row per line rejected (lines 1), with its reason and, when it was rejected for its own values, its fields (raw).';

CREATE OR REPLACE FUNCTION crimestats.import_prc_rows(format text, source text, rows_sql text)
RETURNS TABLE (read bigint, loaded bigint, rejected bigint)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	fields_sql text;
	late_lines bigint[];
	late_reasons text[];
	late bigint;
	r bigint;
	l bigint;
	j bigint;
BEGIN
	-- before import_begin deletes what the source loaded
	IF rows_sql IS NULL THEN
		RAISE EXCEPTION 'import_%: rows_sql must not be NULL', format
			USING ERRCODE = 'null_value_not_allowed';
	END IF;
	PERFORM crimestats_internal.import_begin(format, source);

	IF format = 'prc_force' THEN
		fields_sql := $s$s.financial_year, s.financial_quarter, s.force_name, s.offence_description,
			s.offence_group, s.offence_subgroup, s.offence_code, s.offence_count$s$;
	ELSIF format = 'prc_csp' THEN
		fields_sql := $s$s.financial_year, s.financial_quarter, s.force_name, s.csp_name, s.offence_description,
			s.offence_group, s.offence_subgroup, s.offence_code, s.offence_count$s$;
	ELSE
		fields_sql := $s$s.financial_year, s.financial_quarter, s.force_name, s.offence_code,
			s.offence_description, s.offence_group, s.offence_subgroup, s.outcome_description,
			s.outcome_group, s.outcome_type, s.recorded_count, s.closed_count$s$;
	END IF;

	-- The batch, checked; its keys inserted in the order given, and the
	-- lines rejected for their own values recorded with their fields.
	EXECUTE format($q$
		WITH b AS MATERIALIZED (
			SELECT * FROM crimestats_internal.prc_batch($2, $3)
		), ins AS (
			INSERT INTO %1$s (area_code, offence_code, period, offences, source %2$s)
			SELECT b.area_code, b.offence_code, pg_catalog.daterange(b.lo, b.hi), b.offences, $1 %3$s
			  FROM b
			 WHERE b.reason IS NULL
		), rej AS (
			INSERT INTO crimestats.import_reject (source, format, line, reason, raw)
			SELECT $1, $2, b.line, b.reason, b.raw
			  FROM b
			 WHERE b.reason IS NOT NULL AND b.raw IS NOT NULL
			RETURNING 1
		)
		SELECT coalesce(sum(b.lines), 0),
			   coalesce(sum(b.lines) FILTER (WHERE b.reason IS NULL), 0),
			   (SELECT count(*) FROM rej),
			   coalesce(array_agg(b.line ORDER BY b.line) FILTER (WHERE b.reason IS NOT NULL AND b.raw IS NULL), '{}'),
			   coalesce(array_agg(b.reason ORDER BY b.line) FILTER (WHERE b.reason IS NOT NULL AND b.raw IS NULL), '{}')
		  FROM b
		$q$,
		CASE WHEN format = 'prc_outcomes' THEN 'crimestats.offence_outcome' ELSE 'crimestats.recorded_offence' END,
		CASE WHEN format = 'prc_outcomes' THEN ', outcome_code, investigations_closed' ELSE '' END,
		CASE WHEN format = 'prc_outcomes' THEN ', b.outcome_code, b.investigations_closed' ELSE '' END)
	USING source, format, rows_sql
	INTO r, l, j, late_lines, late_reasons;

	-- The lines rejected as repeated or overlapping, with their fields from
	-- the rows read again (rows_sql is read in the same order each time).
	IF cardinality(late_lines) > 0 THEN
		EXECUTE format($q$
			INSERT INTO crimestats.import_reject (source, format, line, reason, raw)
			SELECT $1, $2, s.line, u.reason, ARRAY[%s]
			  FROM (%s) s
			  JOIN unnest($3::bigint[], $4::text[]) u (line, reason) ON u.line = s.line
			$q$, fields_sql, rows_sql)
		USING source, format, late_lines, late_reasons;
		GET DIAGNOSTICS late = ROW_COUNT;
		j := j + late;
	END IF;

	IF r <> l + j THEN
		RAISE EXCEPTION 'import_%: read % rows but loaded % and rejected %', format, r, l, j;
	END IF;
	RETURN QUERY SELECT r, l, j;
END;
$$;
COMMENT ON FUNCTION crimestats.import_prc_rows(text, text, text) IS
  'Loads Home Office table rows (format prc_force, prc_csp or prc_outcomes) from the query rows_sql, which returns line plus the staging table''s columns; used by the import functions and by ETL code that holds rows elsewhere.  rows_sql is run once, and again for the fields of lines rejected as repeated or overlapping, and must return the same rows each time.  Returns (read, loaded, rejected); loaded counts rows read, so the four Homicide rows summed into one count as four.';
