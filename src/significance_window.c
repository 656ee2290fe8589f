/*-------------------------------------------------------------------------
 *
 * significance_window.c
 *	  The window functions proportion_significance(hits, total) and
 *	  rate_significance(cases, exposure): each row against its partition's
 *	  own average, the baseline of a funnel plot.
 *
 * The comparator is the whole partition's sum(hits) / sum(total) (or
 * sum(cases) / sum(exposure)), whatever the window's ORDER BY and frame
 * clause say: the frame is never consulted.  On a partition's first row one
 * sequential pass over the partition forms the sums, kept in the
 * partition-local memory; every row then costs one comparison, the same
 * arithmetic as the scalar function given that comparator.  So a partition
 * of n rows costs O(n), and the rows before the current one are released
 * as the window moves on (the mark follows the current row).
 *
 * Rows with a NULL argument take no part in the sums and get NULL.  Every
 * other row is checked as the scalar function checks it, during the pass,
 * so that a bad row is reported as itself rather than as a bad average.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "common/int.h"
#include "windowapi.h"

#include "crimestats.h"
#include "significance.h"

PG_FUNCTION_INFO_V1(proportion_significance_window);
PG_FUNCTION_INFO_V1(rate_significance_window);
PG_FUNCTION_INFO_V1(rate_significance_window_whole);

/* What the first row of a partition learns about the whole of it. */
typedef struct PartitionComparator
{
	bool		built;
	double		comparator;		/* the partition's average */
} PartitionComparator;

/* Positions are int in the window API: refuse partitions it cannot address. */
static int64
partition_rows(WindowObject winobj, const char *fname)
{
	int64		nrows = WinGetPartitionRowCount(winobj);

	if (nrows > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: partition has too many rows, " INT64_FORMAT, fname, nrows)));
	return nrows;
}

/*
 * Argument argno of the row at pos, reading the partition from its head.
 * Called in increasing pos, so the tuplestore is read sequentially.
 */
static Datum
partition_arg(WindowObject winobj, int argno, int64 pos, bool *isnull)
{
	bool		isout;
	Datum		d = WinGetFuncArgInPartition(winobj, argno, (int) pos,
											 WINDOW_SEEK_HEAD, false, isnull, &isout);

	if (isout)
		*isnull = true;
	return d;
}

static void
proportion_partition(WindowObject winobj, PartitionComparator *pc)
{
	const char *fname = "proportion_significance";
	int64		nrows = partition_rows(winobj, fname);
	double		sum_hits = 0.0,
				sum_total = 0.0;

	for (int64 pos = 0; pos < nrows; pos++)
	{
		bool		isnull;
		double		hits,
					total;

		hits = DatumGetFloat8(partition_arg(winobj, 0, pos, &isnull));
		if (isnull)
			continue;
		total = DatumGetFloat8(partition_arg(winobj, 1, pos, &isnull));
		if (isnull)
			continue;
		cs_check_proportion_counts(fname, hits, total);
		sum_hits += hits;
		sum_total += total;
	}
	if (!isfinite(sum_total))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: sum of total over the partition is out of range", fname)));
	/* no row with both arguments: every row is NULL and the comparator unused */
	pc->comparator = (sum_total > 0.0) ? sum_hits / sum_total : 0.0;
	pc->built = true;
}

/*
 * proportion_significance(hits float8, total float8) OVER (...)
 */
Datum
proportion_significance_window(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	PartitionComparator *pc;
	bool		isnull;
	double		hits,
				total;

	pc = (PartitionComparator *) WinGetPartitionLocalMemory(winobj, sizeof(PartitionComparator));
	if (!pc->built)
		proportion_partition(winobj, pc);
	/* rows before this one are never read again: let the tuplestore drop them */
	WinSetMarkPosition(winobj, WinGetCurrentPosition(winobj));

	hits = DatumGetFloat8(WinGetFuncArgCurrent(winobj, 0, &isnull));
	if (isnull)
		PG_RETURN_NULL();
	total = DatumGetFloat8(WinGetFuncArgCurrent(winobj, 1, &isnull));
	if (isnull)
		PG_RETURN_NULL();
	/* checked in the pass over the partition */
	return cs_significance_datum(fcinfo,
								 cs_proportion_significance(hits, total, pc->comparator));
}

/*
 * A row's cases: bigint, or (the overloads of src/overloads.sql) numeric or
 * double precision holding a whole number; one beyond bigint is reported
 * as the sum over the partition is when it overflows.
 */
static int64
window_cases(Datum d, Oid type, const char *fname)
{
	int64		cases;

	if (type == INT8OID)
		return DatumGetInt64(d);
	if (!cs_whole_int64(d, type, NULL, fname, "cases", &cases))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: sum of cases over the partition is out of range", fname)));
	return cases;
}

static void
rate_partition(WindowObject winobj, PartitionComparator *pc, Oid cases_type)
{
	const char *fname = "rate_significance";
	int64		nrows = partition_rows(winobj, fname);
	int64		sum_cases = 0;
	double		sum_exposure = 0.0;

	for (int64 pos = 0; pos < nrows; pos++)
	{
		bool		isnull;
		int64		cases;
		double		exposure;

		Datum		d = partition_arg(winobj, 0, pos, &isnull);

		if (isnull)
			continue;
		cases = window_cases(d, cases_type, fname);
		exposure = DatumGetFloat8(partition_arg(winobj, 1, pos, &isnull));
		if (isnull)
			continue;
		cs_check_cases(fname, "cases", cases);
		cs_check_positive(fname, "exposure", exposure);
		if (pg_add_s64_overflow(sum_cases, cases, &sum_cases))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s: sum of cases over the partition is out of range", fname)));
		sum_exposure += exposure;
	}
	if (!isfinite(sum_exposure))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: sum of exposure over the partition is out of range", fname)));
	pc->comparator = (sum_exposure > 0.0) ? (double) sum_cases / sum_exposure : 0.0;
	pc->built = true;
}

/*
 * rate_significance(cases bigint, exposure float8) OVER (...): the exact
 * method, against sum(cases) / sum(exposure).  cases_type is bigint, or
 * numeric or double precision for the overloads.
 */
static Datum
rate_significance_window_common(FunctionCallInfo fcinfo, Oid cases_type)
{
	const char *fname = "rate_significance";
	WindowObject winobj = PG_WINDOW_OBJECT();
	PartitionComparator *pc;
	bool		isnull;
	Datum		d;
	int64		cases;
	double		exposure;

	pc = (PartitionComparator *) WinGetPartitionLocalMemory(winobj, sizeof(PartitionComparator));
	if (!pc->built)
		rate_partition(winobj, pc, cases_type);
	WinSetMarkPosition(winobj, WinGetCurrentPosition(winobj));

	d = WinGetFuncArgCurrent(winobj, 0, &isnull);
	if (isnull)
		PG_RETURN_NULL();
	cases = window_cases(d, cases_type, fname);
	exposure = DatumGetFloat8(WinGetFuncArgCurrent(winobj, 1, &isnull));
	if (isnull)
		PG_RETURN_NULL();
	return cs_significance_datum(fcinfo,
								 cs_rate_significance(cases,
													  cs_expected_count(fname, pc->comparator, exposure),
													  false));
}

Datum
rate_significance_window(PG_FUNCTION_ARGS)
{
	return rate_significance_window_common(fcinfo, INT8OID);
}

/* rate_significance(cases numeric | double precision, exposure) OVER (...) */
Datum
rate_significance_window_whole(PG_FUNCTION_ARGS)
{
	return rate_significance_window_common(fcinfo, cs_arg_type(fcinfo, 0));
}
