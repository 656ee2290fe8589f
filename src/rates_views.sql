-- View year_ending: the ONS "year ending <month>" figures with per-day
-- rates and exact intervals, computed from rate_summary as a window
-- aggregate over each area's and subgroup's periods (the summary gives the
-- cases, the days and, through per_day_ci, the rate and its interval).
--
-- The work is done area by area: the view calls year_ending_rows once per
-- row of crimestats.area.  An area's rows reach it through the table's
-- index on area_code, and its grouping, sorting and window stay small
-- enough for memory and cache however many areas the table holds (one sort
-- of every row at national scale costs several times the whole view).  A
-- filter on area_code or area_name selects the areas first, so one area
-- costs one area's work.
--
-- year_ending_rows and the other views' *_rows functions are SQL functions
-- that PostgreSQL inlines: the plan is that of a LATERAL subquery, with
-- the planner's own row counts.  Being inlined, a body is parsed with the
-- caller's search_path, so everything in it is qualified: functions,
-- operators (OPERATOR(pg_catalog.=)), the types and collations that are
-- not SQL keywords.  On Citus a subquery correlated with a reference table
-- cannot be pushed down to the workers, and a SQL function that reads a
-- distributed table cannot be planned there: crimestats.distribute()
-- makes each of these functions PL/pgSQL with the same query, which then
-- runs as one query per area, sent to the worker holding that area.  A
-- frame without twelve full months gets a NULL period_end and is dropped
-- with IS NOT NULL, which the planner estimates for what it is, where the
-- equality on days(s) that decides it would be estimated at 1 row in 200
-- and would make every query that joins the view plan for a handful of
-- rows.  ROWS (used only where the function is not inlined) is a typical
-- area's count at national scale.
CREATE FUNCTION crimestats_internal.year_ending_rows(area_code text)
RETURNS TABLE (offence_subgroup text, period_end date, offences bigint, per_day double precision,
			   per_day_lower double precision, per_day_upper double precision, per_1000 double precision)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 700
AS $$
	SELECT y.offence_subgroup,
		   y.period_end,
		   y.offences,
		   (y.e).estimate,
		   (y.e).lower,
		   (y.e).upper,
		   crimestats.rate_per(y.offences::numeric, p.population::numeric, 1000)
	FROM (
		-- frame: every period whose last day lies in the 12 months ending on
		-- this period's last day; peers (periods ending on the same day) share
		-- a frame, so one row per last day is kept.  The frame is measured on
		-- the exclusive ends (first days of months), where "12 months earlier"
		-- is exact: on last days, 2017-02-28 minus 12 months would be
		-- 2016-02-28 and a leap February would slip into the frame.
		--
		-- Only month ends with exactly twelve months of data behind them keep a
		-- period_end.  A negative net total (adjustments outweighing counts)
		-- has no rate: the row stays, with NULL rates, rather than failing the
		-- whole view.  The interval is computed here, once per row, and only
		-- for the rows kept.
		SELECT DISTINCT ON (b.offence_subgroup, pg_catalog.upper(b.period))
			   b.offence_subgroup,
			   CASE WHEN pg_catalog.date_part('day', pg_catalog.upper(b.period)) OPERATOR(pg_catalog.=) 1
					 AND crimestats.days(crimestats.rate_summary(b.offences, b.period) OVER w) OPERATOR(pg_catalog.=)
						 (pg_catalog.upper(b.period) OPERATOR(pg_catalog.-)
						  (pg_catalog.upper(b.period) OPERATOR(pg_catalog.-) '12 months'::interval)::pg_catalog.date)
					THEN pg_catalog.upper(b.period) OPERATOR(pg_catalog.-) 1
			   END AS period_end,
			   pg_catalog.date_part('year', pg_catalog.upper(b.period) OPERATOR(pg_catalog.-) 1)::integer AS period_year,
			   crimestats.cases(crimestats.rate_summary(b.offences, b.period) OVER w) AS offences,
			   CASE WHEN pg_catalog.date_part('day', pg_catalog.upper(b.period)) OPERATOR(pg_catalog.=) 1
					 AND crimestats.days(crimestats.rate_summary(b.offences, b.period) OVER w) OPERATOR(pg_catalog.=)
						 (pg_catalog.upper(b.period) OPERATOR(pg_catalog.-)
						  (pg_catalog.upper(b.period) OPERATOR(pg_catalog.-) '12 months'::interval)::pg_catalog.date)
					 AND crimestats.cases(crimestats.rate_summary(b.offences, b.period) OVER w) OPERATOR(pg_catalog.>=) 0
					THEN crimestats.per_day_ci(crimestats.rate_summary(b.offences, b.period) OVER w, 0.95)
			   END AS e
		FROM (
			-- several offence codes of a subgroup share each period: sum them
			-- first (grouped on the period's bounds, which hash and compare as
			-- plain dates; a period is its bounds)
			SELECT o.offence_subgroup,
				   pg_catalog.daterange(pg_catalog.lower(r.period), pg_catalog.upper(r.period)) AS period,
				   pg_catalog.sum(r.offences)::bigint AS offences
			FROM crimestats.recorded_offence AS r
			JOIN crimestats.offence AS o ON o.code OPERATOR(pg_catalog.=) r.offence_code
			WHERE r.area_code OPERATOR(pg_catalog.=) year_ending_rows.area_code
			GROUP BY o.offence_subgroup, pg_catalog.lower(r.period), pg_catalog.upper(r.period)
		) AS b
		WINDOW w AS (PARTITION BY b.offence_subgroup
					 ORDER BY pg_catalog.upper(b.period)
					 RANGE BETWEEN '12 months -1 day'::interval PRECEDING AND CURRENT ROW)
	) AS y
	CROSS JOIN LATERAL (
		SELECT pg_catalog.max(ap.year) AS last_year
		FROM crimestats.area_population AS ap
		WHERE ap.area_code OPERATOR(pg_catalog.=) year_ending_rows.area_code
	) AS l
	LEFT JOIN LATERAL (
		-- the latest mid-year estimate up to the year the period ends in: each
		-- of the area's estimates stands for its year and the years before the
		-- next one, the last one for its year and every later year (looked up
		-- at its own year), so that the join is on one year
		SELECT g.year, e.population
		FROM (SELECT ap.year, ap.population,
					 pg_catalog.lead(ap.year) OVER (ORDER BY ap.year) AS next_year
			  FROM crimestats.area_population AS ap
			  WHERE ap.area_code OPERATOR(pg_catalog.=) year_ending_rows.area_code) AS e
		CROSS JOIN LATERAL pg_catalog.unnest(ARRAY(
			SELECT pg_catalog.generate_series(e.year, COALESCE(e.next_year OPERATOR(pg_catalog.-) 1, e.year)))) AS g(year)
	) AS p
	  ON y.offences OPERATOR(pg_catalog.>=) 0
	 AND p.year OPERATOR(pg_catalog.=) LEAST(y.period_year, l.last_year)
	WHERE y.period_end IS NOT NULL
$$;
COMMENT ON FUNCTION crimestats_internal.year_ending_rows(text) IS
  'The rows of crimestats.year_ending for one area (the view calls it once per area).';

CREATE OR REPLACE VIEW crimestats.year_ending WITH (security_invoker = true) AS
SELECT a.code AS area_code,
	   a.name AS area_name,
	   y.offence_subgroup,
	   y.period_end,
	   y.offences,
	   y.per_day,
	   y.per_day_lower,
	   y.per_day_upper,
	   y.per_1000
FROM crimestats.area AS a
CROSS JOIN LATERAL crimestats_internal.year_ending_rows(a.code) AS y;

COMMENT ON VIEW crimestats.year_ending IS
  'Offences in the 12 months ending on each month end, per area and offence subgroup (the ONS "year ending September 2018" figures), with the per-day rate, its exact 95% Poisson interval and the rate per 1,000 population.  Only month ends with a full 12 months of data appear.';
COMMENT ON COLUMN crimestats.year_ending.area_code IS 'Area (GSS code).';
COMMENT ON COLUMN crimestats.year_ending.area_name IS 'Area name.';
COMMENT ON COLUMN crimestats.year_ending.offence_subgroup IS 'Home Office offence subgroup, e.g. Stalking and harassment.';
COMMENT ON COLUMN crimestats.year_ending.period_end IS 'Last day of the 12 months (e.g. 2018-09-30 for the year ending September 2018).';
COMMENT ON COLUMN crimestats.year_ending.offences IS 'Offences recorded in the 12 months.';
COMMENT ON COLUMN crimestats.year_ending.per_day IS 'Offences per day (offences / days in the 12 months); NULL if net adjustments make the total negative.';
COMMENT ON COLUMN crimestats.year_ending.per_day_lower IS 'Lower bound of the exact 95% Poisson interval of the per-day rate.';
COMMENT ON COLUMN crimestats.year_ending.per_day_upper IS 'Upper bound of the exact 95% Poisson interval of the per-day rate.';
COMMENT ON COLUMN crimestats.year_ending.per_1000 IS 'Offences per 1,000 population (latest mid-year estimate up to the year of period_end); NULL without a population or with a negative total.';
