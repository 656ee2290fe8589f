-- The story's second figure: "more than doubled over the last five years".
-- Run with psql after SELECT crimestats.load_example();
--   psql -X -f examples/story_growth.sql
\pset tuples_only on
\pset format unaligned
\pset footer off

SELECT format('%s, year ending %s to year ending %s: %s -> %s %s offences, x%s (%s%s%%), CAGR %s%% a year, trend %s%s%% a year %s',
			  g.area_name,
			  to_char(g.first_period_end, 'FMMonth YYYY'),
			  to_char(g.last_period_end, 'FMMonth YYYY'),
			  to_char(g.first_offences, 'FM999,999,999,990'),
			  to_char(g.last_offences, 'FM999,999,999,990'),
			  lower(g.offence_subgroup),
			  to_char(g.growth_factor, 'FM990.00'),
			  CASE WHEN g.pct_change >= 0 THEN '+' ELSE '' END,
			  round(g.pct_change::numeric),
			  to_char(100 * g.cagr, 'FM990.0'),
			  CASE WHEN g.trend_growth >= 1 THEN '+' ELSE '' END,
			  round(100 * (g.trend_growth - 1)::numeric),
			  g.sparkline)
	   || CASE WHEN g.crosses_break THEN
			  (SELECT format(E'\n  Warning: the comparison crosses %s change(s) of definition or counting rule:', count(*))
					  || string_agg(E'\n    ' || to_char(b.break_date, 'FMMonth YYYY') || ': '
									|| rtrim(b.description, '.'), '' ORDER BY b.break_date)
			   FROM crimestats.classification_break AS b
			   WHERE b.offence_subgroup = g.offence_subgroup
				 AND b.break_date > (g.first_period_end + 1 - interval '1 year')::date
				 AND b.break_date <= g.last_period_end)
		  ELSE '' END
FROM crimestats.offence_growth AS g
WHERE g.area_code = 'E22000210'
  AND g.offence_subgroup = 'Stalking and harassment';
