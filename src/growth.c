/*-------------------------------------------------------------------------
 *
 * growth.c
 *	  Multi-year growth: the series_summary type (the total per distinct
 *	  `at`), its building aggregate, rollup and accessors, and the one-step
 *	  aggregates growth_factor, pct_change, cagr, trend_growth and sparkline.
 *	  The window functions growth_since and year_on_year are in
 *	  growth_window.c, the fit behind trend_growth in poisson_trend.c.
 *
 * A series_summary keeps one bucket per distinct `at` (a date, or an
 * integer such as a year), sorted by `at`, each with the sum of the values
 * and the number of rows behind it.  Values sharing an `at` are therefore
 * summed before any growth figure is computed, whatever order the rows
 * arrive in, and partial summaries combine by merging buckets.
 *
 * The row count per bucket is what makes the moving-aggregate inverse
 * exact: when the last row of an `at` leaves a window frame, its bucket
 * disappears instead of lingering as a zero total.  The values are float8,
 * so a subtraction can round; every addition and subtraction is checked to
 * be exact (two-sum error term zero), and when one is not the inverse
 * declines (returns NULL), which makes the executor recompute the frame
 * from scratch.  So a frame's result never depends on its history; for
 * counts (integers below 2^53) the inverse always succeeds.
 *
 *
 * Stored form
 * -----------
 * What a series_summary value is on disk, and what every function that
 * returns one returns.  A varlena aligned to double, in the platform's
 * byte order; after the 4-byte length word:
 *
 *   version 1 (crimestats 1.0 and later)
 *     offset  bytes
 *      0      1     version, 1
 *      1      1     kind: 'y' (integer at) or 'd' (date at, days since
 *                   2000-01-01)
 *      2      2     zero
 *      4      4     int32 n, the number of points
 *      8      4     zero (aligns the points)
 *     12      24 n  the points in strictly increasing order of at, each
 *                   float8 total, int64 rows (>= 1), int32 at, int32 zero
 *
 *   The length word is exactly 4 + 12 + 24 n: no spare capacity.  These
 *   are the offsets of platforms that align double to 8 bytes (x86-64,
 *   aarch64); like PostgreSQL's own data files, stored bytes are specific
 *   to the platform.  The text and binary (send/recv) forms are not.
 *
 * That is all a summary means: its kind and, per distinct at, the total and
 * the number of rows behind it.  The row counts are meaning, not
 * bookkeeping: a summary read back behaves exactly as the one written,
 * including as the input of a moving rollup, whose inverse removes a point
 * when its count reaches zero.  Whether an addition rounded (SERIES_INEXACT)
 * is not: it matters only to the inverse transitions of the state that made
 * the addition, and totals read from a value are taken as given.
 *
 * The working state of the aggregates is the same struct in memory, with
 * spare capacity (the length word covers it, and growth doubles) and
 * SERIES_INEXACT kept in byte 2.  It never leaves an aggregate: the final
 * function of series_summary() and rollup(), also as moving-aggregate final
 * function, returns series_stored_copy(), and the transition and combine
 * functions, called directly outside an aggregate, return the stored form
 * too.
 *
 * crimestats 1.0 stored exactly this layout (test/upgrade/stored-1.0.txt
 * has its bytes), so it is version 1 still.  Only its support functions
 * called directly could return a working state, which a user might have
 * stored; so readers take n, not the length word, as the number of points
 * (checking that they fit) and ignore bytes 2 and 3.  Every function that
 * reads a summary gets it through series_getarg(), which checks the
 * version first: a value of a later version is refused (22023), never
 * misread.  A new layout gets version 2, and this build keeps reading 1.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "common/int.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/float.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "growth.h"

/* newest stored format version (1: as stored by crimestats 1.0) */
#define SERIES_STORED_VERSION	1

/* flags of a working state; zero in the stored form */
#define SERIES_INEXACT		0x01	/* an addition into a total rounded */

#define DAYS_PER_YEAR		365.25

typedef struct SeriesBucket
{
	double		total;			/* sum of the values at this `at` */
	int64		rows;			/* rows behind the total, >= 1 */
	int32		at;				/* DateADT or integer */
	int32		pad;			/* always zero */
} SeriesBucket;

/* the layout documented at the top of this file */
typedef struct SeriesSummary
{
	int32		vl_len_;		/* varlena header; in a working state it
								 * covers spare capacity too */
	uint8		version;		/* SERIES_STORED_VERSION */
	uint8		kind;			/* SERIES_KIND_* */
	uint8		flags;			/* working state only: SERIES_INEXACT */
	uint8		pad;			/* always zero */
	int32		nbuckets;		/* buckets in use, sorted by at, distinct */
	SeriesBucket buckets[FLEXIBLE_ARRAY_MEMBER];
} SeriesSummary;

#define SERIES_HDRSZ		offsetof(SeriesSummary, buckets)
#define SERIES_CAPACITY(s)	((int32) ((VARSIZE(s) - SERIES_HDRSZ) / sizeof(SeriesBucket)))
#define SERIES_MAX_BUCKETS	((int32) ((MaxAllocSize - SERIES_HDRSZ) / sizeof(SeriesBucket)))

/* size of one bucket in the binary form: at, total, rows */
#define SERIES_WIRE_BUCKET	(4 + 8 + 8)

#define PG_GETARG_SERIES_P(n)	series_getarg(fcinfo, (n))

PG_FUNCTION_INFO_V1(series_summary_in);
PG_FUNCTION_INFO_V1(series_summary_out);
PG_FUNCTION_INFO_V1(series_summary_recv);
PG_FUNCTION_INFO_V1(series_summary_send);
PG_FUNCTION_INFO_V1(series_summary_accum_date);
PG_FUNCTION_INFO_V1(series_summary_accum_int);
PG_FUNCTION_INFO_V1(series_summary_inv_date);
PG_FUNCTION_INFO_V1(series_summary_inv_int);
PG_FUNCTION_INFO_V1(series_summary_accum_at);
PG_FUNCTION_INFO_V1(series_summary_inv_at);
PG_FUNCTION_INFO_V1(series_summary_combine);
PG_FUNCTION_INFO_V1(series_summary_rollup_inv);
PG_FUNCTION_INFO_V1(series_summary_final);
PG_FUNCTION_INFO_V1(series_growth_factor);
PG_FUNCTION_INFO_V1(series_pct_change);
PG_FUNCTION_INFO_V1(series_cagr);
PG_FUNCTION_INFO_V1(series_trend_growth);
PG_FUNCTION_INFO_V1(series_sparkline);
PG_FUNCTION_INFO_V1(series_first_total);
PG_FUNCTION_INFO_V1(series_last_total);
PG_FUNCTION_INFO_V1(series_n_points);

/* ---------- helpers: names in messages, exact sums ---------- */

static const char *
series_kind_name(uint8 kind)
{
	return kind == SERIES_KIND_DATE ? "date" : "integer";
}

/*
 * The function to name in an error raised for fcinfo.  The transition,
 * inverse and combine functions serve every growth aggregate, so in an Agg
 * node (also a partial or partitionwise one, where combine runs) we name
 * the aggregate the user called, from the Aggref.  A window aggregate has
 * no Aggref to ask, nor has a direct call: there, fallback.  The lookup
 * goes through the syscache, so this is called on error paths only.
 * fcinfo may be NULL (the window functions, which know their name).
 */
static const char *
series_fname(FunctionCallInfo fcinfo, const char *fallback)
{
	return fcinfo != NULL ? cs_caller_name(fcinfo, fallback) : fallback;
}

/* growth.h */
uint8
series_at_kind(Oid at_type)
{
	if (at_type == DATEOID || at_type == TIMESTAMPOID || at_type == TIMESTAMPTZOID)
		return SERIES_KIND_DATE;
	return SERIES_KIND_INT;
}

/* growth.h */
int32
series_at_value(Datum d, Oid at_type, FunctionCallInfo namer,
				const char *fallback)
{
	int64		at;

	switch (at_type)
	{
		case INT4OID:
			return DatumGetInt32(d);
		case DATEOID:
			return DatumGetDateADT(d);
		case TIMESTAMPOID:
			/* infinite timestamps give infinite dates, refused as those are */
			return DatumGetDateADT(DirectFunctionCall1(timestamp_date, d));
		case TIMESTAMPTZOID:
			return DatumGetDateADT(DirectFunctionCall1(timestamptz_date, d));
		case NUMERICOID:
		case FLOAT8OID:
			if (!cs_whole_int64(d, at_type, namer, fallback, "at", &at) ||
				at < PG_INT32_MIN || at > PG_INT32_MAX)
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("%s: at is out of range for integer, got %s",
								series_fname(namer, fallback),
								at_type == FLOAT8OID ?
								float8out_internal(DatumGetFloat8(d)) :
								DatumGetCString(DirectFunctionCall1(numeric_out, d)))));
			return (int32) at;
		default:
			elog(ERROR, "%s: unexpected type %u of at", fallback, at_type);
	}
	pg_unreachable();
}

/* growth.h: "2013" or "2013-09-30", whatever the DateStyle */
char *
series_at_string(uint8 kind, int32 at)
{
	if (kind == SERIES_KIND_DATE && !DATE_NOT_FINITE(at))
	{
		int			year,
					month,
					day;

		j2date(at + POSTGRES_EPOCH_JDATE, &year, &month, &day);
		if (year > 0)
			return psprintf("%04d-%02d-%02d", year, month, day);
	}
	if (kind == SERIES_KIND_DATE)
		return DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(at)));
	return psprintf("%d", at);
}

/* Is a + b == sum exactly?  (Knuth's two-sum: the rounding error is zero.) */
static inline bool
sum_is_exact(double a, double b, double sum)
{
	double		bb = sum - a;

	return (a - (sum - bb)) + (b - bb) == 0.0;
}

/* ---------- stored form and working state ---------- */

/* a zeroed summary with room for capacity points (series_grow checks it) */
static SeriesSummary *
series_alloc(uint8 kind, int32 capacity)
{
	SeriesSummary *s;

	Assert(capacity >= 0 && capacity <= SERIES_MAX_BUCKETS);
	s = palloc0(SERIES_HDRSZ + (Size) capacity * sizeof(SeriesBucket));
	SET_VARSIZE(s, SERIES_HDRSZ + (Size) capacity * sizeof(SeriesBucket));
	s->version = SERIES_STORED_VERSION;
	s->kind = kind;
	return s;
}

/*
 * Argument n as a summary this build can read: detoasted, of a version it
 * knows, its points within its length.  Every function that reads a
 * series_summary argument gets it here (as PG_GETARG_SERIES_P).
 */
static SeriesSummary *
series_getarg(FunctionCallInfo fcinfo, int n)
{
	SeriesSummary *s = (SeriesSummary *) PG_DETOAST_DATUM(PG_GETARG_DATUM(n));

	if (VARSIZE(s) <= VARHDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("series_summary: stored value is empty")));
	cs_check_stored_version("series_summary", s->version, SERIES_STORED_VERSION);
	/* version 1: the n points must fit; spare capacity is allowed (see top) */
	if (VARSIZE(s) < SERIES_HDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("series_summary: stored value of %d bytes is too short",
						(int) (VARSIZE(s) - VARHDRSZ))));
	if (s->nbuckets < 0 || s->nbuckets > SERIES_CAPACITY(s))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("series_summary: stored value of %d bytes cannot hold %d points",
						(int) (VARSIZE(s) - VARHDRSZ), s->nbuckets)));
	return s;
}

/*
 * The stored form of s (see the top of this file): its kind and points,
 * without spare capacity or working flags, padding zero.  The only way a
 * summary built by an aggregate leaves it.
 */
static SeriesSummary *
series_stored_copy(const SeriesSummary *s)
{
	SeriesSummary *r = series_alloc(s->kind, s->nbuckets);

	for (int32 i = 0; i < s->nbuckets; i++)
	{
		r->buckets[i].total = s->buckets[i].total;
		r->buckets[i].rows = s->buckets[i].rows;
		r->buckets[i].at = s->buckets[i].at;
	}
	r->nbuckets = s->nbuckets;
	return r;
}

/*
 * What a transition or combine function returns: the working state when it
 * runs in an aggregate; its stored form when a query calls it directly, so
 * that no working state can be stored.
 */
static Datum
series_return_state(FunctionCallInfo fcinfo, SeriesSummary *s)
{
	if (!AggCheckCallContext(fcinfo, NULL))
		s = series_stored_copy(s);
	PG_RETURN_POINTER(s);
}

/*
 * A copy of s with room for `need` points, and spare room beyond: the
 * capacity at least doubles (up to the limit), so that the amortized cost
 * per added point stays constant.  54000 naming the function (see
 * series_fname) when `need` is more than a summary can hold.
 */
static SeriesSummary *
series_grow(FunctionCallInfo fcinfo, const char *fallback,
			const SeriesSummary *s, int32 need)
{
	SeriesSummary *r;
	int32		cap;

	if (need > SERIES_MAX_BUCKETS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: too many distinct values of at, %d",
						series_fname(fcinfo, fallback), need),
				 errdetail("A series_summary holds at most %d points.", SERIES_MAX_BUCKETS)));
	cap = Max(need, 8);
	if (cap < 2 * s->nbuckets)
		cap = Min(2 * s->nbuckets, SERIES_MAX_BUCKETS);
	r = series_alloc(s->kind, cap);
	r->flags = s->flags;
	r->nbuckets = s->nbuckets;
	memcpy(r->buckets, s->buckets, s->nbuckets * sizeof(SeriesBucket));
	return r;
}

/*
 * Return a summary we may modify with room for `need` buckets: the state
 * itself when the aggregate executor owns it and it is big enough, else a
 * bigger copy (series_grow).  The copy is allocated in the current
 * (per-call) context: when a transition function returns a different
 * pointer, the executor copies it into the aggregate context and frees the
 * old state, so the state is never repalloc'd behind the executor's back.
 * The copy keeps its spare capacity (VARSIZE covers it).
 */
static SeriesSummary *
series_writable(FunctionCallInfo fcinfo, const char *fallback,
				SeriesSummary *s, int32 need)
{
	if (AggCheckCallContext(fcinfo, NULL) && need <= SERIES_CAPACITY(s))
		return s;
	return series_grow(fcinfo, fallback, s, need);
}

/* ---------- points: find, add, take out ---------- */

/* index of `at`, or of where it would be inserted (*found false) */
static int32
series_find(const SeriesSummary *s, int32 at, bool *found)
{
	int32		lo = 0,
				hi = s->nbuckets;

	/* rows usually arrive in order of at: try the last point first */
	if (hi > 0 && s->buckets[hi - 1].at <= at)
	{
		*found = (s->buckets[hi - 1].at == at);
		return *found ? hi - 1 : hi;
	}
	while (lo < hi)
	{
		int32		mid = lo + (hi - lo) / 2;

		if (s->buckets[mid].at < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = (lo < s->nbuckets && s->buckets[lo].at == at);
	return lo;
}

/* growth.h: total + value, or 22003 naming the function (series_fname) */
double
series_checked_sum(FunctionCallInfo fcinfo, const char *fallback, uint8 kind,
				   int32 at, double total, double value)
{
	double		sum = total + value;

	if (isinf(sum))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: total at %s is out of range for type double precision",
						series_fname(fcinfo, fallback), series_at_string(kind, at))));
	return sum;
}

/*
 * Add `rows` rows totalling `value` at `at` to a writable summary with room
 * for one more bucket.  Errors name the function as series_fname does.
 */
static void
series_add_bucket(FunctionCallInfo fcinfo, const char *fallback,
				  SeriesSummary *s, int32 at, double value, int64 rows)
{
	bool		found;
	int32		i = series_find(s, at, &found);

	if (found)
	{
		SeriesBucket *b = &s->buckets[i];
		double		sum = series_checked_sum(fcinfo, fallback, s->kind, at,
											 b->total, value);

		if (!sum_is_exact(b->total, value, sum))
			s->flags |= SERIES_INEXACT;
		if (pg_add_s64_overflow(b->rows, rows, &b->rows))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s: row count at %s is out of range for type bigint",
							series_fname(fcinfo, fallback), series_at_string(s->kind, at))));
		b->total = sum;
	}
	else
	{
		Assert(s->nbuckets < SERIES_CAPACITY(s));
		memmove(&s->buckets[i + 1], &s->buckets[i],
				(s->nbuckets - i) * sizeof(SeriesBucket));
		s->buckets[i].at = at;
		s->buckets[i].total = value;
		s->buckets[i].rows = rows;
		s->buckets[i].pad = 0;
		s->nbuckets++;
	}
}

/*
 * Can `rows` rows totalling `value` at `at` be taken out exactly?  Only
 * when every total is an exact sum (no INEXACT flag) and the subtraction
 * is exact too; otherwise the caller declines the inverse.
 */
static bool
series_can_remove(const SeriesSummary *s, int32 at, double value, int64 rows)
{
	bool		found;
	int32		i = series_find(s, at, &found);
	const SeriesBucket *b;

	if (!found || s->buckets[i].rows < rows)
		elog(ERROR, "series_summary: inverse transition for a row that was never added");
	if (s->flags & SERIES_INEXACT)
		return false;
	b = &s->buckets[i];
	if (b->rows == rows)
		return true;
	return sum_is_exact(b->total, -value, b->total - value);
}

static void
series_remove_bucket(SeriesSummary *s, int32 at, double value, int64 rows)
{
	bool		found;
	int32		i = series_find(s, at, &found);
	SeriesBucket *b = &s->buckets[i];

	Assert(found);
	if (b->rows == rows)
	{
		/* the last rows of this `at` left: the point disappears */
		memmove(&s->buckets[i], &s->buckets[i + 1],
				(s->nbuckets - i - 1) * sizeof(SeriesBucket));
		s->nbuckets--;
	}
	else
	{
		b->total -= value;
		/* normalise -0: a total is a sum, its sign is meaningless at zero */
		if (b->total == 0.0)
			b->total = 0.0;
		b->rows -= rows;
	}
}

/* validate one row's `value` and `at`, raising 22023 naming the function */
static void
series_check_row(const char *fname, uint8 kind, double value, int32 at)
{
	if (isnan(value) || isinf(value))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: value must be a finite number, got %s",
						fname, float8out_internal(value))));
	if (kind == SERIES_KIND_DATE && (at < SERIES_MIN_DATE || at > SERIES_MAX_DATE))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: at must be a finite date between 0001-01-01 and 99999-12-31, got %s",
						fname, series_at_string(kind, at))));
}

/* ---------- text and binary forms ---------- */

/*
 * Text form:
 *   {"at":"year","totals":[[2013,850,12],[2014,901.5,12]]}
 *   {"at":"date","totals":[["2013-09-30",850,1]]}
 * "at" says how the points are keyed ("year" for integers, whatever they
 * count); each point is [at, total, rows] in strictly increasing order of
 * at, rows >= 1, the total a finite number written so it reads back
 * exactly.
 */
Datum
series_summary_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	CsScanner	sc;
	uint8		kind;
	SeriesSummary *s;

	cs_scan_init(&sc, "crimestats.series_summary", input);
	cs_scan_expect(&sc, '{');
	cs_scan_key(&sc, "at");
	if (cs_scan_peek(&sc) == '"' && strncmp(sc.p, "\"year\"", 6) == 0)
		kind = SERIES_KIND_INT;
	else if (cs_scan_peek(&sc) == '"' && strncmp(sc.p, "\"date\"", 6) == 0)
		kind = SERIES_KIND_DATE;
	else
		cs_scan_error(&sc, "Expected \"year\" or \"date\"");
	sc.p += 6;
	cs_scan_expect(&sc, ',');
	cs_scan_key(&sc, "totals");
	cs_scan_expect(&sc, '[');

	s = series_alloc(kind, 8);
	if (!cs_scan_accept(&sc, ']'))
	{
		do
		{
			int32		at;
			double		total;
			int64		rows;

			cs_scan_expect(&sc, '[');
			if (kind == SERIES_KIND_DATE)
			{
				at = cs_scan_date(&sc);
				if (at > SERIES_MAX_DATE)
					cs_scan_error(&sc, "Date out of range");
			}
			else
			{
				int64		v = cs_scan_int64(&sc);

				if (v < PG_INT32_MIN || v > PG_INT32_MAX)
					cs_scan_error(&sc, "Integer at out of range");
				at = (int32) v;
			}
			if (s->nbuckets > 0 && at <= s->buckets[s->nbuckets - 1].at)
				cs_scan_error(&sc, "Values of at must be strictly increasing");
			cs_scan_expect(&sc, ',');
			total = cs_scan_float8(&sc);
			cs_scan_expect(&sc, ',');
			rows = cs_scan_int64(&sc);
			if (rows < 1)
				cs_scan_error(&sc, "Row count must be at least 1");
			cs_scan_expect(&sc, ']');

			if (s->nbuckets == SERIES_CAPACITY(s))
			{
				SeriesSummary *bigger = series_grow(fcinfo, "series_summary",
													s, s->nbuckets + 1);

				pfree(s);
				s = bigger;
			}
			s->buckets[s->nbuckets].at = at;
			s->buckets[s->nbuckets].total = (total == 0.0) ? 0.0 : total;
			s->buckets[s->nbuckets].rows = rows;
			s->nbuckets++;
		} while (cs_scan_accept(&sc, ','));
		cs_scan_expect(&sc, ']');
	}
	cs_scan_expect(&sc, '}');
	cs_scan_end(&sc);

	PG_RETURN_POINTER(series_stored_copy(s));
}

Datum
series_summary_out(PG_FUNCTION_ARGS)
{
	SeriesSummary *s = PG_GETARG_SERIES_P(0);
	StringInfoData buf;

	if (s->kind != SERIES_KIND_DATE && s->kind != SERIES_KIND_INT)
		elog(ERROR, "series_summary: summary of unknown kind %d", s->kind);
	initStringInfo(&buf);
	appendStringInfo(&buf, "{\"at\":\"%s\",\"totals\":[",
					 s->kind == SERIES_KIND_DATE ? "date" : "year");
	for (int32 i = 0; i < s->nbuckets; i++)
	{
		const SeriesBucket *b = &s->buckets[i];

		if (i > 0)
			appendStringInfoChar(&buf, ',');
		appendStringInfoChar(&buf, '[');
		if (s->kind == SERIES_KIND_DATE)
			cs_append_date(&buf, b->at);
		else
			appendStringInfo(&buf, "%d", b->at);
		appendStringInfoChar(&buf, ',');
		cs_append_float8(&buf, b->total);
		appendStringInfo(&buf, "," INT64_FORMAT "]", b->rows);
	}
	appendStringInfoString(&buf, "]}");
	PG_RETURN_CSTRING(buf.data);
}

/*
 * Binary form: version byte, kind byte ('d' or 'y'), int32 number of
 * points, then per point int32 at, float8 total, int64 rows.  Everything is
 * validated as in the text form before the bytes are trusted.
 */
Datum
series_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version;
	int			kind;
	int32		n;
	SeriesSummary *s;

	if (buf->len - buf->cursor < 6)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary series_summary: too short")));
	version = pq_getmsgbyte(buf);
	if (version != SERIES_STORED_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary series_summary: unsupported version %d", version),
				 errdetail("This version of crimestats reads version %d.", SERIES_STORED_VERSION)));
	kind = pq_getmsgbyte(buf);
	if (kind != SERIES_KIND_DATE && kind != SERIES_KIND_INT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary series_summary: unknown kind %d", kind)));
	n = pq_getmsgint(buf, 4);
	if (n < 0 || n > SERIES_MAX_BUCKETS ||
		(int64) n * SERIES_WIRE_BUCKET != (int64) (buf->len - buf->cursor))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary series_summary: %d points do not match the %d bytes that follow",
						n, buf->len - buf->cursor)));

	s = series_alloc((uint8) kind, n);
	for (int32 i = 0; i < n; i++)
	{
		int32		at = pq_getmsgint(buf, 4);
		double		total = pq_getmsgfloat8(buf);
		int64		rows = pq_getmsgint64(buf);

		if (kind == SERIES_KIND_DATE && (at < SERIES_MIN_DATE || at > SERIES_MAX_DATE))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid binary series_summary: date out of range")));
		if (i > 0 && at <= s->buckets[i - 1].at)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid binary series_summary: values of at must be strictly increasing")));
		if (isnan(total) || isinf(total))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid binary series_summary: totals must be finite")));
		if (rows < 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid binary series_summary: row counts must be at least 1")));
		s->buckets[i].at = at;
		s->buckets[i].total = (total == 0.0) ? 0.0 : total;
		s->buckets[i].rows = rows;
	}
	s->nbuckets = n;
	pq_getmsgend(buf);
	PG_RETURN_POINTER(s);
}

Datum
series_summary_send(PG_FUNCTION_ARGS)
{
	SeriesSummary *s = PG_GETARG_SERIES_P(0);
	StringInfoData buf;

	if (s->kind != SERIES_KIND_DATE && s->kind != SERIES_KIND_INT)
		elog(ERROR, "series_summary: summary of unknown kind %d", s->kind);
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, s->version);
	pq_sendbyte(&buf, s->kind);
	pq_sendint32(&buf, s->nbuckets);
	for (int32 i = 0; i < s->nbuckets; i++)
	{
		pq_sendint32(&buf, s->buckets[i].at);
		pq_sendfloat8(&buf, s->buckets[i].total);
		pq_sendint64(&buf, s->buckets[i].rows);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ---------- transition, inverse, combine, final ---------- */

/*
 * Forward transition (also the moving-aggregate one).  Non-strict so that
 * a row with a NULL argument is skipped rather than ending the aggregate,
 * and so that a state always exists: nodeWindowAgg forbids a moving
 * transition function to return NULL.
 */
static Datum
series_accum_common(FunctionCallInfo fcinfo, Oid at_type)
{
	uint8		kind = series_at_kind(at_type);
	SeriesSummary *s;
	double		value;
	int32		at;

	if (PG_ARGISNULL(0))
		s = series_alloc(kind, 8);
	else
		s = PG_GETARG_SERIES_P(0);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return series_return_state(fcinfo, s);

	value = PG_GETARG_FLOAT8(1);
	at = series_at_value(PG_GETARG_DATUM(2), at_type, fcinfo, "series_summary");
	if (isnan(value) || isinf(value) ||
		(kind == SERIES_KIND_DATE && (at < SERIES_MIN_DATE || at > SERIES_MAX_DATE)))
		series_check_row(series_fname(fcinfo, "series_summary"), kind, value, at);
	if (value == 0.0)
		value = 0.0;			/* no -0 totals */

	s = series_writable(fcinfo, "series_summary", s, s->nbuckets + 1);
	series_add_bucket(fcinfo, "series_summary", s, at, value, 1);
	return series_return_state(fcinfo, s);
}

Datum
series_summary_accum_date(PG_FUNCTION_ARGS)
{
	return series_accum_common(fcinfo, DATEOID);
}

Datum
series_summary_accum_int(PG_FUNCTION_ARGS)
{
	return series_accum_common(fcinfo, INT4OID);
}

/*
 * The overloads of src/overloads.sql: at numeric, double precision,
 * timestamp or timestamp with time zone, read from the call.
 */
Datum
series_summary_accum_at(PG_FUNCTION_ARGS)
{
	return series_accum_common(fcinfo, cs_declared_arg_type(fcinfo, 2));
}

/*
 * Inverse transition: undo exactly what the forward transition did for
 * this row, or return NULL (the executor then recomputes the frame) when
 * the totals cannot be restored exactly.
 */
static Datum
series_inv_common(FunctionCallInfo fcinfo, Oid at_type)
{
	SeriesSummary *s;
	double		value;
	int32		at;

	cs_agg_context(fcinfo, "series_summary");
	if (PG_ARGISNULL(0))
		elog(ERROR, "series_summary: inverse transition with a NULL state");
	s = PG_GETARG_SERIES_P(0);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_POINTER(s);
	value = PG_GETARG_FLOAT8(1);
	at = series_at_value(PG_GETARG_DATUM(2), at_type, fcinfo, "series_summary");
	if (value == 0.0)
		value = 0.0;

	if (!series_can_remove(s, at, value, 1))
		PG_RETURN_NULL();
	s = series_writable(fcinfo, "series_summary", s, s->nbuckets);
	series_remove_bucket(s, at, value, 1);
	PG_RETURN_POINTER(s);
}

Datum
series_summary_inv_date(PG_FUNCTION_ARGS)
{
	return series_inv_common(fcinfo, DATEOID);
}

Datum
series_summary_inv_int(PG_FUNCTION_ARGS)
{
	return series_inv_common(fcinfo, INT4OID);
}

Datum
series_summary_inv_at(PG_FUNCTION_ARGS)
{
	return series_inv_common(fcinfo, cs_declared_arg_type(fcinfo, 2));
}

/* 22023 unless a and b are keyed alike; the error names as series_fname */
static void
series_check_same_kind(FunctionCallInfo fcinfo, const char *fallback,
					   const SeriesSummary *a, const SeriesSummary *b)
{
	if (a->kind != SERIES_KIND_NONE && b->kind != SERIES_KIND_NONE &&
		a->kind != b->kind)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: cannot merge a series_summary keyed by %s with one keyed by %s",
						series_fname(fcinfo, fallback),
						series_kind_name(a->kind), series_kind_name(b->kind)),
				 errhint("Summaries built with at date and with at integer cannot be combined.")));
}

/*
 * Combine function of every aggregate, and the transition function of
 * rollup(): merges the buckets of b into a.  A NULL on either side is
 * skipped.  In a window (where rollup() may be a moving aggregate, whose
 * transition function must not return NULL) two NULLs give an empty state
 * of no kind yet, which adopts the kind of the first summary merged in.
 *
 * Only additions made here can make a's totals inexact: b's totals are
 * taken as given (a stored value's flags are not read, see the top of this
 * file), and a rollup inverse takes out exactly the totals added in.
 *
 * As the combine function of growth_factor, cagr, ... (partial and
 * partitionwise plans) its errors name that aggregate; as rollup's
 * transition, rollup.
 */
Datum
series_summary_combine(PG_FUNCTION_ARGS)
{
	SeriesSummary *a;
	SeriesSummary *b;
	int32		union_n;
	int32		i,
				j,
				k;

	if (PG_ARGISNULL(1))
	{
		if (!PG_ARGISNULL(0))
			return series_return_state(fcinfo, PG_GETARG_SERIES_P(0));
		if (AggCheckCallContext(fcinfo, NULL) == AGG_CONTEXT_WINDOW)
			PG_RETURN_POINTER(series_alloc(SERIES_KIND_NONE, 8));
		PG_RETURN_NULL();
	}
	b = PG_GETARG_SERIES_P(1);
	if (PG_ARGISNULL(0))
	{
		/* a copy we own, with room to grow */
		a = series_alloc(b->kind, Max(b->nbuckets, 8));
		a->nbuckets = b->nbuckets;
		memcpy(a->buckets, b->buckets, b->nbuckets * sizeof(SeriesBucket));
		return series_return_state(fcinfo, a);
	}
	a = PG_GETARG_SERIES_P(0);
	series_check_same_kind(fcinfo, "rollup", a, b);

	/* how many distinct at in the union? */
	union_n = a->nbuckets + b->nbuckets;
	for (i = 0, j = 0; i < a->nbuckets && j < b->nbuckets;)
	{
		if (a->buckets[i].at < b->buckets[j].at)
			i++;
		else if (a->buckets[i].at > b->buckets[j].at)
			j++;
		else
		{
			union_n--;
			i++;
			j++;
		}
	}

	a = series_writable(fcinfo, "rollup", a, union_n);
	if (a->kind == SERIES_KIND_NONE)
		a->kind = b->kind;

	/* merge from the back, in place: slot k is never ahead of slot i */
	i = a->nbuckets - 1;
	j = b->nbuckets - 1;
	for (k = union_n - 1; j >= 0; k--)
	{
		if (i >= 0 && a->buckets[i].at > b->buckets[j].at)
			a->buckets[k] = a->buckets[i--];
		else if (i >= 0 && a->buckets[i].at == b->buckets[j].at)
		{
			SeriesBucket bk = a->buckets[i--];
			double		sum = series_checked_sum(fcinfo, "rollup", a->kind, bk.at,
												 bk.total, b->buckets[j].total);

			if (!sum_is_exact(bk.total, b->buckets[j].total, sum))
				a->flags |= SERIES_INEXACT;
			if (pg_add_s64_overflow(bk.rows, b->buckets[j].rows, &bk.rows))
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("%s: row count at %s is out of range for type bigint",
								series_fname(fcinfo, "rollup"),
								series_at_string(a->kind, bk.at))));
			bk.total = (sum == 0.0) ? 0.0 : sum;
			a->buckets[k] = bk;
			j--;
		}
		else
			a->buckets[k] = b->buckets[j--];
	}
	a->nbuckets = union_n;
	return series_return_state(fcinfo, a);
}

/* Moving-aggregate inverse of rollup(): takes summary b back out of a. */
Datum
series_summary_rollup_inv(PG_FUNCTION_ARGS)
{
	SeriesSummary *a;
	SeriesSummary *b;

	cs_agg_context(fcinfo, "rollup");
	if (PG_ARGISNULL(0))
		elog(ERROR, "series_summary: inverse transition with a NULL state");
	a = PG_GETARG_SERIES_P(0);
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(a);
	b = PG_GETARG_SERIES_P(1);
	series_check_same_kind(fcinfo, "rollup", a, b);

	/* check everything first: a declined inverse must leave a untouched */
	for (int32 j = 0; j < b->nbuckets; j++)
		if (!series_can_remove(a, b->buckets[j].at, b->buckets[j].total,
							   b->buckets[j].rows))
			PG_RETURN_NULL();

	a = series_writable(fcinfo, "rollup", a, a->nbuckets);
	for (int32 j = 0; j < b->nbuckets; j++)
		series_remove_bucket(a, b->buckets[j].at, b->buckets[j].total,
							 b->buckets[j].rows);
	PG_RETURN_POINTER(a);
}

/*
 * Final function of series_summary() and rollup(), also as their
 * moving-aggregate final function: the stored form of the state, a copy
 * (final functions must not modify the state, which a window reuses), or
 * NULL when no row counted.
 */
Datum
series_summary_final(PG_FUNCTION_ARGS)
{
	SeriesSummary *s;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = PG_GETARG_SERIES_P(0);
	if (s->nbuckets == 0)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(series_stored_copy(s));
}

/* ---------- accessors (also the final functions of the aggregates) ---------- */

/* growth.h: raise 22003 if a growth figure is not representable */
double
series_check_result(const char *fname, double r)
{
	if (isinf(r) || isnan(r))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: result is out of range for type double precision", fname)));
	return r;
}

/* years between two points: integer difference, or days / 365.25 */
static double
series_years(const SeriesSummary *s, int32 from, int32 to)
{
	double		d = (double) to - (double) from;

	return s->kind == SERIES_KIND_DATE ? d / DAYS_PER_YEAR : d;
}

static void
series_check_nonnegative(const char *fname, const SeriesSummary *s)
{
	for (int32 i = 0; i < s->nbuckets; i++)
		if (s->buckets[i].total < 0.0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: total at %s is negative, got %s",
							fname, series_at_string(s->kind, s->buckets[i].at),
							float8out_internal(s->buckets[i].total)),
					 errhint("Growth rates need non-negative totals, such as counts.")));
}

Datum
series_growth_factor(PG_FUNCTION_ARGS)
{
	SeriesSummary *s = PG_GETARG_SERIES_P(0);
	double		first,
				last;

	if (s->nbuckets < 2)
		PG_RETURN_NULL();
	first = s->buckets[0].total;
	last = s->buckets[s->nbuckets - 1].total;
	if (first == 0.0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(series_check_result("growth_factor", last / first));
}

Datum
series_pct_change(PG_FUNCTION_ARGS)
{
	SeriesSummary *s = PG_GETARG_SERIES_P(0);
	double		first,
				last;

	if (s->nbuckets < 2)
		PG_RETURN_NULL();
	first = s->buckets[0].total;
	last = s->buckets[s->nbuckets - 1].total;
	if (first == 0.0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(series_check_result("pct_change",
										 (last - first) / first * 100.0));
}

Datum
series_cagr(PG_FUNCTION_ARGS)
{
	SeriesSummary *s = PG_GETARG_SERIES_P(0);
	double		first,
				last,
				years,
				ratio,
				r;

	if (s->nbuckets < 2)
		PG_RETURN_NULL();
	series_check_nonnegative("cagr", s);
	first = s->buckets[0].total;
	last = s->buckets[s->nbuckets - 1].total;
	if (first == 0.0)
		PG_RETURN_NULL();
	years = series_years(s, s->buckets[0].at, s->buckets[s->nbuckets - 1].at);
	ratio = last / first;
	if (last > 0.0 && (isinf(ratio) || ratio == 0.0))
		r = exp((log(last) - log(first)) / years);	/* ratio over- or underflowed */
	else
		r = pow(ratio, 1.0 / years);
	PG_RETURN_FLOAT8(series_check_result("cagr", r - 1.0));
}

/*
 * The annual growth factor exp(b) of the Poisson log-linear fit over the
 * totals, times in years since the first point (poisson_trend.c); NULL when
 * the fit does not exist or does not converge.
 */
Datum
series_trend_growth(PG_FUNCTION_ARGS)
{
	SeriesSummary *s = PG_GETARG_SERIES_P(0);
	double	   *t;
	double	   *y;
	double		b;
	bool		fitted;

	if (s->nbuckets < 2)
		PG_RETURN_NULL();
	series_check_nonnegative("trend_growth", s);
	t = palloc(s->nbuckets * sizeof(double));
	y = palloc(s->nbuckets * sizeof(double));
	for (int32 i = 0; i < s->nbuckets; i++)
	{
		t[i] = series_years(s, s->buckets[0].at, s->buckets[i].at);
		y[i] = s->buckets[i].total;
	}
	fitted = cs_poisson_trend_slope(s->nbuckets, t, y, &b);
	pfree(t);
	pfree(y);
	if (!fitted)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(series_check_result("trend_growth", exp(b)));
}

/*
 * One block per point, scaled from the smallest total (▁) to the largest
 * (█) in eight steps, rounding to the nearest; a flat series is drawn at
 * half height (▄), so it reads as "no change" rather than "nothing".
 */
Datum
series_sparkline(PG_FUNCTION_ARGS)
{
	static const char *const blocks[8] = {
		"\u2581", "\u2582", "\u2583", "\u2584",
		"\u2585", "\u2586", "\u2587", "\u2588"
	};
	SeriesSummary *s = PG_GETARG_SERIES_P(0);
	StringInfoData buf;
	double		min,
				max;

	if (s->nbuckets < 2)
		PG_RETURN_NULL();
	min = max = s->buckets[0].total;
	for (int32 i = 1; i < s->nbuckets; i++)
	{
		min = Min(min, s->buckets[i].total);
		max = Max(max, s->buckets[i].total);
	}
	initStringInfo(&buf);
	for (int32 i = 0; i < s->nbuckets; i++)
	{
		int			level;

		if (max == min)
			level = 3;
		else
		{
			/* halved so that max - min cannot overflow */
			double		frac = (s->buckets[i].total / 2 - min / 2) / (max / 2 - min / 2);

			level = (int) floor(frac * 7.0 + 0.5);
			level = Max(0, Min(7, level));
		}
		appendStringInfoString(&buf, blocks[level]);
	}
	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf.data, buf.len));
}

Datum
series_first_total(PG_FUNCTION_ARGS)
{
	SeriesSummary *s = PG_GETARG_SERIES_P(0);

	if (s->nbuckets < 1)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(s->buckets[0].total);
}

Datum
series_last_total(PG_FUNCTION_ARGS)
{
	SeriesSummary *s = PG_GETARG_SERIES_P(0);

	if (s->nbuckets < 1)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(s->buckets[s->nbuckets - 1].total);
}

Datum
series_n_points(PG_FUNCTION_ARGS)
{
	SeriesSummary *s = PG_GETARG_SERIES_P(0);

	PG_RETURN_INT32(s->nbuckets);
}
