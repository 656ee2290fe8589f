--
-- rate_summary's stored form.  Version 2 is what 1.1 writes: only what a
-- summary means (cases, confidence, intervals), 24 bytes plus 8 an
-- interval after the length word.  Version 1 is what 1.0 wrote (the aggregate's working layout):
-- still read.  Any other version is refused.  The 1.0 values below are
-- real: test/upgrade/stored-1.0.txt holds the bytes the 1.0 library stored
-- (PostgreSQL 15, x86-64, so little-endian).
--
SET extra_float_digits = 3;
-- byteasend declared on rate_summary returns a value's bytes as they are;
-- declared the other way round it reinterprets bytes as a rate_summary
CREATE FUNCTION pg_temp.raw(crimestats.rate_summary) RETURNS bytea
  AS 'byteasend' LANGUAGE internal IMMUTABLE STRICT;
CREATE FUNCTION pg_temp.cook(bytea) RETURNS crimestats.rate_summary
  AS 'byteasend' LANGUAGE internal IMMUTABLE STRICT;
-- an error as its SQLSTATE and message, on one line
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE q;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

-- Every way a summary reaches a table gives version 2, without slack
CREATE TABLE fmt (how text, s crimestats.rate_summary);
INSERT INTO fmt
SELECT 'aggregate', crimestats.rate_summary(n, p)
FROM (VALUES (31::bigint, daterange('2018-01-01', '2018-02-01')),
             (5, daterange('2018-03-01', '2018-04-01'))) AS v(n, p)
UNION ALL
-- scattered rows: the working state is a bitmap of days until the end
SELECT 'scattered rows', crimestats.rate_summary(i, daterange(d, d + 1))
FROM (SELECT i, date '2018-01-01' + (i * 37) % 400 AS d
      FROM generate_series(1, 300) AS i) AS t
UNION ALL
SELECT 'rollup', crimestats.rollup(s)
FROM (VALUES ('{"cases":1,"days":[["2018-01-01","2018-01-05")]}'::crimestats.rate_summary),
             ('{"cases":2,"days":[["2018-01-03","2018-01-09")]}')) AS v(s)
UNION ALL
SELECT 'text input', '{"cases":3,"days":[["2018-01-01","2018-01-02")],"confidence":0.9}'
UNION ALL
(SELECT 'window frame', crimestats.rate_summary(n, p)
          OVER (ORDER BY p ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
 FROM (VALUES (1::bigint, daterange('2018-01-01', '2018-01-02')),
              (2, daterange('2018-01-05', '2018-01-06'))) AS v(n, p)
 ORDER BY p DESC LIMIT 1);
SELECT how, get_byte(pg_temp.raw(s), 0) AS version,
       octet_length(pg_temp.raw(s)) AS bytes,
       octet_length(pg_temp.raw(s)) = 24 + 8 * (length(s::text) - length(replace(s::text, ')', ''))) AS compact,
       crimestats.cases(s), crimestats.days(s)
FROM fmt ORDER BY how;
-- binary input stores version 2 as well, and round-trips exactly
\copy fmt TO 'results/rates_format.bin' WITH (FORMAT binary)
CREATE TABLE fmt2 (how text, s crimestats.rate_summary);
\copy fmt2 FROM 'results/rates_format.bin' WITH (FORMAT binary)
SELECT count(*) AS rows,
       bool_and(pg_temp.raw(a.s) = pg_temp.raw(b.s)) AS same_bytes,
       bool_and(a.s::text = b.s::text) AS same_text
FROM fmt a JOIN fmt2 b USING (how);

-- What 1.0 stored reads back as 1.0 read it: the same text and the same
-- accessor results (test/upgrade/accessors-1.0.txt, extra_float_digits 3)
CREATE TABLE stored_1_0 (label text, text_form text, hex text);
\copy stored_1_0 FROM 'test/upgrade/stored-1.0.txt' WITH (DELIMITER '|')
CREATE TABLE accessors_1_0 (label text, cases text, days text, per_day text,
  lower text, upper text, growth_factor text, pct_change text, cagr text,
  trend_growth text, sparkline text, ratio text, ratio_lower text, ratio_upper text);
\copy accessors_1_0 FROM 'test/upgrade/accessors-1.0.txt' WITH (DELIMITER '|', NULL '')
CREATE TABLE old AS
SELECT label, text_form, pg_temp.cook(decode(hex, 'hex')) AS s
FROM stored_1_0 WHERE label LIKE 'rates%';
SELECT label, get_byte(pg_temp.raw(s), 0) AS version,
       octet_length(pg_temp.raw(s)) AS bytes,
       s::text = text_form AS same_text,
       crimestats.cases(s)::text = a.cases AS cases,
       crimestats.days(s)::text = a.days AS days,
       crimestats.per_day(s)::text = a.per_day AS per_day,
       (crimestats.per_day_ci(s, 0.95)).lower::text = a.lower AS lower,
       (crimestats.per_day_ci(s, 0.95)).upper::text = a.upper AS upper
FROM old JOIN accessors_1_0 a USING (label) ORDER BY label;
SELECT s FROM old WHERE label = 'rates with confidence';
-- 1.0 values roll up with 1.1 values, and what is stored again is version 2
SELECT crimestats.rollup(s) AS merged,
       get_byte(pg_temp.raw(crimestats.rollup(s)), 0) AS version
FROM (SELECT s FROM old WHERE label = 'rates empty-window'
      UNION ALL SELECT s FROM fmt WHERE how = 'rollup') AS t;
-- the binary COPY form 1.0 wrote reads back too
CREATE TABLE copied_1_0 (label text, rs crimestats.rate_summary,
                         ss crimestats.series_summary, os crimestats.ratio_summary);
\copy copied_1_0 FROM 'test/upgrade/stored-1.0.copy' WITH (FORMAT binary)
SELECT count(*) AS rates_rows,
       bool_and(c.rs::text = o.text_form) AS same_text,
       bool_and(get_byte(pg_temp.raw(c.rs), 0) = 2) AS stored_as_version_2
FROM copied_1_0 c JOIN stored_1_0 o USING (label) WHERE c.rs IS NOT NULL;

-- No release wrote other versions or sizes: refused, never misread
SELECT pg_temp.err($$SELECT crimestats.cases(pg_temp.cook('\x09000000'))$$) AS version_9;
SELECT pg_temp.err($$SELECT crimestats.days(pg_temp.cook('\x'))$$) AS no_bytes;
SELECT pg_temp.err($$SELECT pg_temp.cook('\x0200000001000000000000000000000000000000000000000100000001')::text$$) AS truncated_v2;
SELECT pg_temp.err($$SELECT pg_temp.cook('\x01000000')::text$$) AS truncated_v1;
-- a version 1 bitmap state whose word count would overflow the size check
SELECT pg_temp.err($$SELECT crimestats.days(pg_temp.cook(decode('010200000000000000000000000000000000000000000020000000000000000000000000000000000000000000000000000000000000000000000000', 'hex')))$$) AS forged_bitmap;

-- Errors raised while combining partial states name the aggregate called
-- (partitionwise aggregation: one partial state per partition)
CREATE TABLE parts (part int, n bigint, period daterange, conf float8) PARTITION BY LIST (part);
CREATE TABLE parts_1 PARTITION OF parts FOR VALUES IN (1);
CREATE TABLE parts_2 PARTITION OF parts FOR VALUES IN (2);
INSERT INTO parts VALUES
  (1, 5000000000000000000, '[2018-01-01,2018-01-02)', 0.9),
  (2, 5000000000000000000, '[2018-01-02,2018-01-03)', 0.95);
-- enough rows for the planner to aggregate each partition on its own
INSERT INTO parts
SELECT 1 + i % 2, 0, daterange(date '2018-01-01' + i % 300, date '2018-01-01' + i % 300 + 1),
       CASE i % 2 WHEN 0 THEN 0.9 ELSE 0.95 END
FROM generate_series(1, 20000) AS i;
ANALYZE parts;
SET enable_partitionwise_aggregate = on;
SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF) SELECT crimestats.per_day_rate_ci(1, period, conf) FROM parts;
SELECT pg_temp.err($$SELECT crimestats.per_day_rate_ci(1, period, conf) FROM parts$$) AS confidences_differ;
SELECT pg_temp.err($$SELECT crimestats.per_day_rate(n, period) FROM parts$$) AS overflow;
SELECT pg_temp.err($$SELECT crimestats.rate_summary(n, period) FROM parts$$) AS overflow_summary;
-- one partition alone is fine
SELECT crimestats.per_day_rate_ci(1, period, conf) FROM parts WHERE part = 1;
RESET enable_partitionwise_aggregate;
RESET max_parallel_workers_per_gather;

-- A binary value whose confidence is -0.0 ("none", with the sign bit set)
-- is stored canonically: its binary form is the same before and after a
-- text round trip (rate_summary and ratio_summary)
\set hdr '5047434f50590aff0d0a000000000000000000'
SELECT lo_from_bytea(0, decode(:'hdr' || '0001' || '0000001e' || '01' || '00'
         || '0000000000000003' || '8000000000000000' || '00000001' || '000019af000019b0'
         || 'ffff', 'hex')) AS rs_lo \gset
SELECT lo_from_bytea(0, decode(:'hdr' || '0001' || '00000019' || '01'
         || '0000000000000002' || '0000000000000007' || '8000000000000000'
         || 'ffff', 'hex')) AS os_lo \gset
\lo_export :rs_lo 'results/rates_format_negzero_rs.bin'
\lo_export :os_lo 'results/rates_format_negzero_os.bin'
SELECT lo_unlink(:rs_lo) + lo_unlink(:os_lo) AS unlinked;
CREATE TABLE negzero_rs (s crimestats.rate_summary);
CREATE TABLE negzero_os (s crimestats.ratio_summary);
\copy negzero_rs FROM 'results/rates_format_negzero_rs.bin' WITH (FORMAT binary)
\copy negzero_os FROM 'results/rates_format_negzero_os.bin' WITH (FORMAT binary)
SELECT s, crimestats_internal.rate_summary_send(s) = crimestats_internal.rate_summary_send(s::text::crimestats.rate_summary) AS same_binary
FROM negzero_rs;
SELECT s, crimestats_internal.ratio_summary_send(s) = crimestats_internal.ratio_summary_send(s::text::crimestats.ratio_summary) AS same_binary
FROM negzero_os;
