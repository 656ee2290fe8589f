-- The stored form of ratio_summary.  crimestats 1.0 stored version 1: 48
-- bytes, the aggregates' working fields included.  Version 2 holds only the
-- summary (version byte, hits, total, confidence: 29 bytes with the length
-- word); everything that returns a summary writes it, and every reader
-- takes both.  The 1.0 bytes below come from test/upgrade/stored-1.0.txt
-- (written by crimestats 1.0 on x86-64, so little-endian), the accessor
-- values from test/upgrade/accessors-1.0.txt.
SET extra_float_digits = 3;

-- byteasend declared on these types reinterprets a value's bytes (the
-- payload after the length word): bytes as a summary, a summary as bytes.
CREATE FUNCTION pg_temp.raw_to_ratio(bytea) RETURNS crimestats.ratio_summary
AS 'byteasend' LANGUAGE internal STRICT;
CREATE FUNCTION pg_temp.ratio_raw(crimestats.ratio_summary) RETURNS bytea
AS 'byteasend' LANGUAGE internal STRICT;

CREATE TEMP TABLE fixture_1_0 (label text, text_1_0 text, raw bytea,
                               ratio_1_0 float8, lower_1_0 float8, upper_1_0 float8);
INSERT INTO fixture_1_0 VALUES
  ('outcomes area E23000001', '{"hits":2250,"total":45000}',
   '\x01000000ca08000000000000c8af000000000000000000000000000000000000000000000000000000000000',
   0.05, 0.04802445934588071, 0.052052363272512614),
  ('outcomes booleans', '{"hits":1,"total":3}',
   '\x0100000001000000000000000300000000000000000000000000000000000000000000000000000000000000',
   0.3333333333333333, 0.061491944720396256, 0.7923403991979522),
  ('outcomes with confidence', '{"hits":2,"total":7,"confidence":0.8}',
   '\x01000000020000000000000007000000000000009a9999999999e93f00000000000000000000000000000000',
   0.2857142857142857, 0.08221892400405678, 0.6410655481673806);

-- 1.0's on-disk bytes read back as 1.0 read them: the same text, counts,
-- ratio and interval, to the last bit.
SELECT label, length(raw) AS payload, pg_column_size(s) AS size,
       s::text AS text, s::text = text_1_0 AS same_text,
       crimestats.hits(s) AS hits, crimestats.total(s) AS total,
       crimestats.ratio(s) AS ratio, (crimestats.ratio_ci(s, 0.95)).lower AS lower,
       (crimestats.ratio_ci(s, 0.95)).upper AS upper
FROM fixture_1_0, LATERAL (SELECT pg_temp.raw_to_ratio(raw) AS s) AS v ORDER BY label;
SELECT label,
       crimestats.ratio(s) = ratio_1_0 AS ratio_same,
       (crimestats.ratio_ci(s, 0.95)).lower = lower_1_0 AS lower_same,
       (crimestats.ratio_ci(s, 0.95)).upper = upper_1_0 AS upper_same
FROM fixture_1_0, LATERAL (SELECT pg_temp.raw_to_ratio(raw) AS s) AS v ORDER BY label;

-- The other readers take version 1 too: send (the unchanged binary form),
-- rollup (plain, over a window, and partitionwise through the combine
-- function), and the final functions, which SQL can call directly.
SELECT label, crimestats_internal.ratio_summary_send(pg_temp.raw_to_ratio(raw)) AS send
FROM fixture_1_0 ORDER BY label;
SELECT crimestats.rollup(pg_temp.raw_to_ratio(raw)) AS rolled_up
FROM fixture_1_0 WHERE label <> 'outcomes with confidence';
SELECT label, crimestats.rollup(pg_temp.raw_to_ratio(raw))
         OVER (ORDER BY label ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS sliding
FROM fixture_1_0 ORDER BY label;
SELECT label,
       pg_temp.ratio_raw(crimestats_internal.ratio_summary_final(s)) AS final_raw,
       crimestats_internal.outcome_ratio_final(s) AS outcome_ratio_final,
       (crimestats_internal.outcome_ratio_ci_final(s)).upper AS ci_final_upper
FROM fixture_1_0, LATERAL (SELECT pg_temp.raw_to_ratio(raw) AS s) AS v
WHERE label = 'outcomes with confidence';
CREATE TEMP TABLE stored_mixed (part int, s crimestats.ratio_summary) PARTITION BY LIST (part);
CREATE TEMP TABLE stored_mixed_1 PARTITION OF stored_mixed FOR VALUES IN (1);
CREATE TEMP TABLE stored_mixed_2 PARTITION OF stored_mixed FOR VALUES IN (2);
INSERT INTO stored_mixed
SELECT 1, pg_temp.raw_to_ratio(raw) FROM fixture_1_0, generate_series(1, 500)
WHERE label = 'outcomes booleans'
UNION ALL
SELECT 2, '{"hits":3,"total":4}' FROM generate_series(1, 500);
ANALYZE stored_mixed;
SET enable_partitionwise_aggregate = on;
SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF) SELECT crimestats.rollup(s) FROM stored_mixed;
SELECT crimestats.rollup(s) AS mixed, pg_column_size(crimestats.rollup(s)) AS size
FROM stored_mixed;
SELECT part, min(pg_column_size(s)) AS stored_size, crimestats.rollup(s)
FROM stored_mixed GROUP BY part ORDER BY part;
RESET max_parallel_workers_per_gather;
RESET enable_partitionwise_aggregate;

-- Version 1 as a working state in memory carries the window forms'
-- counters (here 2 out of 7 with mrows = 5, mconf = 1): readers ignore them.
CREATE TEMP TABLE working AS
SELECT pg_temp.raw_to_ratio('\x0100000002000000000000000700000000000000000000000000000005000000000000000100000000000000') AS s;
SELECT s, crimestats.hits(s), crimestats.total(s), crimestats.ratio(s),
       crimestats_internal.ratio_summary_send(s) AS send
FROM working;
SELECT pg_temp.ratio_raw(crimestats.rollup(s)) AS rolled_up FROM working;

-- 1.0's binary COPY file: its ratio_summary column reads as 1.0 wrote it, and
-- is stored in version 2.  (Loaded with the other summaries as bytea: only
-- the ratio_summary column concerns this test.)
CREATE TEMP TABLE copy_1_0 (label text, rs bytea, ss bytea, os crimestats.ratio_summary);
\copy copy_1_0 FROM 'test/upgrade/stored-1.0.copy' WITH (FORMAT binary)
CREATE TEMP TABLE copy_1_0_wire (label text, rs bytea, ss bytea, os bytea);
\copy copy_1_0_wire FROM 'test/upgrade/stored-1.0.copy' WITH (FORMAT binary)
SELECT c.label, c.os::text = f.text_1_0 AS same_text,
       crimestats.ratio(c.os) = f.ratio_1_0 AS ratio_same,
       (crimestats.ratio_ci(c.os, 0.95)).lower = f.lower_1_0 AS lower_same,
       (crimestats.ratio_ci(c.os, 0.95)).upper = f.upper_1_0 AS upper_same,
       pg_column_size(c.os) AS size, pg_temp.ratio_raw(c.os) AS raw
FROM copy_1_0 c JOIN fixture_1_0 f USING (label) ORDER BY label;
SELECT count(*) FILTER (WHERE os IS NOT NULL) AS ratio_summaries FROM copy_1_0;
-- and what 1.1 sends for the 1.0 bytes is what 1.0 sent
SELECT w.label, w.os AS wire_1_0,
       crimestats_internal.ratio_summary_send(pg_temp.raw_to_ratio(f.raw)) = w.os AS same_wire
FROM copy_1_0_wire w JOIN fixture_1_0 f USING (label) ORDER BY label;

-- Freshly built summaries are stored in version 2: 29 bytes, version 2,
-- hits, total and confidence in the server's byte order.
SELECT pg_temp.ratio_raw(s) AS raw, pg_column_size(s) AS size, s::text
FROM (VALUES ('{"hits":2,"total":7,"confidence":0.8}'::crimestats.ratio_summary),
             ('{"hits":2250,"total":45000}'), ('{"hits":0,"total":0}')) AS v(s);
SELECT pg_temp.ratio_raw(crimestats.ratio_summary(b)) AS from_booleans,
       pg_column_size(crimestats.ratio_summary(b)) AS size
FROM (VALUES (true), (false), (false), (NULL::boolean)) AS v(b);
SELECT pg_temp.ratio_raw(crimestats.ratio_summary(h, t)) AS from_counts,
       pg_column_size(crimestats.ratio_summary(h, t)) AS size
FROM (VALUES (2250::bigint, 45000::bigint)) AS v(h, t);
SELECT pg_temp.ratio_raw(crimestats.rollup(s)) AS rolled_up
FROM (VALUES ('{"hits":1,"total":2,"confidence":0.8}'::crimestats.ratio_summary),
             ('{"hits":1,"total":5}')) AS v(s);
-- windows: the moving forms (sliding frames) and the plain ones (a frame
-- that never loses rows)
SELECT i, pg_temp.ratio_raw(crimestats.ratio_summary(b) OVER w) AS moving,
       pg_temp.ratio_raw(crimestats.ratio_summary(b) OVER (ORDER BY i)) AS growing
FROM (VALUES (1, true), (2, false), (3, NULL), (4, true)) AS v(i, b)
WINDOW w AS (ORDER BY i ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
ORDER BY i;
SELECT i, pg_temp.ratio_raw(crimestats.rollup(s) OVER w) AS moving,
       pg_column_size(crimestats.rollup(s) OVER w) AS size
FROM (VALUES (1, '{"hits":1,"total":2,"confidence":0.8}'::crimestats.ratio_summary),
             (2, '{"hits":1,"total":3}'), (3, NULL), (4, NULL)) AS v(i, s)
WINDOW w AS (ORDER BY i ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
ORDER BY i;
-- in a table, and through binary COPY (receive)
CREATE TEMP TABLE fresh (label text, s crimestats.ratio_summary);
INSERT INTO fresh
SELECT 'aggregate', crimestats.ratio_summary(h, t) FROM (VALUES (3::bigint, 8::bigint)) AS v(h, t)
UNION ALL SELECT 'text', '{"hits":9223372036854775807,"total":9223372036854775807,"confidence":0.999}'
UNION ALL SELECT 'from 1.0', pg_temp.raw_to_ratio(raw) FROM fixture_1_0 WHERE label = 'outcomes with confidence'
UNION ALL SELECT 'null', NULL;
SELECT label, pg_column_size(s) AS size, pg_temp.ratio_raw(s) AS raw FROM fresh ORDER BY label;
\copy fresh TO 'results/outcomes_format.bin' WITH (FORMAT binary)
CREATE TEMP TABLE fresh_received (label text, s crimestats.ratio_summary);
\copy fresh_received FROM 'results/outcomes_format.bin' WITH (FORMAT binary)
-- exact: the same text, the same counts, and the same bytes where the
-- original was already version 2
SELECT label, pg_column_size(b.s) AS size, b.s::text,
       a.s::text = b.s::text AS same_text,
       crimestats.hits(a.s) = crimestats.hits(b.s) AND crimestats.total(a.s) = crimestats.total(b.s) AS same_counts,
       pg_temp.ratio_raw(a.s) = pg_temp.ratio_raw(b.s) AS same_bytes
FROM fresh a JOIN fresh_received b USING (label) ORDER BY label;
-- text round trip of every form
SELECT label, s::text::crimestats.ratio_summary::text = s::text AS text_round_trip,
       pg_temp.ratio_raw(s::text::crimestats.ratio_summary) AS reparsed
FROM fresh WHERE s IS NOT NULL ORDER BY label;

-- A summary as the state of a user's own aggregate built on the support
-- functions: the initial condition is parsed into version 2, which the
-- transition functions turn into their working form before counting.
CREATE AGGREGATE pg_temp.ratio_after(boolean) (
	SFUNC = crimestats_internal.ratio_summary_accum, STYPE = crimestats.ratio_summary,
	FINALFUNC = crimestats_internal.ratio_summary_final, INITCOND = '{"hits":10,"total":20}');
CREATE AGGREGATE pg_temp.rollup_after(crimestats.ratio_summary) (
	SFUNC = crimestats_internal.ratio_summary_combine, STYPE = crimestats.ratio_summary,
	FINALFUNC = crimestats_internal.ratio_summary_final, INITCOND = '{"hits":1,"total":1,"confidence":0.8}');
SELECT pg_temp.ratio_after(b), pg_temp.rollup_after(s), pg_temp.ratio_raw(pg_temp.ratio_after(b)) AS raw
FROM (VALUES (true, '{"hits":2,"total":3}'::crimestats.ratio_summary),
             (false, '{"hits":0,"total":1,"confidence":0.8}')) AS v(b, s);

-- Stored versions this build does not know are refused (22023) by every
-- reader, naming the version; a known version of the wrong size, or values
-- out of range, are corrupt (XX001).
CREATE TEMP TABLE bad (label text, s crimestats.ratio_summary);
INSERT INTO bad VALUES
  ('version 3', pg_temp.raw_to_ratio('\x03' || int8send(1) || int8send(2) || float8send(0))),
  ('version 0', pg_temp.raw_to_ratio('\x00' || int8send(1) || int8send(2) || float8send(0))),
  ('version 255, 1.0 size', pg_temp.raw_to_ratio('\xff' || '\x000000'::bytea || int8send(1) || int8send(2)
                                               || float8send(0) || int8send(0) || int8send(0))),
  ('version 2, 1.0 size', pg_temp.raw_to_ratio('\x02' || '\x000000'::bytea || int8send(1) || int8send(2)
                                             || float8send(0) || int8send(0) || int8send(0))),
  ('version 1, 1.1 size', pg_temp.raw_to_ratio('\x01' || int8send(1) || int8send(2) || float8send(0))),
  ('empty', pg_temp.raw_to_ratio('')),
  ('3 out of 2', pg_temp.raw_to_ratio('\x02' || '\x0300000000000000'::bytea || '\x0200000000000000'::bytea
                                    || '\x0000000000000000'::bytea));
SELECT label, pg_temp.ratio_raw(s) AS raw FROM bad ORDER BY label;
\set VERBOSITY sqlstate
SELECT crimestats.ratio(s) FROM bad WHERE label = 'version 3';
SELECT crimestats.ratio_ci(s, 0.95) FROM bad WHERE label = 'version 3';
SELECT crimestats.hits(s) FROM bad WHERE label = 'version 3';
SELECT crimestats.total(s) FROM bad WHERE label = 'version 3';
SELECT s::text FROM bad WHERE label = 'version 3';
SELECT crimestats_internal.ratio_summary_send(s) FROM bad WHERE label = 'version 3';
SELECT crimestats.rollup(s) FROM bad WHERE label = 'version 3';
SELECT crimestats.rollup(s) OVER (ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM bad WHERE label = 'version 3';
SELECT crimestats_internal.ratio_summary_final(s) FROM bad WHERE label = 'version 3';
SELECT crimestats_internal.outcome_ratio_final(s) FROM bad WHERE label = 'version 3';
SELECT crimestats.hits(s) FROM bad WHERE label = 'version 0';
SELECT crimestats.hits(s) FROM bad WHERE label = 'version 255, 1.0 size';
SELECT crimestats.hits(s) FROM bad WHERE label = 'version 2, 1.0 size';
SELECT crimestats.hits(s) FROM bad WHERE label = 'version 1, 1.1 size';
SELECT crimestats.hits(s) FROM bad WHERE label = 'empty';
SELECT crimestats.hits(s) FROM bad WHERE label = '3 out of 2';
\set VERBOSITY default
SELECT crimestats.ratio(s) FROM bad WHERE label = 'version 3';
SELECT crimestats.rollup(s) FROM bad WHERE label = 'version 255, 1.0 size';
SELECT crimestats.hits(s) FROM bad WHERE label = 'version 1, 1.1 size';
SELECT crimestats.hits(s) FROM bad WHERE label = '3 out of 2';

DROP TABLE fixture_1_0, stored_mixed, working, copy_1_0, copy_1_0_wire, fresh, fresh_received, bad;
