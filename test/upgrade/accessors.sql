-- tests/upgrade.sh: every accessor of every summary of the relation :tbl
-- (columns label, rs rate_summary, ss series_summary, os ratio_summary),
-- with the summaries' text, one line per row.  Run with psql -At and
-- extra_float_digits=3: two runs give the same lines exactly when every
-- summary reads the same.
SELECT label,
	   rs::text, crimestats.cases(rs), crimestats.days(rs), crimestats.per_day(rs),
	   crimestats.per_day_ci(rs, 0.95), crimestats.per_day_ci(rs, 0.5),
	   ss::text, crimestats.growth_factor(ss), crimestats.pct_change(ss), crimestats.cagr(ss),
	   crimestats.trend_growth(ss), crimestats.sparkline(ss),
	   crimestats.first_total(ss), crimestats.last_total(ss), crimestats.n_points(ss),
	   os::text, crimestats.ratio(os), crimestats.ratio_ci(os, 0.95), crimestats.ratio_ci(os, 0.5),
	   crimestats.hits(os), crimestats.total(os)
FROM :tbl
ORDER BY label COLLATE "C";
