-- tests/upgrade.sh, part 1 of the exercise: loads every file of data/
-- through the import functions in a database where crimestats was just
-- created and prints what the imports report and store; then loads the
-- example data.  Run from the repository root (the \copy paths are
-- relative to it), with psql -X -q -At -v ON_ERROR_STOP=1, in a database
-- at 1.0 and in one at the current version: the outputs must be equal.
--
-- The example data may change from one version to the next (it is data,
-- not code), so nothing it loaded is printed here; tests/upgrade.sh copies
-- the 1.0 database's data into the other before comparing queries.
SET datestyle = 'ISO, YMD';
SET timezone = 'UTC';

-- Each file's COPY and import in one transaction, as docs/loading.md asks.
\echo -- import_prc_force
BEGIN;
\copy crimestats.stage_prc_force FROM 'data/prc-pfa-2017-18.csv' CSV HEADER
SELECT * FROM crimestats.import_prc_force('prc-pfa-2017-18.csv');
COMMIT;

\echo -- import_prc_csp
BEGIN;
\copy crimestats.stage_prc_csp FROM 'data/prc-csp-fixture.csv' CSV HEADER
SELECT * FROM crimestats.import_prc_csp('prc-csp-fixture.csv');
COMMIT;

\echo -- import_prc_outcomes
BEGIN;
\copy crimestats.stage_prc_outcomes FROM 'data/prc-outcomes-fixture.csv' CSV HEADER
SELECT * FROM crimestats.import_prc_outcomes('prc-outcomes-fixture.csv');
COMMIT;

\echo -- import_police_uk_street (the City twice: the second import replaces the first)
BEGIN;
\copy crimestats.stage_police_uk_street FROM 'data/2018-09-city-of-london-street.csv' CSV HEADER
SELECT * FROM crimestats.import_police_uk_street('2018-09-city-of-london-street.csv');
COMMIT;
BEGIN;
\copy crimestats.stage_police_uk_street FROM 'data/2018-09-city-of-london-street.csv' CSV HEADER
SELECT * FROM crimestats.import_police_uk_street('2018-09-city-of-london-street.csv');
COMMIT;
BEGIN;
\copy crimestats.stage_police_uk_street FROM 'data/2019-01-metropolitan-street.burglary-subset.head20.csv' CSV HEADER
SELECT * FROM crimestats.import_police_uk_street('2019-01-metropolitan-street.burglary-subset.head20.csv');
COMMIT;

\echo -- import_police_uk_outcomes
BEGIN;
\copy crimestats.stage_police_uk_outcomes FROM 'data/2018-09-city-of-london-outcomes.head40.csv' CSV HEADER
SELECT * FROM crimestats.import_police_uk_outcomes('2018-09-city-of-london-outcomes.head40.csv');
COMMIT;

\echo -- import_raw (the street file COPY ... CSV refuses; a Home Office file overlapping an earlier import)
BEGIN;
\copy crimestats.stage_raw FROM 'data/2018-09-constructed-bad-street.csv' WITH (FORMAT csv, HEADER, DELIMITER E'\x1f', QUOTE E'\x1e')
SELECT * FROM crimestats.import_raw('police_uk_street', '2018-09-constructed-bad-street.csv');
COMMIT;
BEGIN;
\copy crimestats.stage_raw FROM 'data/prc-outcomes-fixture.csv' WITH (FORMAT csv, HEADER, DELIMITER E'\x1f', QUOTE E'\x1e')
SELECT * FROM crimestats.import_raw('prc_outcomes', 'prc-outcomes-fixture.csv (raw)');
COMMIT;

\echo -- what the imports stored
SELECT source, format, line, reason, raw FROM crimestats.import_reject
ORDER BY source COLLATE "C", format COLLATE "C", line, reason COLLATE "C";
SELECT source, area_code, count(*), sum(offences), min(lower(period)), max(upper(period))
FROM crimestats.recorded_offence GROUP BY source, area_code ORDER BY source COLLATE "C", area_code COLLATE "C";
SELECT source, area_code, offence_code, outcome_code, period, offences, investigations_closed
FROM crimestats.offence_outcome
ORDER BY source COLLATE "C", area_code COLLATE "C", offence_code COLLATE "C", outcome_code, period;
-- (through the columns 1.0 has: a later version may add some)
SELECT 'crime', count(*),
	   md5(string_agg(row(c.crime_id, c.month, c.reported_by, c.falls_within, c.longitude, c.latitude,
						  c.location, c.lsoa_code, c.lsoa_name, c.crime_type, c.last_outcome_category,
						  c.context, c.source, c.line)::text, E'\n' ORDER BY c.source COLLATE "C", c.line))
FROM crimestats.crime c;
SELECT 'crime_outcome', count(*),
	   md5(string_agg(row(c.crime_id, c.month, c.reported_by, c.falls_within, c.longitude, c.latitude,
						  c.location, c.lsoa_code, c.lsoa_name, c.outcome_type, c.source, c.line)::text,
					  E'\n' ORDER BY c.source COLLATE "C", c.line))
FROM crimestats.crime_outcome c;
SELECT 'staging tables empty',
	   (SELECT count(*) FROM crimestats.stage_prc_force) + (SELECT count(*) FROM crimestats.stage_prc_csp)
	   + (SELECT count(*) FROM crimestats.stage_prc_outcomes) + (SELECT count(*) FROM crimestats.stage_police_uk_street)
	   + (SELECT count(*) FROM crimestats.stage_police_uk_outcomes) + (SELECT count(*) FROM crimestats.stage_raw);

-- Make room for the example data (Newham and the Metropolitan Police,
-- which the Home Office files also cover), and keep four areas of the
-- force table: the views' queries then take a fraction of a second.
DELETE FROM crimestats.recorded_offence
WHERE area_code IN ('E22000210', 'E23000001')
   OR source = 'prc-pfa-2017-18.csv' AND area_code NOT IN ('E23000034', 'E23000035', 'W15000004', 'NT_BTP');
DELETE FROM crimestats.offence_outcome WHERE area_code = 'E23000001';

-- load_example twice: the second call replaces the example rows
SELECT crimestats.load_example() \g /dev/null
SELECT crimestats.load_example() \g /dev/null
