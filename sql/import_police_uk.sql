-- data.police.uk street and outcomes files (real samples), the raw path for
-- rows with the wrong number of fields, and the views.  Rolled back at the end.
BEGIN;
DELETE FROM crimestats.crime;
DELETE FROM crimestats.crime_outcome;
DELETE FROM crimestats.import_reject;

\copy crimestats.stage_police_uk_street FROM 'data/2018-09-city-of-london-street.csv' CSV HEADER
SELECT * FROM crimestats.import_police_uk_street('2018-09-city-of-london-street.csv');
SELECT count(*) AS staged_left FROM crimestats.stage_police_uk_street;
-- 663 records, 87 anti-social behaviour without Crime ID, 44 without coordinates
SELECT count(*) AS records,
       count(*) FILTER (WHERE crime_id IS NULL) AS no_crime_id,
       count(*) FILTER (WHERE crime_id IS NULL AND crime_type = 'Anti-social behaviour') AS asb_no_id,
       count(*) FILTER (WHERE longitude IS NULL AND latitude IS NULL AND lsoa_code IS NULL) AS no_location,
       min(line) AS first_line, max(line) AS last_line, count(DISTINCT line) AS lines
  FROM crimestats.crime;
-- 7 Crime IDs twice, all kept
SELECT count(*) AS repeated_ids FROM (
  SELECT crime_id FROM crimestats.crime WHERE crime_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1) d;
SELECT count(*) FILTER (WHERE n = 2) AS twice, max(n) FROM (
  SELECT count(*) AS n FROM crimestats.crime WHERE crime_id IS NOT NULL GROUP BY crime_id) d;
-- the line numbers are the file's: line 2 is the first record, 4 the first ASB
SELECT line, left(crime_id, 8) AS id, longitude, latitude, location, crime_type FROM crimestats.crime
 WHERE line IN (2, 4, 664) ORDER BY line;
SELECT crime_type, count(*) FROM crimestats.crime GROUP BY 1 ORDER BY 1;

\copy crimestats.stage_police_uk_street FROM 'data/2019-01-metropolitan-street.burglary-subset.head20.csv' CSV HEADER
SELECT * FROM crimestats.import_police_uk_street('2019-01-metropolitan-street.burglary-subset.head20.csv');
SELECT longitude, latitude FROM crimestats.crime WHERE line = 2 AND source LIKE '2019-01%';

-- re-import does not double count
\copy crimestats.stage_police_uk_street FROM 'data/2018-09-city-of-london-street.csv' CSV HEADER
SELECT * FROM crimestats.import_police_uk_street('2018-09-city-of-london-street.csv');
SELECT source, count(*) FROM crimestats.crime GROUP BY 1 ORDER BY 1;

-- outcomes: exact duplicate rows kept as records
\copy crimestats.stage_police_uk_outcomes FROM 'data/2018-09-city-of-london-outcomes.head40.csv' CSV HEADER
SELECT * FROM crimestats.import_police_uk_outcomes('2018-09-city-of-london-outcomes.head40.csv');
SELECT count(*) AS records, count(DISTINCT (crime_id, month, outcome_type)) AS distinct_outcomes,
       count(*) FILTER (WHERE longitude IS NULL) AS no_location
  FROM crimestats.crime_outcome;
SELECT outcome_type, count(*) FROM crimestats.crime_outcome GROUP BY 1 ORDER BY 1;
-- join to the street file: the street file says Offender fined, the outcomes file Suspect charged
SELECT c.last_outcome_category, o.outcome_type
  FROM crimestats.crime c JOIN crimestats.crime_outcome o USING (crime_id)
 WHERE c.source LIKE '2018-09-city%' ORDER BY 1, 2;

-- views agree with direct counts
SELECT force_code, force_name, sum(crimes) FROM crimestats.police_uk_monthly GROUP BY 1, 2 ORDER BY 1;
SELECT borough, sum(crimes) FROM crimestats.police_uk_monthly
 WHERE force_code = 'E23000034' GROUP BY 1 ORDER BY 1;
SELECT (SELECT sum(crimes) FROM crimestats.police_uk_monthly WHERE crime_type = 'Other theft')
     = (SELECT count(*) FROM crimestats.crime WHERE crime_type = 'Other theft') AS other_theft_agrees;
SELECT crime_type, crimes, with_outcome, charged FROM crimestats.police_uk_outcomes
 WHERE force_code = 'E23000034' ORDER BY 1;
SELECT sum(crimes) AS crimes, sum(with_outcome) AS with_outcome, sum(charged) AS charged
  FROM crimestats.police_uk_outcomes WHERE force_code = 'E23000034';
SELECT count(*) FILTER (WHERE oc.charged) AS charged, count(*) FILTER (WHERE oc.assigned) AS with_outcome
  FROM crimestats.crime c JOIN crimestats.police_uk_outcome_category oc ON oc.name = c.last_outcome_category
 WHERE c.source = '2018-09-city-of-london-street.csv';

-- the rate and ratio aggregates run on the views
SELECT round(crimestats.per_day_rate(crimes, period)::numeric, 6) AS per_day
  FROM crimestats.police_uk_monthly WHERE force_code = 'E23000034';
SELECT round(663 / 30.0, 6) AS expected;
SELECT round(crimestats.outcome_ratio(charged, with_outcome)::numeric, 6) AS charged_share
  FROM crimestats.police_uk_outcomes WHERE force_code = 'E23000034';

-- the raw path: rows with bad values and with the wrong number of fields
\copy crimestats.stage_raw FROM 'data/2018-09-constructed-bad-street.csv' WITH (FORMAT csv, HEADER, DELIMITER E'\x1f', QUOTE E'\x1e')
SELECT * FROM crimestats.import_raw('police_uk_street', '2018-09-constructed-bad-street.csv');
SELECT line, reason, cardinality(raw) AS fields FROM crimestats.import_reject
 WHERE source = '2018-09-constructed-bad-street.csv' ORDER BY line;
SELECT line, crime_id, crime_type, last_outcome_category, location FROM crimestats.crime
 WHERE source = '2018-09-constructed-bad-street.csv' ORDER BY line;
-- the same file through the staging table: COPY fails as a whole
\set VERBOSITY sqlstate
SAVEPOINT s;
\copy crimestats.stage_police_uk_street FROM 'data/2018-09-constructed-bad-street.csv' CSV HEADER
ROLLBACK TO s;
\set VERBOSITY default

-- CSV splitting
SELECT crimestats.csv_fields('a,"b, c",,"d ""e""",') AS fields,
       crimestats.csv_fields('a,"b') AS broken;
ROLLBACK;
