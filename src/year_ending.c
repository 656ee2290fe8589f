/*-------------------------------------------------------------------------
 *
 * year_ending.c
 *	  crimestats_internal.year_ending_rows(area_code): the rows of the
 *	  year_ending view for one area.
 *
 * The view gives, per area, offence subgroup and month end, the offences of
 * the 12 months ending there, their rate per day with its exact Poisson
 * interval and the rate per 1,000 population.  In SQL that was a grouping
 * of the area's rows by subgroup and period, a sort, a window of
 * rate_summary over 12 months of periods and a join with the population
 * estimates; at national scale (1.6 million rows) the executor's per-row
 * work in those steps cost six to seven times a plain GROUP BY of the same
 * rows.  Here the area's rows are read with one query, summed per subgroup
 * and period in a hash table as they arrive, the periods sorted once, and
 * each month end's frame found with two cursors: about twice the GROUP BY.
 * The exact intervals come from the call site's cache (significance.c): a
 * national view asks for 312,000 of 21,000 distinct counts.
 *
 * The figures are those of the SQL definition (crimestats 1.0's view, which
 * tests/views_equivalence and bench/national.sql compare with):
 *  - the periods of a subgroup's offence codes are summed per period;
 *  - a month end m (the day before the first of a month U) has a figure
 *    when the periods ending in the 12 months up to it (U - 12 months < end
 *    of period <= U, ends taken as exclusive bounds) cover as many days as
 *    those 12 months;
 *  - offences is their total; a negative total (adjustments outweighing
 *    counts) keeps its row with NULL rates;
 *  - per_1000 uses the latest population estimate up to the year of m,
 *    the area's last estimate for any later year, none before the first;
 *    that population is a column too (rate_comparison's exposure).
 *
 * The queries run through SPI as the calling role (area_query.c).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_collation.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/memutils.h"
#include "utils/typcache.h"
#include "utils/varlena.h"

#include "area_query.h"
#include "rates_dayset.h"

PG_FUNCTION_INFO_V1(year_ending_rows);

/*
 * Everything qualified: SPI parses with the caller's search_path.  The
 * join with offence is the view's (an offence code without a row there has
 * no subgroup, and no figure).
 */
#define ROWS_QUERY \
	"SELECT o.offence_subgroup, r.period, r.offences" \
	"  FROM crimestats.recorded_offence AS r" \
	"  JOIN crimestats.offence AS o ON o.code OPERATOR(pg_catalog.=) r.offence_code" \
	" WHERE r.area_code OPERATOR(pg_catalog.=) $1"
#define POPULATION_QUERY \
	"SELECT p.year, p.population" \
	"  FROM crimestats.area_population AS p" \
	" WHERE p.area_code OPERATOR(pg_catalog.=) $1" \
	" ORDER BY p.year"

/* One row of the area (after reading) or one period of a subgroup (after summing). */
typedef struct YePeriod
{
	int32		subgroup;		/* index into the subgroup names */
	DateADT		lo;				/* first day */
	DateADT		hi;				/* day after the last */
	int64		offences;
} YePeriod;

static int
ye_cmp_period(const void *a, const void *b)
{
	const YePeriod *x = (const YePeriod *) a;
	const YePeriod *y = (const YePeriod *) b;

	if (x->subgroup != y->subgroup)
		return (x->subgroup < y->subgroup) ? -1 : 1;
	if (x->hi != y->hi)
		return (x->hi < y->hi) ? -1 : 1;
	if (x->lo != y->lo)
		return (x->lo < y->lo) ? -1 : 1;
	return 0;
}

static int
ye_cmp_lo(const void *a, const void *b)
{
	const YePeriod *x = (const YePeriod *) a;
	const YePeriod *y = (const YePeriod *) b;

	if (x->lo != y->lo)
		return (x->lo < y->lo) ? -1 : 1;
	return (x->hi < y->hi) ? -1 : (x->hi > y->hi);
}

/* The subgroups in the database's order, so that rows come out as they did from SQL. */
typedef struct YeName
{
	text	   *name;
	int			index;
} YeName;

static int
ye_cmp_name(const void *a, const void *b)
{
	const YeName *x = (const YeName *) a;
	const YeName *y = (const YeName *) b;

	return varstr_cmp(VARDATA_ANY(x->name), VARSIZE_ANY_EXHDR(x->name),
					  VARDATA_ANY(y->name), VARSIZE_ANY_EXHDR(y->name),
					  DEFAULT_COLLATION_OID);
}

/*
 * The area's periods, summed as the rows arrive: a hash table on (subgroup,
 * first day, end) over the array of periods, open addressing.  An area has
 * a few thousand rows and a fifth as many periods; the array is then sorted
 * once, by subgroup and end.
 */
typedef struct YeReceiver
{
	DestReceiver pub;
	YeName	   *names;			/* subgroups, in order of first sight */
	int			nnames;
	int			maxnames;
	int			last;			/* subgroup of the latest row, -1 before */
	YePeriod   *p;				/* the periods, their sums in 128 bits */
	INT128	   *sum;
	int64		np;
	int64		maxp;
	int32	   *slot;			/* hash slots: index into p, -1 empty */
	int64		nslot;			/* a power of two, at least twice maxp */
	TypeCacheEntry *typcache;
	MemoryContext cxt;			/* for the above: rows arrive in the executor's */
} YeReceiver;

static uint64
ye_hash(int32 subgroup, DateADT lo, DateADT hi)
{
	uint64		h = ((uint64) (uint32) lo << 32) | (uint32) hi;

	h ^= (uint64) subgroup * UINT64CONST(0x9e3779b97f4a7c15);
	h = (h ^ (h >> 30)) * UINT64CONST(0xbf58476d1ce4e5b9);
	h = (h ^ (h >> 27)) * UINT64CONST(0x94d049bb133111eb);
	return h ^ (h >> 31);
}

static void
ye_grow(YeReceiver *r)
{
	int64		maxp = Max(1024, r->maxp * 2);
	MemoryContext old;

	if (maxp > INT_MAX / 4)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("year_ending: too many periods in one area")));
	old = MemoryContextSwitchTo(r->cxt);
	r->p = r->p ? repalloc(r->p, maxp * sizeof(YePeriod)) : palloc(maxp * sizeof(YePeriod));
	r->sum = r->sum ? repalloc(r->sum, maxp * sizeof(INT128)) : palloc(maxp * sizeof(INT128));
	r->maxp = maxp;
	r->nslot = maxp * 2;
	if (r->slot)
		pfree(r->slot);
	r->slot = palloc(r->nslot * sizeof(int32));
	memset(r->slot, -1, r->nslot * sizeof(int32));
	for (int64 i = 0; i < r->np; i++)
	{
		uint64		h = ye_hash(r->p[i].subgroup, r->p[i].lo, r->p[i].hi) & (r->nslot - 1);

		while (r->slot[h] >= 0)
			h = (h + 1) & (r->nslot - 1);
		r->slot[h] = (int32) i;
	}
	MemoryContextSwitchTo(old);
}

/* The subgroup of a row: consecutive rows are mostly of one offence code. */
static int
ye_subgroup(YeReceiver *r, Datum d)
{
	text	   *name = DatumGetTextPP(d);
	const char *data = VARDATA_ANY(name);
	Size		len = VARSIZE_ANY_EXHDR(name);
	MemoryContext old;

	if (r->last >= 0 &&
		VARSIZE_ANY_EXHDR(r->names[r->last].name) == len &&
		memcmp(VARDATA_ANY(r->names[r->last].name), data, len) == 0)
		return r->last;
	for (int k = 0; k < r->nnames; k++)
		if (VARSIZE_ANY_EXHDR(r->names[k].name) == len &&
			memcmp(VARDATA_ANY(r->names[k].name), data, len) == 0)
			return r->last = k;
	if (r->nnames == r->maxnames)
	{
		r->maxnames = Max(16, r->maxnames * 2);
		r->names = r->names ? repalloc(r->names, r->maxnames * sizeof(YeName))
			: MemoryContextAlloc(r->cxt, r->maxnames * sizeof(YeName));
	}
	old = MemoryContextSwitchTo(r->cxt);
	r->names[r->nnames].name = (text *) PG_DETOAST_DATUM_COPY(d);
	MemoryContextSwitchTo(old);
	r->names[r->nnames].index = r->nnames;
	return r->last = r->nnames++;
}

static bool
ye_receive(TupleTableSlot *slot, DestReceiver *self)
{
	YeReceiver *r = (YeReceiver *) self;
	int32		subgroup;
	DateADT		lo,
				hi;
	uint64		h;

	slot_getallattrs(slot);
	if (slot->tts_isnull[0] || slot->tts_isnull[1] || slot->tts_isnull[2])
		elog(ERROR, "year_ending_rows: NULL in a row of recorded_offence");
	subgroup = ye_subgroup(r, slot->tts_values[0]);
	rs_period_datum(slot->tts_values[1], "year_ending", &r->typcache, &lo, &hi);

	if (r->np == r->maxp)
		ye_grow(r);
	h = ye_hash(subgroup, lo, hi) & (r->nslot - 1);
	for (;;)
	{
		int32		i = r->slot[h];

		if (i < 0)
		{
			i = (int32) r->np++;
			r->slot[h] = i;
			r->p[i].subgroup = subgroup;
			r->p[i].lo = lo;
			r->p[i].hi = hi;
			r->sum[i] = int64_to_int128(0);
			int128_add_int64(&r->sum[i], DatumGetInt64(slot->tts_values[2]));
			break;
		}
		if (r->p[i].subgroup == subgroup && r->p[i].lo == lo && r->p[i].hi == hi)
		{
			int128_add_int64(&r->sum[i], DatumGetInt64(slot->tts_values[2]));
			break;
		}
		h = (h + 1) & (r->nslot - 1);
	}
	return true;
}

Datum
year_ending_rows(PG_FUNCTION_ARGS)
{
	static const char *const queries[] = {ROWS_QUERY, POPULATION_QUERY};
	text	   *area_code = PG_GETARG_TEXT_PP(0);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	SPIPlanPtr *plans;
	Datum		arg[1];
	YeReceiver	recv;
	YePeriod   *p;
	int64		ngroup;
	YeName	   *names;
	int			nnames;
	int		   *rank;
	int32	   *pop_year = NULL;
	int64	   *pop_value = NULL;
	int64		npop;
	YePeriod   *frame;

	InitMaterializedSRF(fcinfo, 0);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "year_ending_rows: SPI_connect failed");
	plans = cs_area_plans(fcinfo, queries, 2);
	arg[0] = PointerGetDatum(area_code);

	/*
	 * The area's population estimates, by year (the table's key: one per
	 * year), copied out of SPI's memory with the rows below.
	 */
	if (SPI_execute_plan(plans[1], arg, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "year_ending_rows: population query failed");
	npop = (int64) SPI_processed;
	if (npop > 0)
	{
		pop_year = palloc(npop * sizeof(int32));
		pop_value = palloc(npop * sizeof(int64));
		for (int64 i = 0; i < npop; i++)
		{
			HeapTuple	t = SPI_tuptable->vals[i];
			bool		isnull1,
						isnull2;

			pop_year[i] = DatumGetInt32(SPI_getbinval(t, SPI_tuptable->tupdesc, 1, &isnull1));
			pop_value[i] = DatumGetInt64(SPI_getbinval(t, SPI_tuptable->tupdesc, 2, &isnull2));
			if (isnull1 || isnull2)
				elog(ERROR, "year_ending_rows: NULL in area_population");
		}
	}
	SPI_freetuptable(SPI_tuptable);

	/* The area's rows, summed per subgroup and period as they arrive. */
	memset(&recv, 0, sizeof(recv));
	cs_area_dest_init(&recv.pub, ye_receive);
	recv.last = -1;
	recv.cxt = CurrentMemoryContext;
	cs_area_run(plans[0], area_code, &recv.pub);
	p = recv.p;
	ngroup = recv.np;
	names = recv.names;
	nnames = recv.nnames;
	for (int64 i = 0; i < ngroup; i++)
		p[i].offences = cs_sum_to_int64(recv.sum[i], "year_ending");

	/* subgroups renumbered in the database's order of their names */
	if (nnames > 1)
		qsort(names, nnames, sizeof(YeName), ye_cmp_name);
	rank = palloc(Max(nnames, 1) * sizeof(int));
	for (int k = 0; k < nnames; k++)
		rank[names[k].index] = k;
	for (int64 i = 0; i < ngroup; i++)
		p[i].subgroup = rank[p[i].subgroup];
	if (ngroup > 1)
		qsort(p, ngroup, sizeof(YePeriod), ye_cmp_period);

	/*
	 * Each subgroup's month ends.  Periods are sorted by end: a month end's
	 * frame is the periods [first, last) whose ends (exclusive) lie in
	 * (U - 12 months, U], U the first of the month after it; first only
	 * moves forward.
	 */
	frame = palloc(Max(ngroup, 1) * sizeof(YePeriod));
	for (int64 s = 0; s < ngroup;)
	{
		int64		e = s;
		int64		first = s;

		while (e < ngroup && p[e].subgroup == p[s].subgroup)
			e++;
		for (int64 i = s; i < e;)
		{
			DateADT		u = p[i].hi;
			int64		last = i;
			int			year,
						month,
						day;
			DateADT		year_before;
			INT128		pos = int64_to_int128(0),
						neg = int64_to_int128(0);
			int64		cases,
						days = 0;
			int64		nframe;
			Datum		values[8];
			bool		nulls[8] = {false, false, false, false, false, false, false, false};
			int32		target;
			int64		est;

			while (last < e && p[last].hi == u)
				last++;
			i = last;

			j2date(u + POSTGRES_EPOCH_JDATE, &year, &month, &day);
			if (day != 1)
				continue;
			year_before = date2j(year - 1, month, 1) - POSTGRES_EPOCH_JDATE;
			while (p[first].hi <= year_before)
				first++;

			/*
			 * the total, its positive and negative periods apart, as
			 * rate_summary sums it: either beyond bigint is an error, even
			 * if the total is not
			 */
			nframe = last - first;
			for (int64 k = first; k < last; k++)
			{
				int128_add_int64((p[k].offences >= 0) ? &pos : &neg, p[k].offences);
				frame[k - first] = p[k];
			}
			cases = cs_sum_to_int64(pos, "year_ending") + cs_sum_to_int64(neg, "year_ending");

			/* the days the frame's periods cover */
			qsort(frame, nframe, sizeof(YePeriod), ye_cmp_lo);
			{
				DateADT		cur_lo = frame[0].lo,
							cur_hi = frame[0].hi;

				for (int64 k = 1; k < nframe; k++)
				{
					if (frame[k].lo > cur_hi)
					{
						days += cur_hi - cur_lo;
						cur_lo = frame[k].lo;
						cur_hi = frame[k].hi;
					}
					else if (frame[k].hi > cur_hi)
						cur_hi = frame[k].hi;
				}
				days += cur_hi - cur_lo;
			}
			if (days != (int64) u - year_before)
				continue;

			values[0] = PointerGetDatum(names[p[s].subgroup].name);
			values[1] = DateADTGetDatum(u - 1);
			values[2] = Int64GetDatum(cases);

			/*
			 * The population: the latest estimate up to the month end's year
			 * (the year before U's when U is 1 January), the last estimate
			 * for any later year.
			 */
			target = (month == 1) ? year - 1 : year;
			for (est = npop - 1; est >= 0 && pop_year[est] > target; est--)
				;
			if (est >= 0)
				values[7] = Int64GetDatum(pop_value[est]);
			else
				nulls[7] = true;

			if (cases >= 0)
			{
				double		lower,
							upper;

				cs_poisson_interval_cached(fcinfo, cases, 0.95, false, &lower, &upper);
				values[3] = Float8GetDatum((double) cases / days);
				values[4] = Float8GetDatum(lower / days);
				values[5] = Float8GetDatum(upper / days);
				if (est >= 0)
					values[6] = Float8GetDatum((double) cases / (double) pop_value[est] * 1000.0);
				else
					nulls[6] = true;
			}
			else
				nulls[3] = nulls[4] = nulls[5] = nulls[6] = true;

			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
		s = e;
	}

	SPI_finish();
	return (Datum) 0;
}
