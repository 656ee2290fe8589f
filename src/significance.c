/*-------------------------------------------------------------------------
 *
 * significance.c
 *	  Is it more than chance?  An area's figure against a comparator: the
 *	  crimestats.significance labels of proportion_significance,
 *	  rate_significance and ratio_significance, the funnel-plot control
 *	  limits proportion_funnel, rate_funnel and ratio_funnel, and the
 *	  Poisson intervals (exact, or Byar's approximation) that they share
 *	  with the rate functions.  The window forms, which take the comparator
 *	  from the partition, are in significance_window.c.
 *
 * The method is the one Public Health England's Fingertips profiles use
 * (Fingertips technical guidance; the PHEindicatormethods R package), which
 * community safety analysts use for crime too: the comparator is set
 * against the area's own confidence interval at 95% and at 99.8%.  An area
 * is "higher (99.8%)" when the comparator lies below the lower bound of its
 * 99.8% interval, "higher (95%)" when it lies below the 95% lower bound but
 * not the 99.8% one, likewise "lower" above the upper bounds, and
 * "similar" otherwise.  A comparator exactly on a bound is inside.
 *
 * - Proportions: the Wilson score interval, computed exactly as wilson_ci
 *	 computes it, so that a label always agrees with the bounds wilson_ci
 *	 shows for the same counts.
 * - Counts and rates: the exact Poisson (Garwood) interval of the count, as
 *	 poisson_ci computes it, or Byar's approximation from 10 cases on (the
 *	 Fingertips convention, method 'byar'), against the expected count
 *	 comparator_rate * exposure.
 *
 * Funnel plots draw, for every size of area, how far from the comparator
 * an area's figure can fall before the comparator leaves its interval: the
 * control limits are the figures whose interval has the comparator exactly
 * as a bound.  An area outside the 95% (99.8%) limits at its own size is
 * exactly an area labelled at 95% (99.8%).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "access/htup_details.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/lsyscache.h"
#include "utils/hsearch.h"

#include "crimestats.h"
#include "significance.h"

PG_FUNCTION_INFO_V1(proportion_significance);
PG_FUNCTION_INFO_V1(rate_significance);
PG_FUNCTION_INFO_V1(ratio_significance);
PG_FUNCTION_INFO_V1(proportion_funnel);
PG_FUNCTION_INFO_V1(rate_funnel);
PG_FUNCTION_INFO_V1(ratio_funnel);
PG_FUNCTION_INFO_V1(poisson_ci_method);
PG_FUNCTION_INFO_V1(poisson_ci_method_whole);
PG_FUNCTION_INFO_V1(rate_significance_whole);
PG_FUNCTION_INFO_V1(ratio_significance_whole);
PG_FUNCTION_INFO_V1(ratio_funnel_whole);

/* The two levels every comparison reports, as the _ci functions take them. */
#define CONFIDENCE_95	0.95
#define CONFIDENCE_998	0.998

/* The labels of crimestats.significance, in CsSignificance order. */
static const char *const significance_labels[CS_SIG_NLABELS] = {
	"lower (99.8%)", "lower (95%)", "similar", "higher (95%)", "higher (99.8%)"
};

/* ---------- Poisson intervals, shared with the rate functions ---------- */

/* Byar's approximation is used from this count on (Fingertips). */
#define BYAR_MIN_CASES	10

/*
 * One bound of the interval of a count.  'exact' is Garwood's interval,
 * lower = qchisq(alpha/2, 2x)/2 (0 when x = 0), upper =
 * qchisq(1 - alpha/2, 2x + 2)/2, as gamma quantiles exactly as poisson_ci
 * has always computed them.  Byar's approximation (Breslow and Day 1987),
 * lower = x (1 - 1/(9x) - z/(3 sqrt x))^3 and upper = (x + 1)(1 - 1/(9(x +
 * 1)) + z/(3 sqrt(x + 1)))^3, is only taken from 10 cases on, where
 * Fingertips takes it; below that it is far from the exact interval.
 */
static double
poisson_bound(int64 cases, double confidence, bool byar, bool upper)
{
	double		half_alpha = (1.0 - confidence) / 2.0;
	double		x = (double) cases;

	if (byar && cases >= BYAR_MIN_CASES)
	{
		/* -qnorm(alpha/2), not qnorm(1 - alpha/2): full accuracy for tiny alpha */
		double		z = -cs_norm_quantile(half_alpha);
		double		t;

		if (upper)
		{
			x += 1.0;
			t = 1.0 - 1.0 / (9.0 * x) + z / (3.0 * sqrt(x));
		}
		else
			t = 1.0 - 1.0 / (9.0 * x) - z / (3.0 * sqrt(x));
		/*
		 * t > 0 for every confidence a double can hold below 1 (z < 8.3,
		 * x >= 10); the guard only keeps the bound a count.
		 */
		return (t > 0.0) ? x * t * t * t : 0.0;
	}
	if (upper)
		return cs_gamma_quantile(x + 1.0, half_alpha, false);
	return (cases == 0) ? 0.0 : cs_gamma_quantile(x, half_alpha, true);
}

void
cs_poisson_interval(int64 cases, double confidence, bool byar,
					double *lower, double *upper)
{
	*lower = poisson_bound(cases, confidence, byar, false);
	*upper = poisson_bound(cases, confidence, byar, true);
}

/*
 * The interval cache of a call site: a hash table of the intervals it
 * computed, keyed on all three arguments.  The bounds are a deterministic
 * function of the arguments, so a cached interval is bit for bit the one
 * computed afresh.  The table is only created once a call site has asked
 * for many intervals (a view or an aggregate over many rows), so that a
 * query computing a few pays nothing for it, and stops growing at
 * INTERVAL_CACHE_MAX entries (a few megabytes).  A national year_ending
 * view asks for 312,000 intervals of 21,000 distinct counts: the exact
 * interval (two gamma quantiles, about 1.7 us) was a quarter of its time.
 */
#define INTERVAL_CACHE_WARMUP	256
#define INTERVAL_CACHE_MAX		65536

typedef struct PoissonKey
{
	int64		cases;
	double		confidence;
	bool		byar;
} PoissonKey;

typedef struct PoissonSlot
{
	PoissonKey	key;			/* first: the hash table's key */
	double		lower;
	double		upper;
} PoissonSlot;

void
cs_poisson_interval_cached(FunctionCallInfo fcinfo, int64 cases,
						   double confidence, bool byar,
						   double *lower, double *upper)
{
	CsCallCache *cache = cs_call_cache(fcinfo);
	PoissonKey	key;
	PoissonSlot *slot;
	bool		found;

	if (cache->intervals == NULL)
	{
		HASHCTL		ctl;

		if (++cache->interval_calls < INTERVAL_CACHE_WARMUP)
		{
			cs_poisson_interval(cases, confidence, byar, lower, upper);
			return;
		}
		ctl.keysize = sizeof(PoissonKey);
		ctl.entrysize = sizeof(PoissonSlot);
		ctl.hcxt = fcinfo->flinfo->fn_mcxt;
		cache->intervals = hash_create("crimestats Poisson intervals", 1024, &ctl,
									   HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}

	/* the key is hashed as bytes: its padding must be zero */
	memset(&key, 0, sizeof(key));
	key.cases = cases;
	key.confidence = confidence;
	key.byar = byar;
	slot = hash_search(cache->intervals, &key, HASH_FIND, NULL);
	if (slot == NULL)
	{
		double		lo,
					hi;

		cs_poisson_interval(cases, confidence, byar, &lo, &hi);
		*lower = lo;
		*upper = hi;
		if (hash_get_num_entries(cache->intervals) >= INTERVAL_CACHE_MAX)
			return;
		slot = hash_search(cache->intervals, &key, HASH_ENTER, &found);
		slot->lower = lo;
		slot->upper = hi;
		return;
	}
	*lower = slot->lower;
	*upper = slot->upper;
}

bool
cs_parse_poisson_method(const char *fname, text *method)
{
	const char *s = VARDATA_ANY(method);
	int			len = VARSIZE_ANY_EXHDR(method);

	if (len == 5 && memcmp(s, "exact", 5) == 0)
		return false;
	if (len == 4 && memcmp(s, "byar", 4) == 0)
		return true;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s: method must be 'exact' or 'byar', got \"%s\"",
					fname, text_to_cstring(method)),
			 errhint("'exact' is the Garwood interval; 'byar' is Byar's approximation from 10 cases on (exact below), as Fingertips uses.")));
	return false;				/* not reached */
}

/*
 * poisson_ci(cases bigint, confidence float8, method text): poisson_ci with
 * a choice of method.  An overload of its own, without a default, so that
 * poisson_ci(x) and poisson_ci(x, confidence) still mean the 1.0 function.
 */
static Datum
poisson_ci_method_common(FunctionCallInfo fcinfo, int64 cases)
{
	double		confidence = PG_GETARG_FLOAT8(1);
	bool		byar = cs_parse_poisson_method("poisson_ci", PG_GETARG_TEXT_PP(2));
	double		lower,
				upper;

	cs_check_cases("poisson_ci", "cases", cases);
	cs_check_confidence("poisson_ci", confidence);
	cs_poisson_interval_cached(fcinfo, cases, confidence, byar, &lower, &upper);
	return cs_make_estimate(fcinfo, (double) cases, lower, upper,
							(double) cases, 1.0, confidence);
}

Datum
poisson_ci_method(PG_FUNCTION_ARGS)
{
	return poisson_ci_method_common(fcinfo, PG_GETARG_INT64(0));
}

/* poisson_ci(cases numeric | double precision, confidence, method) */
Datum
poisson_ci_method_whole(PG_FUNCTION_ARGS)
{
	int64		cases = cs_whole_int64_arg(fcinfo, 0, "poisson_ci", "cases");

	return poisson_ci_method_common(fcinfo, cases);
}

/* ---------- argument checks ---------- */

void
cs_check_proportion_counts(const char *fname, double hits, double total)
{
	if (!(total > 0.0 && isfinite(total)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: total must be a positive finite number, got %s",
						fname, float8out_internal(total))));
	if (!isfinite(hits))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: hits must be a finite number, got %s",
						fname, float8out_internal(hits))));
	if (hits < 0.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: hits must not be negative, got %s",
						fname, float8out_internal(hits))));
	if (hits > total)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: hits must not exceed total, got %s out of %s",
						fname, float8out_internal(hits), float8out_internal(total)),
				 errhint("A proportion counts hits out of a total: hits between 0 and total.")));
}

static void
check_comparator_proportion(const char *fname, double comparator)
{
	/* written so that NaN fails too */
	if (!(comparator >= 0.0 && comparator <= 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: comparator must be a proportion between 0 and 1, got %s",
						fname, float8out_internal(comparator)),
				 errhint("Give the comparator as a proportion, e.g. 0.05 for 5%%.")));
}

void
cs_check_cases(const char *fname, const char *argname, int64 cases)
{
	if (cases < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: %s must not be negative, got " INT64_FORMAT,
						fname, argname, cases)));
}

void
cs_check_positive(const char *fname, const char *argname, double value)
{
	if (!(value > 0.0 && isfinite(value)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: %s must be a positive finite number, got %s",
						fname, argname, float8out_internal(value))));
}

double
cs_expected_count(const char *fname, double comparator_rate, double exposure)
{
	double		expected;

	if (!(comparator_rate >= 0.0 && isfinite(comparator_rate)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: comparator_rate must be a non-negative finite number, got %s",
						fname, float8out_internal(comparator_rate)),
				 errhint("Give the rate per unit of exposure, e.g. offences per person (not per 1,000).")));
	expected = comparator_rate * exposure;
	if (!isfinite(expected))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: expected count comparator_rate * exposure is out of range, %s * %s",
						fname, float8out_internal(comparator_rate),
						float8out_internal(exposure))));
	return expected;
}

/* ---------- the comparisons ---------- */

/*
 * The Wilson score interval of x out of n > 0 for the normal deviate z, in
 * the form wilson_ci uses (outcomes.c explains why it never cancels), so
 * that integer counts give exactly wilson_ci's bounds.  Beyond n = 1e150
 * the squares would overflow; there z^2/n is far below rounding and the
 * interval is the normal one around x/n.
 */
static void
wilson_bounds(double x, double n, double z, double *lower, double *upper)
{
	double		y = n - x;
	double		z2 = z * z;
	double		d;

	if (n > 1e150)
	{
		double		p = x / n;
		double		half = z * sqrt(p * (y / n) / n);

		*lower = fmax(p - half, 0.0);
		*upper = fmin(p + half, 1.0);
		return;
	}
	d = z * sqrt(z2 + 4.0 * (x * (y / n)));
	*lower = 2.0 * x * x / (n * (2.0 * x + z2 + d));
	if (x <= y)
		*upper = (2.0 * x + z2 + d) / (2.0 * (n + z2));
	else
		*upper = 1.0 - 2.0 * y * y / (n * (2.0 * y + z2 + d));
}

/*
 * The normal deviates of the two levels, computed once per backend, from
 * the confidence as wilson_ci would be given it.
 */
static double
level_z(bool high)
{
	static double z95 = 0.0;
	static double z998 = 0.0;

	if (z95 == 0.0)
	{
		z95 = -cs_norm_quantile((1.0 - CONFIDENCE_95) / 2.0);
		z998 = -cs_norm_quantile((1.0 - CONFIDENCE_998) / 2.0);
	}
	return high ? z998 : z95;
}

CsSignificance
cs_proportion_significance(double hits, double total, double comparator)
{
	double		lower,
				upper;

	/* the 99.8% interval contains the 95% one: most areas stop here */
	wilson_bounds(hits, total, level_z(false), &lower, &upper);
	if (comparator < lower)
	{
		wilson_bounds(hits, total, level_z(true), &lower, &upper);
		return (comparator < lower) ? CS_SIG_HIGHER_998 : CS_SIG_HIGHER_95;
	}
	if (comparator > upper)
	{
		wilson_bounds(hits, total, level_z(true), &lower, &upper);
		return (comparator > upper) ? CS_SIG_LOWER_998 : CS_SIG_LOWER_95;
	}
	return CS_SIG_SIMILAR;
}

CsSignificance
cs_rate_significance(int64 cases, double expected, bool byar)
{
	/*
	 * Every bound of either method has lower <= cases <= upper, so only the
	 * side the expected count lies on can exclude it: one or two bounds are
	 * computed, never four.
	 */
	if (expected < (double) cases)
	{
		if (!(expected < poisson_bound(cases, CONFIDENCE_95, byar, false)))
			return CS_SIG_SIMILAR;
		return (expected < poisson_bound(cases, CONFIDENCE_998, byar, false))
			? CS_SIG_HIGHER_998 : CS_SIG_HIGHER_95;
	}
	if (expected > (double) cases)
	{
		if (!(expected > poisson_bound(cases, CONFIDENCE_95, byar, true)))
			return CS_SIG_SIMILAR;
		return (expected > poisson_bound(cases, CONFIDENCE_998, byar, true))
			? CS_SIG_LOWER_998 : CS_SIG_LOWER_95;
	}
	return CS_SIG_SIMILAR;
}

/*
 * The enum's values are the OIDs of its labels, which differ between
 * databases (and after a dump and restore): look them up once per call
 * site, through the function's declared result type.
 */
Datum
cs_significance_datum(FunctionCallInfo fcinfo, CsSignificance s)
{
	Oid		   *labels = (Oid *) fcinfo->flinfo->fn_extra;

	if (labels == NULL)
	{
		Oid			typid = get_func_rettype(fcinfo->flinfo->fn_oid);

		labels = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt,
									CS_SIG_NLABELS * sizeof(Oid));
		for (int i = 0; i < CS_SIG_NLABELS; i++)
			labels[i] = DatumGetObjectId(DirectFunctionCall2(enum_in,
															 CStringGetDatum(significance_labels[i]),
															 ObjectIdGetDatum(typid)));
		fcinfo->flinfo->fn_extra = labels;
	}
	return ObjectIdGetDatum(labels[s]);
}

/*
 * proportion_significance(hits float8, total float8, comparator float8)
 */
Datum
proportion_significance(PG_FUNCTION_ARGS)
{
	double		hits = PG_GETARG_FLOAT8(0);
	double		total = PG_GETARG_FLOAT8(1);
	double		comparator = PG_GETARG_FLOAT8(2);

	cs_check_proportion_counts("proportion_significance", hits, total);
	check_comparator_proportion("proportion_significance", comparator);
	return cs_significance_datum(fcinfo,
								 cs_proportion_significance(hits, total, comparator));
}

/*
 * rate_significance(cases bigint, exposure float8, comparator_rate float8,
 *					 method text DEFAULT 'exact')
 */
static Datum
rate_significance_common(FunctionCallInfo fcinfo, int64 cases)
{
	double		exposure = PG_GETARG_FLOAT8(1);
	double		comparator_rate = PG_GETARG_FLOAT8(2);
	bool		byar = cs_parse_poisson_method("rate_significance", PG_GETARG_TEXT_PP(3));
	double		expected;

	cs_check_cases("rate_significance", "cases", cases);
	cs_check_positive("rate_significance", "exposure", exposure);
	expected = cs_expected_count("rate_significance", comparator_rate, exposure);
	return cs_significance_datum(fcinfo, cs_rate_significance(cases, expected, byar));
}

Datum
rate_significance(PG_FUNCTION_ARGS)
{
	return rate_significance_common(fcinfo, PG_GETARG_INT64(0));
}

/* rate_significance(cases numeric | double precision, ...): a whole number */
Datum
rate_significance_whole(PG_FUNCTION_ARGS)
{
	int64		cases = cs_whole_int64_arg(fcinfo, 0, "rate_significance", "cases");

	return rate_significance_common(fcinfo, cases);
}

/*
 * ratio_significance(observed bigint, expected float8, method text DEFAULT
 * 'exact'): observed / expected against 1, the test of
 * rate_significance(observed, expected, 1).
 */
static Datum
ratio_significance_common(FunctionCallInfo fcinfo, int64 observed)
{
	double		expected = PG_GETARG_FLOAT8(1);
	bool		byar = cs_parse_poisson_method("ratio_significance", PG_GETARG_TEXT_PP(2));

	cs_check_cases("ratio_significance", "observed", observed);
	cs_check_positive("ratio_significance", "expected", expected);
	return cs_significance_datum(fcinfo, cs_rate_significance(observed, expected, byar));
}

Datum
ratio_significance(PG_FUNCTION_ARGS)
{
	return ratio_significance_common(fcinfo, PG_GETARG_INT64(0));
}

/* ratio_significance(observed numeric | double precision, ...) */
Datum
ratio_significance_whole(PG_FUNCTION_ARGS)
{
	int64		observed = cs_whole_int64_arg(fcinfo, 0, "ratio_significance", "observed");

	return ratio_significance_common(fcinfo, observed);
}

/* ---------- funnel-plot control limits ---------- */

/*
 * A crimestats.limits value (lower, upper); upper may be NULL.  The tuple
 * descriptor is kept in fn_extra: a funnel is drawn from many calls.
 */
static Datum
make_limits(FunctionCallInfo fcinfo, double lower, double upper, bool upper_null)
{
	TupleDesc	tupdesc = cs_result_tupdesc(fcinfo);
	Datum		values[2];
	bool		nulls[2] = {false, upper_null};

	values[0] = Float8GetDatum(lower);
	values[1] = Float8GetDatum(upper_null ? 0.0 : upper);
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
}

/*
 * proportion_funnel(comparator float8, total float8, confidence float8)
 *
 * The Wilson interval of p out of n has the comparator c as a bound exactly
 * when the score statistic is z: (p - c)^2 = z^2 c (1 - c) / n, for the
 * Wilson bounds are the roots in c of that equation.  So the observed
 * proportions whose interval has c as its upper (lower) bound are
 * c -+ z sqrt(c (1 - c) / n), clipped to [0, 1].  (Fingertips' funnel
 * spreadsheet and PHEindicatormethods solve a quadratic for the observed
 * count instead; the roots are the same.)
 */
Datum
proportion_funnel(PG_FUNCTION_ARGS)
{
	double		comparator = PG_GETARG_FLOAT8(0);
	double		total = PG_GETARG_FLOAT8(1);
	double		confidence = PG_GETARG_FLOAT8(2);
	double		z,
				half;

	check_comparator_proportion("proportion_funnel", comparator);
	cs_check_positive("proportion_funnel", "total", total);
	cs_check_confidence("proportion_funnel", confidence);
	z = -cs_norm_quantile((1.0 - confidence) / 2.0);
	/* 1 - c is exact for c >= 1/2 (Sterbenz), so c near 1 keeps its digits */
	half = z * sqrt(comparator * (1.0 - comparator) / total);
	return make_limits(fcinfo, fmax(comparator - half, 0.0),
					   fmin(comparator + half, 1.0), false);
}

/*
 * The gap between a gamma tail and the probability p, as a function of the
 * shape a for a fixed x: log(F / p), with F = P(a, x) (lower_tail) or
 * Q(a, x).  P falls and Q rises as the shape grows, so the sign is chosen
 * to make the gap increase with a, from below zero near a = 0 (P -> 1,
 * Q -> 0) to above zero for large a.
 */
typedef struct ShapeRoot
{
	double		x;
	double		p;
	bool		lower_tail;
} ShapeRoot;

static double
shape_gap(const ShapeRoot *r, double a)
{
	double		F = r->lower_tail ? cs_gamma_p(a, r->x) : cs_gamma_q(a, r->x);
	double		g;

	/* near the root F - p is exact and log1p keeps its relative accuracy */
	if (F > 0.5 * r->p && F < 2.0 * r->p)
		g = log1p((F - r->p) / r->p);
	else
		g = log(F) - log(r->p);	/* -inf if F underflowed */
	return r->lower_tail ? -g : g;
}

/*
 * The shape at which the gap is zero, to the last bits: a bracket grown
 * from the guess, then Brent's method (R. P. Brent, Algorithms for
 * minimization without derivatives, 1973, ch. 4: the zeroin procedure),
 * which interpolates where the gap is smooth and bisects where it is not.
 */
static double
shape_root(const ShapeRoot *r, double guess)
{
	double		a,
				b,
				c,
				fa,
				fb,
				fc,
				d,
				e;
	double		step;
	int			iter;

	/* bracket: fa < 0 <= fb */
	b = guess;
	fb = shape_gap(r, b);
	if (fb < 0.0)
	{
		a = b;
		fa = fb;
		step = fmax(1.0, sqrt(b));
		for (iter = 0; iter < 2100; iter++)
		{
			b = a + step;
			fb = shape_gap(r, b);
			if (!(fb < 0.0))
				break;
			a = b;
			fa = fb;
			step *= 2.0;
		}
	}
	else
	{
		a = b;
		for (iter = 0; iter < 2100; iter++)
		{
			a = a / 2.0;
			fa = shape_gap(r, a);
			if (fa < 0.0)
				break;
			b = a;
			fb = fa;
		}
	}
	if (!(fa < 0.0) || isnan(fb))
		elog(ERROR, "gamma shape root not bracketed (x = %g, p = %g)", r->x, r->p);
	if (fb == 0.0)
		return b;

	c = a;
	fc = fa;
	d = e = b - a;
	for (iter = 0; iter < 200; iter++)
	{
		double		tol,
					m;

		if ((fb > 0.0) == (fc > 0.0))
		{
			c = a;
			fc = fa;
			d = e = b - a;
		}
		if (fabs(fc) < fabs(fb))
		{
			a = b;
			b = c;
			c = a;
			fa = fb;
			fb = fc;
			fc = fa;
		}
		tol = 2.0 * DBL_EPSILON * fabs(b);
		m = 0.5 * (c - b);
		if (fabs(m) <= tol || fb == 0.0)
			break;
		if (fabs(e) >= tol && fabs(fa) > fabs(fb) &&
			isfinite(fa) && isfinite(fc))
		{
			double		s = fb / fa,
						p,
						q;

			if (a == c)
			{
				/* secant */
				p = 2.0 * m * s;
				q = 1.0 - s;
			}
			else
			{
				/* inverse quadratic interpolation */
				double		qq = fa / fc,
							rr = fb / fc;

				p = s * (2.0 * m * qq * (qq - rr) - (b - a) * (rr - 1.0));
				q = (qq - 1.0) * (rr - 1.0) * (s - 1.0);
			}
			if (p > 0.0)
				q = -q;
			else
				p = -p;
			if (2.0 * p < fmin(3.0 * m * q - fabs(tol * q), fabs(e * q)))
			{
				e = d;
				d = p / q;
			}
			else
				d = e = m;
		}
		else
			d = e = m;
		a = b;
		fa = fb;
		b += (fabs(d) > tol) ? d : (m > 0.0 ? tol : -tol);
		fb = shape_gap(r, b);
	}
	return b;
}

/*
 * rate_funnel(comparator_rate float8, exposure float8, confidence float8)
 *
 * With the expected count mu = comparator_rate * exposure, the upper limit
 * is c / exposure for the count c (continuous) whose exact lower bound is
 * mu: P(c, mu) = alpha/2 in the gamma form of qchisq(alpha/2, 2c)/2 = mu.
 * The lower limit is c / exposure for the c whose upper bound is mu:
 * Q(c + 1, mu) = alpha/2; when even c = 0 has an upper bound -log(alpha/2)
 * above mu there is no such count and the limit is 0.  For integer counts
 * these are the points PHEindicatormethods computes for its rate funnels
 * (comparator_rate * c / upper(c) at exposure upper(c) / comparator_rate).
 */
Datum
rate_funnel(PG_FUNCTION_ARGS)
{
	double		comparator_rate = PG_GETARG_FLOAT8(0);
	double		exposure = PG_GETARG_FLOAT8(1);
	double		confidence = PG_GETARG_FLOAT8(2);
	double		mu,
				half_alpha,
				z,
				w,
				lower,
				upper;
	ShapeRoot	r;

	cs_check_positive("rate_funnel", "exposure", exposure);
	cs_check_confidence("rate_funnel", confidence);
	mu = cs_expected_count("rate_funnel", comparator_rate, exposure);
	if (mu == 0.0)
		return make_limits(fcinfo, 0.0, 0.0, false);	/* only 0 is within */

	half_alpha = (1.0 - confidence) / 2.0;
	z = -cs_norm_quantile(half_alpha);
	r.x = mu;
	r.p = half_alpha;

	/*
	 * Starting guesses from the Wilson-Hilferty form of the bounds, a -+
	 * z sqrt(a) + (z^2 - 1)/3 = mu, solved for sqrt(a); the bracket makes
	 * up for any error.
	 */
	w = sqrt(fmax(z * z + 4.0 * (mu - (z * z - 1.0) / 3.0), 0.0));
	{
		double		g = fmax((z + w) / 2.0, 1e-3);

		r.lower_tail = true;
		upper = shape_root(&r, g * g) / exposure;
	}

	if (exp(-mu) >= half_alpha)
		lower = 0.0;
	else
	{
		double		g = fmax((w - z) / 2.0, 1.0);

		r.lower_tail = false;
		lower = (shape_root(&r, g * g) - 1.0) / exposure;
		if (lower < 0.0)
			lower = 0.0;		/* a root a hair below shape 1, by rounding */
	}
	return make_limits(fcinfo, lower, upper, false);
}

/*
 * ratio_funnel(observed bigint, confidence float8)
 *
 * For an observed count O, the ratios O / expected beyond which the
 * expected count leaves O's exact interval: O / upper(O) and O / lower(O).
 * Plotted against O they are the funnel of indirectly standardised ratios;
 * at O = 0 the lower bound is 0 and there is no upper limit (NULL).
 */
static Datum
ratio_funnel_common(FunctionCallInfo fcinfo, int64 observed)
{
	double		confidence = PG_GETARG_FLOAT8(1);
	double		lower,
				upper;

	cs_check_cases("ratio_funnel", "observed", observed);
	cs_check_confidence("ratio_funnel", confidence);
	cs_poisson_interval_cached(fcinfo, observed, confidence, false, &lower, &upper);
	if (observed == 0)
		return make_limits(fcinfo, 0.0, 0.0, true);
	return make_limits(fcinfo, (double) observed / upper,
					   (double) observed / lower, false);
}

Datum
ratio_funnel(PG_FUNCTION_ARGS)
{
	return ratio_funnel_common(fcinfo, PG_GETARG_INT64(0));
}

/* ratio_funnel(observed numeric | double precision, confidence) */
Datum
ratio_funnel_whole(PG_FUNCTION_ARGS)
{
	int64		observed = cs_whole_int64_arg(fcinfo, 0, "ratio_funnel", "observed");

	return ratio_funnel_common(fcinfo, observed);
}
