/*-------------------------------------------------------------------------
 *
 * rates.c
 *	  Per-day rates: the rate_summary type, the per_day_rate aggregates,
 *	  rollup(rate_summary), its accessors and the scalar rate functions.
 *
 * A rate is a total of cases divided by the number of distinct days the
 * rows cover.  Rows of (area, offence code, month) share their months, so
 * the days are those of the union of the rows' periods, not the sum of
 * their lengths.  rate_summary keeps the exact sum of cases (int64,
 * overflow-checked) and that union.
 *
 * The union is kept in one of two forms:
 *
 * - merged (the ordinary aggregate, rollup, the text and binary forms):
 *   sorted, disjoint, non-adjacent [lo, hi) day intervals.  Rows merge in
 *   whatever order they arrive; rows in date order only ever extend the last
 *   interval, so a month of daily rows is one interval.  Rows in random
 *   order that are not already covered are appended to a pending tail,
 *   which is sorted and merged in when it grows as long as the merged part
 *   (amortised O(log n) a row, where inserting each in place would move
 *   the whole array every time).  When rows keep arriving out of order and
 *   their days span at most RS_BITMAP_MAX_DAYS, the union switches to a
 *   bitmap of days (one bit a day): setting a row's bits costs the same
 *   however scattered the rows are, and a decade of days takes 460 bytes.
 *
 * - counted (moving-aggregate state for sliding window frames only): the
 *   distinct periods seen, each with the number of rows that carried it.
 *   Removing a row decrements its period's count and drops the period when
 *   it reaches zero, so the inverse transition undoes exactly what the
 *   forward one did; the union is swept at final time.  Window final
 *   functions normalise to the merged form, so counted states never escape.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "common/int.h"
#include "libpq/pqformat.h"
#include "port/pg_bitutils.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/float.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/rangetypes.h"

#include "crimestats.h"

typedef struct RateInterval
{
	int32		lo;				/* first day (DateADT) */
	int32		hi;				/* day after the last */
	int64		rows;			/* counted form: rows with this period */
} RateInterval;

typedef struct RateSummary
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* RS_STORED_VERSION */
	uint8		flags;			/* RS_COUNTED, RS_BITMAP */
	uint16		unused;
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
	 * (parallel workers, Citus) keep it; 0 when not set.
	 */
	double		confidence;
	RateInterval iv[FLEXIBLE_ARRAY_MEMBER];
} RateSummary;

/* newest stored format version (1: as stored by crimestats 1.0) */
#define RS_STORED_VERSION	1

#define RS_COUNTED	0x01		/* moving-aggregate form: periods with counts */
#define RS_BITMAP	0x02		/* merged form kept as a bitmap of days */

/* the bitmap's words live where the intervals would */
#define RS_BITS(rs)	((uint64 *) (rs)->iv)
#define RS_BITMAP_MAX_DAYS	65536	/* 8 kB: about 179 years */

#define RS_SIZE(n)	(offsetof(RateSummary, iv) + (n) * sizeof(RateInterval))

/* Periods must lie in years 1 to 9999: what the text form can carry. */
#define RS_MIN_DATE (-730119)	/* 0001-01-01 */
#define RS_MAX_DATE 2921940		/* 10000-01-01 */

#define PG_GETARG_RATE_SUMMARY(n) ((RateSummary *) PG_DETOAST_DATUM(PG_GETARG_DATUM(n)))

static RateSummary *
rs_alloc(int capacity, bool counted)
{
	RateSummary *rs = palloc0(RS_SIZE(capacity));

	SET_VARSIZE(rs, RS_SIZE(capacity));
	rs->version = RS_STORED_VERSION;
	rs->flags = counted ? RS_COUNTED : 0;
	rs->capacity = capacity;
	return rs;
}

/* Interval slots that hold a bitmap of the given number of words. */
#define RS_SLOTS_FOR_WORDS(w)	(((w) * (int) sizeof(uint64) + (int) sizeof(RateInterval) - 1) / (int) sizeof(RateInterval))

/* A copy with room for capacity intervals (at least those in use). */
static RateSummary *
rs_copy(const RateSummary *rs, int capacity)
{
	bool		bitmap = (rs->flags & RS_BITMAP) != 0;
	int			used = bitmap ? RS_SLOTS_FOR_WORDS(rs->bm_words) : rs->ninterval;
	RateSummary *copy = rs_alloc(Max(capacity, used), (rs->flags & RS_COUNTED) != 0);

	copy->flags = rs->flags;
	copy->ninterval = rs->ninterval;
	copy->nsorted = rs->nsorted;
	copy->bm_base = rs->bm_base;
	copy->bm_words = rs->bm_words;
	copy->pos = rs->pos;
	copy->neg = rs->neg;
	copy->nrows = rs->nrows;
	copy->confidence = rs->confidence;
	if (bitmap)
		memcpy(RS_BITS(copy), RS_BITS(rs), rs->bm_words * sizeof(uint64));
	else
		memcpy(copy->iv, rs->iv, rs->ninterval * sizeof(RateInterval));
	return copy;
}

/*
 * Make room for more intervals.  The state is never repalloc'd: nodeAgg
 * frees the old state itself when a transition function returns a new
 * pointer (and copies the new one into the aggregate context), so a grown
 * state is a fresh allocation with twice the capacity.
 */
static RateSummary *
rs_reserve(RateSummary *rs, int extra)
{
	if (rs->ninterval + extra <= rs->capacity)
		return rs;
	return rs_copy(rs, Max(8, 2 * (rs->ninterval + extra)));
}

static inline int64
rs_cases(const RateSummary *rs)
{
	/* cannot overflow: pos >= 0 >= neg */
	return rs->pos + rs->neg;
}

static void
rs_overflow(const char *fname)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s: total of cases is out of range for bigint", fname)));
}

/* Add (sign 1) or remove (sign -1) cases. */
static void
rs_add_cases(const char *fname, RateSummary *rs, int64 pos, int64 neg, int sign)
{
	bool		overflow;

	if (sign > 0)
		overflow = pg_add_s64_overflow(rs->pos, pos, &rs->pos) ||
			pg_add_s64_overflow(rs->neg, neg, &rs->neg);
	else
		overflow = pg_sub_s64_overflow(rs->pos, pos, &rs->pos) ||
			pg_sub_s64_overflow(rs->neg, neg, &rs->neg);
	if (unlikely(overflow))
		rs_overflow(fname);
}

/* One row's cases, split by sign. */
static void
rs_add_row_cases(const char *fname, RateSummary *rs, int64 cases, int sign)
{
	if (cases >= 0)
		rs_add_cases(fname, rs, cases, 0, sign);
	else
		rs_add_cases(fname, rs, 0, cases, sign);
}

static int
rs_interval_cmp(const void *a, const void *b)
{
	const RateInterval *x = a;
	const RateInterval *y = b;

	if (x->lo != y->lo)
		return (x->lo < y->lo) ? -1 : 1;
	if (x->hi != y->hi)
		return (x->hi < y->hi) ? -1 : 1;
	return 0;
}

/*
 * Merge two lists of intervals, each sorted by start, into out (room for
 * na + nb), coalescing overlapping and touching ones: the merged form.
 * Either list may overlap itself.  Returns the number of intervals written.
 */
static int
rs_merge_sorted(const RateInterval *a, int na, const RateInterval *b, int nb,
				RateInterval *out)
{
	int			i = 0,
				j = 0,
				n = 0;

	while (i < na || j < nb)
	{
		const RateInterval *next;

		if (j >= nb || (i < na && a[i].lo <= b[j].lo))
			next = &a[i++];
		else
			next = &b[j++];
		if (n > 0 && out[n - 1].hi >= next->lo)
			out[n - 1].hi = Max(out[n - 1].hi, next->hi);
		else
		{
			out[n].lo = next->lo;
			out[n].hi = next->hi;
			out[n].rows = 0;
			n++;
		}
	}
	return n;
}

/* Merged form: sort the pending tail and merge it into the union, in place. */
static void
rs_compact(RateSummary *rs)
{
	RateInterval *merged;

	if (rs->nsorted == rs->ninterval)
		return;
	qsort(&rs->iv[rs->nsorted], rs->ninterval - rs->nsorted,
		  sizeof(RateInterval), rs_interval_cmp);
	merged = palloc(rs->ninterval * sizeof(RateInterval));
	rs->ninterval = rs_merge_sorted(rs->iv, rs->nsorted, &rs->iv[rs->nsorted],
									rs->ninterval - rs->nsorted, merged);
	rs->nsorted = rs->ninterval;
	memcpy(rs->iv, merged, rs->ninterval * sizeof(RateInterval));
	pfree(merged);
}

/* Round a day down / up to a multiple of 64 (days may be negative). */
static inline int32
rs_floor64(int32 day)
{
	return day - (int32) ((uint32) day & 63);
}

static inline int32
rs_ceil64(int32 day)
{
	return rs_floor64(day + 63);
}

/* Set bits [from, to) of a bitmap. */
static void
rs_set_bits(uint64 *words, int from, int to)
{
	while (from < to)
	{
		int			bit = from & 63;
		int			n = Min(64 - bit, to - from);
		uint64		mask = (n == 64) ? ~UINT64CONST(0) : ((UINT64CONST(1) << n) - 1) << bit;

		words[from >> 6] |= mask;
		from += n;
	}
}

/* A bitmap-form copy of a merged summary (no pending tail) over [base, end). */
static RateSummary *
rs_to_bitmap(const RateSummary *rs, int32 base, int32 end)
{
	int			words = (end - base) / 64;
	RateSummary *out = rs_alloc(RS_SLOTS_FOR_WORDS(words), false);

	Assert(rs->nsorted == rs->ninterval && !(rs->flags & RS_COUNTED));
	out->flags = RS_BITMAP;
	out->bm_base = base;
	out->bm_words = words;
	out->pos = rs->pos;
	out->neg = rs->neg;
	out->confidence = rs->confidence;
	if (rs->flags & RS_BITMAP)
		memcpy(RS_BITS(out) + (rs->bm_base - base) / 64, RS_BITS(rs),
			   rs->bm_words * sizeof(uint64));
	else
		for (int i = 0; i < rs->ninterval; i++)
			rs_set_bits(RS_BITS(out), rs->iv[i].lo - base, rs->iv[i].hi - base);
	return out;
}

/* The interval form of a bitmap-form summary, of exactly its size. */
static RateSummary *
rs_from_bitmap(const RateSummary *rs)
{
	const uint64 *words = RS_BITS(rs);
	int			nbits = rs->bm_words * 64;
	int			n = 0;
	RateSummary *out;

	/* count the runs first, to allocate exactly */
	for (int pass = 0; pass < 2; pass++)
	{
		int			bit = 0;

		if (pass == 1)
		{
			out = rs_alloc(n, false);
			out->pos = rs->pos;
			out->neg = rs->neg;
			out->nrows = rs->nrows;
			out->confidence = rs->confidence;
			n = 0;
		}
		while (bit < nbits)
		{
			int			start;

			/* skip whole empty words, then clear bits */
			if (words[bit >> 6] == 0 && (bit & 63) == 0)
			{
				bit += 64;
				continue;
			}
			if (!(words[bit >> 6] & (UINT64CONST(1) << (bit & 63))))
			{
				bit++;
				continue;
			}
			start = bit;
			while (bit < nbits && (words[bit >> 6] & (UINT64CONST(1) << (bit & 63))))
				bit++;
			if (pass == 1)
			{
				out->iv[n].lo = rs->bm_base + start;
				out->iv[n].hi = rs->bm_base + bit;
			}
			n++;
		}
	}
	out->ninterval = out->nsorted = n;
	return out;
}

/* Bitmap form: add [lo, hi), growing the bitmap or leaving the form. */
static RateSummary *rs_merge_interval(RateSummary *rs, int32 lo, int32 hi);

static RateSummary *
rs_bitmap_add(RateSummary *rs, int32 lo, int32 hi)
{
	int32		base = rs->bm_base;
	int32		end = base + rs->bm_words * 64;
	int32		newbase,
				newend,
				extra;

	if (lo >= base && hi <= end)
	{
		rs_set_bits(RS_BITS(rs), lo - base, hi - base);
		return rs;
	}
	/* grow by half the current size on the side that needs it */
	extra = rs->bm_words / 2 * 64;
	newbase = (lo < base) ? rs_floor64(lo) - extra : base;
	newend = (hi > end) ? rs_ceil64(hi) + extra : end;
	if ((int64) newend - newbase > RS_BITMAP_MAX_DAYS)
	{
		newbase = Min(base, rs_floor64(lo));
		newend = Max(end, rs_ceil64(hi));
	}
	if ((int64) newend - newbase > RS_BITMAP_MAX_DAYS)
		return rs_merge_interval(rs_from_bitmap(rs), lo, hi);
	rs = rs_to_bitmap(rs, newbase, newend);
	rs_set_bits(RS_BITS(rs), lo - newbase, hi - newbase);
	return rs;
}

/* Merged form: add [lo, hi) to the union. */
static RateSummary *
rs_merge_interval(RateSummary *rs, int32 lo, int32 hi)
{
	int			n = rs->nsorted;
	int			left,
				right;

	if (rs->flags & RS_BITMAP)
		return rs_bitmap_add(rs, lo, hi);

	/* rows in date order extend or follow the last interval */
	if (rs->ninterval == n)
	{
		if (n == 0 || rs->iv[n - 1].hi < lo)
		{
			rs = rs_reserve(rs, 1);
			rs->iv[n].lo = lo;
			rs->iv[n].hi = hi;
			rs->iv[n].rows = 0;
			rs->ninterval = rs->nsorted = n + 1;
			return rs;
		}
		if (rs->iv[n - 1].lo <= lo)
		{
			if (rs->iv[n - 1].hi < hi)
				rs->iv[n - 1].hi = hi;
			return rs;
		}
	}

	/* days already covered change nothing: find the interval starting at or before lo */
	left = 0;
	right = n;
	while (left < right)
	{
		int			mid = (left + right) / 2;

		if (rs->iv[mid].lo <= lo)
			left = mid + 1;
		else
			right = mid;
	}
	if (left > 0 && rs->iv[left - 1].hi >= hi)
		return rs;

	/* otherwise queue it, and merge the queue once it is as long as the union */
	rs = rs_reserve(rs, 1);
	rs->iv[rs->ninterval].lo = lo;
	rs->iv[rs->ninterval].hi = hi;
	rs->iv[rs->ninterval].rows = 0;
	rs->ninterval++;
	if (rs->ninterval - rs->nsorted > Max(32, rs->nsorted))
	{
		int32		base,
					end;

		rs_compact(rs);
		/*
		 * Rows keep arriving out of order: a bitmap no bigger than a few
		 * times the interval list serves them faster.
		 */
		base = rs_floor64(rs->iv[0].lo);
		end = rs_ceil64(rs->iv[rs->ninterval - 1].hi);
		if ((int64) end - base <= RS_BITMAP_MAX_DAYS &&
			(end - base) / 64 <= Max(64, 8 * rs->ninterval))
			rs = rs_to_bitmap(rs, base, end);
	}
	return rs;
}

/* Counted form: index of period [lo, hi), or of where it would go. */
static int
rs_find_period(const RateSummary *rs, int32 lo, int32 hi, bool *found)
{
	int			left = 0,
				right = rs->ninterval;

	while (left < right)
	{
		int			mid = (left + right) / 2;
		const RateInterval *m = &rs->iv[mid];

		if (m->lo < lo || (m->lo == lo && m->hi < hi))
			left = mid + 1;
		else
			right = mid;
	}
	*found = (left < rs->ninterval && rs->iv[left].lo == lo && rs->iv[left].hi == hi);
	return left;
}

static RateSummary *
rs_count_period(RateSummary *rs, int32 lo, int32 hi, int64 rows)
{
	int			n = rs->ninterval;
	bool		found;
	int			i;

	if (n > 0 && rs->iv[n - 1].lo == lo && rs->iv[n - 1].hi == hi)
	{
		rs->iv[n - 1].rows += rows;
		return rs;
	}
	i = rs_find_period(rs, lo, hi, &found);
	if (found)
	{
		rs->iv[i].rows += rows;
		return rs;
	}
	rs = rs_reserve(rs, 1);
	memmove(&rs->iv[i + 1], &rs->iv[i], (n - i) * sizeof(RateInterval));
	rs->iv[i].lo = lo;
	rs->iv[i].hi = hi;
	rs->iv[i].rows = rows;
	rs->ninterval++;
	return rs;
}

static void
rs_uncount_period(RateSummary *rs, int32 lo, int32 hi, int64 rows)
{
	bool		found;
	int			i = rs_find_period(rs, lo, hi, &found);

	if (!found || rs->iv[i].rows < rows)
		elog(ERROR, "rate_summary: removing a period that was never added");
	rs->iv[i].rows -= rows;
	if (rs->iv[i].rows == 0)
	{
		memmove(&rs->iv[i], &rs->iv[i + 1], (rs->ninterval - i - 1) * sizeof(RateInterval));
		rs->ninterval--;
	}
}

/* The merged form of a summary, as a new value of exactly its size. */
static RateSummary *
rs_normalize(const RateSummary *rs)
{
	RateSummary *out;

	if (rs->flags & RS_BITMAP)
		return rs_from_bitmap(rs);
	if (!(rs->flags & RS_COUNTED))
	{
		out = rs_copy(rs, rs->ninterval);
		rs_compact(out);
	}
	else
	{
		/* counted periods are sorted by start: coalesce them */
		out = rs_alloc(rs->ninterval, false);
		out->pos = rs->pos;
		out->neg = rs->neg;
		out->confidence = rs->confidence;
		out->ninterval = out->nsorted =
			rs_merge_sorted(rs->iv, rs->ninterval, NULL, 0, out->iv);
	}
	/* no slack: a stored summary carries only what it means */
	if (out->capacity != out->ninterval)
		out = rs_copy(out, out->ninterval);
	return out;
}

/*
 * A summary given as an argument, as sorted disjoint intervals.  Stored
 * summaries already are; partial states from other processes may hold a
 * pending tail or a bitmap.
 */
static const RateSummary *
rs_as_intervals(const RateSummary *rs)
{
	if ((rs->flags & (RS_BITMAP | RS_COUNTED)) || rs->nsorted != rs->ninterval)
		return rs_normalize(rs);
	return rs;
}

/* Number of distinct days in the union, for either form. */
static int64
rs_days(const RateSummary *rs)
{
	int64		days = 0;

	if (rs->flags & RS_BITMAP)
		return pg_popcount((const char *) RS_BITS(rs), rs->bm_words * sizeof(uint64));
	if ((rs->flags & RS_COUNTED) || rs->nsorted != rs->ninterval)
		rs = rs_normalize(rs);
	for (int i = 0; i < rs->ninterval; i++)
		days += rs->iv[i].hi - rs->iv[i].lo;
	return days;
}

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
 * Read a daterange argument as [lo, hi) days, rejecting what has no finite
 * number of days.  This runs once per input row, so a bounded daterange is
 * decoded in place: its bytes are the range type's OID, the lower and the
 * upper bound (int4 each, at offsets that need no alignment padding) and a
 * flags byte (see range_serialize).  Ranges stored in tuples usually carry a
 * 1-byte varlena header, which is read as it is rather than detoasted into a
 * palloc'd copy.
 */
static void
rs_get_period(FunctionCallInfo fcinfo, int argno, const char *fname,
			  int32 *lo, int32 *hi)
{
	Datum		d = PG_GETARG_DATUM(argno);
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
	typcache = (TypeCacheEntry *) fcinfo->flinfo->fn_extra;
	if (typcache == NULL || typcache->type_id != typid)
	{
		typcache = lookup_type_cache(typid, TYPECACHE_RANGE_INFO);
		if (typcache->rngelemtype == NULL ||
			typcache->rngelemtype->type_id != DATEOID)
			elog(ERROR, "%s: expected a daterange", fname);
		fcinfo->flinfo->fn_extra = typcache;
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
	/* transition states are always values our own functions made */
	rs = (RateSummary *) PG_GETARG_POINTER(0);
	Assert(!VARATT_IS_EXTENDED(rs));
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
 * Transition for one input row (cases, period[, confidence]).  A row with
 * any NULL argument is skipped whole, as for built-in aggregates.
 */
static Datum
rate_accum_common(FunctionCallInfo fcinfo, const char *fname, bool with_conf,
				  bool counted)
{
	RateSummary *rs;
	int32		lo,
				hi;
	int64		cases;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || (with_conf && PG_ARGISNULL(3)))
		return rs_skip_row(fcinfo, fname, counted);
	rs = rs_state(fcinfo, fname, counted);
	cases = PG_GETARG_INT64(1);
	rs_get_period(fcinfo, 2, fname, &lo, &hi);
	if (with_conf)
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
rate_inv_common(FunctionCallInfo fcinfo, const char *fname, bool with_conf)
{
	RateSummary *rs;
	int32		lo,
				hi;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || (with_conf && PG_ARGISNULL(3)))
		return rs_skip_row(fcinfo, fname, true);
	rs = rs_state(fcinfo, fname, true);
	rs_get_period(fcinfo, 2, fname, &lo, &hi);
	rs_add_row_cases(fname, rs, PG_GETARG_INT64(1), -1);
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
	return rate_accum_common(fcinfo, "rate_summary", false, false);
}

Datum
rate_summary_maccum(PG_FUNCTION_ARGS)
{
	return rate_accum_common(fcinfo, "rate_summary", false, true);
}

Datum
rate_summary_minv(PG_FUNCTION_ARGS)
{
	return rate_inv_common(fcinfo, "rate_summary", false);
}

Datum
per_day_rate_accum(PG_FUNCTION_ARGS)
{
	return rate_accum_common(fcinfo, "per_day_rate", false, false);
}

Datum
per_day_rate_maccum(PG_FUNCTION_ARGS)
{
	return rate_accum_common(fcinfo, "per_day_rate", false, true);
}

Datum
per_day_rate_minv(PG_FUNCTION_ARGS)
{
	return rate_inv_common(fcinfo, "per_day_rate", false);
}

Datum
per_day_rate_ci_accum(PG_FUNCTION_ARGS)
{
	return rate_accum_common(fcinfo, "per_day_rate_ci", true, false);
}

Datum
per_day_rate_ci_maccum(PG_FUNCTION_ARGS)
{
	return rate_accum_common(fcinfo, "per_day_rate_ci", true, true);
}

Datum
per_day_rate_ci_minv(PG_FUNCTION_ARGS)
{
	return rate_inv_common(fcinfo, "per_day_rate_ci", true);
}

/*
 * Merge b into a (both merged form); returns a, or a new summary.  The
 * combine function keeps per_day_rate_ci's confidence (and checks it);
 * rollup() builds a plain summary and leaves it out.
 */
static RateSummary *
rs_merge_summary(const char *fname, RateSummary *a, const RateSummary *b,
				 bool with_conf)
{
	RateSummary *out;

	/* partial states may come in any merged form: bring both to intervals */
	if (a->flags & RS_BITMAP)
		a = rs_from_bitmap(a);
	b = rs_as_intervals(b);
	rs_add_cases(fname, a, b->pos, b->neg, 1);
	if (with_conf && b->confidence != 0.0)
		cs_check_same_confidence(fname, &a->confidence, b->confidence);
	if (b->ninterval == 0)
		return a;
	/* a partial state may still hold a pending tail */
	rs_compact(a);
	/* b after a (partial aggregates of consecutive scan ranges): append */
	if (a->ninterval == 0 || a->iv[a->ninterval - 1].hi < b->iv[0].lo)
	{
		a = rs_reserve(a, b->ninterval);
		memcpy(&a->iv[a->ninterval], b->iv, b->ninterval * sizeof(RateInterval));
		a->ninterval += b->ninterval;
		a->nsorted = a->ninterval;
		return a;
	}
	/* general case: merge the two sorted lists, coalescing as we go */
	out = rs_alloc(Max(8, a->ninterval + b->ninterval), false);
	out->pos = a->pos;
	out->neg = a->neg;
	out->confidence = a->confidence;
	out->ninterval = out->nsorted =
		rs_merge_sorted(a->iv, a->ninterval, b->iv, b->ninterval, out->iv);
	return out;
}

PG_FUNCTION_INFO_V1(rate_summary_combine);
Datum
rate_summary_combine(PG_FUNCTION_ARGS)
{
	RateSummary *a;
	RateSummary *b;

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
	a = rs_state(fcinfo, "rate_summary_combine", false);
	PG_RETURN_POINTER(rs_merge_summary("rate_summary_combine", a, b, true));
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
 * Final function of rate_summary() and rollup(): a compact merged copy;
 * NULL for a window frame without rows.
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
	PG_RETURN_POINTER(rs_normalize(rs));
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

/* Exact (Garwood) Poisson interval for a count. */
static void
poisson_interval(int64 cases, double confidence, double *lower, double *upper)
{
	double		half_alpha = (1.0 - confidence) / 2.0;

	*lower = (cases == 0) ? 0.0 : cs_gamma_quantile((double) cases, half_alpha, true);
	*upper = cs_gamma_quantile((double) cases + 1.0, half_alpha, false);
}

static Datum
rate_estimate(FunctionCallInfo fcinfo, const char *fname, const RateSummary *rs,
			  double confidence)
{
	int64		days;
	double		lower,
				upper;

	if (!rs_rate(fname, rs, &days))
		PG_RETURN_NULL();
	poisson_interval(rs_cases(rs), confidence, &lower, &upper);
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
	return rate_estimate(fcinfo, "per_day_rate_ci", rs, rs->confidence);
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
	return rate_estimate(fcinfo, "per_day_ci", rs, confidence);
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
	RateSummary *rs = rs_normalize(PG_GETARG_RATE_SUMMARY(0));
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
	}
	cs_scan_expect(&s, '}');
	cs_scan_end(&s);
	rs_validate(rs, "input", ERRCODE_INVALID_TEXT_REPRESENTATION);
	PG_RETURN_POINTER(rs_copy(rs, rs->ninterval));
}

/*
 * Binary form: version byte, flags byte (0), cases int8, confidence float8,
 * interval count int4, then each interval as two int4 day numbers.
 */
PG_FUNCTION_INFO_V1(rate_summary_send);
Datum
rate_summary_send(PG_FUNCTION_ARGS)
{
	RateSummary *rs = rs_normalize(PG_GETARG_RATE_SUMMARY(0));
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, RS_STORED_VERSION);
	pq_sendbyte(&buf, 0);
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
	if (version != RS_STORED_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported rate_summary binary format version %d", version)));
	flags = pq_getmsgbyte(buf);
	if (flags != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid flags %d in binary rate_summary", flags)));
	cases = pq_getmsgint64(buf);
	confidence = pq_getmsgfloat8(buf);
	n = pq_getmsgint(buf, 4);
	/* each interval takes 8 bytes: check before allocating */
	if (n < 0 || n > (buf->len - buf->cursor) / 8)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid interval count %d in binary rate_summary", n)));
	rs = rs_alloc(n, false);
	rs_add_row_cases("rate_summary_recv", rs, cases, 1);
	rs->confidence = confidence;
	for (int i = 0; i < n; i++)
	{
		rs->iv[i].lo = pq_getmsgint(buf, 4);
		rs->iv[i].hi = pq_getmsgint(buf, 4);
	}
	rs->ninterval = rs->nsorted = n;
	pq_getmsgend(buf);
	rs_validate(rs, "binary data", ERRCODE_INVALID_BINARY_REPRESENTATION);
	PG_RETURN_POINTER(rs);
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

PG_FUNCTION_INFO_V1(poisson_ci);
Datum
poisson_ci(PG_FUNCTION_ARGS)
{
	int64		cases = PG_GETARG_INT64(0);
	double		confidence = PG_GETARG_FLOAT8(1);
	double		lower,
				upper;

	if (cases < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("poisson_ci: cases must not be negative, got " INT64_FORMAT, cases)));
	cs_check_confidence("poisson_ci", confidence);
	poisson_interval(cases, confidence, &lower, &upper);
	return cs_make_estimate(fcinfo, (double) cases, lower, upper,
							(double) cases, 1.0, confidence);
}
