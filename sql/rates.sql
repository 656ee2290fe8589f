--
-- Per-day rates: scalar functions, per_day_rate(_ci), rate_summary, rollup.
--
SET extra_float_digits = 0;

-- days_in: finite ranges only; leap years have 366 days
SELECT crimestats.days_in('[2017-10-01,2018-10-01)') AS ye_sep_2018,
       crimestats.days_in('[2015-10-01,2016-10-01)') AS ye_sep_2016_leap,
       crimestats.days_in('[2018-01-01,2018-01-31]') AS january_inclusive,
       crimestats.days_in('(2017-12-31,2018-02-01)') AS january_exclusive,
       crimestats.days_in(NULL) AS null_in;

-- per_day and rate_per: the story's "five a day" and per 1,000 residents
SELECT crimestats.per_day(1821, '[2017-10-01,2018-10-01)') AS per_day,
       round(crimestats.per_day(1821, '[2017-10-01,2018-10-01)')::numeric, 2) AS rounded,
       crimestats.per_day(0, '[2018-01-01,2018-01-02)') AS zero,
       crimestats.rate_per(1821, 352005) AS per_1000,
       crimestats.rate_per(1821, 352005, 100000) AS per_100000,
       crimestats.rate_per(5, 0) AS no_population;

-- poisson_ci: golden values from R poisson.test(x)$conf.int (95%)
SELECT (e).estimate, round((e).lower::numeric, 10) AS lower, round((e).upper::numeric, 10) AS upper,
       (e).numerator, (e).denominator, (e).confidence
FROM (VALUES (crimestats.poisson_ci(1821)), (crimestats.poisson_ci(8)),
             (crimestats.poisson_ci(0)), (crimestats.poisson_ci(65, 0.998))) AS t(e);
SELECT abs((e).lower / 1738.313255618154 - 1) < 1e-12 AS lower_ok,
       abs((e).upper / 1906.603938252350 - 1) < 1e-12 AS upper_ok
FROM (SELECT crimestats.poisson_ci(1821, 0.95)) AS t(e);
-- exact 0: upper = -ln(0.025)
SELECT abs((crimestats.poisson_ci(0)).upper / -ln(0.025) - 1) < 1e-12 AS zero_upper_ok;

-- bad scalar input, with SQLSTATEs
\set VERBOSITY sqlstate
SELECT crimestats.days_in('[2018-01-01,)');
SELECT crimestats.days_in('(,2018-01-01)');
SELECT crimestats.days_in('empty');
SELECT crimestats.days_in('[-infinity,2018-01-01)');
SELECT crimestats.days_in('[2018-01-01,infinity)');
SELECT crimestats.days_in('(-infinity,2018-01-01)');
SELECT crimestats.days_in('[2018-01-01,infinity]');
SELECT crimestats.per_day(-1, '[2018-01-01,2018-02-01)');
SELECT crimestats.per_day('NaN', '[2018-01-01,2018-02-01)');
SELECT crimestats.rate_per(1, -5);
SELECT crimestats.poisson_ci(-1);
SELECT crimestats.poisson_ci(10, 0);
SELECT crimestats.poisson_ci(10, 1);
SELECT crimestats.poisson_ci(10, 'NaN');
SELECT crimestats.poisson_ci(10, 95);
\set VERBOSITY default
-- the messages name the function and the bad value
SELECT crimestats.days_in('[2018-01-01,)');
SELECT crimestats.days_in('empty');
SELECT crimestats.poisson_ci(10, 95);

-- Aggregates.  Rows of (offence code, period): periods overlap, touch and
-- leave gaps, and arrive in no particular order.
CREATE TEMP TABLE r (id int, code text, n bigint, period daterange);
INSERT INTO r VALUES
  (1, '8L', 30, '[2018-02-01,2018-03-01)'),
  (2, '8Q',  5, '[2018-01-01,2018-02-01)'),
  (3, '8L', 31, '[2018-01-01,2018-02-01)'),
  (4, '8Q',  4, '[2018-02-01,2018-03-01)'),
  (5, '8L', 10, '[2018-05-01,2018-06-01)'),   -- after a gap (March, April)
  (6, '8R', -2, '[2018-01-15,2018-02-15)'),   -- a negative adjustment, overlapping
  (7, '8L', NULL, '[2018-07-01,2018-08-01)'), -- NULL cases: row skipped
  (8, '8L', 3, NULL);                         -- NULL period: row skipped
-- union: January, February, May = 31 + 28 + 31 = 90 days; cases 78
SELECT crimestats.per_day_rate(n, period) AS rate, 78 / 90.0 AS expected,
       crimestats.cases(crimestats.rate_summary(n, period)) AS cases,
       crimestats.days(crimestats.rate_summary(n, period)) AS days
FROM r;
-- the same in every order of the rows
SELECT count(DISTINCT rate) AS distinct_results, min(rate) = 78 / 90.0 AS all_equal
FROM (SELECT s, crimestats.per_day_rate(n, period ORDER BY md5(s::text || id::text)) AS rate
      FROM r, generate_series(1, 20) AS s GROUP BY s) AS t;
-- the summary keeps the union as disjoint intervals
SELECT crimestats.rate_summary(n, period) FROM r;
SELECT crimestats.rate_summary(n, period ORDER BY id DESC) FROM r;
-- adjacent periods merge; contained ones add no days
SELECT crimestats.rate_summary(n, p)
FROM (VALUES (1::bigint, '[2018-03-01,2018-04-01)'::daterange), (2, '[2018-01-01,2018-02-01)'),
             (3, '[2018-02-01,2018-03-01)'), (4, '[2018-02-10,2018-02-11)')) AS v(n, p);

-- per_day_rate_ci: the story's Newham figure, in one row and in twelve
SELECT (crimestats.per_day_rate_ci(1821, '[2017-10-01,2018-10-01)', 0.95)).*;
SELECT (e).estimate, (e).lower, (e).upper, (e).numerator, (e).denominator
FROM (SELECT crimestats.per_day_rate_ci(n, daterange(m, (m + interval '1 month')::date), 0.95)
      FROM (SELECT (date '2017-10-01' + k * interval '1 month')::date AS m,
                   (1821 * (k + 1)) / 12 - (1821 * k) / 12 AS n
            FROM generate_series(0, 11) AS k) AS months) AS t(e);

-- no rows, only NULL rows: NULL
SELECT crimestats.per_day_rate(n, period) IS NULL AS empty_is_null,
       crimestats.per_day_rate_ci(n, period, 0.95) IS NULL AS empty_ci_is_null,
       crimestats.rate_summary(n, period) IS NULL AS empty_summary_is_null
FROM r WHERE false;
SELECT crimestats.per_day_rate(n, period) IS NULL AS nulls_only
FROM r WHERE id IN (7, 8);
SELECT crimestats.per_day_rate_ci(n, period, NULL) IS NULL AS null_confidence_rows_skipped FROM r;
-- a negative row alone is fine when the total is not negative
SELECT crimestats.per_day_rate(n, period) FROM r WHERE id IN (2, 6);

-- bad input to aggregates
\set VERBOSITY sqlstate
SELECT crimestats.per_day_rate(n, period) FROM r WHERE id = 6;          -- negative total
SELECT crimestats.per_day_rate(n, '[2018-01-01,)') FROM r;              -- unbounded
SELECT crimestats.per_day_rate(n, 'empty') FROM r;                      -- empty
SELECT crimestats.per_day_rate(n, '[2018-01-01,infinity)') FROM r;      -- infinite
SELECT crimestats.per_day_rate_ci(n, period, 0) FROM r;
SELECT crimestats.per_day_rate_ci(n, period, 1) FROM r;
SELECT crimestats.per_day_rate_ci(n, period, 'NaN') FROM r;
SELECT crimestats.per_day_rate_ci(n, period, 1.5) FROM r;
SELECT crimestats.per_day_rate_ci(n, period, CASE WHEN id = 4 THEN 0.9 ELSE 0.95 END) FROM r;
SELECT crimestats.per_day_rate(n, p)                                    -- overflow
FROM (VALUES (9223372036854775807::bigint, '[2018-01-01,2018-01-02)'::daterange),
             (1, '[2018-01-02,2018-01-03)')) AS v(n, p);
\set VERBOSITY default
SELECT crimestats.per_day_rate(n, period) FROM r WHERE id = 6;
SELECT crimestats.per_day_rate_ci(n, period, CASE WHEN id = 4 THEN 0.9 ELSE 0.95 END) FROM r;
SELECT crimestats.per_day_rate(n, '[2018-01-01,)') FROM r;

-- Two-step use: summaries per code, rolled up, equal the one-step result
CREATE TEMP TABLE summaries AS
  SELECT code, crimestats.rate_summary(n, period) AS s FROM r GROUP BY code;
SELECT code, s FROM summaries ORDER BY code;
SELECT crimestats.per_day(crimestats.rollup(s)) AS two_step,
       (SELECT crimestats.per_day_rate(n, period) FROM r) AS one_step,
       crimestats.per_day(crimestats.rollup(s)) = (SELECT crimestats.per_day_rate(n, period) FROM r) AS equal
FROM summaries;
SELECT (crimestats.per_day_ci(crimestats.rollup(s), 0.95)).* FROM summaries;
SELECT (crimestats.per_day_rate_ci(n, period, 0.95)).* FROM r;
SELECT crimestats.rollup(s) IS NULL AS rollup_of_nothing FROM summaries WHERE false;
SELECT crimestats.per_day_ci(crimestats.rollup(s), 2) FROM summaries;

-- text round trip
SELECT s::text::crimestats.rate_summary::text = s::text AS text_round_trip FROM summaries;
SELECT '{"cases":1821,"days":[["2017-10-01","2018-10-01")]}'::crimestats.rate_summary;
SELECT crimestats.per_day(' { "cases" : 1821 , "days" : [ [ "2017-10-01" , "2018-10-01" ) ] } '::crimestats.rate_summary);
SELECT '{"cases":0,"days":[]}'::crimestats.rate_summary AS empty_summary,
       crimestats.per_day('{"cases":0,"days":[]}') IS NULL AS no_days_is_null;
SELECT crimestats.rate_summary(n, period) FROM (SELECT 5::bigint, '[2018-01-01,2018-01-02)'::daterange) AS v(n, period);
-- a summary built by per_day_rate_ci keeps its confidence
SELECT '{"cases":3,"days":[["2018-01-01","2018-01-02")],"confidence":0.9}'::crimestats.rate_summary;
\set VERBOSITY sqlstate
SELECT 'nonsense'::crimestats.rate_summary;
SELECT '{"cases":1,"days":[["2018-02-01","2018-01-01")]}'::crimestats.rate_summary;   -- empty interval
SELECT '{"cases":1,"days":[["2018-02-01","2018-03-01"),["2018-01-01","2018-01-05")]}'::crimestats.rate_summary;  -- unsorted
SELECT '{"cases":1,"days":[["2018-01-01","2018-02-01"),["2018-02-01","2018-03-01")]}'::crimestats.rate_summary;  -- adjacent
SELECT '{"cases":1,"days":[["2018-02-30","2018-03-01")]}'::crimestats.rate_summary;   -- no such date
SELECT '{"cases":99999999999999999999,"days":[]}'::crimestats.rate_summary;           -- out of range
SELECT '{"cases":1,"days":[],"confidence":1}'::crimestats.rate_summary;
SELECT '{"cases":1,"days":[]} trailing'::crimestats.rate_summary;
SELECT '{"days":[],"cases":1}'::crimestats.rate_summary;
\set VERBOSITY default
SELECT '{"cases":1,"days":[["2018-02-01","2018-03-01"),["2018-01-01","2018-01-05")]}'::crimestats.rate_summary;

-- binary round trip through COPY BINARY
\copy summaries TO 'results/rates_summaries.bin' WITH (FORMAT binary)
CREATE TEMP TABLE summaries2 (LIKE summaries);
\copy summaries2 FROM 'results/rates_summaries.bin' WITH (FORMAT binary)
SELECT count(*) AS rows, bool_and(a.s::text = b.s::text) AS binary_round_trip
FROM summaries AS a JOIN summaries2 AS b USING (code);

-- Pre-aggregated monthly summaries rolled up for a whole year
CREATE TEMP TABLE monthly AS
  SELECT date_trunc('month', d)::date AS month,
         crimestats.rate_summary(5, daterange(d::date, d::date + 1)) AS s
  FROM generate_series(date '2016-01-01', date '2016-12-31', interval '1 day') AS d
  GROUP BY 1;
SELECT count(*) AS months, crimestats.cases(crimestats.rollup(s)) AS cases,
       crimestats.days(crimestats.rollup(s)) AS days_2016, crimestats.per_day(crimestats.rollup(s)) AS per_day
FROM monthly;

-- Many periods in random order (the pending tail is merged in batches):
-- days agree with a plain count of distinct days, in every order
CREATE TEMP TABLE scattered AS
  SELECT i, (date '2010-01-01' + (i * 7919) % 3000) AS d, ((i * 31) % 5) AS len
  FROM generate_series(1, 5000) AS i
  WHERE (i * 7919) % 3000 % 17 <> 0;     -- leave some gaps
SELECT (SELECT count(DISTINCT day) FROM scattered,
          generate_series(d, d + len, interval '1 day') AS day) AS plain_sql_days,
       crimestats.days(crimestats.rate_summary(1, daterange(d, d + len + 1) ORDER BY i)) AS by_i,
       crimestats.days(crimestats.rate_summary(1, daterange(d, d + len + 1) ORDER BY md5(i::text))) AS shuffled,
       crimestats.days(crimestats.rate_summary(1, daterange(d, d + len + 1) ORDER BY d DESC)) AS descending,
       crimestats.rate_summary(1, daterange(d, d + len + 1) ORDER BY md5(i::text))::text
         = crimestats.rate_summary(1, daterange(d, d + len + 1) ORDER BY d)::text AS same_summary
FROM scattered;

-- dates outside years 1 to 9999 cannot be summarised (the text form
-- could not carry them)
\set VERBOSITY sqlstate
SELECT crimestats.days_in('[0001-01-01 BC,0001-01-02)');
SELECT crimestats.per_day_rate(1, '[9999-12-01,10000-01-02)');
\set VERBOSITY default
SELECT crimestats.days_in('[0001-01-01,10000-01-01)') AS all_supported_days;

-- overflow is decided by the sum of the positive rows (and of the negative
-- ones), so it does not depend on the order rows arrive in
CREATE TEMP TABLE big (o int, n bigint, p daterange);
INSERT INTO big VALUES (1, 9223372036854775807, '[2018-01-01,2018-01-02)'),
                       (2, 1, '[2018-01-02,2018-01-03)'), (3, -1, '[2018-01-03,2018-01-04)');
\set VERBOSITY sqlstate
SELECT crimestats.per_day_rate(n, p ORDER BY o) FROM big;
SELECT crimestats.per_day_rate(n, p ORDER BY o DESC) FROM big;
SELECT crimestats.rollup(s) FROM (SELECT crimestats.rate_summary(n, p) FROM big GROUP BY o) AS t(s);
\set VERBOSITY default
SELECT crimestats.per_day_rate(n, p) FROM big WHERE o IN (1, 3);
-- the largest total there is
SELECT crimestats.rate_summary(n, p) FROM big WHERE o = 1;

-- scalar results beyond double precision
\set VERBOSITY sqlstate
SELECT crimestats.rate_per(1e300, 1e-300);
SELECT crimestats.per_day(1e400, '[2018-01-01,2018-01-02)');
SELECT crimestats.per_day(-1e-400, '[2018-01-01,2018-01-02)');
SELECT crimestats.rate_per('-Infinity', 10);
\set VERBOSITY default

-- rollup() builds a plain summary: a partial state's confidence is not kept
SELECT crimestats.rollup(s) FROM (VALUES
  ('{"cases":1,"days":[["2018-01-01","2018-01-02")],"confidence":0.9}'::crimestats.rate_summary),
  ('{"cases":2,"days":[["2018-01-02","2018-01-03")],"confidence":0.95}')) AS v(s);

-- Scattered rows switch the union to a bitmap of days, which grows on both
-- sides and gives way to intervals again once the days span more than 179
-- years (rows far away come last here)
CREATE TEMP TABLE scattered2 AS
  SELECT i, date '1900-01-01' + ((i * 104729) % 20000) - 10000 AS d, (i % 3) AS len, false AS far
  FROM generate_series(1, 4000) AS i
  UNION ALL
  SELECT i, date '2300-01-01' + i * 3, 0, true FROM generate_series(1, 50) AS i;
SELECT (SELECT count(DISTINCT day) FROM scattered2,
          generate_series(d, d + len, interval '1 day') AS day) AS plain_sql_days,
       crimestats.days(crimestats.rate_summary(1, daterange(d, d + len + 1) ORDER BY far, md5(i::text))) AS shuffled,
       crimestats.days(crimestats.rate_summary(1, daterange(d, d + len + 1) ORDER BY far DESC, md5(i::text))) AS far_first,
       crimestats.rate_summary(1, daterange(d, d + len + 1) ORDER BY far, md5(i::text))::text
         = crimestats.rate_summary(1, daterange(d, d + len + 1) ORDER BY d)::text AS same_summary,
       (crimestats.rate_summary(1, daterange(d, d + len + 1) ORDER BY far, md5(i::text)))::text
         = (SELECT crimestats.rollup(s) FROM (SELECT crimestats.rate_summary(1, daterange(d, d + len + 1) ORDER BY md5(i::text))
                                             FROM scattered2 GROUP BY i % 5) AS t(s))::text AS rollup_of_bitmaps
FROM scattered2;
