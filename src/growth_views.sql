-- growth_views: the offence_growth view (replaced whole by the upgrade
-- from 1.0, which includes this file).

-- Growth per area and subgroup over the year-ending figures for the same
-- month of each year, the latest last: the month of the latest period_end
-- decides which year ends are compared (the latest YE September, the one a
-- year before, ...).
--
-- Area by area, like year_ending (offence_growth_rows once per area): an
-- area's rows reach it through the tables' indexes on area_code, its
-- sorts and windows stay small enough for memory and cache however many
-- areas there are (one sort of every row at national scale costs several
-- times the whole view), and a filter on area_code or area_name selects
-- the areas first, so one area costs one area's work.
--
-- offence_growth_rows and the other views' *_rows functions in SQL
-- (outcome_rates_rows) are functions that PostgreSQL
-- inlines: the plan is that of a LATERAL subquery, with the planner's own
-- row counts.  Being inlined, a body is parsed with the caller's
-- search_path and privileges, so everything in it is qualified
-- (functions, operators as OPERATOR(pg_catalog.=), the types and
-- collations that are not SQL keywords) and nothing in it is of
-- crimestats_internal, where readers have no USAGE.  On Citus a subquery
-- correlated with a reference table cannot be pushed down to the workers,
-- and a SQL function that reads a distributed table cannot be planned
-- there: crimestats.distribute() makes each of these functions PL/pgSQL
-- with the same query, which then runs as one query per area, sent to the
-- worker holding that area.  ROWS (used only where the function is not
-- inlined) is a typical area's count at national scale.
--
-- It reads that area's year-ending figures (from the view, not
-- year_ending_rows, which is of crimestats_internal), and one
-- window over them finds each subgroup's latest month where a join of two
-- evaluations of year_ending used to: the planner could not see how many
-- rows those would have, and planned a nested loop quadratic in the number
-- of areas.
CREATE FUNCTION crimestats_internal.offence_growth_rows(area_code text)
RETURNS TABLE (offence_subgroup text, first_period_end date, last_period_end date,
			   first_offences bigint, last_offences bigint, growth_factor double precision,
			   pct_change double precision, cagr double precision, trend_growth double precision,
			   sparkline text, crosses_break boolean)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 30
AS $$
	SELECT s.offence_subgroup,
		   s.first_period_end,
		   s.last_period_end,
		   crimestats.first_total(s.s)::bigint,
		   crimestats.last_total(s.s)::bigint,
		   crimestats.growth_factor(s.s),
		   crimestats.pct_change(s.s),
		   -- cagr and trend_growth reject negative totals: NULL here rather
		   -- than an error for the whole view
		   CASE WHEN s.min_offences OPERATOR(pg_catalog.>=) 0
				THEN crimestats.cagr(s.s) END,
		   CASE WHEN s.min_offences OPERATOR(pg_catalog.>=) 0
				THEN crimestats.trend_growth(s.s) END,
		   crimestats.sparkline(s.s),
		   EXISTS (
			   SELECT 1
			   FROM crimestats.classification_break AS b
			   WHERE b.offence_subgroup OPERATOR(pg_catalog.=) s.offence_subgroup
				 -- first period start = the day after the same date a year
				 -- before the first period end; the span is (start, last end]
				 AND b.break_date OPERATOR(pg_catalog.>)
					 (s.first_period_end OPERATOR(pg_catalog.+) 1
					  OPERATOR(pg_catalog.-) '1 year'::interval)::pg_catalog.date
				 AND b.break_date OPERATOR(pg_catalog.<=) s.last_period_end
		   )
	FROM (
		SELECT y.offence_subgroup,
			   pg_catalog.min(y.period_end) AS first_period_end,
			   pg_catalog.max(y.period_end) AS last_period_end,
			   pg_catalog.min(y.offences) AS min_offences,
			   crimestats.series_summary(y.offences::double precision, y.period_end) AS s
		FROM (
			-- the year ends in the month of the subgroup's latest one
			SELECT ye.offence_subgroup, ye.offences,
				   CASE WHEN pg_catalog.date_part('month', ye.period_end) OPERATOR(pg_catalog.=)
							 pg_catalog.date_part('month', pg_catalog.max(ye.period_end) OVER (PARTITION BY ye.offence_subgroup))
						THEN ye.period_end
				   END AS period_end
			FROM crimestats.year_ending AS ye
			WHERE ye.area_code OPERATOR(pg_catalog.=) offence_growth_rows.area_code
		) AS y
		WHERE y.period_end IS NOT NULL
		GROUP BY y.offence_subgroup
	) AS s
$$;
COMMENT ON FUNCTION crimestats_internal.offence_growth_rows(text) IS
  'The rows of crimestats.offence_growth for one area (the view calls it once per area).';

CREATE OR REPLACE VIEW crimestats.offence_growth WITH (security_invoker = true) AS
SELECT a.code AS area_code,
	   a.name AS area_name,
	   g.offence_subgroup,
	   g.first_period_end,
	   g.last_period_end,
	   g.first_offences,
	   g.last_offences,
	   g.growth_factor,
	   g.pct_change,
	   g.cagr,
	   g.trend_growth,
	   g.sparkline,
	   g.crosses_break
FROM crimestats.area AS a
CROSS JOIN LATERAL crimestats_internal.offence_growth_rows(a.code) AS g;

COMMENT ON VIEW crimestats.offence_growth IS
  'Growth of recorded offences per area and offence subgroup over the year-ending figures (crimestats.year_ending) for the same month of each year, the latest year end last: growth factor, % change, compound annual growth rate, Poisson trend and a sparkline, and whether the span crosses a classification break.';
COMMENT ON COLUMN crimestats.offence_growth.area_code IS 'Area (GSS code).';
COMMENT ON COLUMN crimestats.offence_growth.area_name IS 'Area name.';
COMMENT ON COLUMN crimestats.offence_growth.offence_subgroup IS 'Home Office offence subgroup, e.g. Stalking and harassment.';
COMMENT ON COLUMN crimestats.offence_growth.first_period_end IS 'End of the earliest year compared (e.g. 2013-09-30 for the year ending September 2013).';
COMMENT ON COLUMN crimestats.offence_growth.last_period_end IS 'End of the latest year compared, the latest available (e.g. 2018-09-30).';
COMMENT ON COLUMN crimestats.offence_growth.first_offences IS 'Offences in the year ending first_period_end.';
COMMENT ON COLUMN crimestats.offence_growth.last_offences IS 'Offences in the year ending last_period_end.';
COMMENT ON COLUMN crimestats.offence_growth.growth_factor IS 'last_offences / first_offences (NULL when first_offences is 0 or only one year is available).';
COMMENT ON COLUMN crimestats.offence_growth.pct_change IS 'Percentage change from first to last year, (last - first) / first * 100.';
COMMENT ON COLUMN crimestats.offence_growth.cagr IS 'Compound annual growth rate, growth_factor ^ (1 / years) - 1, years = days between the year ends / 365.25.';
COMMENT ON COLUMN crimestats.offence_growth.trend_growth IS 'Annual growth factor of the Poisson log-linear trend fitted to every year (1.17 = +17% a year); NULL when the fit does not exist.';
COMMENT ON COLUMN crimestats.offence_growth.sparkline IS 'The yearly counts as block characters, earliest first (▁ smallest, █ largest).';
COMMENT ON COLUMN crimestats.offence_growth.crosses_break IS 'True when a change of definition or counting rule for the subgroup (crimestats.classification_break) falls after the start of the first year and on or before last_period_end: the growth then mixes definitions.';
