/*-------------------------------------------------------------------------
 *
 * significance.h
 *	  What the scalar comparisons (significance.c) share with their window
 *	  forms (significance_window.c): the argument checks, the tests of a
 *	  comparator against an area's intervals, and the enum result.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CRIMESTATS_SIGNIFICANCE_H
#define CRIMESTATS_SIGNIFICANCE_H

#include "crimestats.h"

/* The labels of crimestats.significance, in the enum's order. */
typedef enum CsSignificance
{
	CS_SIG_LOWER_998,			/* comparator above the 99.8% upper bound */
	CS_SIG_LOWER_95,			/* above the 95% upper bound only */
	CS_SIG_SIMILAR,				/* inside the 95% interval */
	CS_SIG_HIGHER_95,			/* below the 95% lower bound only */
	CS_SIG_HIGHER_998			/* below the 99.8% lower bound */
} CsSignificance;

#define CS_SIG_NLABELS	5

/*
 * Raise 22023 naming fname and the value unless hits and total are a
 * proportion's counts: finite, 0 <= hits <= total, total > 0.
 */
extern void cs_check_proportion_counts(const char *fname, double hits, double total);

/*
 * The comparator (a proportion, checked by the caller) against the Wilson
 * intervals of hits / total at 95% and 99.8%.
 */
extern CsSignificance cs_proportion_significance(double hits, double total,
												 double comparator);

/* Raise 22023 unless cases >= 0. */
extern void cs_check_cases(const char *fname, const char *argname, int64 cases);

/* Raise 22023 unless value is finite and positive (a denominator). */
extern void cs_check_positive(const char *fname, const char *argname, double value);

/*
 * The expected count (finite, >= 0) against the Poisson intervals of cases
 * at 95% and 99.8%, exact or by Byar's method.
 */
extern CsSignificance cs_rate_significance(int64 cases, double expected, bool byar);

/*
 * comparator_rate * exposure, the expected count, after checking the
 * comparator rate (finite, >= 0) and the product (finite).
 */
extern double cs_expected_count(const char *fname, double comparator_rate,
								double exposure);

/* The crimestats.significance value of a label, for the function called. */
extern Datum cs_significance_datum(FunctionCallInfo fcinfo, CsSignificance s);

#endif							/* CRIMESTATS_SIGNIFICANCE_H */
