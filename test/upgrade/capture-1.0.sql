-- Captures summaries as crimestats 1.0 wrote them, for tests/upgrade.sh.
-- Run once against crimestats 1.0 (commit ff3d30c, PostgreSQL 15, x86-64)
-- in a database with the example data loaded; its outputs are the
-- fixtures beside this file and must never be regenerated with a later
-- release.
--
-- byteasend, declared on a summary type, returns the value's on-disk bytes
-- (the varlena payload after the length word) unchanged, as bytea.
SET client_min_messages = warning;
CREATE FUNCTION public.raw(crimestats.rate_summary) RETURNS bytea AS 'byteasend' LANGUAGE internal STRICT;
CREATE FUNCTION public.raw(crimestats.series_summary) RETURNS bytea AS 'byteasend' LANGUAGE internal STRICT;
CREATE FUNCTION public.raw(crimestats.ratio_summary) RETURNS bytea AS 'byteasend' LANGUAGE internal STRICT;

CREATE TABLE public.stored_1_0 AS
SELECT 'rates area ' || area_code AS label,
       crimestats.rate_summary(offences, period) AS rs,
       NULL::crimestats.series_summary AS ss,
       NULL::crimestats.ratio_summary AS os
FROM crimestats.recorded_offence GROUP BY area_code
UNION ALL
-- scattered days: the 1.0 aggregate used its bitmap form before the final
SELECT 'rates scattered', crimestats.rate_summary(n, daterange(d, d + 1)),
       NULL, NULL
FROM (SELECT (date '2018-01-01' + (i * 37) % 400) AS d, i AS n
      FROM generate_series(1, 300) AS i) AS t
UNION ALL
SELECT 'rates empty-window', crimestats.rate_summary(n, p), NULL, NULL
FROM (VALUES (0::bigint, daterange('2018-01-01', '2018-01-02'))) AS v(n, p)
UNION ALL
SELECT 'growth area ' || area_code, NULL,
       crimestats.series_summary(offences::float8, upper(period) - 1), NULL
FROM crimestats.recorded_offence GROUP BY area_code
UNION ALL
SELECT 'growth years', NULL,
       crimestats.series_summary(v, y), NULL
FROM (VALUES (850.0::float8, 2013), (900.5, 2014), (1821, 2018), (0.25, 2016)) AS t(v, y)
UNION ALL
SELECT 'outcomes area ' || area_code, NULL, NULL,
       crimestats.ratio_summary(CASE WHEN t.outcome_group = 'Charged/Summonsed' THEN o.offences ELSE 0 END,
                                o.offences)
FROM crimestats.offence_outcome o JOIN crimestats.outcome_type t ON t.code = o.outcome_code
WHERE o.outcome_code <> 0
GROUP BY area_code
UNION ALL
SELECT 'outcomes booleans', NULL, NULL, crimestats.ratio_summary(b)
FROM (VALUES (true), (false), (false), (NULL::boolean)) AS v(b)
UNION ALL
-- partial states of the _ci aggregates carry their confidence
SELECT 'rates with confidence',
       '{"cases":3,"days":[["2018-01-01","2018-01-02")],"confidence":0.9}'::crimestats.rate_summary,
       NULL, NULL
UNION ALL
SELECT 'outcomes with confidence', NULL, NULL,
       '{"hits":2,"total":7,"confidence":0.8}'::crimestats.ratio_summary;

-- the fixtures: label, then each summary's text, then its on-disk bytes
\pset format unaligned
\pset tuples_only on
\pset fieldsep '|'
\o stored-1.0.txt
SELECT label,
       coalesce(rs::text, ss::text, os::text),
       encode(coalesce(public.raw(rs), public.raw(ss), public.raw(os)), 'hex')
FROM public.stored_1_0 ORDER BY label;
\o
-- and the binary COPY form (COPY ... BINARY sends each value's send output)
\copy public.stored_1_0 TO 'stored-1.0.copy' (FORMAT binary)
-- accessor results 1.0 gave for the same values, to compare after updating
\o accessors-1.0.txt
SELECT label,
       crimestats.cases(rs), crimestats.days(rs), crimestats.per_day(rs),
       (crimestats.per_day_ci(rs, 0.95)).lower, (crimestats.per_day_ci(rs, 0.95)).upper,
       crimestats.growth_factor(ss), crimestats.pct_change(ss), crimestats.cagr(ss),
       crimestats.trend_growth(ss), crimestats.sparkline(ss),
       crimestats.ratio(os), (crimestats.ratio_ci(os, 0.95)).lower, (crimestats.ratio_ci(os, 0.95)).upper
FROM public.stored_1_0 ORDER BY label;
\o
