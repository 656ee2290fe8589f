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

#include "funcapi.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/memutils.h"
#include "utils/typcache.h"

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

/*
 * The area's periods, summed as the rows arrive: cells on (subgroup, period)
 * with a 128-bit sum each.  An area has a few thousand rows and a fifth as
 * many periods; they are then sorted once, by subgroup and end.
 */
typedef struct YeReceiver
{
	DestReceiver pub;
	CsNames		subgroups;
	CsCells		cells;
	INT128	   *sum;			/* cell i's sum, grown with the cells */
	int64		maxsum;
	TypeCacheEntry *typcache;
} YeReceiver;

static bool
ye_receive(TupleTableSlot *slot, DestReceiver *self)
{
	YeReceiver *r = (YeReceiver *) self;
	DateADT		lo,
				hi;
	int64		i;
	bool		added;

	slot_getallattrs(slot);
	if (slot->tts_isnull[0] || slot->tts_isnull[1] || slot->tts_isnull[2])
		elog(ERROR, "year_ending_rows: NULL in a row of recorded_offence");
	rs_period_datum(slot->tts_values[1], "year_ending", &r->typcache, &lo, &hi);
	i = cs_cell_number(&r->cells, cs_name_number(&r->subgroups, slot->tts_values[0], true),
					   lo, hi, &added);
	if (r->cells.max > r->maxsum)
	{
		r->sum = r->sum ? repalloc(r->sum, r->cells.max * sizeof(INT128))
			: MemoryContextAlloc(r->cells.cxt, r->cells.max * sizeof(INT128));
		r->maxsum = r->cells.max;
	}
	if (added)
		r->sum[i] = int64_to_int128(0);
	int128_add_int64(&r->sum[i], DatumGetInt64(slot->tts_values[2]));
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
	text	  **names;
	int		   *rank;
	int		   *by_rank;
	int32	   *pop_year = NULL;
	int64	   *pop_value = NULL;
	int64		npop;
	CsCell	   *frame;

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
	cs_names_init(&recv.subgroups, CurrentMemoryContext);
	cs_cells_init(&recv.cells, CurrentMemoryContext, "year_ending");
	cs_area_run(plans[0], area_code, &recv.pub);

	/* subgroups numbered in the database's order of their names */
	names = recv.subgroups.name;
	rank = cs_names_rank(&recv.subgroups);
	by_rank = palloc(Max(recv.subgroups.n, 1) * sizeof(int));
	for (int k = 0; k < recv.subgroups.n; k++)
		by_rank[rank[k]] = k;
	ngroup = recv.cells.n;
	p = palloc(Max(ngroup, 1) * sizeof(YePeriod));
	for (int64 i = 0; i < ngroup; i++)
	{
		p[i].subgroup = recv.cells.cell[i].key;
		p[i].lo = recv.cells.cell[i].lo;
		p[i].hi = recv.cells.cell[i].hi;
		p[i].offences = cs_sum_to_int64(recv.sum[i], "year_ending");
	}
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
	frame = palloc(Max(ngroup, 1) * sizeof(CsCell));
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
						days;
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
				frame[k - first].lo = p[k].lo;
				frame[k - first].hi = p[k].hi;
			}
			cases = cs_sum_to_int64(pos, "year_ending") + cs_sum_to_int64(neg, "year_ending");

			/* the days the frame's periods cover */
			days = cs_days_covered(frame, nframe);
			if (days != (int64) u - year_before)
				continue;

			values[0] = PointerGetDatum(names[by_rank[p[s].subgroup]]);
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
