-- The story's first figure, through the year_ending view:
-- "five stalking and harassment cases a day in Newham".
\pset format unaligned
\pset tuples_only on
SELECT pg_catalog.format('%s, year ending %s: %s stalking and harassment offences, %s a day (95%% CI %s–%s), %s per 1,000 residents',
		y.area_name,
		pg_catalog.to_char(y.period_end, 'FMMonth YYYY'),
		pg_catalog.to_char(y.offences, 'FM999,999,999'),
		pg_catalog.to_char(y.per_day, 'FM990.00'),
		pg_catalog.to_char(y.per_day_lower, 'FM990.00'),
		pg_catalog.to_char(y.per_day_upper, 'FM990.00'),
		pg_catalog.to_char(y.per_1000, 'FM990.00'))
FROM crimestats.year_ending AS y
WHERE y.area_code = 'E22000210'
  AND y.offence_subgroup = 'Stalking and harassment'
  AND y.period_end = '2018-09-30';
\pset tuples_only off
\pset format aligned
