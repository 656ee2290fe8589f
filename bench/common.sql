-- Shared by the benchmark scripts: time a query, best of :reps runs.
CREATE OR REPLACE FUNCTION pg_temp.bench_ms(query text, reps int DEFAULT 3)
RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE
	best numeric;
	t0 timestamptz;
	elapsed numeric;
BEGIN
	FOR i IN 1 .. reps LOOP
		t0 := clock_timestamp();
		-- run to completion, rows discarded: wrapping the query in count(*)
		-- would let the planner drop the unused aggregates altogether
		EXECUTE query;
		elapsed := extract(epoch FROM clock_timestamp() - t0) * 1000;
		best := least(best, elapsed);
	END LOOP;
	RETURN round(best);
END
$$;

-- Time two queries in alternation, best of reps runs each, so that a change
-- in the machine's load hits both alike.
CREATE OR REPLACE FUNCTION pg_temp.bench_pair(query_a text, query_b text, reps int DEFAULT 5,
                                              OUT a_ms numeric, OUT b_ms numeric)
LANGUAGE plpgsql AS $$
BEGIN
	FOR i IN 1 .. reps LOOP
		a_ms := least(a_ms, pg_temp.bench_ms(query_a, 1));
		b_ms := least(b_ms, pg_temp.bench_ms(query_b, 1));
	END LOOP;
END
$$;
