-- The fact tables' guarantees (src/integrity.sql): no overlapping periods
-- for one area and offence (and outcome type), every area, offence and
-- outcome type referred to exists, checked once per statement by triggers,
-- however the rows are written.  In a transaction rolled back at the end.
BEGIN;
DELETE FROM crimestats.recorded_offence;
DELETE FROM crimestats.offence_outcome;

-- runs a statement, returns what failed: SQLSTATE, constraint, message
-- and detail (or 'ok')
CREATE FUNCTION pg_temp.try(statement text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	state text;
	cons text;
	msg text;
	det text;
BEGIN
	EXECUTE statement;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, cons = CONSTRAINT_NAME,
							msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
	RETURN state || ' ' || coalesce(nullif(cons, ''), '-') || E'\n' || msg || E'\n' || coalesce(det, '');
END;
$$;

-- the declared foreign keys stay (pg_dump orders data by them), their
-- per-row triggers are disabled; the statement triggers are enabled
SELECT c.conrelid::regclass AS fact_table, c.conname, c.contype,
	   (SELECT string_agg(DISTINCT t.tgenabled::text, ',') FROM pg_trigger t WHERE t.tgconstraint = c.oid) AS fk_triggers
  FROM pg_constraint c
 WHERE c.conrelid IN ('crimestats.recorded_offence'::regclass, 'crimestats.offence_outcome'::regclass)
   AND c.contype IN ('f', 'x')
 ORDER BY 1, 2;
SELECT t.tgrelid::regclass AS on_table, t.tgname, t.tgenabled, t.tgfoid::regproc AS function
  FROM pg_trigger t
 WHERE t.tgrelid IN ('crimestats.recorded_offence'::regclass, 'crimestats.offence_outcome'::regclass,
					 'crimestats.area'::regclass, 'crimestats.offence'::regclass, 'crimestats.outcome_type'::regclass)
   AND NOT t.tgisinternal
 ORDER BY 1, 2;
-- the foreign keys of other tables keep their triggers
SELECT count(*) AS area_population_fk_triggers_enabled
  FROM pg_trigger t JOIN pg_constraint c ON c.oid = t.tgconstraint
 WHERE c.conrelid = 'crimestats.area_population'::regclass AND t.tgenabled = 'O';

-- one row, then adjacent periods (the next quarter, the month before) and
-- other keys: accepted
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
VALUES ('E23000001', '8Q', '[2017-04-01,2017-07-01)', 10, 'first');
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
VALUES ('E23000001', '8Q', '[2017-07-01,2017-10-01)', 11, 'second'),
	   ('E23000001', '8Q', '[2017-03-01,2017-04-01)', 12, 'second'),
	   ('E23000001', '8L', '[2017-04-01,2017-07-01)', 13, 'second'),
	   ('E23000002', '8Q', '[2017-04-01,2017-07-01)', 14, 'second');
-- a thousand rows in one statement: consecutive days of one key, and a
-- thousand keys (area and offence pairs) with one quarter each
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
SELECT 'E23000003', '8Q', daterange(date '2015-01-01' + i, date '2015-01-01' + i + 1), 1, 'days'
  FROM generate_series(0, 999) AS g (i);
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
SELECT a.code, o.code, '[2016-01-01,2016-04-01)', 1, 'keys'
  FROM (SELECT code FROM crimestats.area ORDER BY code LIMIT 50) a
 CROSS JOIN (SELECT code FROM crimestats.offence ORDER BY code LIMIT 20) o;
SELECT source, count(*) FROM crimestats.recorded_offence GROUP BY 1 ORDER BY 1;

-- overlaps, however written: one row by hand (a day inside a loaded
-- quarter), one of many rows, two identical rows in one statement, a row
-- overlapping rows of the same statement only, COPY, INSERT ... SELECT
SELECT pg_temp.try($$INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
	VALUES ('E23000001', '8Q', '[2017-06-30,2017-07-01)', 1, 'by hand')$$);
SELECT pg_temp.try($$INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
	VALUES ('E23000004', '8Q', '[2017-04-01,2017-07-01)', 1, 'by hand'),
		   ('E23000002', '8Q', '[2017-01-01,2018-01-01)', 1, 'by hand'),
		   ('E23000005', '8Q', '[2017-04-01,2017-07-01)', 1, 'by hand')$$);
SELECT pg_temp.try($$INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
	VALUES ('E23000004', '8Q', '[2017-04-01,2017-07-01)', 1, 'twice'),
		   ('E23000004', '8Q', '[2017-04-01,2017-07-01)', 1, 'twice')$$);
SELECT pg_temp.try($$INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
	VALUES ('E23000004', '8Q', '[2017-04-01,2017-07-01)', 1, 'quarter'),
		   ('E23000004', '8Q', '[2017-05-01,2017-06-01)', 1, 'month')$$);
SAVEPOINT copy;
COPY crimestats.recorded_offence (area_code, offence_code, period, offences, source) FROM stdin;
E23000006	8Q	[2017-04-01,2017-07-01)	1	copied
E23000003	8Q	[2017-09-01,2017-10-01)	1	copied
\.
ROLLBACK TO copy;
SELECT pg_temp.try($$INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
	SELECT area_code, offence_code, daterange(lower(period) + 1, upper(period) + 1), offences, 'shifted'
	  FROM crimestats.recorded_offence WHERE source = 'days'$$);
-- nothing of the failed statements stayed
SELECT source, count(*) FROM crimestats.recorded_offence GROUP BY 1 ORDER BY 1;

-- UPDATE: a period or a code moved onto another row's days fails; all of
-- a key's periods moved at once, which no two rows overlap after, passes
-- (the check is made on the statement's result, not row by row)
SELECT pg_temp.try($$UPDATE crimestats.recorded_offence SET period = '[2017-05-01,2017-08-01)'
	WHERE source = 'first'$$);
SELECT pg_temp.try($$UPDATE crimestats.recorded_offence SET offence_code = '8Q'
	WHERE area_code = 'E23000001' AND offence_code = '8L'$$);
SELECT pg_temp.try($$UPDATE crimestats.recorded_offence SET period = daterange(lower(period) + 1, upper(period) + 1)
	WHERE source = 'days'$$);
SELECT min(lower(period)), max(upper(period)), count(*) FROM crimestats.recorded_offence WHERE source = 'days';

-- outcome types: the same periods under another outcome type are not an
-- overlap, under the same one they are
INSERT INTO crimestats.offence_outcome (area_code, offence_code, period, outcome_code, offences, source)
VALUES ('E23000001', '8Q', '[2017-04-01,2017-07-01)', 1, 5, 'outcomes'),
	   ('E23000001', '8Q', '[2017-04-01,2017-07-01)', 0, 5, 'outcomes'),
	   ('E23000001', '8Q', '[2017-07-01,2017-10-01)', 1, 5, 'outcomes');
SELECT pg_temp.try($$INSERT INTO crimestats.offence_outcome (area_code, offence_code, period, outcome_code, offences, source)
	VALUES ('E23000001', '8Q', '[2017-06-01,2017-07-01)', 1, 1, 'by hand')$$);
SELECT pg_temp.try($$UPDATE crimestats.offence_outcome SET outcome_code = 1 WHERE outcome_code = 0$$);

-- rows that overlapped before a statement (written with the triggers
-- disabled, as session_replication_role = replica does) are not its
-- violation: a statement writing the same area with another code, the same
-- code in another area and the same key in a later quarter passes (all of
-- them read back with the old rows); one overlapping those rows' days fails
SET session_replication_role = replica;
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
VALUES ('E23000002', '9A', '[2003-04-01,2003-07-01)', 1, 'old a'),
	   ('E23000002', '9A', '[2003-05-01,2003-06-01)', 1, 'old b');
RESET session_replication_role;
SELECT pg_temp.try($$INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
	VALUES ('E23000002', '8Q', '[2003-04-01,2003-07-01)', 1, 'new'),
		   ('E23000003', '9A', '[2003-04-01,2003-07-01)', 1, 'new'),
		   ('E23000002', '9A', '[2003-07-01,2003-10-01)', 1, 'new')$$);
SELECT pg_temp.try($$INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
	VALUES ('E23000002', '9A', '[2003-06-01,2003-07-01)', 1, 'new 2')$$);

-- more rows than maintenance_work_mem holds: read again sorted by the
-- executor and scanned one at a time, with the same results (40,000 days of
-- one key pass; with one more row overlapping two of them, the pair named)
SET LOCAL maintenance_work_mem = '1MB';
SELECT pg_temp.try($$INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
	SELECT 'E23000006', '8R', daterange(d, d + 1), 1, 'days40k'
	FROM generate_series(0, 39999) AS g (i), LATERAL (SELECT '1901-01-01'::date + i AS d) AS x$$);
SELECT pg_temp.try($$INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
	SELECT 'E23000007', '8R', daterange(d, d + 1), 1, 'days40k'
	FROM generate_series(0, 39999) AS g (i), LATERAL (SELECT '1901-01-01'::date + i AS d) AS x
	UNION ALL
	SELECT 'E23000007', '8R', '[1901-01-05,1901-01-07)', 1, 'extra'$$);
SELECT count(*) FROM crimestats.recorded_offence WHERE source = 'days40k';
RESET maintenance_work_mem;

-- references: an unknown area, offence or outcome type fails, one row or
-- among many
SELECT pg_temp.try($$INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
	VALUES ('X99999999', '8Q', '[2017-04-01,2017-07-01)', 1, 'by hand')$$);
SELECT pg_temp.try($$INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
	VALUES ('E23000007', '8Q', '[2017-04-01,2017-07-01)', 1, 'by hand'),
		   ('E23000007', 'ZZ', '[2017-04-01,2017-07-01)', 1, 'by hand')$$);
SELECT pg_temp.try($$UPDATE crimestats.recorded_offence SET area_code = 'X99999999' WHERE source = 'first'$$);
SELECT pg_temp.try($$INSERT INTO crimestats.offence_outcome (area_code, offence_code, period, outcome_code, offences, source)
	VALUES ('X99999999', '8Q', '[2017-04-01,2017-07-01)', 1, 1, 'by hand')$$);
SELECT pg_temp.try($$INSERT INTO crimestats.offence_outcome (area_code, offence_code, period, outcome_code, offences, source)
	VALUES ('E23000001', 'ZZ', '[2017-04-01,2017-07-01)', 1, 1, 'by hand')$$);
SELECT pg_temp.try($$INSERT INTO crimestats.offence_outcome (area_code, offence_code, period, outcome_code, offences, source)
	VALUES ('E23000001', '8Q', '[2018-04-01,2018-07-01)', 999, 1, 'by hand')$$);

-- the referenced side: an area, offence or outcome type that rows refer to
-- can be neither deleted nor renamed; one no row refers to can, and other
-- columns of a referenced one can change
INSERT INTO crimestats.area (code, name, kind) VALUES ('X99000001', 'Test area', 'local_authority');
INSERT INTO crimestats.offence (code, description, offence_subgroup, offence_group)
VALUES ('X1', 'Test offence', 'Test subgroup', 'Test group');
INSERT INTO crimestats.outcome_type (code, name, outcome_group)
VALUES (99, 'Test outcome', 'Test group'), (97, 'Another test outcome', 'Test group');
INSERT INTO crimestats.offence_outcome (area_code, offence_code, period, outcome_code, offences, source)
VALUES ('X99000001', 'X1', '[2017-04-01,2017-07-01)', 99, 1, 'test lookups');
SELECT pg_temp.try($$DELETE FROM crimestats.area WHERE code = 'X99000001'$$);
SELECT pg_temp.try($$UPDATE crimestats.area SET code = 'X99000002' WHERE code = 'X99000001'$$);
SELECT pg_temp.try($$DELETE FROM crimestats.offence WHERE code = 'X1'$$);
SELECT pg_temp.try($$UPDATE crimestats.offence SET code = 'X2' WHERE code = 'X1'$$);
SELECT pg_temp.try($$DELETE FROM crimestats.outcome_type WHERE code = 99$$);
SELECT pg_temp.try($$UPDATE crimestats.outcome_type SET code = 98 WHERE code = 99$$);
SELECT pg_temp.try($$DELETE FROM crimestats.offence WHERE code = '8L'$$);
SELECT pg_temp.try($$UPDATE crimestats.area SET name = 'Renamed area' WHERE code = 'X99000001'$$);
SELECT pg_temp.try($$UPDATE crimestats.offence SET description = 'Renamed' WHERE code = 'X1'$$);
-- one statement renaming an unreferenced code and another column of a
-- referenced one
SELECT pg_temp.try($$UPDATE crimestats.outcome_type SET code = CASE code WHEN 97 THEN 96 ELSE code END,
	name = name || ' (renamed)' WHERE code IN (99, 97)$$);
DELETE FROM crimestats.offence_outcome WHERE source = 'test lookups';
SELECT pg_temp.try($$UPDATE crimestats.area SET code = 'X99000002' WHERE code = 'X99000001'$$);
SELECT pg_temp.try($$DELETE FROM crimestats.area WHERE code = 'X99000002'$$);
SELECT pg_temp.try($$DELETE FROM crimestats.offence WHERE code = 'X1'$$);
SELECT pg_temp.try($$DELETE FROM crimestats.outcome_type WHERE code = 99$$);
-- TRUNCATE of a lookup the fact tables refer to is refused (the declared
-- foreign keys)
SELECT pg_temp.try($$TRUNCATE crimestats.outcome_type$$);
SELECT pg_temp.try($$TRUNCATE crimestats.offence$$);

-- the write tokens, one per fact table (tests/integrity_concurrency.sh
-- shows writers waiting on them)
SELECT * FROM crimestats_internal.write_token ORDER BY 1;

ROLLBACK;
