-- tests/upgrade.sh: the rows load_example() loaded (through the columns
-- 1.0 has), then the views over them.  Run with psql -X -q -At and
-- extra_float_digits=3.
SET datestyle = 'ISO, YMD';
SELECT 'recorded_offence', source, count(*),
	   md5(string_agg(r::text, E'\n' ORDER BY r::text COLLATE "C"))
FROM (SELECT area_code, offence_code, period, offences, source FROM crimestats.recorded_offence) AS r
WHERE source LIKE 'crimestats example%' GROUP BY source ORDER BY source COLLATE "C";
SELECT 'offence_outcome', source, count(*),
	   md5(string_agg(r::text, E'\n' ORDER BY r::text COLLATE "C"))
FROM (SELECT area_code, offence_code, period, outcome_code, offences, investigations_closed, source
	  FROM crimestats.offence_outcome) AS r
WHERE source LIKE 'crimestats example%' GROUP BY source ORDER BY source COLLATE "C";
SELECT 'area_population', source, count(*),
	   md5(string_agg(r::text, E'\n' ORDER BY r::text COLLATE "C"))
FROM (SELECT area_code, year, population, source FROM crimestats.area_population) AS r
WHERE source LIKE 'crimestats example%' GROUP BY source ORDER BY source COLLATE "C";
\ir views.sql
