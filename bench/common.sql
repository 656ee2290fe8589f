-- Shared by the benchmark scripts: time a query, best of :reps runs.
CREATE OR REPLACE FUNCTION pg_temp.bench_ms(query text, reps int DEFAULT 3)
RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE
	best numeric;
	t0 timestamptz;
	elapsed numeric;
	n bigint;
BEGIN
	FOR i IN 1 .. reps LOOP
		t0 := clock_timestamp();
		EXECUTE 'SELECT count(*) FROM (' || query || ') AS q' INTO n;
		elapsed := extract(epoch FROM clock_timestamp() - t0) * 1000;
		best := least(best, elapsed);
	END LOOP;
	RETURN round(best);
END
$$;
