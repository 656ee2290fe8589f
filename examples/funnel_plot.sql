-- A funnel plot from the Home Office police recorded crime table for
-- 2017/18 (data/prc-pfa-2017-18.csv, loaded with import_prc_force): for
-- each of the 43 police force areas of England and Wales, stalking (8Q) as
-- a share of all its stalking and harassment offences (8L, 8M, 8Q, 8R),
-- against the share over England and Wales, with the 95% and 99.8% control
-- limits.  Shipped data has no population per force area, so the plot is
-- of this proportion, which needs none.
--
-- examples/funnel_plot.sh runs it and draws the chart; in psql on its own:
--   psql -v work=/tmp -f examples/funnel_plot.sql
-- writes :work/funnel_points.dat and :work/funnel_limits.dat and prints
-- the table.

CREATE TEMP TABLE funnel_force AS
SELECT a.name AS force,
       pg_catalog.sum(r.offences) FILTER (WHERE r.offence_code = '8Q') AS stalking,
       pg_catalog.sum(r.offences) AS stalking_and_harassment
FROM crimestats.recorded_offence AS r
JOIN crimestats.offence AS o ON o.code = r.offence_code
JOIN crimestats.area AS a ON a.code = r.area_code
WHERE o.offence_subgroup = 'Stalking and harassment'
  AND a.kind = 'police_force_area'
  AND r.period <@ daterange('2017-04-01', '2018-04-01')
GROUP BY a.name;

-- each force against the whole of England and Wales: the window form takes
-- the average over its partition (here every force)
CREATE TEMP TABLE funnel_points AS
SELECT force, stalking, stalking_and_harassment,
       stalking::float8 / stalking_and_harassment AS share,
       crimestats.proportion_significance(stalking, stalking_and_harassment) OVER () AS significance
FROM funnel_force;

SELECT pg_catalog.sum(stalking)::float8 / pg_catalog.sum(stalking_and_harassment) AS england_and_wales,
       pg_catalog.min(stalking_and_harassment) AS smallest, pg_catalog.max(stalking_and_harassment) AS largest
FROM funnel_force \gset

-- the limits along the x axis, 200 steps on a log scale from a little
-- below the smallest force to a little above the largest
CREATE TEMP TABLE funnel_limits AS
SELECT n, :england_and_wales AS england_and_wales, l95.lower AS lower_95, l95.upper AS upper_95,
       l998.lower AS lower_998, l998.upper AS upper_998
FROM (SELECT 0.7 * :smallest * (2.0 * :largest / (0.7 * :smallest)) ^ (k / 200.0) AS n
      FROM pg_catalog.generate_series(0, 200) AS k) AS s,
     LATERAL crimestats.proportion_funnel(:england_and_wales, n, 0.95) AS l95,
     LATERAL crimestats.proportion_funnel(:england_and_wales, n, 0.998) AS l998;

SELECT significance, pg_catalog.count(*) AS forces,
       pg_catalog.string_agg(force, ', ' ORDER BY force) AS which
FROM funnel_points GROUP BY significance ORDER BY significance;

\set points_file :work '/funnel_points.dat'
\set limits_file :work '/funnel_limits.dat'
-- tab-separated; the label's position in the enum (1 = lower (99.8%) ...
-- 5 = higher (99.8%)) picks the colour; names are written for the three
-- highest and lowest shares, the smallest and the largest force, and the
-- forces significant at 95% only
COPY (SELECT stalking_and_harassment, 100 * share,
             pg_catalog.array_position(pg_catalog.enum_range(NULL::crimestats.significance), significance),
             CASE WHEN pg_catalog.rank() OVER (ORDER BY share) <= 3
                    OR pg_catalog.rank() OVER (ORDER BY share DESC) <= 3
                    OR pg_catalog.rank() OVER (ORDER BY stalking_and_harassment) = 1
                    OR pg_catalog.rank() OVER (ORDER BY stalking_and_harassment DESC) = 1
                    OR significance IN ('lower (95%)', 'higher (95%)')
                  THEN force ELSE '' END
      FROM funnel_points ORDER BY stalking_and_harassment) TO STDOUT \g :points_file
COPY (SELECT n, 100 * england_and_wales, 100 * lower_95, 100 * upper_95, 100 * lower_998, 100 * upper_998
      FROM funnel_limits ORDER BY n) TO STDOUT \g :limits_file
