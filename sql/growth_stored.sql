-- series_summary's stored form: values crimestats 1.0 stored (on-disk
-- bytes, text, binary COPY; test/upgrade/) read exactly as 1.0 read them,
-- values built now are stored in the same layout (version 1) without spare
-- capacity or working flags, and a value of an unknown version is refused.
SET extra_float_digits = 3;

-- byteasend returns its argument's bytes unchanged: declared between bytea
-- and series_summary, it shows or sets a value's on-disk payload (the
-- bytes after the length word)
CREATE FUNCTION pg_temp.raw_to_series(bytea) RETURNS crimestats.series_summary
AS 'byteasend' LANGUAGE internal STRICT;
CREATE FUNCTION pg_temp.series_to_raw(crimestats.series_summary) RETURNS bytea
AS 'byteasend' LANGUAGE internal STRICT;

-- the fixtures: label|text form|hex of the on-disk payload, and the
-- accessor results 1.0 gave for the same values
CREATE TEMP TABLE stored_1_0 (label text, text_form text, hex text);
\copy stored_1_0 FROM 'test/upgrade/stored-1.0.txt' (FORMAT text, DELIMITER '|')
DELETE FROM stored_1_0 WHERE label NOT LIKE 'growth %';
CREATE TEMP TABLE accessors_1_0 (label text, cases text, days text, per_day text,
	per_day_lower text, per_day_upper text, growth_factor float8, pct_change float8,
	cagr float8, trend_growth float8, sparkline text, ratio text, ratio_lower text,
	ratio_upper text);
\copy accessors_1_0 FROM 'test/upgrade/accessors-1.0.txt' (FORMAT text, DELIMITER '|', NULL '')
DELETE FROM accessors_1_0 WHERE label NOT LIKE 'growth %';

-- the 1.0 bytes: version 1, kind, two zero bytes, n, four zero bytes, then
-- 24 bytes a point; no spare capacity
SELECT label, substr(hex, 1, 2) AS version, chr(get_byte(decode(hex, 'hex'), 1)) AS kind,
	   substr(hex, 5, 4) AS zero, substr(hex, 17, 8) AS align, length(hex) / 2 AS bytes,
	   12 + 24 * crimestats.n_points(pg_temp.raw_to_series(decode(hex, 'hex'))) AS points_need
FROM stored_1_0 ORDER BY label;

-- decoded from the bytes, a summary is the one 1.0 printed
SELECT label, pg_temp.raw_to_series(decode(hex, 'hex'))::text = text_form AS same_text,
	   text_form::crimestats.series_summary::text = text_form AS text_round_trip
FROM stored_1_0 ORDER BY label;
SELECT pg_temp.raw_to_series(decode(hex, 'hex')) FROM stored_1_0 WHERE label = 'growth years';

-- every accessor gives what 1.0 gave, from the bytes and from the text;
-- cagr and trend_growth go through pow, exp and log, so they are allowed
-- a few units in the last place
CREATE TEMP TABLE decoded AS
SELECT label, pg_temp.raw_to_series(decode(hex, 'hex')) AS from_bytes,
	   text_form::crimestats.series_summary AS from_text
FROM stored_1_0;
SELECT d.label,
	   crimestats.growth_factor(s) = a.growth_factor AS growth_factor,
	   crimestats.pct_change(s) = a.pct_change AS pct_change,
	   abs(crimestats.cagr(s) / a.cagr - 1) < 1e-14 AS cagr,
	   abs(crimestats.trend_growth(s) / a.trend_growth - 1) < 1e-14 AS trend_growth,
	   crimestats.sparkline(s) = a.sparkline AS sparkline
FROM decoded d JOIN accessors_1_0 a USING (label),
	 LATERAL (VALUES ('bytes', d.from_bytes), ('text', d.from_text)) AS v(source, s)
ORDER BY d.label, v.source;
SELECT label, crimestats.growth_factor(from_bytes), crimestats.trend_growth(from_bytes),
	   crimestats.first_total(from_bytes), crimestats.last_total(from_bytes),
	   crimestats.n_points(from_bytes), crimestats.sparkline(from_bytes)
FROM decoded WHERE label = 'growth years';

-- rollup, combine and send read 1.0 values too; and the 1.0 bytes are
-- what is stored now: rollup's result has exactly the 1.0 payload
SELECT crimestats.rollup(from_bytes)::text = crimestats.rollup(from_text)::text AS rollup_same,
	   crimestats.n_points(crimestats.rollup(from_bytes)) AS n_points
FROM decoded WHERE label LIKE 'growth area %';
SELECT crimestats_internal.series_summary_send(from_bytes) = crimestats_internal.series_summary_send(from_text) AS send_same
FROM decoded ORDER BY label;
SELECT encode(pg_temp.series_to_raw(crimestats.rollup(from_bytes)), 'hex') = hex AS same_bytes
FROM decoded JOIN stored_1_0 USING (label) GROUP BY label, hex ORDER BY label;
SELECT encode(pg_temp.series_to_raw(crimestats.series_summary(v, y)), 'hex') =
	   (SELECT hex FROM stored_1_0 WHERE label = 'growth years') AS same_bytes_as_1_0
FROM (VALUES (850.0::float8, 2013), (900.5, 2014), (1821, 2018), (0.25, 2016)) AS t(v, y);

-- the binary COPY 1.0 wrote (label, rate_summary, series_summary,
-- ratio_summary); the other families' columns are read as plain bytes
CREATE TEMP TABLE stored_1_0_copy (label text, rs bytea, ss crimestats.series_summary, os bytea);
\copy stored_1_0_copy FROM 'test/upgrade/stored-1.0.copy' (FORMAT binary)
SELECT label, c.ss::text = s.text_form AS same_text,
	   encode(pg_temp.series_to_raw(c.ss), 'hex') = s.hex AS same_bytes
FROM stored_1_0_copy c JOIN stored_1_0 s USING (label) ORDER BY label;

-- what leaves an aggregate is the stored form: a moving window whose
-- state has spare room and an inexact total (0.1 + 0.2) returns values
-- of exactly 12 + 24 n bytes with zero flags, as do series_summary(),
-- rollup() and the support functions called directly
CREATE TEMP TABLE working (y int, v float8);
INSERT INTO working SELECT y, CASE WHEN y % 2 = 0 THEN 0.1 ELSE 0.2 END
FROM generate_series(2001, 2040) AS y;
INSERT INTO working SELECT y, 0.1 FROM generate_series(2001, 2040, 2) AS y;
CREATE TEMP TABLE leaving AS
SELECT 'moving series_summary' AS what,
	   crimestats.series_summary(v, y) OVER (ORDER BY y ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) AS s
FROM working
UNION ALL
SELECT 'moving rollup', crimestats.rollup(s) OVER (ORDER BY y ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)
FROM (SELECT y, crimestats.series_summary(v, y) AS s FROM working GROUP BY y) AS per_year
UNION ALL
SELECT 'growing rollup', crimestats.rollup(s) OVER (ORDER BY y)
FROM (SELECT y, crimestats.series_summary(v, y) AS s FROM working GROUP BY y) AS per_year
UNION ALL
SELECT 'series_summary', crimestats.series_summary(v, y) FROM working
UNION ALL
SELECT 'rollup', crimestats.rollup(s)
FROM (SELECT y % 3, crimestats.series_summary(v, y) AS s FROM working GROUP BY y % 3) AS thirds
UNION ALL
SELECT 'accum called directly',
	   crimestats_internal.series_summary_accum('{"at":"year","totals":[[2001,0.1,1]]}', 0.2, 2001)
UNION ALL
SELECT 'accum called directly, NULL value',
	   crimestats_internal.series_summary_accum(NULL, NULL::float8, 2001)
UNION ALL
SELECT 'combine called directly',
	   crimestats_internal.series_summary_combine('{"at":"year","totals":[[2001,0.1,1]]}',
										 '{"at":"year","totals":[[2001,0.2,1],[2002,1,1]]}')
UNION ALL
SELECT 'combine called directly, NULL first',
	   crimestats_internal.series_summary_combine(NULL, '{"at":"year","totals":[[2001,0.2,1]]}');
SELECT what, count(*) AS values,
	   bool_and(length(pg_temp.series_to_raw(s)) = 12 + 24 * crimestats.n_points(s)) AS no_spare_room,
	   bool_and(get_byte(pg_temp.series_to_raw(s), 2) = 0 AND get_byte(pg_temp.series_to_raw(s), 3) = 0) AS zero_flags
FROM leaving GROUP BY what ORDER BY what;
SELECT s FROM leaving WHERE what LIKE '%directly%' ORDER BY what;

-- a value of an unknown version (9, in the 'growth years' bytes) is
-- refused by every function that reads one, naming the version
CREATE TEMP TABLE v9 AS
SELECT pg_temp.raw_to_series(decode('09' || substr(hex, 3), 'hex')) AS s
FROM stored_1_0 WHERE label = 'growth years';
\set VERBOSITY sqlstate
SELECT s::text FROM v9;
SELECT crimestats_internal.series_summary_send(s) FROM v9;
SELECT crimestats.growth_factor(s) FROM v9;
SELECT crimestats.pct_change(s) FROM v9;
SELECT crimestats.cagr(s) FROM v9;
SELECT crimestats.trend_growth(s) FROM v9;
SELECT crimestats.sparkline(s) FROM v9;
SELECT crimestats.first_total(s) FROM v9;
SELECT crimestats.last_total(s) FROM v9;
SELECT crimestats.n_points(s) FROM v9;
SELECT crimestats.rollup(s) FROM v9;
SELECT crimestats.rollup(s) OVER () FROM v9;
SELECT crimestats_internal.series_summary_combine('{"at":"year","totals":[]}', s) FROM v9;
SELECT crimestats_internal.series_summary_combine(s, NULL) FROM v9;
SELECT crimestats_internal.series_summary_accum(s, 1, 2001) FROM v9;
SELECT crimestats_internal.series_summary_final(s) FROM v9;
\set VERBOSITY default
SELECT crimestats.n_points(s) FROM v9;
-- a length that cannot hold the points is refused too (4 points claimed,
-- 2 present)
\set VERBOSITY sqlstate
SELECT crimestats.n_points(pg_temp.raw_to_series(decode(substr(hex, 1, 24 + 2 * 48), 'hex')))
FROM stored_1_0 WHERE label = 'growth years';
\set VERBOSITY default
SELECT crimestats.n_points(pg_temp.raw_to_series(decode(substr(hex, 1, 24 + 2 * 48), 'hex')))
FROM stored_1_0 WHERE label = 'growth years';
SELECT crimestats.n_points(pg_temp.raw_to_series(''::bytea));
SELECT crimestats.n_points(pg_temp.raw_to_series('\x01790000'::bytea));
