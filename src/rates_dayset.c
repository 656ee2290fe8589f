/*-------------------------------------------------------------------------
 *
 * rates_dayset.c
 *	  The working state of the rate aggregates: an exact total of cases and
 *	  a set of days, kept in whichever form makes the next row cheap.  No
 *	  fmgr code lives here; src/rates.c holds the SQL-facing functions and
 *	  the stored form of rate_summary.
 *
 * The set of days is kept in one of two forms:
 *
 * - merged (the ordinary aggregate and rollup): sorted, disjoint,
 *   non-adjacent [lo, hi) day intervals.  Rows merge in whatever order they
 *   arrive; rows in date order only ever extend the last interval, so a
 *   month of daily rows is one interval.  Rows in random order that are not
 *   already covered are appended to a pending tail, which is sorted and
 *   merged in when it grows as long as the merged part (amortised O(log n) a
 *   row, where inserting each in place would move the whole array every
 *   time).  When rows keep arriving out of order and their days span at
 *   most RS_BITMAP_MAX_DAYS, the union switches to a bitmap of days (one bit
 *   a day): setting a row's bits costs the same however scattered the rows
 *   are, and a decade of days takes 460 bytes.
 *
 * - counted (moving-aggregate state for sliding window frames only): the
 *   distinct periods seen, each with the number of rows that carried it.
 *   Removing a row decrements its period's count and drops the period when
 *   it reaches zero, so the inverse transition undoes exactly what the
 *   forward one did; the union is swept at final time.
 *
 * Whatever the form, rs_normalize() gives the merged form with no pending
 * tail and no slack, which is what the stored form is made from.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/int.h"
#include "port/pg_bitutils.h"

#include "rates_dayset.h"

RateSummary *
rs_alloc(int capacity, bool counted)
{
	RateSummary *rs = palloc0(RS_SIZE(capacity));

	SET_VARSIZE(rs, RS_SIZE(capacity));
	rs->version = RS_WORKING_VERSION;
	rs->flags = counted ? RS_COUNTED : 0;
	rs->capacity = capacity;
	return rs;
}

/* A copy with room for capacity intervals (at least those in use). */
RateSummary *
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
	copy->method = rs->method;
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
RateSummary *
rs_reserve(RateSummary *rs, int extra)
{
	if (rs->ninterval + extra <= rs->capacity)
		return rs;
	return rs_copy(rs, Max(8, 2 * (rs->ninterval + extra)));
}

void
rs_overflow(const char *fname)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s: total of cases is out of range for bigint", fname)));
}

/* Add (sign 1) or remove (sign -1) cases. */
void
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
void
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
	out->method = rs->method;
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
			out->method = rs->method;
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
RateSummary *
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

RateSummary *
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

void
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
RateSummary *
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
		out->method = rs->method;
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
const RateSummary *
rs_as_intervals(const RateSummary *rs)
{
	if ((rs->flags & (RS_BITMAP | RS_COUNTED)) || rs->nsorted != rs->ninterval)
		return rs_normalize(rs);
	return rs;
}

/* Number of distinct days in the union, for either form. */
int64
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

/*
 * Merge b into a (both merged form); returns a, or a new summary.  The
 * combine function keeps per_day_rate_ci's confidence (and checks it);
 * rollup() builds a plain summary and leaves it out.
 */
RateSummary *
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
	{
		rs_check_same_method(fname, a, b->method);
		cs_check_same_confidence(fname, &a->confidence, b->confidence);
	}
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
	out->method = a->method;
	out->ninterval = out->nsorted =
		rs_merge_sorted(a->iv, a->ninterval, b->iv, b->ninterval, out->iv);
	return out;
}

static const char *
rs_method_name(int method)
{
	return (method == RS_METHOD_BYAR) ? "byar" : "exact";
}

void
rs_check_same_method(const char *fname, RateSummary *rs, int method)
{
	/* the confidence is set by the first row: until then, so is the method */
	if (rs->confidence == 0.0)
		rs->method = method;
	else if (rs->method != method)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: method must be the same on every row, got '%s' after '%s'",
						fname, rs_method_name(method), rs_method_name(rs->method))));
}
