/*-------------------------------------------------------------------------
 *
 * outcome_rates.c
 *	  crimestats_internal.outcome_rates_rows(area_code): the rows of the
 *	  outcome_rates view for one area.
 *
 * The view gives, per area, offence subgroup, period and outcome group, the
 * outcomes of that group out of all assigned outcomes, with the Wilson
 * interval of the ratio.  In SQL that was a grouping of the area's rows by
 * subgroup, period and group, a second grouping of that by subgroup and
 * period, a cross join with every outcome group and a join back: at
 * national scale (480,000 rows of offence_outcome) three times the cost of
 * year_ending over the 1.6 million rows of recorded_offence.  Here the
 * area's rows are read with one query and summed per subgroup and period in
 * a hash table as they arrive, one sum per outcome group; the cells are
 * then sorted once and each gives a row per group: 0.4 to 0.5 times
 * year_ending over all areas, a quarter of the SQL, measured in one run.
 *
 * The figures are those of the SQL definition (crimestats 1.0's view, which
 * tests/views_equivalence compares with):
 *  - outcome type 0 (not yet assigned) counts nowhere; rows of an offence
 *    code without a row in offence, or of an outcome code without a row in
 *    outcome_type, count nowhere either (the view's inner joins);
 *  - each subgroup and period with a row gives one row per outcome group
 *    of outcome_type (codes other than 0), outcomes 0 for a group with no
 *    rows; assigned is the sum over the groups;
 *  - a sum beyond bigint raises 22003, as sum()::bigint did: a group's sum,
 *    then assigned;
 *  - ratio is NULL when assigned is 0; the interval is wilson_ci's (NULL
 *    when assigned is 0), and NULL when outcomes is negative or above
 *    assigned (net negative adjustments);
 *  - period_start is the period's first day, period_end its last.
 * Rows come out by subgroup and group in the database's collation, periods
 * ascending, as the SQL's plan gave them.
 *
 * The queries run through area_query.c, as the calling role.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/int128.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/date.h"
#include "utils/memutils.h"

#include "area_query.h"
#include "rates_dayset.h"

PG_FUNCTION_INFO_V1(outcome_rates_rows);

/*
 * Everything qualified: SPI parses with the caller's search_path.  The
 * joins are the view's (see above).  The list of groups does not depend on
 * the area: its $1 goes unused.
 */
static const char *const or_queries[] = {
	"SELECT o.offence_subgroup, oo.period, ot.outcome_group, oo.offences"
	"  FROM crimestats.offence_outcome AS oo"
	"  JOIN crimestats.offence AS o ON o.code OPERATOR(pg_catalog.=) oo.offence_code"
	"  JOIN crimestats.outcome_type AS ot ON ot.code OPERATOR(pg_catalog.=) oo.outcome_code"
	" WHERE oo.area_code OPERATOR(pg_catalog.=) $1"
	"   AND oo.outcome_code OPERATOR(pg_catalog.<>) 0",
	/* every group, so that a group with no outcomes shows as 0 */
	"SELECT DISTINCT ot.outcome_group"
	"  FROM crimestats.outcome_type AS ot"
	" WHERE ot.code OPERATOR(pg_catalog.<>) 0"
};
#define OR_ROWS		0
#define OR_GROUPS	1

/* One subgroup and period of the area, for sorting; its sums are apart. */
typedef struct OrCell
{
	int32		subgroup;		/* the subgroup's place in collation order */
	DateADT		lo;				/* the period's first day */
	DateADT		hi;				/* and the day after its last */
	int32		index;			/* of the cell's sums, ngroups of them */
} OrCell;

/*
 * The area's rows, summed as they arrive: cells on (subgroup, period), each
 * with one 128-bit sum per outcome group.  An area has a few thousand rows
 * and an eighth as many cells.
 */
typedef struct OrReceiver
{
	DestReceiver pub;				/* cs_area_dest_init */
	CsNames		groups;			/* every outcome group, from the groups query */
	CsNames		subgroups;
	CsCells		cells;
	INT128	   *sum;			/* cell i's sum of group g: sum[i * ngroups + g] */
	int64		maxsum;			/* cells the sums have room for */
	TypeCacheEntry *typcache;
} OrReceiver;

static bool
or_receive(TupleTableSlot *slot, DestReceiver *self)
{
	OrReceiver *r = (OrReceiver *) self;
	int			ngroups = r->groups.n;
	int			group;
	DateADT		lo,
				hi;
	int64		i;
	bool		added;

	slot_getallattrs(slot);
	if (slot->tts_isnull[0] || slot->tts_isnull[1] || slot->tts_isnull[2] ||
		slot->tts_isnull[3])
		elog(ERROR, "outcome_rates_rows: NULL in a row of offence_outcome");
	rs_period_datum(slot->tts_values[1], "outcome_rates", &r->typcache, &lo, &hi);
	group = cs_name_number(&r->groups, slot->tts_values[2], false);
	if (group < 0)
		elog(ERROR, "outcome_rates_rows: an outcome group missing from outcome_type");
	i = cs_cell_number(&r->cells, cs_name_number(&r->subgroups, slot->tts_values[0], true),
					   lo, hi, &added);
	if (r->cells.max > r->maxsum)
	{
		if (r->cells.max * ngroups > (int64) (MaxAllocSize / sizeof(INT128)))
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("outcome_rates: too many periods in one area")));
		r->sum = r->sum ? repalloc(r->sum, r->cells.max * ngroups * sizeof(INT128))
			: MemoryContextAlloc(r->cells.cxt, r->cells.max * ngroups * sizeof(INT128));
		r->maxsum = r->cells.max;
	}
	if (added)
		for (int g = 0; g < ngroups; g++)
			r->sum[i * ngroups + g] = int64_to_int128(0);
	int128_add_int64(&r->sum[i * ngroups + group], DatumGetInt64(slot->tts_values[3]));
	return true;
}

static int
or_cmp_cell(const void *a, const void *b)
{
	const OrCell *x = (const OrCell *) a;
	const OrCell *y = (const OrCell *) b;

	if (x->subgroup != y->subgroup)
		return (x->subgroup < y->subgroup) ? -1 : 1;
	if (x->lo != y->lo)
		return (x->lo < y->lo) ? -1 : 1;
	if (x->hi != y->hi)
		return (x->hi < y->hi) ? -1 : 1;
	return 0;
}

Datum
outcome_rates_rows(PG_FUNCTION_ARGS)
{
	text	   *area_code = PG_GETARG_TEXT_PP(0);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	SPIPlanPtr *plans;
	Datum		arg[1];
	OrReceiver	recv;
	int			ngroups;
	int		   *subgroup_rank;
	int		   *subgroup_by_rank;
	int		   *group_rank;
	int		   *group_by_rank;
	OrCell	   *cells;
	int64	   *outcomes;

	InitMaterializedSRF(fcinfo, 0);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "outcome_rates_rows: SPI_connect failed");
	plans = cs_area_plans(fcinfo, or_queries, lengthof(or_queries));
	arg[0] = PointerGetDatum(area_code);

	/* every outcome group, copied out of SPI's memory */
	memset(&recv, 0, sizeof(recv));
	cs_names_init(&recv.groups, CurrentMemoryContext);
	cs_names_init(&recv.subgroups, CurrentMemoryContext);
	cs_cells_init(&recv.cells, CurrentMemoryContext, "outcome_rates");
	if (SPI_execute_plan(plans[OR_GROUPS], arg, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "outcome_rates_rows: query of outcome_type failed");
	for (uint64 g = 0; g < SPI_processed; g++)
	{
		bool		isnull;
		Datum		d = SPI_getbinval(SPI_tuptable->vals[g], SPI_tuptable->tupdesc, 1, &isnull);

		if (isnull)
			elog(ERROR, "outcome_rates_rows: NULL in outcome_type");
		(void) cs_name_number(&recv.groups, d, true);
	}
	SPI_freetuptable(SPI_tuptable);
	ngroups = recv.groups.n;

	/*
	 * Without a group other than type 0's there is no row to count in (the
	 * rows query would join with none of outcome_type's rows either).
	 */
	if (ngroups == 0)
	{
		SPI_finish();
		return (Datum) 0;
	}

	/* The area's rows, summed per subgroup, period and group as they arrive. */
	cs_area_dest_init(&recv.pub, or_receive);
	cs_area_run(plans[OR_ROWS], area_code, &recv.pub);

	/* subgroups, groups and periods in the database's order of their names */
	subgroup_rank = cs_names_rank(&recv.subgroups);
	subgroup_by_rank = palloc(Max(recv.subgroups.n, 1) * sizeof(int));
	for (int k = 0; k < recv.subgroups.n; k++)
		subgroup_by_rank[subgroup_rank[k]] = k;
	group_rank = cs_names_rank(&recv.groups);
	group_by_rank = palloc(ngroups * sizeof(int));
	for (int g = 0; g < ngroups; g++)
		group_by_rank[group_rank[g]] = g;
	cells = palloc(Max(recv.cells.n, 1) * sizeof(OrCell));
	for (int64 i = 0; i < recv.cells.n; i++)
	{
		cells[i].subgroup = subgroup_rank[recv.cells.cell[i].key];
		cells[i].lo = recv.cells.cell[i].lo;
		cells[i].hi = recv.cells.cell[i].hi;
		cells[i].index = (int32) i;
	}
	if (recv.cells.n > 1)
		qsort(cells, recv.cells.n, sizeof(OrCell), or_cmp_cell);

	outcomes = palloc(ngroups * sizeof(int64));
	for (int64 i = 0; i < recv.cells.n; i++)
	{
		OrCell	   *c = &cells[i];
		INT128	   *sum = &recv.sum[(int64) c->index * ngroups];
		INT128		total = int64_to_int128(0);
		int64		assigned;

		/* each group's sum in bigint first, then their total, as SQL summed */
		for (int g = 0; g < ngroups; g++)
		{
			outcomes[g] = cs_sum_to_int64(sum[g], "outcome_rates");
			int128_add_int64(&total, outcomes[g]);
		}
		assigned = cs_sum_to_int64(total, "outcome_rates");

		for (int k = 0; k < ngroups; k++)
		{
			int			g = group_by_rank[k];
			int64		x = outcomes[g];
			Datum		values[9];
			bool		nulls[9] = {false, false, false, false, false, false, false, false, false};

			values[0] = PointerGetDatum(recv.subgroups.name[subgroup_by_rank[c->subgroup]]);
			values[1] = DateADTGetDatum(c->lo);
			values[2] = DateADTGetDatum(c->hi - 1);
			values[3] = PointerGetDatum(recv.groups.name[g]);
			values[4] = Int64GetDatum(x);
			values[5] = Int64GetDatum(assigned);
			if (assigned != 0)
				values[6] = Float8GetDatum((double) x / (double) assigned);
			else
				nulls[6] = true;
			if (assigned != 0 && x >= 0 && x <= assigned)
			{
				double		lower,
							upper;

				cs_wilson_interval(x, assigned, 0.95, &lower, &upper);
				values[7] = Float8GetDatum(lower);
				values[8] = Float8GetDatum(upper);
			}
			else
				nulls[7] = nulls[8] = true;

			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}

	SPI_finish();
	return (Datum) 0;
}
