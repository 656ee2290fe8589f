-- tests/upgrade.sh: what a user of crimestats 1.0 keeps in their own
-- tables, written at 1.0 (on the current library) before ALTER EXTENSION
-- UPDATE.  Run after load.sql, with the work directory as the current
-- directory: it reads the copies of stored-1.0.txt and stored-1.0.copy put
-- there and writes the COPY exports there.
--
-- Tables of summaries, each (label text, rs rate_summary, ss
-- series_summary, os ratio_summary):
--   stored_bytes  the 1.0 fixtures' on-disk bytes, put in place unchanged
--   stored_text   the 1.0 fixtures' text forms, read by the input functions
--   stored_copy   the 1.0 fixtures' binary COPY file, read by the receive
--                 functions
--   stored_built  summaries the aggregates build from the loaded data
-- and a view and a materialized view over them, which also keep
-- ALTER EXTENSION UPDATE from dropping what they use.
SET client_min_messages = warning;
SET datestyle = 'ISO, YMD';

-- byteasend returns its argument's bytes unchanged: declared from bytea to
-- a summary type it reinterprets the bytes as a summary, declared from a
-- summary type to bytea it returns the summary's on-disk payload.
CREATE FUNCTION public.raw_to_rs(bytea) RETURNS crimestats.rate_summary AS 'byteasend' LANGUAGE internal STRICT;
CREATE FUNCTION public.raw_to_ss(bytea) RETURNS crimestats.series_summary AS 'byteasend' LANGUAGE internal STRICT;
CREATE FUNCTION public.raw_to_os(bytea) RETURNS crimestats.ratio_summary AS 'byteasend' LANGUAGE internal STRICT;
CREATE FUNCTION public.raw(crimestats.rate_summary) RETURNS bytea AS 'byteasend' LANGUAGE internal STRICT;
CREATE FUNCTION public.raw(crimestats.series_summary) RETURNS bytea AS 'byteasend' LANGUAGE internal STRICT;
CREATE FUNCTION public.raw(crimestats.ratio_summary) RETURNS bytea AS 'byteasend' LANGUAGE internal STRICT;

-- stored-1.0.txt: label|text form|hex of the on-disk payload (no field
-- holds a '|'; the quote character is one no line contains)
CREATE TABLE public.fixture_lines (label text, summary text, hex text);
\copy public.fixture_lines FROM 'stored-1.0.txt' (FORMAT csv, DELIMITER '|', QUOTE E'\x01')

CREATE TABLE public.stored_bytes (label text, rs crimestats.rate_summary, ss crimestats.series_summary,
								  os crimestats.ratio_summary);
CREATE TABLE public.stored_text (LIKE public.stored_bytes);
CREATE TABLE public.stored_copy (LIKE public.stored_bytes);

INSERT INTO public.stored_bytes
SELECT label,
	   CASE WHEN label LIKE 'rates%' THEN public.raw_to_rs(decode(hex, 'hex')) END,
	   CASE WHEN label LIKE 'growth%' THEN public.raw_to_ss(decode(hex, 'hex')) END,
	   CASE WHEN label LIKE 'outcomes%' THEN public.raw_to_os(decode(hex, 'hex')) END
FROM public.fixture_lines;

INSERT INTO public.stored_text
SELECT label,
	   CASE WHEN label LIKE 'rates%' THEN summary::crimestats.rate_summary END,
	   CASE WHEN label LIKE 'growth%' THEN summary::crimestats.series_summary END,
	   CASE WHEN label LIKE 'outcomes%' THEN summary::crimestats.ratio_summary END
FROM public.fixture_lines;

\copy public.stored_copy FROM 'stored-1.0.copy' (FORMAT binary)

-- Summaries built by the aggregates, as capture-1.0.sql built the
-- fixtures and more: per area and offence, per area and subgroup, rolled
-- up, and moving-window states.
CREATE TABLE public.stored_built AS
SELECT 'rates ' || area_code || ' ' || offence_code AS label,
	   crimestats.rate_summary(offences, period) AS rs,
	   NULL::crimestats.series_summary AS ss,
	   NULL::crimestats.ratio_summary AS os
FROM crimestats.recorded_offence
WHERE area_code IN ('E22000210', 'E23000001', 'E23000034', 'W15000004')
GROUP BY area_code, offence_code
UNION ALL
SELECT 'rates rollup ' || area_code, crimestats.rollup(s), NULL, NULL
FROM (SELECT area_code, crimestats.rate_summary(offences, period) AS s
	  FROM crimestats.recorded_offence GROUP BY area_code, offence_code, source) AS t
WHERE area_code IN ('E22000210', 'E23000001', 'E23000034')
GROUP BY area_code
UNION ALL
-- scattered days: the aggregate's bitmap form before the final function
SELECT 'rates scattered', crimestats.rate_summary(n, daterange(d, d + 1)), NULL, NULL
FROM (SELECT (date '2018-01-01' + (i * 37) % 400) AS d, i::bigint AS n
	  FROM generate_series(1, 300) AS i) AS t
UNION ALL
SELECT 'rates empty-window', crimestats.rate_summary(n, p), NULL, NULL
FROM (VALUES (0::bigint, daterange('2018-01-01', '2018-01-02'))) AS v(n, p)
UNION ALL
SELECT format('rates window %s %s', offence_code, lower(period)), s, NULL, NULL
FROM (SELECT offence_code, period,
			 crimestats.rate_summary(offences, period)
				 OVER (PARTITION BY offence_code ORDER BY period ROWS BETWEEN 11 PRECEDING AND CURRENT ROW) AS s
	  FROM crimestats.recorded_offence WHERE area_code = 'E22000210') AS t
WHERE lower(period) IN ('2013-09-01', '2018-09-01')
UNION ALL
SELECT 'growth date ' || r.area_code || ' ' || o.offence_subgroup, NULL,
	   crimestats.series_summary(r.offences::float8, upper(r.period) - 1), NULL
FROM crimestats.recorded_offence r JOIN crimestats.offence o ON o.code = r.offence_code
WHERE r.area_code IN ('E22000210', 'E23000001', 'E23000034')
GROUP BY r.area_code, o.offence_subgroup
UNION ALL
SELECT 'growth year ' || area_code, NULL,
	   crimestats.series_summary(offences::float8, extract(year FROM lower(period))::integer), NULL
FROM crimestats.recorded_offence WHERE area_code IN ('E22000210', 'E23000001')
GROUP BY area_code
UNION ALL
SELECT 'growth rollup', NULL, crimestats.rollup(s), NULL
FROM (SELECT crimestats.series_summary(offences::float8, upper(period) - 1) AS s
	  FROM crimestats.recorded_offence GROUP BY area_code) AS t
UNION ALL
SELECT 'growth years', NULL, crimestats.series_summary(v, y), NULL
FROM (VALUES (850.0::float8, 2013), (900.5, 2014), (1821, 2018), (0.25, 2016)) AS t(v, y)
UNION ALL
SELECT 'outcomes area ' || o.area_code, NULL, NULL,
	   crimestats.ratio_summary(CASE WHEN t.outcome_group = 'Charged/Summonsed' THEN o.offences ELSE 0 END,
								o.offences)
FROM crimestats.offence_outcome o JOIN crimestats.outcome_type t ON t.code = o.outcome_code
WHERE o.outcome_code <> 0 AND o.offences >= 0
GROUP BY o.area_code
UNION ALL
SELECT 'outcomes force ' || c.falls_within, NULL, NULL, crimestats.ratio_summary(oc.charged)
FROM crimestats.crime c LEFT JOIN crimestats.police_uk_outcome_category oc ON oc.name = c.last_outcome_category
GROUP BY c.falls_within
UNION ALL
SELECT 'outcomes rollup', NULL, NULL, crimestats.rollup(s)
FROM (SELECT crimestats.ratio_summary(oc.charged) AS s
	  FROM crimestats.crime c LEFT JOIN crimestats.police_uk_outcome_category oc ON oc.name = c.last_outcome_category
	  GROUP BY c.falls_within) AS t
UNION ALL
SELECT 'outcomes booleans', NULL, NULL, crimestats.ratio_summary(b)
FROM (VALUES (true), (false), (false), (NULL::boolean)) AS v(b);

-- A view and a materialized view of users, over summaries and the
-- extension's tables.
CREATE VIEW public.stored_totals AS
SELECT 'totals' AS label,
	   crimestats.rollup(rs) FILTER (WHERE label LIKE 'rates rollup %') AS rs,
	   crimestats.rollup(ss) FILTER (WHERE label LIKE 'growth date %') AS ss,
	   crimestats.rollup(os) FILTER (WHERE label LIKE 'outcomes force %') AS os
FROM public.stored_built;

CREATE MATERIALIZED VIEW public.stored_monthly AS
SELECT 'area ' || area_code AS label,
	   crimestats.rate_summary(offences, period) AS rs,
	   crimestats.series_summary(offences::float8, upper(period) - 1) AS ss,
	   crimestats.ratio_summary(least(offences, 100), offences) AS os
FROM crimestats.recorded_offence WHERE offences >= 0
GROUP BY area_code;

-- The exports: text and binary COPY of every table of summaries
\copy public.stored_bytes TO 'stored_bytes.txt'
\copy public.stored_bytes TO 'stored_bytes.bin' (FORMAT binary)
\copy public.stored_text TO 'stored_text.txt'
\copy public.stored_text TO 'stored_text.bin' (FORMAT binary)
\copy public.stored_copy TO 'stored_copy.txt'
\copy public.stored_copy TO 'stored_copy.bin' (FORMAT binary)
\copy public.stored_built TO 'stored_built.txt'
\copy public.stored_built TO 'stored_built.bin' (FORMAT binary)
