/*-------------------------------------------------------------------------
 *
 * growth.h
 *	  Declarations shared by the files of the growth family, and by them
 *	  only: growth.c (the series_summary type and its aggregates),
 *	  growth_window.c (the window functions growth_since and year_on_year)
 *	  and poisson_trend.c (the fit behind trend_growth).
 *
 *-------------------------------------------------------------------------
 */
#ifndef GROWTH_H
#define GROWTH_H

#include "crimestats.h"

/* kinds of `at` a series is keyed by */
#define SERIES_KIND_NONE	0	/* empty rollup state, never stored or output */
#define SERIES_KIND_DATE	'd'
#define SERIES_KIND_INT		'y'

/*
 * Dates are accepted from 0001-01-01 to 99999-12-31: the range the text
 * form writes and reads ("YYYY-MM-DD", years of four or five digits), so
 * that every summary round-trips through text.
 */
#define SERIES_MIN_DATE		(1721426 - POSTGRES_EPOCH_JDATE)	/* 0001-01-01 */
#define SERIES_MAX_DATE		(38245309 - POSTGRES_EPOCH_JDATE)	/* 99999-12-31 */

/* growth.c */

/*
 * "2013" or "2013-09-30", for error messages: ISO dates whatever the
 * DateStyle, like the text form.
 */
extern char *series_at_string(uint8 kind, int32 at);

/*
 * total + value, raising 22003 instead of overflowing silently.  The error
 * names the aggregate the user called when fcinfo is the call of an
 * aggregate support function in an Agg node (looked up only then), else
 * fallback; fcinfo may be NULL.
 */
extern double series_checked_sum(FunctionCallInfo fcinfo, const char *fallback,
								 uint8 kind, int32 at, double total,
								 double value);

/*
 * The `at` of a row as the family keeps it (a DateADT or an integer), from
 * a value of type at_type: integer and date as they are; numeric and double
 * precision (the overloads of src/overloads.sql) when a whole number within
 * integer, else 22023 or 22003; timestamp and timestamp with time zone as
 * their date, the latter in the session's TimeZone as ::date takes it.
 * Errors name cs_caller_name(namer, fallback), or fallback when namer is
 * NULL.  series_at_kind: the kind of series such an `at` keys.
 */
extern int32 series_at_value(Datum d, Oid at_type, FunctionCallInfo namer,
							 const char *fallback);
extern uint8 series_at_kind(Oid at_type);

/* r, or 22003 naming fname if a growth figure is not representable */
extern double series_check_result(const char *fname, double r);

/* poisson_trend.c */

/*
 * Slope b of the Poisson log-linear maximum-likelihood fit
 * log E[y_i] = a + b t_i, for n >= 2 points with times t (in years,
 * strictly increasing) and finite non-negative counts y.  False when the
 * fit does not exist (all the weight at one end) or does not converge.
 */
extern bool cs_poisson_trend_slope(int32 n, const double *t, const double *y,
								   double *slope);

#endif							/* GROWTH_H */
