-- Outcome ratios: ratio_summary, outcome_ratio, outcome_ratio_ci, wilson_ci.
-- Windows and parallel plans are in outcomes_window.sql, views in
-- outcomes_views.sql.
SET extra_float_digits = 0;

-- Golden values (DOMAIN.md section 6: R prop.test(x, n, correct = FALSE)),
-- shown to 10 significant digits and checked to 1e-12 relative.
SELECT x, n, (crimestats.wilson_ci(x, n)).*
FROM (VALUES (65, 100), (0, 10), (10, 10), (2305, 46100)) AS v(x, n);

SELECT x, n,
       CASE WHEN ref_lower = 0 THEN (w).lower = 0
            ELSE abs((w).lower / ref_lower - 1) < 1e-12 END AS lower_ok,
       CASE WHEN ref_upper = 1 THEN (w).upper = 1
            ELSE abs((w).upper / ref_upper - 1) < 1e-12 END AS upper_ok
FROM (VALUES (65, 100, 0.5525444329688797::float8, 0.7363575175690247::float8),
             (0, 10, 0, 0.2775327998628891),
             (10, 10, 0.7224672001371109, 1),
             (2305, 46100, 0.04804772218611853, 0.05202726750734796)) AS v(x, n, ref_lower, ref_upper),
     LATERAL (SELECT crimestats.wilson_ci(x, n) AS w) AS c;

-- Other confidence levels and totals up to 10^9 (references: the Wilson
-- formula in 40-digit arithmetic with mpmath, at the confidence's exact
-- double value).  Bounds exactly 0 with no hits
-- and exactly 1 with all hits.
SELECT x, n, conf,
       CASE WHEN ref_lower = 0 THEN (w).lower = 0
            ELSE abs((w).lower / ref_lower - 1) < 1e-12 END AS lower_ok,
       CASE WHEN ref_upper = 1 THEN (w).upper = 1
            ELSE abs((w).upper / ref_upper - 1) < 1e-12 END AS upper_ok
FROM (VALUES
        (1::bigint, 1000000000::bigint, 0.95::float8, 1.7652455495696318e-10::float8, 5.6649342432974379e-9::float8),
        (999999999, 1000000000, 0.95, 0.99999999433506576, 0.99999999982347545),
        (0, 1000000000, 0.95, 0, 3.8414588059373187e-9),
        (1000000000, 1000000000, 0.95, 0.99999999615854119, 1),
        (123456789, 1000000000, 0.999, 0.12342256286592258, 0.1234910232881704),
        (1, 1000000000, 0.999999999, 2.5445650378168787e-11, 3.9299445988343174e-8),
        (1, 1, 0.5, 0.68731525591741669, 1),
        (65, 100, 0.998, 0.49549465740704475, 0.77835406140896857),
        (3, 4, 0.95, 0.30064184258240194, 0.95441273919029943),
        (2, 3, 0.95, 0.20765960080204777, 0.93850805527960375),
        (7, 20, 0.01, 0.34866444267208748, 0.35133791362727386),
        (13, 1000, 0.3, 0.011690272547887152, 0.014454317577972558)
     ) AS v(x, n, conf, ref_lower, ref_upper),
     LATERAL (SELECT crimestats.wilson_ci(x, n, conf) AS w) AS c;

-- The estimate's other fields; a zero total gives NULL (the whole estimate).
SELECT crimestats.wilson_ci(65, 100, 0.998);
SELECT crimestats.wilson_ci(0, 0) IS NULL AS zero_total_is_null;
SELECT crimestats.wilson_ci(NULL, 10) IS NULL AS strict,
       crimestats.wilson_ci(1, 10, NULL) IS NULL AS strict_conf;

-- Fixture: three areas; area c has only NULLs.
CREATE TEMP TABLE outcomes_t (area text, hit boolean, hits bigint, total bigint);
INSERT INTO outcomes_t VALUES
  ('a', true, 3, 10), ('a', false, 0, 5), ('a', true, 7, 7), ('a', NULL, NULL, 4),
  ('a', false, 2, NULL),
  ('b', false, 0, 1), ('b', false, 0, 0), ('b', true, 1, 1),
  ('c', NULL, NULL, NULL);

-- outcome_ratio(boolean) = count(true) / count(not null), NULLs skipped
SELECT area,
       crimestats.outcome_ratio(hit) AS ratio,
       avg(hit::int)::float8 AS plain_sql,
       crimestats.ratio_summary(hit) AS summary
FROM outcomes_t GROUP BY area ORDER BY area;

-- outcome_ratio(hits, total) = sum(hits) / sum(total), rows with a NULL skipped whole
SELECT area,
       crimestats.outcome_ratio(hits, total) AS ratio,
       (sum(hits) FILTER (WHERE total IS NOT NULL))::float8 /
         NULLIF(sum(total) FILTER (WHERE hits IS NOT NULL), 0)::float8 AS plain_sql,
       crimestats.ratio_summary(hits, total) AS summary
FROM outcomes_t GROUP BY area ORDER BY area;

SELECT area, (crimestats.outcome_ratio_ci(hit, 0.95)).* FROM outcomes_t GROUP BY area ORDER BY area;
SELECT area, (crimestats.outcome_ratio_ci(hits, total, 0.9)).* FROM outcomes_t GROUP BY area ORDER BY area;

-- The aggregate's interval is wilson_ci of its sums.
SELECT crimestats.outcome_ratio_ci(hits, total, 0.9)::text =
       crimestats.wilson_ci(sum(hits)::bigint, sum(total)::bigint, 0.9)::text AS same
FROM outcomes_t WHERE hits IS NOT NULL AND total IS NOT NULL;

-- No rows, only NULL rows: NULL.  Rows that only add zeros: a summary of
-- 0 out of 0, whose ratio is NULL.
SELECT crimestats.outcome_ratio(hit) AS no_rows, crimestats.outcome_ratio_ci(hit, 0.95) AS no_rows_ci,
       crimestats.ratio_summary(hit) AS no_summary
FROM outcomes_t WHERE false;
SELECT crimestats.outcome_ratio(hits, total), crimestats.outcome_ratio_ci(hits, total, 0.95),
       crimestats.ratio_summary(hits, total)
FROM outcomes_t WHERE area = 'c';
SELECT crimestats.outcome_ratio(h, t) AS ratio, crimestats.outcome_ratio_ci(h, t, 0.95) AS ci,
       crimestats.ratio_summary(h, t) AS summary,
       crimestats.ratio(crimestats.ratio_summary(h, t)) AS ratio_of_summary
FROM (VALUES (0::bigint, 0::bigint), (0, 0)) AS v(h, t);

-- One row; all hits; no hits.
SELECT (crimestats.outcome_ratio_ci(true, 0.95)).*;
SELECT (crimestats.outcome_ratio_ci(b, 0.95)).* FROM (VALUES (true), (true), (true)) AS v(b);
SELECT (crimestats.outcome_ratio_ci(b, 0.95)).* FROM (VALUES (false), (false), (NULL::boolean)) AS v(b);
SELECT (crimestats.outcome_ratio_ci(h, t, 0.95)).* FROM (VALUES (10::bigint, 10::bigint)) AS v(h, t);

-- Totals of 10^9 and beyond 2^31 add exactly in bigint.
SELECT crimestats.ratio_summary(h, t), crimestats.outcome_ratio(h, t),
       (crimestats.outcome_ratio_ci(h, t, 0.95)).lower = 0 AS lower_is_zero
FROM (VALUES (0::bigint, 1000000000::bigint), (0, 1000000000), (0, 3000000000)) AS v(h, t);
SELECT (crimestats.outcome_ratio_ci(h, t, 0.95)).*
FROM (VALUES (500000000::bigint, 1000000000::bigint), (500000000, 1000000000)) AS v(h, t);

-- Two-step use equals one-step: per-area summaries rolled up.
CREATE TEMP TABLE outcomes_s AS
SELECT area, crimestats.ratio_summary(hit) AS by_hit, crimestats.ratio_summary(hits, total) AS by_count
FROM outcomes_t GROUP BY area;
SELECT crimestats.rollup(by_hit) AS rolled_up, crimestats.ratio(crimestats.rollup(by_hit)) AS ratio,
       crimestats.hits(crimestats.rollup(by_hit)) AS hits, crimestats.total(crimestats.rollup(by_hit)) AS total
FROM outcomes_s;
SELECT (SELECT crimestats.ratio(crimestats.rollup(by_hit)) FROM outcomes_s) =
       (SELECT crimestats.outcome_ratio(hit) FROM outcomes_t) AS bool_same,
       (SELECT crimestats.ratio(crimestats.rollup(by_count)) FROM outcomes_s) =
       (SELECT crimestats.outcome_ratio(hits, total) FROM outcomes_t) AS count_same,
       (SELECT crimestats.ratio_ci(crimestats.rollup(by_hit), 0.95)::text FROM outcomes_s) =
       (SELECT crimestats.outcome_ratio_ci(hit, 0.95)::text FROM outcomes_t) AS bool_ci_same,
       (SELECT crimestats.ratio_ci(crimestats.rollup(by_count), 0.8)::text FROM outcomes_s) =
       (SELECT crimestats.outcome_ratio_ci(hits, total, 0.8)::text FROM outcomes_t) AS count_ci_same;
SELECT crimestats.rollup(s) FROM (VALUES (NULL::crimestats.ratio_summary)) AS v(s);
SELECT crimestats.ratio_ci('{"hits":0,"total":0}', 0.95) IS NULL AS zero_total_is_null;
SELECT (crimestats.ratio_ci('{"hits":65,"total":100}', 0.95)).*;

-- Summaries that carry a confidence roll up only with the same one.
SELECT crimestats.rollup(s)
FROM (VALUES ('{"hits":1,"total":2,"confidence":0.9}'::crimestats.ratio_summary),
             ('{"hits":3,"total":4}'), ('{"hits":0,"total":1,"confidence":0.9}')) AS v(s);

-- Errors: bad counts (22023), bad confidence (22023), overflow (22003).
\set VERBOSITY sqlstate
SELECT crimestats.wilson_ci(11, 10);
SELECT crimestats.wilson_ci(-1, 10);
SELECT crimestats.wilson_ci(0, -1);
SELECT crimestats.wilson_ci(-1, -1);
SELECT crimestats.wilson_ci(1, 10, 0);
SELECT crimestats.wilson_ci(1, 10, 1);
SELECT crimestats.wilson_ci(1, 10, 'NaN');
SELECT crimestats.wilson_ci(1, 10, 95);
SELECT crimestats.wilson_ci(1, 10, -0.5);
SELECT crimestats.wilson_ci(1, 10, 'Infinity');
SELECT crimestats.wilson_ci(0, 0, 2);
SELECT crimestats.outcome_ratio(h, t) FROM (VALUES (1::bigint, 2::bigint), (3, 2)) AS v(h, t);
SELECT crimestats.outcome_ratio(h, t) FROM (VALUES (-1::bigint, 2::bigint)) AS v(h, t);
SELECT crimestats.outcome_ratio(h, t) FROM (VALUES (0::bigint, -2::bigint)) AS v(h, t);
SELECT crimestats.ratio_summary(h, t) FROM (VALUES (3::bigint, 2::bigint)) AS v(h, t);
SELECT crimestats.outcome_ratio_ci(h, t, 0.95) FROM (VALUES (3::bigint, 2::bigint)) AS v(h, t);
SELECT crimestats.outcome_ratio_ci(b, c) FROM (VALUES (true, 0.95::float8), (false, 0.9)) AS v(b, c);
SELECT crimestats.outcome_ratio_ci(h, t, c) FROM (VALUES (1::bigint, 2::bigint, 0.95::float8), (1, 2, 0.95), (1, 2, 0.99)) AS v(h, t, c);
SELECT crimestats.outcome_ratio_ci(b, 0) FROM (VALUES (true)) AS v(b);
SELECT crimestats.outcome_ratio_ci(b, 1) FROM (VALUES (true)) AS v(b);
SELECT crimestats.outcome_ratio_ci(b, 'NaN') FROM (VALUES (true)) AS v(b);
SELECT crimestats.outcome_ratio_ci(h, t, 1.5) FROM (VALUES (1::bigint, 2::bigint)) AS v(h, t);
SELECT crimestats.ratio_ci('{"hits":1,"total":2}', 1);
SELECT crimestats.rollup(s)
FROM (VALUES ('{"hits":1,"total":2,"confidence":0.9}'::crimestats.ratio_summary),
             ('{"hits":1,"total":2,"confidence":0.95}')) AS v(s);
SELECT crimestats.outcome_ratio(h, t)
FROM (VALUES (1::bigint, 9223372036854775807::bigint), (0, 1)) AS v(h, t);
SELECT crimestats.outcome_ratio(h, t)
FROM (VALUES (5000000000000000000::bigint, 5000000000000000000::bigint), (5000000000000000000, 5000000000000000000)) AS v(h, t);
SELECT crimestats.rollup(s)
FROM (VALUES ('{"hits":1,"total":9223372036854775807}'::crimestats.ratio_summary),
             ('{"hits":1,"total":1}')) AS v(s);
\set VERBOSITY default
-- The messages name the function and the bad value.
SELECT crimestats.wilson_ci(11, 10);
SELECT crimestats.outcome_ratio(h, t) FROM (VALUES (0::bigint, -2::bigint)) AS v(h, t);
SELECT crimestats.outcome_ratio_ci(b, c) FROM (VALUES (true, 0.95::float8), (false, 0.9)) AS v(b, c);
SELECT crimestats.wilson_ci(1, 10, 'NaN');
SELECT crimestats.outcome_ratio(h, t)
FROM (VALUES (1::bigint, 9223372036854775807::bigint), (0, 1)) AS v(h, t);

-- Text form: round trips exactly, parsed strictly.  (The confidence is
-- written in the shortest form that reads back exactly.)
SET extra_float_digits = 3;
SELECT s::text, s::text::crimestats.ratio_summary::text = s::text AS round_trip
FROM (VALUES ('{"hits":65,"total":100}'::crimestats.ratio_summary),
             ('{"hits":0,"total":0}'),
             ('{ "hits" : 9223372036854775806 , "total" : 9223372036854775807 }'),
             ('{"hits":1,"total":3,"confidence":0.95}'),
             ('{"hits":1,"total":3,"confidence":0.1234567890123456}'),
             ('{"hits":1,"total":3,"confidence":1e-300}')) AS v(s);
SET extra_float_digits = 0;
\set VERBOSITY sqlstate
SELECT '{"hits":65}'::crimestats.ratio_summary;
SELECT '{"total":100,"hits":65}'::crimestats.ratio_summary;
SELECT '{"hits":65,"total":100,}'::crimestats.ratio_summary;
SELECT '{"hits":65,"total":100} x'::crimestats.ratio_summary;
SELECT '{"hits":65,"total":100,"cases":3}'::crimestats.ratio_summary;
SELECT '{"hits":65.5,"total":100}'::crimestats.ratio_summary;
SELECT '{"hits":101,"total":100}'::crimestats.ratio_summary;
SELECT '{"hits":-1,"total":100}'::crimestats.ratio_summary;
SELECT '{"hits":1,"total":-100}'::crimestats.ratio_summary;
SELECT '{"hits":1,"total":99999999999999999999}'::crimestats.ratio_summary;
SELECT '{"hits":1,"total":2,"confidence":1}'::crimestats.ratio_summary;
SELECT '{"hits":1,"total":2,"confidence":0}'::crimestats.ratio_summary;
SELECT '{"hits":1,"total":2,"confidence":nan}'::crimestats.ratio_summary;
SELECT '{"hits":1,"total":2,"confidence":-0.5}'::crimestats.ratio_summary;
SELECT ''::crimestats.ratio_summary;
SELECT '[1,2]'::crimestats.ratio_summary;
\set VERBOSITY default
SELECT '{"hits":101,"total":100}'::crimestats.ratio_summary;
SELECT '{"hits":65,"total":100,}'::crimestats.ratio_summary;

-- Binary form: version byte 1, int8 hits, int8 total, float8 confidence.
SELECT crimestats_internal.ratio_summary_send('{"hits":65,"total":100}');
SELECT crimestats_internal.ratio_summary_send('{"hits":1,"total":2,"confidence":0.95}');
-- receive takes internal, so round-trip through binary COPY: the values
-- must come back identical.
CREATE TEMP TABLE outcomes_bin (s crimestats.ratio_summary);
INSERT INTO outcomes_bin VALUES ('{"hits":65,"total":100}'), ('{"hits":0,"total":0}'),
  ('{"hits":9223372036854775807,"total":9223372036854775807,"confidence":0.999}'), (NULL);
SELECT '/tmp/crimestats_outcomes_' || pg_backend_pid() || '.bin' AS binfile \gset
COPY outcomes_bin TO :'binfile' (FORMAT binary);
CREATE TEMP TABLE outcomes_bin2 (s crimestats.ratio_summary);
COPY outcomes_bin2 FROM :'binfile' (FORMAT binary);
SELECT s FROM outcomes_bin2;
SELECT count(*) AS identical FROM outcomes_bin a JOIN outcomes_bin2 b ON a.s::text = b.s::text;
-- Malformed binary input: a bytea column's binary COPY carries the raw
-- bytes, which are then read back as ratio_summary.
CREATE TEMP TABLE outcomes_raw (b bytea);
INSERT INTO outcomes_raw VALUES
  ('\x01'),                                                                           -- too short
  ('\x02'::bytea || int8send(1) || int8send(2) || float8send(0)),                     -- version 2
  ('\x01'::bytea || int8send(3) || int8send(2) || float8send(0)),                     -- 3 out of 2
  ('\x01'::bytea || int8send(-1) || int8send(2) || float8send(0)),                    -- negative hits
  ('\x01'::bytea || int8send(1) || int8send(2) || float8send('NaN')),                 -- NaN confidence
  ('\x01'::bytea || int8send(1) || int8send(2) || float8send(1)),                     -- confidence 1
  ('\x01'::bytea || int8send(1) || int8send(2) || float8send(0) || '\x00'::bytea);   -- one byte too many
SELECT b, length(b) FROM outcomes_raw;
CREATE FUNCTION pg_temp.outcomes_recv(raw bytea) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	f text := '/tmp/crimestats_outcomes_raw_' || pg_backend_pid() || '.bin';
	msg text;
	result text;
BEGIN
	EXECUTE format('COPY (SELECT %L::bytea) TO %L (FORMAT binary)', raw, f);
	CREATE TEMP TABLE outcomes_one (s crimestats.ratio_summary);
	BEGIN
		EXECUTE format('COPY outcomes_one FROM %L (FORMAT binary)', f);
		SELECT s::text INTO result FROM outcomes_one;
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT;
		result := SQLSTATE || ': ' || msg;
	END;
	DROP TABLE outcomes_one;
	RETURN result;
END
$$;
SELECT pg_temp.outcomes_recv(b) FROM outcomes_raw;
-- and a valid one, for contrast
SELECT pg_temp.outcomes_recv(crimestats_internal.ratio_summary_send('{"hits":2,"total":3,"confidence":0.5}'));

-- remove this session's files
SELECT format('rm -f %s /tmp/crimestats_outcomes_raw_%s.bin', :'binfile', pg_backend_pid()) AS rm \gset
COPY outcomes_raw FROM PROGRAM :'rm';

DROP TABLE outcomes_t, outcomes_s, outcomes_bin, outcomes_bin2, outcomes_raw;
