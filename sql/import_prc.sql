-- Home Office tables: police force area (real 2017/18 file), community
-- safety partnership and outcomes (constructed fixtures in the documented
-- format).  Run in a transaction rolled back at the end so that other tests'
-- rows neither disturb nor are disturbed.
BEGIN;
DELETE FROM crimestats.recorded_offence;
DELETE FROM crimestats.offence_outcome;
DELETE FROM crimestats.import_reject;

-- parsing helpers
SELECT crimestats.ho_count(' 3501 ') AS padded, crimestats.ho_count('-00 ') AS minus_zero,
       crimestats.ho_count('-45 ') AS negative, crimestats.ho_count('x') AS flag,
       crimestats.ho_count('N/A - Offence code expired') AS expired;
SELECT q, crimestats.ho_quarter('2017/18', q) FROM (VALUES ('1'), ('2'), ('3'), ('Q4'), ('5')) v (q);
SELECT crimestats.ho_quarter('2017/19', '1') AS bad_year, crimestats.ho_quarter('2019_20', '4') AS leap_q4;
SELECT crimestats.resolve_area('Metropolitan Police Service', '{police_force_area}') AS met,
       crimestats.resolve_area(' london, city of ', '{police_force_area}') AS city,
       crimestats.resolve_area('City of London', '{community_safety_partnership}') AS city_csp,
       crimestats.resolve_area('Devon and Cornwall', '{police_force_area}') AS devon,
       crimestats.resolve_area('Atlantis', '{police_force_area}') AS unknown;

-- the real police force area table, 2017/18
\copy crimestats.stage_prc_force FROM 'data/prc-pfa-2017-18.csv' CSV HEADER
SELECT * FROM crimestats.import_prc_force('prc-pfa-2017-18.csv');
SELECT count(*) AS staged_left FROM crimestats.stage_prc_force;
SELECT count(*) AS table_rows FROM crimestats.recorded_offence WHERE source = 'prc-pfa-2017-18.csv';

-- Metropolitan Police: stalking and harassment by code and quarter
SELECT r.offence_code, lower(r.period) AS quarter_start, r.offences
  FROM crimestats.recorded_offence r
 WHERE r.area_code = 'E23000001' AND r.offence_code IN ('8L', '8M', '8Q', '8R')
 ORDER BY 1, 2;
SELECT o.code, sum(r.offences) AS year_total
  FROM crimestats.recorded_offence r JOIN crimestats.offence o ON o.code = r.offence_code
 WHERE r.area_code = 'E23000001'
   AND (o.offence_subgroup = 'Stalking and harassment' OR o.code = '1/4.1/4.10/4.2')
 GROUP BY ROLLUP (o.offence_subgroup, o.code)
 ORDER BY o.offence_subgroup NULLS LAST, o.code NULLS LAST;
-- homicide: four rows per force and quarter summed into one
SELECT count(*) AS homicide_rows, sum(offences) AS met_homicide
  FROM crimestats.recorded_offence
 WHERE offence_code = '1/4.1/4.10/4.2' AND area_code = 'E23000001';
-- negative adjustments kept
SELECT lower(period) AS quarter_start, offences FROM crimestats.recorded_offence
 WHERE area_code = 'E23000012' AND offence_code = '8M' ORDER BY 1;
-- 36 negative rows in the file; 34 negative table rows once Homicide rows are netted
SELECT count(*) AS negative_rows FROM crimestats.recorded_offence WHERE offences < 0;
-- City of London and England and Wales (43 forces + BTP)
SELECT offence_code, sum(offences) FROM crimestats.recorded_offence
 WHERE area_code = 'E23000034' AND offence_code IN ('8L', '8M', '8Q', '8R') GROUP BY 1 ORDER BY 1;
SELECT r.offence_code, sum(r.offences)
  FROM crimestats.recorded_offence r JOIN crimestats.area a ON a.code = r.area_code
 WHERE (a.kind = 'police_force_area' OR a.code = 'NT_BTP') AND r.offence_code IN ('8L', '8M', '8Q', '8R')
 GROUP BY ROLLUP (1) ORDER BY 1;
-- non-territorial bodies kept under their own kind
SELECT a.name, a.kind, count(*), sum(r.offences)
  FROM crimestats.recorded_offence r JOIN crimestats.area a ON a.code = r.area_code
 WHERE a.kind = 'non_territorial' GROUP BY 1, 2 ORDER BY 1;

-- re-import replaces, never double counts
\copy crimestats.stage_prc_force FROM 'data/prc-pfa-2017-18.csv' CSV HEADER
SELECT * FROM crimestats.import_prc_force('prc-pfa-2017-18.csv');
SELECT count(*), sum(offences) FROM crimestats.recorded_offence
 WHERE area_code = 'E23000001' AND offence_code IN ('8L', '8M', '8Q', '8R');

-- bad rows: a second source overlapping the first, and rows that cannot be read
INSERT INTO crimestats.stage_prc_force VALUES
  ('2017/18', '1', 'Metropolitan Police', 'Stalking', 'x', 'x', '8Q', ' 1 '),
  ('2017/18', '1', 'Atlantis', 'Stalking', 'x', 'x', '8Q', ' 1 '),
  ('2018/18', '1', 'Cumbria', 'Stalking', 'x', 'x', '8Q', ' 1 '),
  ('2018/19', '0', 'Cumbria', 'Stalking', 'x', 'x', '8Q', ' 1 '),
  ('2018/19', '1', 'Cumbria', 'Stalking', 'x', 'x', '8ZZ', ' 1 '),
  ('2018/19', '1', 'Cumbria', 'Stalking', 'x', 'x', '8Q', ' 1.5 '),
  ('2018/19', '1', 'Cumbria', 'Stalking', 'x', 'x', '8Q', 'N/A - Offence code expired'),
  ('2018/19', '1', 'Cumbria', 'Stalking', 'x', 'x', '8Q', ' 12 '),
  ('2018/19', '1', 'Cumbria', 'Stalking', 'x', 'x', '8Q', ' 13 '),
  ('2018/19', '1', 'Cumbria Constabulary', 'Homicide', 'x', 'x', '1/4.1/4.10/4.2', ' 2 '),
  ('2018/19', '1', 'Cumbria', 'Homicide', 'x', 'x', '1/4.1/4.10/4.2', '-00 ');
SELECT * FROM crimestats.import_prc_force('handmade');
SELECT line, reason, raw[3] AS force, raw[8] AS count FROM crimestats.import_reject
 WHERE source = 'handmade' ORDER BY line;
SELECT offence_code, period, offences FROM crimestats.recorded_offence WHERE source = 'handmade' ORDER BY 1;

-- community safety partnerships (constructed fixture)
\copy crimestats.stage_prc_csp FROM 'data/prc-csp-fixture.csv' CSV HEADER
SELECT * FROM crimestats.import_prc_csp('prc-csp-fixture.csv');
SELECT a.name, r.offence_code, lower(r.period), r.offences
  FROM crimestats.recorded_offence r JOIN crimestats.area a ON a.code = r.area_code
 WHERE r.source = 'prc-csp-fixture.csv' ORDER BY 1, 2;
SELECT line, reason FROM crimestats.import_reject WHERE source = 'prc-csp-fixture.csv' ORDER BY line;

-- outcomes (constructed fixture); outcome type 0 is kept
\copy crimestats.stage_prc_outcomes FROM 'data/prc-outcomes-fixture.csv' CSV HEADER
SELECT * FROM crimestats.import_prc_outcomes('prc-outcomes-fixture.csv');
SELECT area_code, offence_code, outcome_code, offences, investigations_closed
  FROM crimestats.offence_outcome WHERE source = 'prc-outcomes-fixture.csv' ORDER BY 1, 2, 3;
SELECT line, reason FROM crimestats.import_reject WHERE source = 'prc-outcomes-fixture.csv' ORDER BY line;
-- the same outcomes under another name: the rows the first import loaded
-- now overlap it and are rejected naming it, the others for the same
-- reasons as before; read = loaded + rejected
\copy crimestats.stage_prc_outcomes FROM 'data/prc-outcomes-fixture.csv' CSV HEADER
SELECT * FROM crimestats.import_prc_outcomes('outcomes again');
SELECT reason, count(*) FROM crimestats.import_reject WHERE source = 'outcomes again' GROUP BY 1 ORDER BY 1;

-- the exclusion constraints still guard rows inserted by hand: same area,
-- offence (and outcome type) and overlapping days conflict; the month just
-- before the loaded quarters, another code, another area or another
-- outcome type do not
SAVEPOINT by_hand;
\set VERBOSITY sqlstate
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
VALUES ('E23000001', '8Q', '[2017-06-30,2017-07-01)', 1, 'by hand');
ROLLBACK TO by_hand;
INSERT INTO crimestats.offence_outcome (area_code, offence_code, period, outcome_code, offences, source)
SELECT area_code, offence_code, daterange(lower(period), lower(period) + 1), outcome_code, 1, 'by hand'
FROM crimestats.offence_outcome WHERE source = 'prc-outcomes-fixture.csv' LIMIT 1;
ROLLBACK TO by_hand;
\set VERBOSITY default
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
VALUES ('E23000001', '8Q', '[2017-03-01,2017-04-01)', 1, 'by hand'),
	   ('E23000001', '8L', '[2017-03-01,2017-04-01)', 1, 'by hand'),
	   ('E23000002', '8Q', '[2019-04-01,2019-07-01)', 1, 'by hand');
INSERT INTO crimestats.offence_outcome (area_code, offence_code, period, outcome_code, offences, source)
SELECT area_code, offence_code, period, 22, 1, 'by hand'
FROM crimestats.offence_outcome WHERE source = 'prc-outcomes-fixture.csv' AND outcome_code <> 22 LIMIT 1;
SELECT (SELECT count(*) FROM crimestats.recorded_offence WHERE source = 'by hand') AS offences_by_hand,
	   (SELECT count(*) FROM crimestats.offence_outcome WHERE source = 'by hand') AS outcomes_by_hand;

ROLLBACK;


-- ETL rows through import_prc_rows: one pass reads them; a quarter that
-- overlaps a row loaded without a source is rejected naming source NULL, a
-- repeated key's later line as a duplicate (both with their fields, read
-- again); rows_sql may give the columns in any order
BEGIN;
INSERT INTO crimestats.recorded_offence (area_code, offence_code, period, offences, source)
VALUES ('E23000001', '8Q', '[2005-05-01,2005-06-01)', 3, NULL);
SELECT * FROM crimestats.import_prc_rows('prc_force', 'etl rows', $$
	SELECT * FROM (VALUES ('2005/06', '1', 'Metropolitan Police', 'd', 'g', 's', '8Q', ' 5 ', 2::bigint),
						  ('2005/06', 'Q2', 'metropolitan police ', 'd', 'g', 's', '8Q', '7', 3),
						  ('2005/06', '2', 'Metropolitan Police', 'd', 'g', 's', '8Q', '9', 4),
						  ('2005_06', '3', 'Metropolitan Police', 'd', 'g', 's', ' 8Q', '-00', 5))
		AS v (financial_year, financial_quarter, force_name, offence_description, offence_group,
			  offence_subgroup, offence_code, offence_count, line)$$);
SELECT line, reason, raw FROM crimestats.import_reject WHERE source = 'etl rows' ORDER BY line;
SELECT area_code, offence_code, period, offences FROM crimestats.recorded_offence
WHERE source = 'etl rows' ORDER BY period;
ROLLBACK;

-- errors
\set VERBOSITY sqlstate
SELECT * FROM crimestats.import_prc_force(NULL);
SELECT * FROM crimestats.import_prc_force('');
SELECT * FROM crimestats.import_raw('nonsense', 'x');
-- rows_sql without a column the format needs, with a NULL or text line;
-- a format import_prc_rows does not load; a NULL rows_sql (refused before
-- the source's earlier rows are deleted)
SELECT * FROM crimestats.import_prc_rows('prc_force', 'etl', $$SELECT 2::bigint AS line, '2005/06' AS financial_year$$);
SELECT * FROM crimestats.import_prc_rows('prc_csp', 'etl', $$SELECT NULL::bigint AS line, s.* FROM crimestats.stage_prc_csp s RIGHT JOIN (VALUES (1)) v (x) ON false$$);
SELECT * FROM crimestats.import_prc_rows('prc_force', 'etl', $$SELECT '2' AS line, s.* FROM crimestats.stage_prc_force s$$);
SELECT * FROM crimestats.import_prc_rows('police_uk_street', 'etl', $$SELECT 2::bigint AS line$$);
SELECT * FROM crimestats.import_prc_rows('prc_force', 'etl', NULL);
\set VERBOSITY default
SELECT * FROM crimestats.import_prc_force(NULL);
\set VERBOSITY terse
SELECT * FROM crimestats.import_prc_rows('prc_force', 'etl', $$SELECT 2::bigint AS line, '2005/06' AS financial_year$$);
SELECT * FROM crimestats.import_prc_rows('prc_force', 'etl', NULL);
\set VERBOSITY default
