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
 * Stored forms
 * ------------
 *
 * A ratio_summary is a varlena (4-byte length word: the type is STORAGE
 * plain) whose first byte after the length word is the format version.
 * Integers and doubles are in the server's byte order, as PostgreSQL stores
 * its own types.  Offsets below count from the byte after the length word.
 *
 * Version 2 (crimestats 1.1 on), 25 bytes, 29 with the length word: what a
 * summary means and nothing else.  Every ratio_summary that reaches the user
 * has this form: the results of ratio_summary(...) and rollup(...), plain or
 * over a window, and of the text input and binary receive functions.
 *
 *     offset  size  field
 *          0     1  version      2
 *          1     8  hits         int64, 0 <= hits <= total
 *          9     8  total        int64
 *         17     8  confidence   float8, 0 = none, else strictly in (0, 1)
 *
 * The fields are packed, not aligned, and are read with memcpy.
 *
 * Version 1 (crimestats 1.0), 44 bytes, 48 with the length word: struct
 * RatioState below.
 *
 *     offset  size  field
 *          0     1  version      1
 *          1     3  padding      zero
 *          4     8  hits         int64
 *         12     8  total        int64
 *         20     8  confidence   float8, 0 = none
 *         28     8  mrows        int64, working field of the window forms
 *         36     8  mconf        int64, likewise
 *
 * 1.0 stored the moving-aggregate working fields mrows and mconf (zero in
 * every value it returned) in every summary.  1.1 no longer writes version
 * 1 to users, but keeps its layout as the aggregates' working state in
 * memory: a partial state (parallel query, partitionwise aggregation) is such
 * a value too.  Readers take mrows and mconf for what they are, working
 * fields, and ignore them.
 *
 * Every function that reads a ratio_summary it did not build itself (the
 * accessors, out, send, the combine function, rollup's transitions, the final
 * functions, which SQL can call directly) reads both versions through
 * ratio_summary_read, and refuses any other version with 22023
 * (cs_check_stored_version).  The transition functions update a version-1
 * working state in place, and turn any other summary given as the state (an
 * initial condition of a user's own aggregate) into one first.
 *
 * The binary form (send and receive) is not a stored form and has its own
 * version byte, unchanged since 1.0: version 1, int64 hits, int64 total,
 * float8 confidence (0 = none), 25 bytes in network byte order.
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

/* stored format versions; the newest is the one written */
#define RATIO_VERSION_1			1	/* crimestats 1.0; the working state */
#define RATIO_VERSION_2			2	/* crimestats 1.1 on */
#define RATIO_STORED_VERSION	RATIO_VERSION_2

/* version 2: version byte, then hits, total and confidence, packed */
#define RATIO_V2_HITS		1
#define RATIO_V2_TOTAL		9
#define RATIO_V2_CONFIDENCE	17
#define RATIO_V2_DATA_SIZE	25

/*
 * Version 1, and the working state of every aggregate here.  mrows and
 * mconf are bookkeeping of the moving-aggregate (window) forms only (see
 * the transition functions): the number of counted rows in the frame, and
 * of those that carry a confidence.
 */
typedef struct RatioState
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* RATIO_VERSION_1 */
	uint8		pad[3];			/* always zero */
	int64		hits;			/* 0 <= hits <= total */
	int64		total;
	float8		confidence;		/* 0 = unset, else strictly in (0, 1) */
	int64		mrows;			/* moving state only: counted rows in frame */
	int64		mconf;			/* moving state only: those with a confidence */
} RatioState;

#define RATIO_STATE_SIZE	((Size) sizeof(RatioState))
#define RATIO_V1_DATA_SIZE	(RATIO_STATE_SIZE - VARHDRSZ)

/* what 1.0 stored: the layout must never change */
StaticAssertDecl(sizeof(RatioState) == 48 &&
				 offsetof(RatioState, hits) == 8 &&
				 offsetof(RatioState, total) == 16 &&
				 offsetof(RatioState, confidence) == 24,
				 "ratio_summary version 1 is the layout crimestats 1.0 stored");

/* A summary's meaning, whatever form it came in. */
typedef struct RatioValue
{
	int64		hits;
	int64		total;
	double		confidence;		/* 0 = none */
} RatioValue;

/* Binary form: version byte, hits, total, confidence. */
#define RATIO_WIRE_VERSION	1
#define RATIO_SUMMARY_WIRE_SIZE	(1 + 8 + 8 + 8)

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
PG_FUNCTION_INFO_V1(ratio_summary_accum_whole);
PG_FUNCTION_INFO_V1(ratio_summary_maccum_whole);
PG_FUNCTION_INFO_V1(ratio_summary_minv_whole);
PG_FUNCTION_INFO_V1(ratio_summary_accum_whole_ci);
PG_FUNCTION_INFO_V1(ratio_summary_maccum_whole_ci);
PG_FUNCTION_INFO_V1(ratio_summary_minv_whole_ci);
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
PG_FUNCTION_INFO_V1(wilson_ci_whole);

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
void
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

/*
 * The name an error raised in a support function should give: the
 * aggregate the user called.  The transition functions are shared between
 * ratio_summary and outcome_ratio, the combine function between every
 * aggregate here and rollup, so inside an Agg node cs_caller_name asks the
 * node; a window does not say which aggregate it advances, and agg_name
 * stands for it there; called directly from SQL, a support function is what
 * the user called.  A catalog lookup: error paths only.
 */
static const char *
ratio_caller(FunctionCallInfo fcinfo, const char *agg_name,
			 const char *own_name)
{
	if (!AggCheckCallContext(fcinfo, NULL))
		return own_name;
	return cs_caller_name(fcinfo, agg_name);
}

/* A summary that is neither version 1 nor version 2 of the right size. */
static CS_NORETURN void ratio_summary_bad_form(const char *data, Size len)
			CS_NORETURN_AFTER;

static void
ratio_summary_bad_form(const char *data, Size len)
{
	if (len == 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("ratio_summary: invalid summary (empty)")));
	cs_check_stored_version("ratio_summary", (uint8) data[0],
							RATIO_STORED_VERSION);
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("ratio_summary: invalid summary (size %u, version %d)",
					(unsigned) (len + VARHDRSZ), (int) (uint8) data[0])));
}

/*
 * Read a summary of any stored version (see the top of this file) into *v,
 * checking its form and values: a summary only ever comes from a column, a
 * partial state or a user's cast, and is trusted only after this.  Summaries
 * are never toasted (STORAGE plain), so the happy path copies 24 bytes and
 * allocates nothing.
 */
static inline void
ratio_summary_read(Datum datum, RatioValue *v)
{
	struct varlena *p = PG_DETOAST_DATUM_PACKED(datum);
	const char *data = VARDATA_ANY(p);
	Size		len = VARSIZE_ANY_EXHDR(p);

	if (likely(len == RATIO_V2_DATA_SIZE && data[0] == RATIO_VERSION_2))
	{
		memcpy(&v->hits, data + RATIO_V2_HITS, sizeof(int64));
		memcpy(&v->total, data + RATIO_V2_TOTAL, sizeof(int64));
		memcpy(&v->confidence, data + RATIO_V2_CONFIDENCE, sizeof(double));
	}
	else if (len == RATIO_V1_DATA_SIZE && data[0] == RATIO_VERSION_1)
	{
		/*
		 * memcpy too, like version 2: PG_DETOAST_DATUM_PACKED leaves a
		 * short-header value where it is, and its fields unaligned.
		 */
		memcpy(&v->hits, data + offsetof(RatioState, hits) - VARHDRSZ,
			   sizeof(int64));
		memcpy(&v->total, data + offsetof(RatioState, total) - VARHDRSZ,
			   sizeof(int64));
		memcpy(&v->confidence,
			   data + offsetof(RatioState, confidence) - VARHDRSZ,
			   sizeof(double));
	}
	else
		ratio_summary_bad_form(data, len);

	if (unlikely(v->hits < 0 || v->total < v->hits ||
				 !(v->confidence == 0.0 ||
				   (v->confidence > 0.0 && v->confidence < 1.0))))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("ratio_summary: invalid summary")));
}

/* A summary as stored (version 2), in the current memory context. */
static Datum
ratio_summary_make(int64 hits, int64 total, double confidence)
{
	char	   *s = palloc(VARHDRSZ + RATIO_V2_DATA_SIZE);
	char	   *data = VARDATA(s);

	/* -0.0 and 0.0 both mean "none": keep the stored bytes canonical */
	if (confidence == 0.0)
		confidence = 0.0;
	SET_VARSIZE(s, VARHDRSZ + RATIO_V2_DATA_SIZE);
	data[0] = RATIO_VERSION_2;
	memcpy(data + RATIO_V2_HITS, &hits, sizeof(int64));
	memcpy(data + RATIO_V2_TOTAL, &total, sizeof(int64));
	memcpy(data + RATIO_V2_CONFIDENCE, &confidence, sizeof(double));
	return PointerGetDatum(s);
}

static RatioState *
ratio_state_new(void)
{
	RatioState *s = palloc0(RATIO_STATE_SIZE);

	SET_VARSIZE(s, RATIO_STATE_SIZE);
	s->version = RATIO_VERSION_1;
	return s;
}

static inline bool
ratio_is_state(const RatioState *s)
{
	return VARATT_IS_4B_U(s) && VARSIZE(s) == RATIO_STATE_SIZE &&
		s->version == RATIO_VERSION_1;
}

/*
 * The state argument (0) of a transition or combine function, as a working
 * state that may be updated in place: NULL (no row yet) becomes a fresh
 * state.  Any summary other than a working state (an initial condition that
 * the input function parsed into version 2, if a user builds an aggregate of
 * their own on these functions) is copied into one; nodeAgg and
 * nodeWindowAgg take a new state pointer into the aggregate context.
 */
static inline RatioState *
ratio_state_arg(FunctionCallInfo fcinfo)
{
	RatioState *s;
	RatioValue	v;

	if (PG_ARGISNULL(0))
		return ratio_state_new();
	s = (RatioState *) PG_GETARG_POINTER(0);
	if (likely(ratio_is_state(s)))
		return s;
	ratio_summary_read(PG_GETARG_DATUM(0), &v);
	s = ratio_state_new();
	s->hits = v.hits;
	s->total = v.total;
	s->confidence = v.confidence;
	return s;
}

static inline void
ratio_state_add(FunctionCallInfo fcinfo, const char *agg_name,
				RatioState *s, int64 hits, int64 total)
{
	if (unlikely(pg_add_s64_overflow(s->hits, hits, &s->hits) ||
				 pg_add_s64_overflow(s->total, total, &s->total)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: total out of range for bigint",
						cs_caller_name(fcinfo, agg_name))));
}

/*
 * Take a row's (or a summary's) confidence into the state: the first sets
 * it, every later one must equal it.  The check that names the function,
 * and so looks up its name, runs only when that fails.
 */
static inline void
ratio_state_confidence(FunctionCallInfo fcinfo, const char *agg_name,
					   RatioState *s, double confidence)
{
	if (likely(s->confidence == confidence && confidence != 0.0))
		return;
	if (s->confidence == 0.0 && confidence > 0.0 && confidence < 1.0)
		s->confidence = confidence;
	else
		cs_check_same_confidence(cs_caller_name(fcinfo, agg_name),
								 &s->confidence, confidence);
}

/*
 * The inverse undoes exactly what the forward transition did; the frame's
 * sums were representable when the rows were added, so no overflow here.
 */
static inline void
ratio_state_sub(RatioState *s, int64 hits, int64 total)
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
 *
 * The functions without _ci serve both ratio_summary and outcome_ratio;
 * errors name the one called (ratio_caller), or outcome_ratio in a window.
 */
typedef enum RatioInput
{
	RATIO_INPUT_BOOL,			/* (hit boolean [, confidence]) */
	RATIO_INPUT_COUNTS,			/* (hits bigint, total bigint [, confidence]) */
	RATIO_INPUT_WHOLE			/* the same counts as numeric or double
								 * precision: whole numbers */
} RatioInput;

/*
 * A count of the numeric and double precision overloads (src/overloads.sql)
 * as the bigint the other forms take.  A count beyond bigint cannot be
 * summed either: the overflow error of the bigint form.
 */
static int64
ratio_whole_arg(FunctionCallInfo fcinfo, int argno, const char *agg_name,
				const char *argname)
{
	int64		v;

	if (!cs_whole_int64(PG_GETARG_DATUM(argno), cs_arg_type(fcinfo, argno),
						fcinfo, agg_name, argname, &v))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: total out of range for bigint",
						cs_caller_name(fcinfo, agg_name))));
	return v;
}

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
	const char *agg_name = ci ? "outcome_ratio_ci" : "outcome_ratio";
	int			lastarg = (input == RATIO_INPUT_BOOL ? 1 : 2) + (ci ? 1 : 0);
	RatioState *s;
	int64		hits,
				total;

	cs_agg_context(fcinfo,
				   moving ? "ratio_summary_maccum" : "ratio_summary_accum");

	if (cs_any_arg_null(fcinfo, 1, lastarg))
	{
		if (!PG_ARGISNULL(0))
			PG_RETURN_POINTER(PG_GETARG_POINTER(0));
		if (!moving)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(ratio_state_new());
	}

	if (input != RATIO_INPUT_BOOL)
	{
		if (input == RATIO_INPUT_COUNTS)
		{
			hits = PG_GETARG_INT64(1);
			total = PG_GETARG_INT64(2);
		}
		else
		{
			hits = ratio_whole_arg(fcinfo, 1, agg_name, "hits");
			total = ratio_whole_arg(fcinfo, 2, agg_name, "total");
		}
		/* total < 0 fails too: then hits < 0 or hits > total */
		if (unlikely(hits < 0 || hits > total))
			cs_check_counts(cs_caller_name(fcinfo, agg_name), hits, total);
	}
	else
	{
		hits = PG_GETARG_BOOL(1) ? 1 : 0;
		total = 1;
	}

	s = ratio_state_arg(fcinfo);
	if (ci)
		ratio_state_confidence(fcinfo, agg_name, s, PG_GETARG_FLOAT8(lastarg));
	ratio_state_add(fcinfo, agg_name, s, hits, total);
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
	int			lastarg = (input == RATIO_INPUT_BOOL ? 1 : 2) + (ci ? 1 : 0);
	RatioState *s;

	cs_agg_context(fcinfo, "ratio_summary_minv");
	/* nodeWindowAgg never passes a NULL state to the inverse */
	s = ratio_state_arg(fcinfo);
	if (cs_any_arg_null(fcinfo, 1, lastarg))
		PG_RETURN_POINTER(s);
	if (input == RATIO_INPUT_COUNTS)
		ratio_state_sub(s, PG_GETARG_INT64(1), PG_GETARG_INT64(2));
	else if (input == RATIO_INPUT_WHOLE)
	{
		/* whole numbers within bigint: the forward transition took them */
		const char *agg_name = ci ? "outcome_ratio_ci" : "outcome_ratio";

		ratio_state_sub(s, ratio_whole_arg(fcinfo, 1, agg_name, "hits"),
						ratio_whole_arg(fcinfo, 2, agg_name, "total"));
	}
	else
		ratio_state_sub(s, PG_GETARG_BOOL(1) ? 1 : 0, 1);
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
ratio_summary_accum_whole(PG_FUNCTION_ARGS)
{
	return ratio_summary_accum_common(fcinfo, RATIO_INPUT_WHOLE, false, false);
}

Datum
ratio_summary_maccum_whole(PG_FUNCTION_ARGS)
{
	return ratio_summary_accum_common(fcinfo, RATIO_INPUT_WHOLE, false, true);
}

Datum
ratio_summary_minv_whole(PG_FUNCTION_ARGS)
{
	return ratio_summary_inv_common(fcinfo, RATIO_INPUT_WHOLE, false);
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

Datum
ratio_summary_accum_whole_ci(PG_FUNCTION_ARGS)
{
	return ratio_summary_accum_common(fcinfo, RATIO_INPUT_WHOLE, true, false);
}

Datum
ratio_summary_maccum_whole_ci(PG_FUNCTION_ARGS)
{
	return ratio_summary_accum_common(fcinfo, RATIO_INPUT_WHOLE, true, true);
}

Datum
ratio_summary_minv_whole_ci(PG_FUNCTION_ARGS)
{
	return ratio_summary_inv_common(fcinfo, RATIO_INPUT_WHOLE, true);
}

/*
 * Merge a summary into the state: counts add, and the confidence, where
 * both carry one, must agree (the rows of both were built at one level).
 */
static inline void
ratio_state_merge(FunctionCallInfo fcinfo, RatioState *dst,
				  const RatioValue *src)
{
	if (src->confidence != 0.0)
		ratio_state_confidence(fcinfo, "rollup", dst, src->confidence);
	ratio_state_add(fcinfo, "rollup", dst, src->hits, src->total);
}

/*
 * Combine function of every aggregate here, and the transition function of
 * rollup(ratio_summary).  Non-strict: a NULL state takes a copy of the other
 * side in the aggregate context; a NULL input is skipped.  Its input is a
 * partial state (version 1) or, for rollup, a summary of either version.
 * Errors name the aggregate whose states are combined: under a partial or
 * partitionwise plan that is the one the user called, not rollup.
 */
Datum
ratio_summary_combine(PG_FUNCTION_ARGS)
{
	RatioValue	src;
	RatioState *dst;

	cs_agg_context(fcinfo, "ratio_summary_combine");

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	ratio_summary_read(PG_GETARG_DATUM(1), &src);
	dst = ratio_state_arg(fcinfo);
	ratio_state_merge(fcinfo, dst, &src);
	PG_RETURN_POINTER(dst);
}

/* rollup(ratio_summary) as a moving aggregate */
Datum
ratio_summary_rollup_maccum(PG_FUNCTION_ARGS)
{
	RatioValue	src;
	RatioState *dst;

	cs_agg_context(fcinfo, "ratio_summary_rollup_maccum");

	dst = ratio_state_arg(fcinfo);
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(dst);
	ratio_summary_read(PG_GETARG_DATUM(1), &src);
	ratio_state_merge(fcinfo, dst, &src);
	dst->mrows++;
	if (src.confidence != 0.0)
		dst->mconf++;
	PG_RETURN_POINTER(dst);
}

Datum
ratio_summary_rollup_minv(PG_FUNCTION_ARGS)
{
	RatioValue	src;
	RatioState *dst;

	cs_agg_context(fcinfo, "ratio_summary_rollup_minv");
	dst = ratio_state_arg(fcinfo);
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(dst);
	ratio_summary_read(PG_GETARG_DATUM(1), &src);
	ratio_state_sub(dst, src.hits, src.total);
	dst->mrows--;
	if (src.confidence != 0.0 && --dst->mconf == 0)
		dst->confidence = 0.0;
	PG_RETURN_POINTER(dst);
}

/*
 * Final function of the building aggregates and rollup: the summary in its
 * stored form (version 2), a new value, since the state may be reused by a
 * window aggregate and must not escape.
 */
Datum
ratio_summary_final(PG_FUNCTION_ARGS)
{
	RatioValue	v;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	ratio_summary_read(PG_GETARG_DATUM(0), &v);
	return ratio_summary_make(v.hits, v.total, v.confidence);
}

/*
 * The same for the moving form, where an empty frame has a state with no
 * rows.  (Only a working state counts rows: a version-2 summary passed
 * directly is a summary.)
 */
Datum
ratio_summary_mfinal(PG_FUNCTION_ARGS)
{
	if (!PG_ARGISNULL(0))
	{
		RatioState *s = (RatioState *) PG_GETARG_POINTER(0);

		if (ratio_is_state(s) && s->mrows == 0)
			PG_RETURN_NULL();
	}
	return ratio_summary_final(fcinfo);
}

Datum
outcome_ratio_final(PG_FUNCTION_ARGS)
{
	RatioValue	v;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	ratio_summary_read(PG_GETARG_DATUM(0), &v);
	if (v.total == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) v.hits / (double) v.total);
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
	RatioValue	v;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	ratio_summary_read(PG_GETARG_DATUM(0), &v);
	if (v.total == 0)
		PG_RETURN_NULL();
	/* a summary not built by outcome_ratio_ci carries no confidence */
	if (v.confidence == 0.0)
		cs_check_confidence(ratio_caller(fcinfo, "outcome_ratio_ci",
										 "outcome_ratio_ci_final"),
							v.confidence);
	return cs_wilson_estimate(fcinfo, v.hits, v.total, v.confidence);
}

/* Accessors */

Datum
ratio_summary_ratio(PG_FUNCTION_ARGS)
{
	RatioValue	v;

	ratio_summary_read(PG_GETARG_DATUM(0), &v);
	if (v.total == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) v.hits / (double) v.total);
}

Datum
ratio_summary_ratio_ci(PG_FUNCTION_ARGS)
{
	RatioValue	v;
	double		confidence = PG_GETARG_FLOAT8(1);

	ratio_summary_read(PG_GETARG_DATUM(0), &v);
	cs_check_confidence("ratio_ci", confidence);
	if (v.total == 0)
		PG_RETURN_NULL();
	return cs_wilson_estimate(fcinfo, v.hits, v.total, confidence);
}

Datum
ratio_summary_hits(PG_FUNCTION_ARGS)
{
	RatioValue	v;

	ratio_summary_read(PG_GETARG_DATUM(0), &v);
	PG_RETURN_INT64(v.hits);
}

Datum
ratio_summary_total(PG_FUNCTION_ARGS)
{
	RatioValue	v;

	ratio_summary_read(PG_GETARG_DATUM(0), &v);
	PG_RETURN_INT64(v.total);
}

/* wilson_ci(hits bigint, total bigint, confidence float8 DEFAULT 0.95) */
static Datum
wilson_ci_common(FunctionCallInfo fcinfo, int64 hits, int64 total)
{
	double		confidence = PG_GETARG_FLOAT8(2);

	cs_check_counts("wilson_ci", hits, total);
	cs_check_confidence("wilson_ci", confidence);
	if (total == 0)
		PG_RETURN_NULL();
	return cs_wilson_estimate(fcinfo, hits, total, confidence);
}

Datum
wilson_ci(PG_FUNCTION_ARGS)
{
	return wilson_ci_common(fcinfo, PG_GETARG_INT64(0), PG_GETARG_INT64(1));
}

/* wilson_ci(hits, total numeric | double precision, ...): whole numbers */
Datum
wilson_ci_whole(PG_FUNCTION_ARGS)
{
	int64		hits = cs_whole_int64_arg(fcinfo, 0, "wilson_ci", "hits");
	int64		total = cs_whole_int64_arg(fcinfo, 1, "wilson_ci", "total");

	return wilson_ci_common(fcinfo, hits, total);
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
	int64		hits;
	int64		total;
	double		confidence = 0.0;

	cs_scan_init(&sc, "crimestats.ratio_summary", input);
	cs_scan_expect(&sc, '{');
	cs_scan_key(&sc, "hits");
	hits = cs_scan_int64(&sc);
	cs_scan_expect(&sc, ',');
	cs_scan_key(&sc, "total");
	total = cs_scan_int64(&sc);
	if (cs_scan_accept(&sc, ','))
	{
		cs_scan_key(&sc, "confidence");
		confidence = cs_scan_float8(&sc);
		if (!(confidence > 0.0 && confidence < 1.0))
			cs_scan_error(&sc, "Confidence must lie strictly between 0 and 1");
	}
	cs_scan_expect(&sc, '}');
	cs_scan_end(&sc);

	if (hits < 0 || total < 0 || hits > total)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"",
						"crimestats.ratio_summary", input),
				 errdetail("Hits must lie between 0 and total, got " INT64_FORMAT
						   " hits out of " INT64_FORMAT ".", hits, total)));
	return ratio_summary_make(hits, total, confidence);
}

Datum
ratio_summary_out(PG_FUNCTION_ARGS)
{
	RatioValue	v;
	StringInfoData buf;

	ratio_summary_read(PG_GETARG_DATUM(0), &v);
	initStringInfo(&buf);
	appendStringInfo(&buf, "{\"hits\":" INT64_FORMAT ",\"total\":" INT64_FORMAT,
					 v.hits, v.total);
	if (v.confidence != 0.0)
	{
		appendStringInfoString(&buf, ",\"confidence\":");
		cs_append_float8(&buf, v.confidence);
	}
	appendStringInfoChar(&buf, '}');
	PG_RETURN_CSTRING(buf.data);
}

/*
 * Binary form: version byte, int64 hits, int64 total, float8 confidence.
 * Its version (1) is the wire format's, not the stored form's: the wire form
 * carried only the summary's meaning from the start, so 1.1 reads and writes
 * it unchanged, and binary COPY files and clients of 1.0 keep working.
 */
Datum
ratio_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version;
	int64		hits;
	int64		total;
	double		confidence;

	if (buf->len - buf->cursor != RATIO_SUMMARY_WIRE_SIZE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary ratio_summary: expected %d bytes, got %d",
						RATIO_SUMMARY_WIRE_SIZE, buf->len - buf->cursor)));
	version = pq_getmsgbyte(buf);
	if (version != RATIO_WIRE_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary ratio_summary: unsupported version %d",
						version)));
	hits = pq_getmsgint64(buf);
	total = pq_getmsgint64(buf);
	confidence = pq_getmsgfloat8(buf);
	if (hits < 0 || total < 0 || hits > total)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary ratio_summary: hits must lie between 0 and total, got "
						INT64_FORMAT " hits out of " INT64_FORMAT,
						hits, total)));
	if (!(confidence == 0.0 || (confidence > 0.0 && confidence < 1.0)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary ratio_summary: confidence must be 0 (unset) or lie strictly between 0 and 1, got %s",
						float8out_internal(confidence))));
	return ratio_summary_make(hits, total, confidence);
}

Datum
ratio_summary_send(PG_FUNCTION_ARGS)
{
	RatioValue	v;
	StringInfoData buf;

	ratio_summary_read(PG_GETARG_DATUM(0), &v);
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, RATIO_WIRE_VERSION);
	pq_sendint64(&buf, v.hits);
	pq_sendint64(&buf, v.total);
	pq_sendfloat8(&buf, v.confidence);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}
