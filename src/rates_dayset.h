/*-------------------------------------------------------------------------
 *
 * rates_dayset.h
 *	  The working state of the rate aggregates (src/rates_dayset.c), shared
 *	  with the SQL-facing functions in src/rates.c.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RATES_DAYSET_H
#define RATES_DAYSET_H

#include "crimestats.h"
#include "utils/typcache.h"

typedef struct RateInterval
{
	int32		lo;				/* first day (DateADT) */
	int32		hi;				/* day after the last */
	int64		rows;			/* counted form: rows with this period */
} RateInterval;

/*
 * The working state, a varlena so that it can be the transition value of
 * aggregates whose state type is rate_summary.  Its first byte after the
 * length word is 1: this is also exactly the layout crimestats 1.0 stored
 * (always in the merged form, without slack), so src/rates.c reads 1.0's
 * stored values as working states.  Values leaving an aggregate are
 * flattened to the stored form of src/rates.c instead.
 */
typedef struct RateSummary
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* RS_WORKING_VERSION */
	uint8		flags;			/* RS_COUNTED, RS_BITMAP */
	uint8		method;			/* RS_METHOD_*: interval of per_day_rate_ci */
	uint8		unused;
	int32		ninterval;		/* intervals in use */
	int32		capacity;		/* intervals allocated (inside VARSIZE) */
	int32		nsorted;		/* merged form: iv[0..nsorted) is the union */
	int32		bm_base;		/* bitmap form: day of bit 0, a multiple of 64 */
	int32		bm_words;		/* bitmap form: 64-bit words in use */
	int32		unused2;
	/*
	 * The exact sum of cases, as the sum of the positive rows and the sum of
	 * the negative ones (adjustments), each overflow-checked: whether a sum
	 * is out of range then does not depend on the order rows arrive in.
	 */
	int64		pos;
	int64		neg;
	int64		nrows;			/* counted form: rows in the window frame */
	/*
	 * Confidence of per_day_rate_ci, carried so that its partial states
	 * (parallel workers, Citus) keep it; 0 when not set.  Its method (the
	 * field above) is set by the same first row, and 1.0's values, which
	 * have zero there, mean the exact interval.
	 */
	double		confidence;
	RateInterval iv[FLEXIBLE_ARRAY_MEMBER];
} RateSummary;

#define RS_WORKING_VERSION	1

#define RS_METHOD_EXACT	0		/* Garwood's exact interval */
#define RS_METHOD_BYAR	1		/* Byar's approximation from 10 cases */

#define RS_COUNTED	0x01		/* moving-aggregate form: periods with counts */
#define RS_BITMAP	0x02		/* merged form kept as a bitmap of days */

/* the bitmap's words live where the intervals would */
#define RS_BITS(rs)	((uint64 *) (rs)->iv)
#define RS_BITMAP_MAX_DAYS	65536	/* 8 kB: about 179 years */

#define RS_SIZE(n)	(offsetof(RateSummary, iv) + (n) * sizeof(RateInterval))

/* Interval slots that hold a bitmap of the given number of words. */
#define RS_SLOTS_FOR_WORDS(w)	(((w) * (int) sizeof(uint64) + (int) sizeof(RateInterval) - 1) / (int) sizeof(RateInterval))

/* Periods must lie in years 1 to 9999: what the text form can carry. */
#define RS_MIN_DATE (-730119)	/* 0001-01-01 */
#define RS_MAX_DATE 2921940		/* 10000-01-01 */

static inline int64
rs_cases(const RateSummary *rs)
{
	/* cannot overflow: pos >= 0 >= neg */
	return rs->pos + rs->neg;
}

/* An empty state with room for capacity intervals. */
extern RateSummary *rs_alloc(int capacity, bool counted);

/* A copy with room for capacity intervals (at least those in use). */
extern RateSummary *rs_copy(const RateSummary *rs, int capacity);

/* rs itself if it has room for extra more intervals, else a larger copy. */
extern RateSummary *rs_reserve(RateSummary *rs, int extra);

/*
 * Add (sign 1) or remove (sign -1) cases, given as positive and negative
 * parts or as one row's count; 22003 naming fname on overflow.
 */
extern void rs_add_cases(const char *fname, RateSummary *rs, int64 pos,
						 int64 neg, int sign);

/* The 22003 rs_add_cases raises: the total of cases would leave bigint. */
extern CS_NORETURN void rs_overflow(const char *fname) CS_NORETURN_AFTER;
extern void rs_add_row_cases(const char *fname, RateSummary *rs, int64 cases,
							 int sign);

/* Merged form: add the days [lo, hi); returns rs or a new state. */
extern RateSummary *rs_merge_interval(RateSummary *rs, int32 lo, int32 hi);

/* Counted form: add or remove rows of period [lo, hi). */
extern RateSummary *rs_count_period(RateSummary *rs, int32 lo, int32 hi, int64 rows);
extern void rs_uncount_period(RateSummary *rs, int32 lo, int32 hi, int64 rows);

/* The merged form, as a new value of exactly its size. */
extern RateSummary *rs_normalize(const RateSummary *rs);

/* rs itself when it already is sorted disjoint intervals, else rs_normalize. */
extern const RateSummary *rs_as_intervals(const RateSummary *rs);

/*
 * A daterange as [lo, hi) days (rates.c), or 22023 naming fname when it is
 * empty, unbounded or beyond 0001-01-01 .. 9999-12-31; *typcachep caches
 * the range type's entry (NULL at first).
 */
extern void rs_period_datum(Datum d, const char *fname,
							TypeCacheEntry **typcachep,
							int32 *lo, int32 *hi);

/* Number of distinct days in the union, for any form. */
extern int64 rs_days(const RateSummary *rs);

/*
 * Merge b into a (any forms but counted); returns a, or a new state.
 * with_conf keeps and checks the confidence and method of per_day_rate_ci's
 * partial states; errors name fname.
 */
extern RateSummary *rs_merge_summary(const char *fname, RateSummary *a,
									 const RateSummary *b, bool with_conf);

/*
 * Set a per_day_rate_ci state's method from its first row, or check that a
 * later row (or partial state) asks for the same; 22023 naming fname.
 * Call before the confidence of the row is recorded.
 */
extern void rs_check_same_method(const char *fname, RateSummary *rs, int method);

#endif							/* RATES_DAYSET_H */
