/*-------------------------------------------------------------------------
 *
 * crimestats.h
 *	  Declarations shared by the crimestats function families.
 *
 * Each family (rates.c, growth.c, outcomes.c) owns its summary type; this
 * header only carries what more than one of them needs: the numerical core
 * (distributions.c), the crimestats.estimate composite, argument checks and
 * the small scanner used by the summary types' text input functions
 * (common.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef CRIMESTATS_H
#define CRIMESTATS_H

#include "postgres.h"
#include "fmgr.h"
#include "access/tupdesc.h"
#include "lib/stringinfo.h"

/*
 * Version differences, kept to this one header.  PostgreSQL 16 moved the
 * varlena macros (VARSIZE, SET_VARSIZE, ...) out of postgres.h into
 * varatt.h; PostgreSQL 18 replaced the pg_attribute_noreturn() suffix with
 * a pg_noreturn prefix.
 */
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif
#if PG_VERSION_NUM >= 180000
#define CS_NORETURN		pg_noreturn
#define CS_NORETURN_AFTER
#else
#define CS_NORETURN
#define CS_NORETURN_AFTER	pg_attribute_noreturn()
#endif

/*
 * Every summary type is a varlena whose first byte after the length word is
 * a format version, so that a later release can read (or clearly refuse)
 * summaries stored by this one.  Each type keeps its own version numbers
 * (its .c file documents their layouts); version 1 is what crimestats 1.0
 * stored, and every release reads every version written before it.
 */

/*
 * Refuse a stored summary of a version this build does not know (written by
 * a later release, or not a summary at all): 22023, naming the type, the
 * version and the newest version this build reads.
 */
extern void cs_check_stored_version(const char *type_name, int version,
									int newest);

/* distributions.c: the numerical core */

/* Lower-tail quantile of the standard normal distribution, 0 < p < 1. */
extern double cs_norm_quantile(double p);

/*
 * Quantile of the gamma distribution with the given shape and scale 1.
 * With lower_tail, returns x such that P(shape, x) = p; otherwise x such
 * that Q(shape, x) = p.  Asking for the upper tail directly keeps full
 * relative accuracy for tiny tail probabilities.  0 < p < 1, shape > 0.
 */
extern double cs_gamma_quantile(double shape, double p, bool lower_tail);

/* Regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 - P. */
extern double cs_gamma_p(double a, double x);
extern double cs_gamma_q(double a, double x);

/* significance.c: Poisson intervals of a count, shared by the rate functions */

/*
 * The interval of a count at the given confidence (checked by the caller):
 * exact (Garwood, as poisson_ci computes it) or, with byar, Byar's
 * approximation from 10 cases on and exact below, as Fingertips computes it.
 */
extern void cs_poisson_interval(int64 cases, double confidence, bool byar,
								double *lower, double *upper);

/*
 * cs_poisson_interval for a function called through fcinfo whose fn_extra
 * is a CsCallCache (those that return crimestats.estimate): the same
 * bounds, remembered per call site, for a view computes the intervals of
 * far fewer distinct counts than rows.
 */
extern void cs_poisson_interval_cached(FunctionCallInfo fcinfo, int64 cases,
									   double confidence, bool byar,
									   double *lower, double *upper);

/*
 * outcomes.c: the Wilson score interval of hits out of total at the given
 * confidence, as wilson_ci computes it (NaN bounds when total is 0).
 */
extern void cs_wilson_interval(int64 hits, int64 total, double confidence,
							   double *lower, double *upper);

/*
 * The method argument of the functions that take one: false for 'exact',
 * true for 'byar'; anything else raises 22023 naming fname and the value.
 */
extern bool cs_parse_poisson_method(const char *fname, text *method);

/* common.c */

/* Raise 22023 unless 0 < confidence < 1 (NaN is rejected too). */
extern void cs_check_confidence(const char *fname, double confidence);

/*
 * Check that an aggregate's confidence is the same on every row; *stored is
 * 0 until the first row sets it.
 */
extern void cs_check_same_confidence(const char *fname, double *stored,
									 double confidence);

/*
 * Build a crimestats.estimate value (estimate, lower, upper, numerator,
 * denominator, confidence) for the function called through fcinfo, whose
 * declared result type must be crimestats.estimate.
 */
/*
 * What a call site of a function returning a composite keeps between calls
 * (in fn_extra, allocated in fn_mcxt): the blessed tuple descriptor of its
 * result and, for the functions that compute Poisson intervals, a cache of
 * the intervals already computed (significance.c).
 */
typedef struct CsCallCache
{
	TupleDesc	tupdesc;
	uint32		interval_calls;	/* intervals asked for at this call site */
	struct HTAB *intervals;		/* NULL until interval_calls warms it up */
	void	   *area_plans;		/* area_query.c: the per-area queries */
	void	   *extra;			/* the function's own */
} CsCallCache;

extern CsCallCache *cs_call_cache(FunctionCallInfo fcinfo);

/*
 * The blessed tuple descriptor of the composite result of the function
 * called through fcinfo, cached in fn_extra (CsCallCache).
 */
extern TupleDesc cs_result_tupdesc(FunctionCallInfo fcinfo);

extern Datum cs_make_estimate(FunctionCallInfo fcinfo, double estimate,
							  double lower, double upper, double numerator,
							  double denominator, double confidence);

/*
 * The aggregate memory context, or an error naming fname if the function
 * was called outside an aggregate.
 */
extern MemoryContext cs_agg_context(FunctionCallInfo fcinfo, const char *fname);

/*
 * The name of the aggregate the user called, for errors raised by support
 * functions that several aggregates share (combine functions, rollup), which
 * would otherwise name themselves.  In a window node, the window's
 * aggregates that use the running function (one, or "a, b or c" when several
 * share it).  Otherwise (direct calls) fallback is returned.  It
 * looks the name up in the syscache, so call it on error paths or once per
 * call of a combine function, not once per row.
 */
extern const char *cs_caller_name(FunctionCallInfo fcinfo, const char *fallback);

/*
 * Whole-number arguments (the numeric and double precision overloads of the
 * functions that take counts or an integer `at`).  A user's sum(n) is
 * numeric and date_part() is double precision, so these overloads accept
 * such values when they are whole numbers and go on exactly as the bigint
 * (or integer) form would.
 *
 * cs_declared_arg_type: the declared type of argument argno of the function
 * called through fcinfo, from its call expression, or from the catalog when
 * the caller gives none (Citus's worker_partial_agg); InvalidOid when
 * neither says.  cs_arg_type: the same, for an argument that must be
 * numeric or double precision.
 *
 * cs_whole_int64: the value d of type (NUMERICOID or FLOAT8OID) as an
 * int64 in *result.  Raises 22023 "<fname>: <argname> must be a whole
 * number, got <d>" unless d is a whole number (NaN and infinities are not);
 * fname is cs_caller_name(namer, fallback), or fallback when namer is NULL,
 * looked up only then.  Returns false, leaving the error to the caller,
 * when d lies outside the range of bigint: each family reports that as its
 * bigint form reports an overflow.
 *
 * cs_whole_int64_arg: the same for argument argno of fcinfo, raising 22003
 * "<fname>: <argname> is out of range for bigint" itself (for functions
 * whose bigint form cannot overflow).
 */
extern Oid	cs_declared_arg_type(FunctionCallInfo fcinfo, int argno);
extern Oid	cs_arg_type(FunctionCallInfo fcinfo, int argno);
extern bool cs_whole_int64(Datum d, Oid type, FunctionCallInfo namer,
						   const char *fallback, const char *argname,
						   int64 *result);
extern int64 cs_whole_int64_arg(FunctionCallInfo fcinfo, int argno,
								const char *fname, const char *argname);

/*
 * Scanner for the summary types' text forms, which are small JSON-like
 * documents such as {"cases":12,"days":[["2018-01-01","2018-02-01")]}.
 * Whitespace is allowed between tokens.  Every function raises 22P02
 * (invalid_text_representation) naming the type and the whole input when
 * the text does not match.
 */
typedef struct CsScanner
{
	const char *type_name;		/* for error messages */
	const char *input;			/* the whole input string */
	const char *p;				/* current position */
} CsScanner;

extern void cs_scan_init(CsScanner *s, const char *type_name, const char *input);
extern void cs_scan_expect(CsScanner *s, char c);
extern bool cs_scan_accept(CsScanner *s, char c);	/* consume c if next */
extern char cs_scan_peek(CsScanner *s);
extern void cs_scan_key(CsScanner *s, const char *key);	/* "key": */
extern char *cs_scan_key_any(CsScanner *s);	/* "anykey": -> palloc'd key */
extern int64 cs_scan_int64(CsScanner *s);
extern double cs_scan_float8(CsScanner *s);	/* finite values only */
extern int32 cs_scan_date(CsScanner *s);	/* "YYYY-MM-DD" -> DateADT */
extern void cs_scan_end(CsScanner *s);	/* only whitespace may follow */
extern CS_NORETURN void cs_scan_error(CsScanner *s, const char *detail) CS_NORETURN_AFTER;

/* Text output helpers matching the scanner. */
extern void cs_append_float8(StringInfo buf, double value);	/* round-trips */
extern void cs_append_date(StringInfo buf, int32 date);	/* "YYYY-MM-DD" */

#endif							/* CRIMESTATS_H */
