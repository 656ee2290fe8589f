/*-------------------------------------------------------------------------
 *
 * growth_window.c
 *	  The window functions of the growth family: growth_since and
 *	  year_on_year, the total at this row's `at` over the total at an
 *	  earlier `at` of the same partition.
 *
 * These are true window functions (LANGUAGE C WINDOW), not aggregates used
 * over a window: they read the whole partition through the WindowObject
 * API, whatever the frame, and keep their own per-partition cache.  They
 * share no state with series_summary, only the error wording of growth.c
 * (growth.h), as PostgreSQL keeps windowfuncs.c apart from its aggregates.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "datatype/timestamp.h"
#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/float.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
#include "windowapi.h"

#include "growth.h"

PG_FUNCTION_INFO_V1(growth_since_date);
PG_FUNCTION_INFO_V1(growth_since_int);
PG_FUNCTION_INFO_V1(year_on_year);
PG_FUNCTION_INFO_V1(growth_since_at);
PG_FUNCTION_INFO_V1(year_on_year_at);

/*
 * Per-partition cache: the distinct `at` of the partition in increasing
 * order with their totals, built in one sequential pass on the first row.
 * Each row then finds its own total and the total `lookback` earlier by
 * binary search, O(log n) per row.
 */
typedef struct GrowthSinceCache
{
	bool		built;
	int32		n;				/* distinct at with at least one value */
	int32	   *ats;
	double	   *totals;
} GrowthSinceCache;

static int32
growth_since_lookup(const GrowthSinceCache *c, int32 at, bool *found)
{
	int32		lo = 0,
				hi = c->n;

	while (lo < hi)
	{
		int32		mid = lo + (hi - lo) / 2;

		if (c->ats[mid] < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = (lo < c->n && c->ats[lo] == at);
	return lo;
}

static void
growth_since_build(WindowObject winobj, GrowthSinceCache *c, const char *fname,
				   Oid at_type)
{
	bool		is_date = (series_at_kind(at_type) == SERIES_KIND_DATE);
	/* allocate in the partition's context, which the local memory lives in */
	MemoryContext partcxt = GetMemoryChunkContext(c);
	int64		nrows = WinGetPartitionRowCount(winobj);
	int32		cap = 16;
	bool		have_prev = false;
	int32		prev_at = 0;

	if (nrows > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: partition has too many rows, " INT64_FORMAT, fname, nrows)));
	c->ats = MemoryContextAlloc(partcxt, cap * sizeof(int32));
	c->totals = MemoryContextAlloc(partcxt, cap * sizeof(double));
	c->n = 0;

	for (int64 pos = 0; pos < nrows; pos++)
	{
		bool		isnull,
					isout;
		Datum		d;
		int32		at;
		double		value;

		d = WinGetFuncArgInPartition(winobj, 1, (int) pos, WINDOW_SEEK_HEAD,
									 false, &isnull, &isout);
		if (isnull || isout)
			continue;			/* rows without an at take no part */
		at = series_at_value(d, at_type, NULL, fname);
		if (is_date && DATE_NOT_FINITE(at))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: at must be a finite date, got %s",
							fname, series_at_string(SERIES_KIND_DATE, at))));
		if (have_prev && at < prev_at)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: the window must be ordered by at ascending, got %s after %s",
							fname,
							series_at_string(is_date ? SERIES_KIND_DATE : SERIES_KIND_INT, at),
							series_at_string(is_date ? SERIES_KIND_DATE : SERIES_KIND_INT, prev_at)),
					 errhint("Add ORDER BY at to the window definition.")));
		have_prev = true;
		prev_at = at;

		d = WinGetFuncArgInPartition(winobj, 0, (int) pos, WINDOW_SEEK_HEAD,
									 false, &isnull, &isout);
		if (isnull || isout)
			continue;			/* NULL values are skipped in the sums */
		value = DatumGetFloat8(d);
		if (isnan(value) || isinf(value))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: value must be a finite number, got %s",
							fname, float8out_internal(value))));

		if (c->n > 0 && c->ats[c->n - 1] == at)
			c->totals[c->n - 1] =
				series_checked_sum(NULL, fname, is_date ? SERIES_KIND_DATE : SERIES_KIND_INT,
								   at, c->totals[c->n - 1], value);
		else
		{
			if (c->n == cap)
			{
				cap *= 2;
				c->ats = repalloc(c->ats, cap * sizeof(int32));
				c->totals = repalloc(c->totals, cap * sizeof(double));
			}
			c->ats[c->n] = at;
			c->totals[c->n] = value;
			c->n++;
		}
	}
	c->built = true;
}

/*
 * growth_since_common: the total at this row's `at` over the total at
 * exactly `target` (computed by the caller from `at` and the lookback).
 * at_type says how to read `at` (series_at_value); target_fn computes the
 * earlier `at`, or returns false when it cannot exist.
 */
typedef bool (*GrowthTargetFn) (FunctionCallInfo fcinfo, const char *fname,
								int32 at, int32 *target);

static Datum
growth_since_common(FunctionCallInfo fcinfo, const char *fname, Oid at_type,
					GrowthTargetFn target_fn)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	GrowthSinceCache *c;
	Datum		d;
	bool		isnull,
				found;
	int32		at,
				target,
				i;
	double		now,
				then;

	c = (GrowthSinceCache *) WinGetPartitionLocalMemory(winobj, sizeof(GrowthSinceCache));
	if (!c->built)
		growth_since_build(winobj, c, fname, at_type);
	/* rows before this one are never read again: let the tuplestore drop them */
	WinSetMarkPosition(winobj, WinGetCurrentPosition(winobj));

	d = WinGetFuncArgCurrent(winobj, 1, &isnull);
	if (isnull)
		PG_RETURN_NULL();
	at = series_at_value(d, at_type, NULL, fname);
	i = growth_since_lookup(c, at, &found);
	if (!found)
		PG_RETURN_NULL();		/* only NULL values at this at */
	now = c->totals[i];

	if (!target_fn(fcinfo, fname, at, &target))
		PG_RETURN_NULL();
	i = growth_since_lookup(c, target, &found);
	if (!found)
		PG_RETURN_NULL();
	then = c->totals[i];
	if (then == 0.0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(series_check_result(fname, now / then));
}

/*
 * at - lookback for dates, through PostgreSQL's own date - interval, with
 * one refinement: a month end looked back by whole months stays a month
 * end (2017-02-28 - 1 year = 2016-02-29, 2015-06-30 - 3 months =
 * 2015-03-31).  Figures are published for periods ending on month ends,
 * and plain calendar arithmetic would miss the leap-year February and
 * every month whose end is later than the one looked back from.
 */
static bool
growth_target_date_interval(const char *fname, int32 at, Interval *lookback,
							int32 *target)
{
	Timestamp	ts;
	DateADT		d;
	bool		month_end = false;

	if (lookback->day == 0 && at < SERIES_MAX_DATE)
	{
		int			year,
					month,
					day;

		j2date(at + 1 + POSTGRES_EPOCH_JDATE, &year, &month, &day);
		month_end = (day == 1);
	}

	if (lookback->time != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: lookback must be whole days, months or years, got %s",
						fname, DatumGetCString(DirectFunctionCall1(interval_out,
																   IntervalPGetDatum(lookback))))));
	ts = DatumGetTimestamp(DirectFunctionCall2(date_mi_interval,
											   DateADTGetDatum(month_end ? at + 1 : at),
											   IntervalPGetDatum(lookback)));
	d = DatumGetDateADT(DirectFunctionCall1(timestamp_date, TimestampGetDatum(ts)));
	if (month_end)
		d -= 1;
	if (d >= at)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: lookback must reach back in time, got %s",
						fname, DatumGetCString(DirectFunctionCall1(interval_out,
																   IntervalPGetDatum(lookback))))));
	*target = d;
	return true;
}

static bool
growth_target_date(FunctionCallInfo fcinfo, const char *fname, int32 at,
				   int32 *target)
{
	bool		isnull;
	Datum		d = WinGetFuncArgCurrent(PG_WINDOW_OBJECT(), 2, &isnull);

	if (isnull)
		return false;
	return growth_target_date_interval(fname, at, DatumGetIntervalP(d), target);
}

static bool
growth_target_year(FunctionCallInfo fcinfo, const char *fname, int32 at,
				   int32 *target)
{
	Interval	one_year = {0};

	one_year.month = MONTHS_PER_YEAR;
	return growth_target_date_interval(fname, at, &one_year, target);
}

static bool
growth_target_int(FunctionCallInfo fcinfo, const char *fname, int32 at,
				  int32 *target)
{
	bool		isnull;
	Datum		d = WinGetFuncArgCurrent(PG_WINDOW_OBJECT(), 2, &isnull);
	int64		t;

	if (isnull)
		return false;
	if (DatumGetInt32(d) <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: lookback must be positive, got %d", fname, DatumGetInt32(d))));
	t = (int64) at - DatumGetInt32(d);
	if (t < PG_INT32_MIN)
		return false;			/* no such at can exist */
	*target = (int32) t;
	return true;
}

Datum
growth_since_date(PG_FUNCTION_ARGS)
{
	return growth_since_common(fcinfo, "growth_since", DATEOID, growth_target_date);
}

Datum
growth_since_int(PG_FUNCTION_ARGS)
{
	return growth_since_common(fcinfo, "growth_since", INT4OID, growth_target_int);
}

Datum
year_on_year(PG_FUNCTION_ARGS)
{
	return growth_since_common(fcinfo, "year_on_year", DATEOID, growth_target_year);
}

/*
 * The overloads of src/overloads.sql, at read from the call: numeric or
 * double precision (with an integer lookback, as growth_since_int),
 * timestamp or timestamp with time zone (taken as dates, with an interval
 * lookback, as growth_since_date).
 */
Datum
growth_since_at(PG_FUNCTION_ARGS)
{
	Oid			at_type = cs_declared_arg_type(fcinfo, 1);

	return growth_since_common(fcinfo, "growth_since", at_type,
							   series_at_kind(at_type) == SERIES_KIND_DATE ?
							   growth_target_date : growth_target_int);
}

Datum
year_on_year_at(PG_FUNCTION_ARGS)
{
	return growth_since_common(fcinfo, "year_on_year",
							   cs_declared_arg_type(fcinfo, 1),
							   growth_target_year);
}
