/*-------------------------------------------------------------------------
 *
 * rates.c
 *	  Per-day rates: the rate_summary type (its stored, text and binary
 *	  forms), the per_day_rate aggregates, rollup(rate_summary), its
 *	  accessors and the scalar rate functions.
 *
 * A rate is a total of cases divided by the number of distinct days the
 * rows cover.  Rows of (area, offence code, month) share their months, so
 * the days are those of the union of the rows' periods, not the sum of
 * their lengths.  While aggregating, the state is the working form of
 * src/rates_dayset.c; what leaves an aggregate, and what users store, is
 * the stored form below, which holds only what the summary means.
 *
 * Stored form (the bytes of a rate_summary in a table), by version:
 *
 * - 2 (crimestats 1.1 on): version byte, flags byte (RS_STORED_BYAR: a
 *   partial state of per_day_rate_ci(..., 'byar'); else 0), two zero bytes,
 *   the total of cases (int64), the confidence (float8; 0 when none: only
 *   partial states of per_day_rate_ci carry one), the number of intervals
 *   (int32), then each interval [first day, day after the last) as two
 *   int32 day numbers (DateADT), sorted, disjoint and not adjacent: 24
 *   bytes plus 8 an interval after the 4-byte length word.
 *
 * - 1 (crimestats 1.0): the working form's layout (RateSummary), always
 *   in the merged form without slack.  Still read; never written.  The
 *   working form keeps this version byte, so a transition value crossing
 *   processes (parallel workers) is read by the same path.
 *
 * Every reader goes through rs_fetch(), which checks the version and
 * refuses any other (22023).  The binary form (send/recv) is a separate,
 * unchanged format with its own version byte (1): see rate_summary_send.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/float.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/rangetypes.h"
#include "utils/typcache.h"

#include "rates_dayset.h"

/* newest stored format version: see above */
#define RS_STORED_VERSION	2

/* version of the binary (send/recv) form, unchanged since 1.0 */
#define RS_WIRE_VERSION		1

/*
 * Flag of the stored and binary forms: the state of per_day_rate_ci with
 * method 'byar', which its partial states must carry as they carry the
 * confidence.  Only ever set with a confidence.
 */
#define RS_STORED_BYAR		0x01

typedef struct RateStored
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* RS_STORED_VERSION */
	uint8		flags;			/* RS_STORED_BYAR or 0 */
	uint16		unused;			/* 0 */
	int64		cases;
	double		confidence;		/* 0 when none */
	int32		ninterval;
	int32		days[FLEXIBLE_ARRAY_MEMBER];	/* lo, hi of each interval */
} RateStored;

#define RS_STORED_SIZE(n)	(offsetof(RateStored, days) + (n) * 2 * sizeof(int32))

/* The stored form of a working state (any form). */
static RateStored *
rs_flatten(const RateSummary *rs)
{
	const RateSummary *m = rs_as_intervals(rs);
	RateStored *st = palloc0(RS_STORED_SIZE(m->ninterval));

	SET_VARSIZE(st, RS_STORED_SIZE(m->ninterval));
	st->version = RS_STORED_VERSION;
	st->flags = (m->method == RS_METHOD_BYAR) ? RS_STORED_BYAR : 0;
	st->cases = rs_cases(m);
	/* -0.0 and 0.0 both mean "none": keep the stored bytes canonical */
	st->confidence = (m->confidence == 0.0) ? 0.0 : m->confidence;
	st->ninterval = m->ninterval;
	for (int i = 0; i < m->ninterval; i++)
	{
		st->days[2 * i] = m->iv[i].lo;
		st->days[2 * i + 1] = m->iv[i].hi;
	}
	return st;
}

static void
rs_corrupt(int version, Size size)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("rate_summary: invalid stored value (version %d, %zu bytes)",
					version, size)));
}

/*
 * A rate_summary argument, of any version, as a working state: a version 1
 * value is used in place, a version 2 value is expanded into a new working
 * state.  Sizes are checked before anything is read, so that a damaged
 * value is an error rather than a crash; the values themselves were checked
 * when they came in (text or binary input), or made by our own functions.
 */
static RateSummary *
rs_fetch(Datum d)
{
	struct varlena *v = PG_DETOAST_DATUM(d);
	Size		size = VARSIZE(v);
	int			version = (size > VARHDRSZ) ? *(uint8 *) VARDATA(v) : 0;

	if (version == RS_WORKING_VERSION)
	{
		RateSummary *rs = (RateSummary *) v;

		if (size < RS_SIZE(0) || rs->capacity < 0 ||
			size < RS_SIZE(rs->capacity) ||
			rs->ninterval < 0 || rs->ninterval > rs->capacity ||
			rs->nsorted < 0 || rs->nsorted > rs->ninterval ||
			((rs->flags & RS_BITMAP) &&
			 (rs->bm_words < 0 || rs->bm_words > RS_BITMAP_MAX_DAYS / 64 ||
			  (rs->bm_base & 63) != 0 ||
			  (Size) rs->bm_words * sizeof(uint64) >
			  (Size) rs->capacity * sizeof(RateInterval))))
			rs_corrupt(version, size);
		return rs;
	}
	if (version == RS_STORED_VERSION)
	{
		RateStored *st = (RateStored *) v;
		RateSummary *rs;

		if (size < RS_STORED_SIZE(0) || st->ninterval < 0 ||
			size != RS_STORED_SIZE(st->ninterval) ||
			(st->flags & ~RS_STORED_BYAR) != 0 ||
			((st->flags & RS_STORED_BYAR) && st->confidence == 0.0))
			rs_corrupt(version, size);
		rs = rs_alloc(st->ninterval, false);
		rs_add_row_cases("rate_summary", rs, st->cases, 1);
		rs->confidence = st->confidence;
		if (st->flags & RS_STORED_BYAR)
			rs->method = RS_METHOD_BYAR;
		for (int i = 0; i < st->ninterval; i++)
		{
			rs->iv[i].lo = st->days[2 * i];
			rs->iv[i].hi = st->days[2 * i + 1];
		}
		rs->ninterval = rs->nsorted = st->ninterval;
		return rs;
	}
	cs_check_stored_version("rate_summary", version, RS_STORED_VERSION);
	pg_unreachable();
}

#define PG_GETARG_RATE_SUMMARY(n) rs_fetch(PG_GETARG_DATUM(n))

/* A range as text, for error messages. */
static char *
range_text(RangeType *r)
{
	Oid			typoutput;
	bool		typisvarlena;

	getTypeOutputInfo(RangeTypeGetOid(r), &typoutput, &typisvarlena);
	return OidOutputFunctionCall(typoutput, RangeTypePGetDatum(r));
}

/*
 * Read a daterange as [lo, hi) days, rejecting what has no finite number of
 * days; *typcachep caches the range type between calls.  This runs once
 * per input row, so a bounded daterange is
 * decoded in place: its bytes are the range type's OID, the lower and the
 * upper bound (int4 each, at offsets that need no alignment padding) and a
 * flags byte (see range_serialize).  Ranges stored in tuples usually carry a
 * 1-byte varlena header, which is read as it is rather than detoasted into a
 * palloc'd copy.
 */
void
rs_period_datum(Datum d, const char *fname, TypeCacheEntry **typcachep,
				int32 *lo, int32 *hi)
{
	struct varlena *raw = (struct varlena *) DatumGetPointer(d);
	TypeCacheEntry *typcache;
	const char *data;
	Size		len;
	Oid			typid;
	char		flags;

	if (VARATT_IS_SHORT(raw) && !VARATT_IS_EXTERNAL(raw))
	{
		data = VARDATA_SHORT(raw);
		len = VARSIZE_SHORT(raw) - VARHDRSZ_SHORT;
	}
	else
	{
		raw = (struct varlena *) DatumGetRangeTypeP(d);
		data = VARDATA(raw);
		len = VARSIZE(raw) - VARHDRSZ;
	}
	if (len < sizeof(Oid) + 1)
		elog(ERROR, "%s: invalid daterange", fname);
	memcpy(&typid, data, sizeof(Oid));
	typcache = *typcachep;
	if (typcache == NULL || typcache->type_id != typid)
	{
		typcache = lookup_type_cache(typid, TYPECACHE_RANGE_INFO);
		if (typcache->rngelemtype == NULL ||
			typcache->rngelemtype->type_id != DATEOID)
			elog(ERROR, "%s: expected a daterange", fname);
		*typcachep = typcache;
	}
	flags = data[len - 1];

	if (flags & RANGE_EMPTY)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: period must not be empty", fname),
				 errhint("A period covers at least one day, e.g. [2018-01-01,2018-02-01).")));
	if (flags & (RANGE_LB_INF | RANGE_UB_INF | RANGE_LB_NULL | RANGE_UB_NULL))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: period must be bounded, got %s", fname,
						range_text(DatumGetRangeTypeP(d))),
				 errhint("Give both the first day and the day after the last.")));
	if (len < sizeof(Oid) + 2 * sizeof(DateADT) + 1)
		elog(ERROR, "%s: invalid daterange", fname);
	memcpy(lo, data + sizeof(Oid), sizeof(DateADT));
	memcpy(hi, data + sizeof(Oid) + sizeof(DateADT), sizeof(DateADT));
	/* infinite dates compare beyond the limits, so are reported below */
	if (!DATE_NOT_FINITE(*lo) && !DATE_NOT_FINITE(*hi))
	{
		/* canonical daterange bounds are [lo, hi) already; others are made so */
		if (!(flags & RANGE_LB_INC))
			(*lo)++;
		if (flags & RANGE_UB_INC)
			(*hi)++;
	}
	if (*lo < RS_MIN_DATE || *hi > RS_MAX_DATE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: period must lie between 0001-01-01 and 9999-12-31, got %s", fname,
						range_text(DatumGetRangeTypeP(d)))));
}

/* The period argument argno of a call, the range type cached in fn_extra. */
static void
rs_get_period(FunctionCallInfo fcinfo, int argno, const char *fname,
			  int32 *lo, int32 *hi)
{
	rs_period_datum(PG_GETARG_DATUM(argno), fname,
					(TypeCacheEntry **) &fcinfo->flinfo->fn_extra, lo, hi);
}

/*
 * The transition state to update: the incoming one in place when the
 * aggregate owns it, or a new one.
 */
static RateSummary *
rs_state(FunctionCallInfo fcinfo, const char *fname, bool counted)
{
	RateSummary *rs;

	cs_agg_context(fcinfo, fname);
	if (PG_ARGISNULL(0))
		return rs_alloc(8, counted);
	/*
	 * Transition values are our own working states, except that a combine
	 * step may be handed a stored summary as its state (Citus combines
	 * partial results that it read back from their text form).
	 */
	rs = (RateSummary *) PG_GETARG_POINTER(0);
	if (VARATT_IS_EXTENDED(rs) || VARSIZE(rs) <= VARHDRSZ ||
		rs->version != RS_WORKING_VERSION)
		rs = rs_fetch(PG_GETARG_DATUM(0));
	return rs;
}

/*
 * A row with a NULL argument is skipped: the state goes on unchanged.  A
 * moving-aggregate state must never be NULL (nodeWindowAgg forbids it), so
 * a window frame that starts with such rows gets an empty counted state;
 * its row count of 0 still makes the result NULL.
 */
static Datum
rs_skip_row(FunctionCallInfo fcinfo, const char *fname, bool counted)
{
	cs_agg_context(fcinfo, fname);
	if (!PG_ARGISNULL(0))
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	if (counted)
		PG_RETURN_POINTER(rs_alloc(8, true));
	PG_RETURN_NULL();
}

/*
 * A row's cases: the bigint argument, or (whole) a numeric or double
 * precision one that must be a whole number.  Beyond bigint the total of
 * cases cannot be held either: the overflow error of the bigint form.
 */
static inline int64
rs_cases_arg(FunctionCallInfo fcinfo, const char *fname, bool whole)
{
	int64		cases;

	if (!whole)
		return PG_GETARG_INT64(1);
	if (!cs_whole_int64(PG_GETARG_DATUM(1), cs_arg_type(fcinfo, 1), NULL,
						fname, "cases", &cases))
		rs_overflow(fname);
	return cases;
}

/*
 * Transition for one input row (cases, period[, confidence[, method]]);
 * nargs counts the arguments after the state.  A row with any NULL argument
 * is skipped whole, as for built-in aggregates.
 */
static Datum
rate_accum_common(FunctionCallInfo fcinfo, const char *fname, int nargs,
				  bool counted, bool whole)
{
	RateSummary *rs;
	int32		lo,
				hi;
	int64		cases;

	for (int i = 1; i <= nargs; i++)
		if (PG_ARGISNULL(i))
			return rs_skip_row(fcinfo, fname, counted);
	rs = rs_state(fcinfo, fname, counted);
	cases = rs_cases_arg(fcinfo, fname, whole);
	rs_get_period(fcinfo, 2, fname, &lo, &hi);
	if (nargs == 4)
		rs_check_same_method(fname, rs,
							 cs_parse_poisson_method(fname, PG_GETARG_TEXT_PP(4)) ?
							 RS_METHOD_BYAR : RS_METHOD_EXACT);
	if (nargs >= 3)
		cs_check_same_confidence(fname, &rs->confidence, PG_GETARG_FLOAT8(3));
	rs_add_row_cases(fname, rs, cases, 1);
	if (counted)
	{
		rs = rs_count_period(rs, lo, hi, 1);
		rs->nrows++;
	}
	else
		rs = rs_merge_interval(rs, lo, hi);
	PG_RETURN_POINTER(rs);
}

/* Inverse transition (moving aggregate): undo one row exactly. */
static Datum
rate_inv_common(FunctionCallInfo fcinfo, const char *fname, int nargs,
				bool whole)
{
	RateSummary *rs;
	int32		lo,
				hi;

	for (int i = 1; i <= nargs; i++)
		if (PG_ARGISNULL(i))
			return rs_skip_row(fcinfo, fname, true);
	rs = rs_state(fcinfo, fname, true);
	rs_get_period(fcinfo, 2, fname, &lo, &hi);
	rs_add_row_cases(fname, rs, rs_cases_arg(fcinfo, fname, whole), -1);
	rs_uncount_period(rs, lo, hi, 1);
	rs->nrows--;
	PG_RETURN_POINTER(rs);
}

PG_FUNCTION_INFO_V1(rate_summary_accum);
PG_FUNCTION_INFO_V1(rate_summary_maccum);
PG_FUNCTION_INFO_V1(rate_summary_minv);
PG_FUNCTION_INFO_V1(per_day_rate_accum);
PG_FUNCTION_INFO_V1(per_day_rate_maccum);
PG_FUNCTION_INFO_V1(per_day_rate_minv);
PG_FUNCTION_INFO_V1(per_day_rate_ci_accum);
PG_FUNCTION_INFO_V1(per_day_rate_ci_maccum);
PG_FUNCTION_INFO_V1(per_day_rate_ci_minv);

Datum
rate_summary_accum(PG_FUNCTION_ARGS)
{
	return rate_accum_common(fcinfo, "rate_summary", 2, false, false);
}

Datum
rate_summary_maccum(PG_FUNCTION_ARGS)
{
	return rate_accum_common(fcinfo, "rate_summary", 2, true, false);
}

Datum
rate_summary_minv(PG_FUNCTION_ARGS)
{
	return rate_inv_common(fcinfo, "rate_summary", 2, false);
}

Datum
per_day_rate_accum(PG_FUNCTION_ARGS)
{
	return rate_accum_common(fcinfo, "per_day_rate", 2, false, false);
}

Datum
per_day_rate_maccum(PG_FUNCTION_ARGS)
{
	return rate_accum_common(fcinfo, "per_day_rate", 2, true, false);
}

Datum
per_day_rate_minv(PG_FUNCTION_ARGS)
{
	return rate_inv_common(fcinfo, "per_day_rate", 2, false);
}

Datum
per_day_rate_ci_accum(PG_FUNCTION_ARGS)
{
	return rate_accum_common(fcinfo, "per_day_rate_ci", 3, false, false);
}

Datum
per_day_rate_ci_maccum(PG_FUNCTION_ARGS)
{
	return rate_accum_common(fcinfo, "per_day_rate_ci", 3, true, false);
}

Datum
per_day_rate_ci_minv(PG_FUNCTION_ARGS)
{
	return rate_inv_common(fcinfo, "per_day_rate_ci", 3, false);
}

/* per_day_rate_ci(cases, period, confidence, method) */
PG_FUNCTION_INFO_V1(per_day_rate_ci_method_accum);
PG_FUNCTION_INFO_V1(per_day_rate_ci_method_maccum);
PG_FUNCTION_INFO_V1(per_day_rate_ci_method_minv);

Datum
per_day_rate_ci_method_accum(PG_FUNCTION_ARGS)
{
	return rate_accum_common(fcinfo, "per_day_rate_ci", 4, false, false);
}

Datum
per_day_rate_ci_method_maccum(PG_FUNCTION_ARGS)
{
	return rate_accum_common(fcinfo, "per_day_rate_ci", 4, true, false);
}

Datum
per_day_rate_ci_method_minv(PG_FUNCTION_ARGS)
{
	return rate_inv_common(fcinfo, "per_day_rate_ci", 4, false);
}


/*
 * The numeric and double precision overloads of the four aggregates above
 * (src/overloads.sql): the same transitions, cases a whole number.  One
 * function serves both types, read from the call.
 */
PG_FUNCTION_INFO_V1(rate_summary_accum_whole);
PG_FUNCTION_INFO_V1(rate_summary_maccum_whole);
PG_FUNCTION_INFO_V1(rate_summary_minv_whole);
PG_FUNCTION_INFO_V1(per_day_rate_accum_whole);
PG_FUNCTION_INFO_V1(per_day_rate_maccum_whole);
PG_FUNCTION_INFO_V1(per_day_rate_minv_whole);
PG_FUNCTION_INFO_V1(per_day_rate_ci_accum_whole);
PG_FUNCTION_INFO_V1(per_day_rate_ci_maccum_whole);
PG_FUNCTION_INFO_V1(per_day_rate_ci_minv_whole);
PG_FUNCTION_INFO_V1(per_day_rate_ci_method_accum_whole);
PG_FUNCTION_INFO_V1(per_day_rate_ci_method_maccum_whole);
PG_FUNCTION_INFO_V1(per_day_rate_ci_method_minv_whole);

Datum
rate_summary_accum_whole(PG_FUNCTION_ARGS)
{
	return rate_accum_common(fcinfo, "rate_summary", 2, false, true);
}

Datum
rate_summary_maccum_whole(PG_FUNCTION_ARGS)
{
	return rate_accum_common(fcinfo, "rate_summary", 2, true, true);
}

Datum
rate_summary_minv_whole(PG_FUNCTION_ARGS)
{
	return rate_inv_common(fcinfo, "rate_summary", 2, true);
}

Datum
per_day_rate_accum_whole(PG_FUNCTION_ARGS)
{
	return rate_accum_common(fcinfo, "per_day_rate", 2, false, true);
}

Datum
per_day_rate_maccum_whole(PG_FUNCTION_ARGS)
{
	return rate_accum_common(fcinfo, "per_day_rate", 2, true, true);
}

Datum
per_day_rate_minv_whole(PG_FUNCTION_ARGS)
{
	return rate_inv_common(fcinfo, "per_day_rate", 2, true);
}

Datum
per_day_rate_ci_accum_whole(PG_FUNCTION_ARGS)
{
	return rate_accum_common(fcinfo, "per_day_rate_ci", 3, false, true);
}

Datum
per_day_rate_ci_maccum_whole(PG_FUNCTION_ARGS)
{
	return rate_accum_common(fcinfo, "per_day_rate_ci", 3, true, true);
}

Datum
per_day_rate_ci_minv_whole(PG_FUNCTION_ARGS)
{
	return rate_inv_common(fcinfo, "per_day_rate_ci", 3, true);
}

Datum
per_day_rate_ci_method_accum_whole(PG_FUNCTION_ARGS)
{
	return rate_accum_common(fcinfo, "per_day_rate_ci", 4, false, true);
}

Datum
per_day_rate_ci_method_maccum_whole(PG_FUNCTION_ARGS)
{
	return rate_accum_common(fcinfo, "per_day_rate_ci", 4, true, true);
}

Datum
per_day_rate_ci_method_minv_whole(PG_FUNCTION_ARGS)
{
	return rate_inv_common(fcinfo, "per_day_rate_ci", 4, true);
}

PG_FUNCTION_INFO_V1(rate_summary_combine);
Datum
rate_summary_combine(PG_FUNCTION_ARGS)
{
	RateSummary *a;
	RateSummary *b;
	const char *fname;

	cs_agg_context(fcinfo, "rate_summary_combine");
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	b = PG_GETARG_RATE_SUMMARY(1);
	if (PG_ARGISNULL(0))
		PG_RETURN_POINTER(rs_copy(b, b->ninterval));
	/* shared by every rate aggregate: errors name the one the user called */
	fname = cs_caller_name(fcinfo, "rate_summary_combine");
	a = rs_state(fcinfo, fname, false);
	PG_RETURN_POINTER(rs_merge_summary(fname, a, b, true));
}

/* rollup(rate_summary): merge summaries; moving form counts their intervals. */
PG_FUNCTION_INFO_V1(rate_summary_rollup_accum);
Datum
rate_summary_rollup_accum(PG_FUNCTION_ARGS)
{
	RateSummary *a;

	if (PG_ARGISNULL(1))
		return rs_skip_row(fcinfo, "rollup", false);
	a = rs_state(fcinfo, "rollup", false);
	PG_RETURN_POINTER(rs_merge_summary("rollup", a, PG_GETARG_RATE_SUMMARY(1), false));
}

PG_FUNCTION_INFO_V1(rate_summary_rollup_maccum);
Datum
rate_summary_rollup_maccum(PG_FUNCTION_ARGS)
{
	RateSummary *a;
	const RateSummary *b;

	if (PG_ARGISNULL(1))
		return rs_skip_row(fcinfo, "rollup", true);
	b = rs_as_intervals(PG_GETARG_RATE_SUMMARY(1));
	a = rs_state(fcinfo, "rollup", true);
	rs_add_cases("rollup", a, b->pos, b->neg, 1);
	for (int i = 0; i < b->ninterval; i++)
		a = rs_count_period(a, b->iv[i].lo, b->iv[i].hi, 1);
	a->nrows++;
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(rate_summary_rollup_minv);
Datum
rate_summary_rollup_minv(PG_FUNCTION_ARGS)
{
	RateSummary *a;
	const RateSummary *b;

	if (PG_ARGISNULL(1))
		return rs_skip_row(fcinfo, "rollup", true);
	b = rs_as_intervals(PG_GETARG_RATE_SUMMARY(1));
	a = rs_state(fcinfo, "rollup", true);
	rs_add_cases("rollup", a, b->pos, b->neg, -1);
	for (int i = 0; i < b->ninterval; i++)
		rs_uncount_period(a, b->iv[i].lo, b->iv[i].hi, 1);
	a->nrows--;
	PG_RETURN_POINTER(a);
}

/*
 * Final function of rate_summary() and rollup(): the stored form, which is
 * what leaves the aggregate; NULL for a window frame without rows.
 */
PG_FUNCTION_INFO_V1(rate_summary_final);
Datum
rate_summary_final(PG_FUNCTION_ARGS)
{
	RateSummary *rs;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	rs = PG_GETARG_RATE_SUMMARY(0);
	if ((rs->flags & RS_COUNTED) && rs->nrows == 0)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(rs_flatten(rs));
}

/*
 * The rate of a summary: NULL when no days are covered (no rows, or a
 * window frame emptied); an error when the total is negative, which only
 * net adjustments can produce and no rate can mean.
 */
static bool
rs_rate(const char *fname, const RateSummary *rs, int64 *days)
{
	*days = rs_days(rs);
	if (*days == 0)
		return false;
	if (rs_cases(rs) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: total of cases is negative, got " INT64_FORMAT, fname, rs_cases(rs)),
				 errdetail("Negative adjustment rows may be included, but their total over the group must not be negative.")));
	return true;
}

/* The rate of a summary with the Poisson interval of its total, per day. */
static Datum
rate_estimate(FunctionCallInfo fcinfo, const char *fname, const RateSummary *rs,
			  double confidence, bool byar)
{
	int64		days;
	double		lower,
				upper;

	if (!rs_rate(fname, rs, &days))
		PG_RETURN_NULL();
	cs_poisson_interval_cached(fcinfo, rs_cases(rs), confidence, byar, &lower, &upper);
	return cs_make_estimate(fcinfo, (double) rs_cases(rs) / days, lower / days,
							upper / days, (double) rs_cases(rs), (double) days,
							confidence);
}

PG_FUNCTION_INFO_V1(per_day_rate_final);
Datum
per_day_rate_final(PG_FUNCTION_ARGS)
{
	RateSummary *rs;
	int64		days;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	rs = PG_GETARG_RATE_SUMMARY(0);
	if (!rs_rate("per_day_rate", rs, &days))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) rs_cases(rs) / days);
}

PG_FUNCTION_INFO_V1(per_day_rate_ci_final);
Datum
per_day_rate_ci_final(PG_FUNCTION_ARGS)
{
	RateSummary *rs;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	rs = PG_GETARG_RATE_SUMMARY(0);
	return rate_estimate(fcinfo, "per_day_rate_ci", rs, rs->confidence,
						 rs->method == RS_METHOD_BYAR);
}

/* Accessors of rate_summary */

PG_FUNCTION_INFO_V1(rate_summary_per_day);
Datum
rate_summary_per_day(PG_FUNCTION_ARGS)
{
	RateSummary *rs = PG_GETARG_RATE_SUMMARY(0);
	int64		days;

	if (!rs_rate("per_day", rs, &days))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) rs_cases(rs) / days);
}

PG_FUNCTION_INFO_V1(rate_summary_per_day_ci);
Datum
rate_summary_per_day_ci(PG_FUNCTION_ARGS)
{
	RateSummary *rs = PG_GETARG_RATE_SUMMARY(0);
	double		confidence = PG_GETARG_FLOAT8(1);

	cs_check_confidence("per_day_ci", confidence);
	return rate_estimate(fcinfo, "per_day_ci", rs, confidence, false);
}

/* per_day_ci(summary, confidence, method) */
PG_FUNCTION_INFO_V1(rate_summary_per_day_ci_method);
Datum
rate_summary_per_day_ci_method(PG_FUNCTION_ARGS)
{
	RateSummary *rs = PG_GETARG_RATE_SUMMARY(0);
	double		confidence = PG_GETARG_FLOAT8(1);
	bool		byar = cs_parse_poisson_method("per_day_ci", PG_GETARG_TEXT_PP(2));

	cs_check_confidence("per_day_ci", confidence);
	return rate_estimate(fcinfo, "per_day_ci", rs, confidence, byar);
}

PG_FUNCTION_INFO_V1(rate_summary_cases);
Datum
rate_summary_cases(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(rs_cases(PG_GETARG_RATE_SUMMARY(0)));
}

PG_FUNCTION_INFO_V1(rate_summary_days);
Datum
rate_summary_days(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32((int32) rs_days(PG_GETARG_RATE_SUMMARY(0)));
}

/*
 * Text form: {"cases":1821,"days":[["2017-10-01","2018-10-01")]} with
 * ,"confidence":0.95 after the days when a _ci aggregate set it.  Each
 * interval is written like a daterange: first day included, last excluded.
 */
PG_FUNCTION_INFO_V1(rate_summary_out);
Datum
rate_summary_out(PG_FUNCTION_ARGS)
{
	const RateSummary *rs = rs_as_intervals(PG_GETARG_RATE_SUMMARY(0));
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "{\"cases\":" INT64_FORMAT ",\"days\":[", rs_cases(rs));
	for (int i = 0; i < rs->ninterval; i++)
	{
		if (i > 0)
			appendStringInfoChar(&buf, ',');
		appendStringInfoChar(&buf, '[');
		cs_append_date(&buf, rs->iv[i].lo);
		appendStringInfoChar(&buf, ',');
		cs_append_date(&buf, rs->iv[i].hi);
		appendStringInfoChar(&buf, ')');
	}
	appendStringInfoChar(&buf, ']');
	if (rs->confidence != 0.0)
	{
		appendStringInfoString(&buf, ",\"confidence\":");
		cs_append_float8(&buf, rs->confidence);
		if (rs->method == RS_METHOD_BYAR)
			appendStringInfoString(&buf, ",\"method\":\"byar\"");
	}
	appendStringInfoChar(&buf, '}');
	PG_RETURN_CSTRING(buf.data);
}

/*
 * Everything a summary from outside (text or binary) must satisfy before it
 * is trusted: intervals within the supported dates, each non-empty, sorted,
 * disjoint and not touching (the merged form), a valid confidence.
 */
static void
rs_validate(const RateSummary *rs, const char *what, int sqlstate)
{
	for (int i = 0; i < rs->ninterval; i++)
	{
		const RateInterval *iv = &rs->iv[i];

		if (iv->lo < RS_MIN_DATE || iv->hi > RS_MAX_DATE || iv->lo >= iv->hi)
			ereport(ERROR,
					(errcode(sqlstate),
					 errmsg("invalid %s for type rate_summary", what),
					 errdetail("Interval %d is empty or outside 0001-01-01 to 9999-12-31.", i + 1)));
		if (i > 0 && rs->iv[i - 1].hi >= iv->lo)
			ereport(ERROR,
					(errcode(sqlstate),
					 errmsg("invalid %s for type rate_summary", what),
					 errdetail("Intervals must be sorted, disjoint and not adjacent; interval %d is not.", i + 1)));
	}
	if (rs->confidence != 0.0 && !(rs->confidence > 0.0 && rs->confidence < 1.0))
		ereport(ERROR,
				(errcode(sqlstate),
				 errmsg("invalid %s for type rate_summary", what),
				 errdetail("The confidence must lie strictly between 0 and 1.")));
}

PG_FUNCTION_INFO_V1(rate_summary_in);
Datum
rate_summary_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	CsScanner	s;
	RateSummary *rs = rs_alloc(8, false);

	cs_scan_init(&s, "rate_summary", input);
	cs_scan_expect(&s, '{');
	cs_scan_key(&s, "cases");
	rs_add_row_cases("rate_summary_in", rs, cs_scan_int64(&s), 1);
	cs_scan_expect(&s, ',');
	cs_scan_key(&s, "days");
	cs_scan_expect(&s, '[');
	if (!cs_scan_accept(&s, ']'))
	{
		do
		{
			int32		lo,
						hi;

			cs_scan_expect(&s, '[');
			lo = cs_scan_date(&s);
			cs_scan_expect(&s, ',');
			hi = cs_scan_date(&s);
			cs_scan_expect(&s, ')');
			if (lo >= hi)
				cs_scan_error(&s, "Empty interval");
			if (rs->ninterval > 0 && rs->iv[rs->ninterval - 1].hi >= lo)
				cs_scan_error(&s, "Intervals must be sorted, disjoint and not adjacent");
			rs = rs_reserve(rs, 1);
			rs->iv[rs->ninterval].lo = lo;
			rs->iv[rs->ninterval].hi = hi;
			rs->ninterval++;
			rs->nsorted++;
		} while (cs_scan_accept(&s, ','));
		cs_scan_expect(&s, ']');
	}
	if (cs_scan_accept(&s, ','))
	{
		cs_scan_key(&s, "confidence");
		rs->confidence = cs_scan_float8(&s);
		if (!(rs->confidence > 0.0 && rs->confidence < 1.0))
			cs_scan_error(&s, "The confidence must lie strictly between 0 and 1");
		if (cs_scan_accept(&s, ','))
		{
			cs_scan_key(&s, "method");
			if (cs_scan_peek(&s) == '"' && strncmp(s.p, "\"byar\"", 6) == 0)
			{
				rs->method = RS_METHOD_BYAR;
				s.p += 6;
			}
			else if (cs_scan_peek(&s) == '"' && strncmp(s.p, "\"exact\"", 7) == 0)
				s.p += 7;
			else
				cs_scan_error(&s, "Expected \"exact\" or \"byar\"");
		}
	}
	cs_scan_expect(&s, '}');
	cs_scan_end(&s);
	rs_validate(rs, "input", ERRCODE_INVALID_TEXT_REPRESENTATION);
	PG_RETURN_POINTER(rs_flatten(rs));
}

/*
 * Binary form (COPY BINARY, drivers), unchanged since 1.0: version byte
 * (RS_WIRE_VERSION), flags byte (0), cases int8, confidence float8,
 * interval count int4, then each interval as two int4 day numbers.
 */
PG_FUNCTION_INFO_V1(rate_summary_send);
Datum
rate_summary_send(PG_FUNCTION_ARGS)
{
	const RateSummary *rs = rs_as_intervals(PG_GETARG_RATE_SUMMARY(0));
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, RS_WIRE_VERSION);
	pq_sendbyte(&buf, (rs->method == RS_METHOD_BYAR) ? RS_STORED_BYAR : 0);
	pq_sendint64(&buf, rs_cases(rs));
	pq_sendfloat8(&buf, rs->confidence);
	pq_sendint32(&buf, rs->ninterval);
	for (int i = 0; i < rs->ninterval; i++)
	{
		pq_sendint32(&buf, rs->iv[i].lo);
		pq_sendint32(&buf, rs->iv[i].hi);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(rate_summary_recv);
Datum
rate_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	RateSummary *rs;
	int			version,
				flags;
	int64		cases;
	double		confidence;
	int32		n;

	version = pq_getmsgbyte(buf);
	if (version != RS_WIRE_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported rate_summary binary format version %d", version)));
	flags = pq_getmsgbyte(buf);
	cases = pq_getmsgint64(buf);
	confidence = pq_getmsgfloat8(buf);
	/* the method flag only qualifies a confidence */
	if ((flags & ~RS_STORED_BYAR) != 0 ||
		((flags & RS_STORED_BYAR) && confidence == 0.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid flags %d in binary rate_summary", flags)));
	n = pq_getmsgint(buf, 4);
	/* each interval takes 8 bytes: check before allocating */
	if (n < 0 || n > (buf->len - buf->cursor) / 8)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid interval count %d in binary rate_summary", n)));
	rs = rs_alloc(n, false);
	rs_add_row_cases("rate_summary_recv", rs, cases, 1);
	rs->confidence = confidence;
	if (flags & RS_STORED_BYAR)
		rs->method = RS_METHOD_BYAR;
	for (int i = 0; i < n; i++)
	{
		rs->iv[i].lo = pq_getmsgint(buf, 4);
		rs->iv[i].hi = pq_getmsgint(buf, 4);
	}
	rs->ninterval = rs->nsorted = n;
	pq_getmsgend(buf);
	rs_validate(rs, "binary data", ERRCODE_INVALID_BINARY_REPRESENTATION);
	PG_RETURN_POINTER(rs_flatten(rs));
}

/* Scalar functions */

static int32
days_of_range(FunctionCallInfo fcinfo, int argno, const char *fname)
{
	int32		lo,
				hi;

	rs_get_period(fcinfo, argno, fname, &lo, &hi);
	return hi - lo;
}

PG_FUNCTION_INFO_V1(days_in);
Datum
days_in(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(days_of_range(fcinfo, 0, "days_in"));
}

/* A non-negative numeric argument as a double. */
static double
nonneg_numeric_arg(FunctionCallInfo fcinfo, int argno, const char *fname,
				   const char *argname)
{
	Numeric		num = PG_GETARG_NUMERIC(argno);
	char	   *text = NULL;
	double		value = 0.0;

	/* a tiny negative value converts to -0.0: judge the sign by the text */
	if (!numeric_is_nan(num))
		value = DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow,
												   NumericGetDatum(num)));
	if (numeric_is_nan(num) || value <= 0.0)
		text = DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(num)));
	if (text != NULL && (text[0] == '-' || numeric_is_nan(num)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: %s must be a non-negative number, got %s", fname, argname, text)));
	if (!isfinite(value))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: %s is out of range for double precision", fname, argname)));
	return value;
}

/* A finite result, or 22003. */
static Datum
finite_result(const char *fname, double result)
{
	if (!isfinite(result))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: result is out of range for double precision", fname)));
	return Float8GetDatum(result);
}

PG_FUNCTION_INFO_V1(per_day_scalar);
Datum
per_day_scalar(PG_FUNCTION_ARGS)
{
	double		cases = nonneg_numeric_arg(fcinfo, 0, "per_day", "cases");
	int32		days = days_of_range(fcinfo, 1, "per_day");

	return finite_result("per_day", cases / days);
}

PG_FUNCTION_INFO_V1(rate_per);
Datum
rate_per(PG_FUNCTION_ARGS)
{
	double		cases = nonneg_numeric_arg(fcinfo, 0, "rate_per", "cases");
	double		population = nonneg_numeric_arg(fcinfo, 1, "rate_per", "population");
	double		per = nonneg_numeric_arg(fcinfo, 2, "rate_per", "per");

	if (population == 0.0)
		PG_RETURN_NULL();
	return finite_result("rate_per", cases / population * per);
}

static Datum
poisson_ci_common(FunctionCallInfo fcinfo, int64 cases)
{
	double		confidence = PG_GETARG_FLOAT8(1);
	double		lower,
				upper;

	if (cases < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("poisson_ci: cases must not be negative, got " INT64_FORMAT, cases)));
	cs_check_confidence("poisson_ci", confidence);
	cs_poisson_interval_cached(fcinfo, cases, confidence, false, &lower, &upper);
	return cs_make_estimate(fcinfo, (double) cases, lower, upper,
							(double) cases, 1.0, confidence);
}

PG_FUNCTION_INFO_V1(poisson_ci);
Datum
poisson_ci(PG_FUNCTION_ARGS)
{
	return poisson_ci_common(fcinfo, PG_GETARG_INT64(0));
}

/* poisson_ci(cases numeric | double precision, confidence): a whole number */
PG_FUNCTION_INFO_V1(poisson_ci_whole);
Datum
poisson_ci_whole(PG_FUNCTION_ARGS)
{
	int64		cases = cs_whole_int64_arg(fcinfo, 0, "poisson_ci", "cases");

	return poisson_ci_common(fcinfo, cases);
}
