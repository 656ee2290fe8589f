-- View year_ending: the ONS "year ending <month>" figures with per-day
-- rates and exact intervals, computed from rate_summary as a window
-- aggregate over each area's and subgroup's periods (the summary gives the
-- cases, the days and, through per_day_ci, the rate and its interval).

CREATE VIEW crimestats.year_ending WITH (security_invoker = true) AS
WITH by_period AS (
	-- several offence codes of a subgroup share each period: sum them first
	SELECT r.area_code, o.offence_subgroup, r.period,
		   pg_catalog.sum(r.offences)::bigint AS offences
	FROM crimestats.recorded_offence AS r
	JOIN crimestats.offence AS o ON o.code OPERATOR(pg_catalog.=) r.offence_code
	GROUP BY r.area_code, o.offence_subgroup, r.period
),
framed AS (
	-- frame: every period whose last day lies in the 12 months ending on
	-- this period's last day; peers (periods ending on the same day) share
	-- a frame, so one row per last day is kept.  The frame is measured on
	-- the exclusive ends (first days of months), where "12 months earlier"
	-- is exact: on last days, 2017-02-28 minus 12 months would be
	-- 2016-02-28 and a leap February would slip into the frame.
	SELECT DISTINCT ON (b.area_code, b.offence_subgroup, pg_catalog.upper(b.period))
		   b.area_code, b.offence_subgroup,
		   (pg_catalog.upper(b.period) OPERATOR(pg_catalog.-) 1) AS period_end,
		   crimestats.rate_summary(b.offences, b.period) OVER w AS s
	FROM by_period AS b
	WINDOW w AS (PARTITION BY b.area_code, b.offence_subgroup
				 ORDER BY pg_catalog.upper(b.period)
				 RANGE BETWEEN '12 months -1 day'::interval PRECEDING AND CURRENT ROW)
),
complete AS (
	-- only month ends with exactly twelve months of data behind them
	-- (a negative net total, adjustments outweighing counts, has no rate:
	-- the row stays, with NULL rates, rather than failing the whole view)
	SELECT f.area_code, f.offence_subgroup, f.period_end,
		   crimestats.cases(f.s) AS offences,
		   CASE WHEN crimestats.cases(f.s) OPERATOR(pg_catalog.>=) 0
				THEN crimestats.per_day_ci(f.s, 0.95) END AS e
	FROM framed AS f
	WHERE pg_catalog.date_part('day', f.period_end OPERATOR(pg_catalog.+) 1) OPERATOR(pg_catalog.=) 1
	  AND crimestats.days(f.s) OPERATOR(pg_catalog.=)
		  ((f.period_end OPERATOR(pg_catalog.+) 1) OPERATOR(pg_catalog.-)
		   ((f.period_end OPERATOR(pg_catalog.+) 1) OPERATOR(pg_catalog.-) '12 months'::interval)::date)
)
SELECT c.area_code,
	   a.name AS area_name,
	   c.offence_subgroup,
	   c.period_end,
	   c.offences,
	   (c.e).estimate AS per_day,
	   (c.e).lower AS per_day_lower,
	   (c.e).upper AS per_day_upper,
	   crimestats.rate_per(c.offences::numeric, p.population::numeric, 1000) AS per_1000
FROM complete AS c
JOIN crimestats.area AS a ON a.code OPERATOR(pg_catalog.=) c.area_code
LEFT JOIN LATERAL (
	-- the latest mid-year estimate up to the year the period ends in
	SELECT ap.population
	FROM crimestats.area_population AS ap
	WHERE ap.area_code OPERATOR(pg_catalog.=) c.area_code
	  AND ap.year OPERATOR(pg_catalog.<=) pg_catalog.date_part('year', c.period_end)::integer
	ORDER BY ap.year DESC
	LIMIT 1
) AS p ON c.offences OPERATOR(pg_catalog.>=) 0;

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
