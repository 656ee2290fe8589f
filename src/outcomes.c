/*-------------------------------------------------------------------------
 *
 * outcomes.c
 *	  Outcome ratios: the crimestats.ratio_summary type, the outcome_ratio
 *	  aggregates, the Wilson score interval.
 *
 * A ratio is hits out of a total (offences charged out of offences with an
 * assigned outcome, stalking offences out of the subgroup).  The state of
 * every aggregate here is crimestats.ratio_summary: two int64 counts, summed
 * exactly and converted to double only in the final functions, plus the
 * confidence level when a _ci aggregate built it.  The state has a fixed
 * size, so the transition functions always update it in place.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "common/int.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/float.h"

#include "crimestats.h"

/*
 * The summary.  mrows and mconf are bookkeeping of the moving-aggregate
 * (window) forms only (see the transition functions): they are zero in every
 * summary that an ordinary aggregate, a final function, the input function
 * or the receive function produces, and are not part of the text or binary
 * form.
 */
typedef struct RatioSummary
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* RATIO_STORED_VERSION */
	uint8		pad[3];			/* always zero */
	int64		hits;			/* 0 <= hits <= total */
	int64		total;
	float8		confidence;		/* 0 = unset, else strictly in (0, 1) */
	int64		mrows;			/* moving state only: counted rows in frame */
	int64		mconf;			/* moving state only: those with a confidence */
} RatioSummary;

/* newest stored format version (1: as stored by crimestats 1.0) */
#define RATIO_STORED_VERSION	1

#define RATIO_SUMMARY_SIZE	((Size) sizeof(RatioSummary))

/* Binary form: version byte, hits, total, confidence. */
#define RATIO_SUMMARY_WIRE_SIZE	(1 + 8 + 8 + 8)

#define DatumGetRatioSummaryP(d)	((RatioSummary *) PG_DETOAST_DATUM(d))
#define PG_GETARG_RATIO_SUMMARY_P(n)	DatumGetRatioSummaryP(PG_GETARG_DATUM(n))

PG_FUNCTION_INFO_V1(ratio_summary_in);
PG_FUNCTION_INFO_V1(ratio_summary_out);
PG_FUNCTION_INFO_V1(ratio_summary_recv);
PG_FUNCTION_INFO_V1(ratio_summary_send);
PG_FUNCTION_INFO_V1(ratio_summary_accum_bool);
PG_FUNCTION_INFO_V1(ratio_summary_maccum_bool);
PG_FUNCTION_INFO_V1(ratio_summary_minv_bool);
PG_FUNCTION_INFO_V1(ratio_summary_accum_counts);
PG_FUNCTION_INFO_V1(ratio_summary_maccum_counts);
PG_FUNCTION_INFO_V1(ratio_summary_minv_counts);
PG_FUNCTION_INFO_V1(ratio_summary_accum_bool_ci);
PG_FUNCTION_INFO_V1(ratio_summary_maccum_bool_ci);
PG_FUNCTION_INFO_V1(ratio_summary_minv_bool_ci);
PG_FUNCTION_INFO_V1(ratio_summary_accum_counts_ci);
PG_FUNCTION_INFO_V1(ratio_summary_maccum_counts_ci);
PG_FUNCTION_INFO_V1(ratio_summary_minv_counts_ci);
PG_FUNCTION_INFO_V1(ratio_summary_combine);
PG_FUNCTION_INFO_V1(ratio_summary_rollup_maccum);
PG_FUNCTION_INFO_V1(ratio_summary_rollup_minv);
PG_FUNCTION_INFO_V1(ratio_summary_final);
PG_FUNCTION_INFO_V1(ratio_summary_mfinal);
PG_FUNCTION_INFO_V1(outcome_ratio_final);
PG_FUNCTION_INFO_V1(outcome_ratio_ci_final);
PG_FUNCTION_INFO_V1(ratio_summary_ratio);
PG_FUNCTION_INFO_V1(ratio_summary_ratio_ci);
PG_FUNCTION_INFO_V1(ratio_summary_hits);
PG_FUNCTION_INFO_V1(ratio_summary_total);
PG_FUNCTION_INFO_V1(wilson_ci);

/*
 * The Wilson score interval (Wilson 1927), without continuity correction,
 * for x hits out of n > 0 at the given confidence.
 *
 * The textbook form (2x + z^2 -+ z sqrt(z^2 + 4x(1 - x/n))) / (2(n + z^2))
 * subtracts two nearly equal numbers for the lower bound when x is small
 * next to n (and for the upper bound's distance from 1 when n - x is), and
 * loses most digits at n = 10^9.  The bounds are the roots of
 * (n + z^2) p^2 - (2x + z^2) p + x^2 / n = 0, so with B = 2x + z^2 and
 * D = z sqrt(z^2 + 4x(n - x)/n) the lower root is also
 * x^2 / (n (n + z^2)) divided by the upper one, i.e. 2x^2 / (n (B + D)):
 * every term positive, no cancellation, and exactly 0 when x = 0.  The
 * upper bound is (B + D) / (2(n + z^2)) (again no cancellation) while
 * x <= n - x; beyond that it is 1 minus the lower bound of the
 * complementary count y = n - x, which is below 1/2 there, so the
 * subtraction is harmless and the bound is exactly 1 when x = n.
 */
static void
cs_wilson_interval(int64 hits, int64 total, double confidence,
				   double *lower, double *upper)
{
	double		x = (double) hits;
	double		y = (double) (total - hits);
	double		n = (double) total;
	double		z = -cs_norm_quantile((1.0 - confidence) / 2.0);
	double		z2 = z * z;
	double		d = z * sqrt(z2 + 4.0 * (x * (y / n)));

	*lower = 2.0 * x * x / (n * (2.0 * x + z2 + d));
	if (hits <= total - hits)
		*upper = (2.0 * x + z2 + d) / (2.0 * (n + z2));
	else
		*upper = 1.0 - 2.0 * y * y / (n * (2.0 * y + z2 + d));
}

/* Reject counts that are not hits out of a total. */
static void
cs_check_counts(const char *fname, int64 hits, int64 total)
{
	if (total < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: total must not be negative, got " INT64_FORMAT,
						fname, total)));
	if (hits < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: hits must not be negative, got " INT64_FORMAT,
						fname, hits)));
	if (hits > total)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: hits must not exceed total, got " INT64_FORMAT
						" hits out of " INT64_FORMAT, fname, hits, total),
				 errhint("A ratio counts hits out of a total: hits between 0 and total.")));
}

static RatioSummary *
ratio_summary_new(void)
{
	RatioSummary *s = palloc0(RATIO_SUMMARY_SIZE);

	SET_VARSIZE(s, RATIO_SUMMARY_SIZE);
	s->version = RATIO_STORED_VERSION;
	return s;
}

/*
 * Check a summary that did not come from this file's own transition
 * functions (an aggregate or accessor input): input and receive validate
 * already, but a summary is only ever trusted after its shape is checked.
 */
static void
ratio_summary_check(const RatioSummary *s)
{
	if (VARSIZE(s) != RATIO_SUMMARY_SIZE || s->version != RATIO_STORED_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("ratio_summary: invalid summary (size %u, version %d)",
						(unsigned) VARSIZE(s), (int) s->version)));
	if (s->hits < 0 || s->total < s->hits || s->mrows != 0 || s->mconf != 0 ||
		!(s->confidence == 0.0 ||
		  (s->confidence > 0.0 && s->confidence < 1.0)))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("ratio_summary: invalid summary")));
}

static inline void
ratio_summary_add(const char *fname, RatioSummary *s, int64 hits, int64 total)
{
	if (unlikely(pg_add_s64_overflow(s->hits, hits, &s->hits) ||
				 pg_add_s64_overflow(s->total, total, &s->total)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: total out of range for bigint", fname)));
}

/*
 * The inverse undoes exactly what the forward transition did; the frame's
 * sums were representable when the rows were added, so no overflow here.
 */
static inline void
ratio_summary_sub(RatioSummary *s, int64 hits, int64 total)
{
	s->hits -= hits;
	s->total -= total;
	if (s->hits < 0 || s->total < s->hits)
		elog(ERROR, "ratio_summary: inverse transition of a row never added");
}

/*
 * Transition functions.  The aggregates are strict as users see them (a row
 * with any NULL argument is skipped) but the functions are not: the state
 * starts as NULL and becomes a fresh summary at the first counted row, so
 * that no rows give NULL.  A fresh summary is made in the current (per-call)
 * context: nodeAgg copies any new state pointer into the aggregate context
 * itself, so allocating it there directly would only leak the first copy.
 *
 * The moving-aggregate (window) forms differ in two ways.  PostgreSQL
 * forbids a moving-aggregate transition function from returning NULL (a
 * NULL from the inverse means "cannot invert"), so they create the summary
 * at the first row even when it is skipped.  And they count the frame's
 * counted rows in mrows (and those that carry a confidence in mconf), so
 * that an empty frame gives NULL and a frame whose rows all left forgets
 * their confidence: a frame's result never depends on its history.
 */
typedef enum RatioInput
{
	RATIO_INPUT_BOOL,			/* (hit boolean [, confidence]) */
	RATIO_INPUT_COUNTS			/* (hits bigint, total bigint [, confidence]) */
} RatioInput;

static inline bool
cs_any_arg_null(FunctionCallInfo fcinfo, int from, int to)
{
	for (int i = from; i <= to; i++)
		if (PG_ARGISNULL(i))
			return true;
	return false;
}

static inline Datum
ratio_summary_accum_common(FunctionCallInfo fcinfo, RatioInput input,
						   bool ci, bool moving)
{
	const char *fname = ci ? "outcome_ratio_ci" : "outcome_ratio";
	int			lastarg = (input == RATIO_INPUT_COUNTS ? 2 : 1) + (ci ? 1 : 0);
	RatioSummary *s;
	int64		hits,
				total;

	cs_agg_context(fcinfo, fname);

	if (cs_any_arg_null(fcinfo, 1, lastarg))
	{
		if (!PG_ARGISNULL(0))
			PG_RETURN_POINTER(PG_GETARG_POINTER(0));
		if (!moving)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(ratio_summary_new());
	}

	if (input == RATIO_INPUT_COUNTS)
	{
		hits = PG_GETARG_INT64(1);
		total = PG_GETARG_INT64(2);
		cs_check_counts(fname, hits, total);
	}
	else
	{
		hits = PG_GETARG_BOOL(1) ? 1 : 0;
		total = 1;
	}

	if (PG_ARGISNULL(0))
		s = ratio_summary_new();
	else
		s = (RatioSummary *) PG_GETARG_POINTER(0);
	if (ci)
		cs_check_same_confidence(fname, &s->confidence,
								 PG_GETARG_FLOAT8(lastarg));
	ratio_summary_add(fname, s, hits, total);
	if (moving)
	{
		s->mrows++;
		if (ci)
			s->mconf++;
	}
	PG_RETURN_POINTER(s);
}

static inline Datum
ratio_summary_inv_common(FunctionCallInfo fcinfo, RatioInput input, bool ci)
{
	int			lastarg = (input == RATIO_INPUT_COUNTS ? 2 : 1) + (ci ? 1 : 0);
	RatioSummary *s;

	cs_agg_context(fcinfo, ci ? "outcome_ratio_ci" : "outcome_ratio");
	/* nodeWindowAgg never passes a NULL state to the inverse */
	s = (RatioSummary *) PG_GETARG_POINTER(0);
	if (cs_any_arg_null(fcinfo, 1, lastarg))
		PG_RETURN_POINTER(s);
	if (input == RATIO_INPUT_COUNTS)
		ratio_summary_sub(s, PG_GETARG_INT64(1), PG_GETARG_INT64(2));
	else
		ratio_summary_sub(s, PG_GETARG_BOOL(1) ? 1 : 0, 1);
	s->mrows--;
	if (ci && --s->mconf == 0)
		s->confidence = 0.0;
	PG_RETURN_POINTER(s);
}

Datum
ratio_summary_accum_bool(PG_FUNCTION_ARGS)
{
	return ratio_summary_accum_common(fcinfo, RATIO_INPUT_BOOL, false, false);
}

Datum
ratio_summary_maccum_bool(PG_FUNCTION_ARGS)
{
	return ratio_summary_accum_common(fcinfo, RATIO_INPUT_BOOL, false, true);
}

Datum
ratio_summary_minv_bool(PG_FUNCTION_ARGS)
{
	return ratio_summary_inv_common(fcinfo, RATIO_INPUT_BOOL, false);
}

Datum
ratio_summary_accum_counts(PG_FUNCTION_ARGS)
{
	return ratio_summary_accum_common(fcinfo, RATIO_INPUT_COUNTS, false, false);
}

Datum
ratio_summary_maccum_counts(PG_FUNCTION_ARGS)
{
	return ratio_summary_accum_common(fcinfo, RATIO_INPUT_COUNTS, false, true);
}

Datum
ratio_summary_minv_counts(PG_FUNCTION_ARGS)
{
	return ratio_summary_inv_common(fcinfo, RATIO_INPUT_COUNTS, false);
}

Datum
ratio_summary_accum_bool_ci(PG_FUNCTION_ARGS)
{
	return ratio_summary_accum_common(fcinfo, RATIO_INPUT_BOOL, true, false);
}

Datum
ratio_summary_maccum_bool_ci(PG_FUNCTION_ARGS)
{
	return ratio_summary_accum_common(fcinfo, RATIO_INPUT_BOOL, true, true);
}

Datum
ratio_summary_minv_bool_ci(PG_FUNCTION_ARGS)
{
	return ratio_summary_inv_common(fcinfo, RATIO_INPUT_BOOL, true);
}

Datum
ratio_summary_accum_counts_ci(PG_FUNCTION_ARGS)
{
	return ratio_summary_accum_common(fcinfo, RATIO_INPUT_COUNTS, true, false);
}

Datum
ratio_summary_maccum_counts_ci(PG_FUNCTION_ARGS)
{
	return ratio_summary_accum_common(fcinfo, RATIO_INPUT_COUNTS, true, true);
}

Datum
ratio_summary_minv_counts_ci(PG_FUNCTION_ARGS)
{
	return ratio_summary_inv_common(fcinfo, RATIO_INPUT_COUNTS, true);
}

/*
 * Merge src into the state dst: counts add, and the confidence, where both
 * carry one, must agree (the rows of both were built at one level).
 */
static void
ratio_summary_merge(const char *fname, RatioSummary *dst,
					const RatioSummary *src)
{
	if (src->confidence != 0.0)
		cs_check_same_confidence(fname, &dst->confidence, src->confidence);
	ratio_summary_add(fname, dst, src->hits, src->total);
}

/*
 * Combine function of every aggregate here, and the transition function of
 * rollup(ratio_summary).  Non-strict: a NULL state takes a copy of the other
 * side in the aggregate context; a NULL input is skipped.
 */
Datum
ratio_summary_combine(PG_FUNCTION_ARGS)
{
	RatioSummary *src;
	RatioSummary *dst;

	cs_agg_context(fcinfo, "rollup");

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	src = PG_GETARG_RATIO_SUMMARY_P(1);
	ratio_summary_check(src);
	if (PG_ARGISNULL(0))
		dst = ratio_summary_new();
	else
		dst = (RatioSummary *) PG_GETARG_POINTER(0);
	ratio_summary_merge("rollup", dst, src);
	PG_RETURN_POINTER(dst);
}

/* rollup(ratio_summary) as a moving aggregate */
Datum
ratio_summary_rollup_maccum(PG_FUNCTION_ARGS)
{
	RatioSummary *src;
	RatioSummary *dst;

	cs_agg_context(fcinfo, "rollup");

	dst = PG_ARGISNULL(0) ? ratio_summary_new() :
		(RatioSummary *) PG_GETARG_POINTER(0);
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(dst);
	src = PG_GETARG_RATIO_SUMMARY_P(1);
	ratio_summary_check(src);
	ratio_summary_merge("rollup", dst, src);
	dst->mrows++;
	if (src->confidence != 0.0)
		dst->mconf++;
	PG_RETURN_POINTER(dst);
}

Datum
ratio_summary_rollup_minv(PG_FUNCTION_ARGS)
{
	RatioSummary *src;
	RatioSummary *dst;

	cs_agg_context(fcinfo, "rollup");
	dst = (RatioSummary *) PG_GETARG_POINTER(0);
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(dst);
	src = PG_GETARG_RATIO_SUMMARY_P(1);
	ratio_summary_sub(dst, src->hits, src->total);
	dst->mrows--;
	if (src->confidence != 0.0 && --dst->mconf == 0)
		dst->confidence = 0.0;
	PG_RETURN_POINTER(dst);
}

/*
 * Final function of the building aggregates and rollup: a copy (the state
 * may be reused by a window aggregate and must not escape), without the
 * moving-aggregate bookkeeping.
 */
Datum
ratio_summary_final(PG_FUNCTION_ARGS)
{
	RatioSummary *s;
	RatioSummary *result;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = (RatioSummary *) PG_GETARG_POINTER(0);
	result = ratio_summary_new();
	result->hits = s->hits;
	result->total = s->total;
	result->confidence = s->confidence;
	PG_RETURN_POINTER(result);
}

/* The same for the moving form, where an empty frame has a state with no rows. */
Datum
ratio_summary_mfinal(PG_FUNCTION_ARGS)
{
	if (!PG_ARGISNULL(0) && ((RatioSummary *) PG_GETARG_POINTER(0))->mrows == 0)
		PG_RETURN_NULL();
	return ratio_summary_final(fcinfo);
}

Datum
outcome_ratio_final(PG_FUNCTION_ARGS)
{
	RatioSummary *s;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = (RatioSummary *) PG_GETARG_POINTER(0);
	if (s->total == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) s->hits / (double) s->total);
}

static Datum
cs_wilson_estimate(FunctionCallInfo fcinfo, int64 hits, int64 total,
				   double confidence)
{
	double		lower,
				upper;

	cs_wilson_interval(hits, total, confidence, &lower, &upper);
	return cs_make_estimate(fcinfo, (double) hits / (double) total,
							lower, upper, (double) hits, (double) total,
							confidence);
}

Datum
outcome_ratio_ci_final(PG_FUNCTION_ARGS)
{
	RatioSummary *s;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = (RatioSummary *) PG_GETARG_POINTER(0);
	if (s->total == 0)
		PG_RETURN_NULL();
	/* a summary not built by outcome_ratio_ci carries no confidence */
	cs_check_confidence("outcome_ratio_ci", s->confidence);
	return cs_wilson_estimate(fcinfo, s->hits, s->total, s->confidence);
}

/* Accessors */

Datum
ratio_summary_ratio(PG_FUNCTION_ARGS)
{
	RatioSummary *s = PG_GETARG_RATIO_SUMMARY_P(0);

	ratio_summary_check(s);
	if (s->total == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) s->hits / (double) s->total);
}

Datum
ratio_summary_ratio_ci(PG_FUNCTION_ARGS)
{
	RatioSummary *s = PG_GETARG_RATIO_SUMMARY_P(0);
	double		confidence = PG_GETARG_FLOAT8(1);

	ratio_summary_check(s);
	cs_check_confidence("ratio_ci", confidence);
	if (s->total == 0)
		PG_RETURN_NULL();
	return cs_wilson_estimate(fcinfo, s->hits, s->total, confidence);
}

Datum
ratio_summary_hits(PG_FUNCTION_ARGS)
{
	RatioSummary *s = PG_GETARG_RATIO_SUMMARY_P(0);

	ratio_summary_check(s);
	PG_RETURN_INT64(s->hits);
}

Datum
ratio_summary_total(PG_FUNCTION_ARGS)
{
	RatioSummary *s = PG_GETARG_RATIO_SUMMARY_P(0);

	ratio_summary_check(s);
	PG_RETURN_INT64(s->total);
}

/* wilson_ci(hits bigint, total bigint, confidence float8 DEFAULT 0.95) */
Datum
wilson_ci(PG_FUNCTION_ARGS)
{
	int64		hits = PG_GETARG_INT64(0);
	int64		total = PG_GETARG_INT64(1);
	double		confidence = PG_GETARG_FLOAT8(2);

	cs_check_counts("wilson_ci", hits, total);
	cs_check_confidence("wilson_ci", confidence);
	if (total == 0)
		PG_RETURN_NULL();
	return cs_wilson_estimate(fcinfo, hits, total, confidence);
}

/*
 * Text form: {"hits":65,"total":100}, with ,"confidence":0.95 added when a
 * _ci aggregate set it.  Keys in this order, nothing else.
 */
Datum
ratio_summary_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	CsScanner	sc;
	RatioSummary *s = ratio_summary_new();

	cs_scan_init(&sc, "crimestats.ratio_summary", input);
	cs_scan_expect(&sc, '{');
	cs_scan_key(&sc, "hits");
	s->hits = cs_scan_int64(&sc);
	cs_scan_expect(&sc, ',');
	cs_scan_key(&sc, "total");
	s->total = cs_scan_int64(&sc);
	if (cs_scan_accept(&sc, ','))
	{
		cs_scan_key(&sc, "confidence");
		s->confidence = cs_scan_float8(&sc);
		if (!(s->confidence > 0.0 && s->confidence < 1.0))
			cs_scan_error(&sc, "Confidence must lie strictly between 0 and 1");
	}
	cs_scan_expect(&sc, '}');
	cs_scan_end(&sc);

	if (s->hits < 0 || s->total < 0 || s->hits > s->total)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"",
						"crimestats.ratio_summary", input),
				 errdetail("Hits must lie between 0 and total, got " INT64_FORMAT
						   " hits out of " INT64_FORMAT ".", s->hits, s->total)));
	PG_RETURN_POINTER(s);
}

Datum
ratio_summary_out(PG_FUNCTION_ARGS)
{
	RatioSummary *s = PG_GETARG_RATIO_SUMMARY_P(0);
	StringInfoData buf;

	ratio_summary_check(s);
	initStringInfo(&buf);
	appendStringInfo(&buf, "{\"hits\":" INT64_FORMAT ",\"total\":" INT64_FORMAT,
					 s->hits, s->total);
	if (s->confidence != 0.0)
	{
		appendStringInfoString(&buf, ",\"confidence\":");
		cs_append_float8(&buf, s->confidence);
	}
	appendStringInfoChar(&buf, '}');
	PG_RETURN_CSTRING(buf.data);
}

/* Binary form: version byte, int64 hits, int64 total, float8 confidence. */
Datum
ratio_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	RatioSummary *s;
	int			version;

	if (buf->len - buf->cursor != RATIO_SUMMARY_WIRE_SIZE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary ratio_summary: expected %d bytes, got %d",
						RATIO_SUMMARY_WIRE_SIZE, buf->len - buf->cursor)));
	version = pq_getmsgbyte(buf);
	if (version != RATIO_STORED_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary ratio_summary: unsupported version %d",
						version)));
	s = ratio_summary_new();
	s->hits = pq_getmsgint64(buf);
	s->total = pq_getmsgint64(buf);
	s->confidence = pq_getmsgfloat8(buf);
	if (s->hits < 0 || s->total < 0 || s->hits > s->total)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary ratio_summary: hits must lie between 0 and total, got "
						INT64_FORMAT " hits out of " INT64_FORMAT,
						s->hits, s->total)));
	if (!(s->confidence == 0.0 ||
		  (s->confidence > 0.0 && s->confidence < 1.0)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary ratio_summary: confidence must be 0 (unset) or lie strictly between 0 and 1, got %s",
						float8out_internal(s->confidence))));
	PG_RETURN_POINTER(s);
}

Datum
ratio_summary_send(PG_FUNCTION_ARGS)
{
	RatioSummary *s = PG_GETARG_RATIO_SUMMARY_P(0);
	StringInfoData buf;

	ratio_summary_check(s);
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, s->version);
	pq_sendint64(&buf, s->hits);
	pq_sendint64(&buf, s->total);
	pq_sendfloat8(&buf, s->confidence);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}
