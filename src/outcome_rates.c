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

#include "catalog/pg_collation.h"
#include "common/int128.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/memutils.h"
#include "utils/rangetypes.h"
#include "utils/varlena.h"

#include "crimestats.h"
#include "area_query.h"

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

/* A subgroup's or an outcome group's name, with its number in order of first sight. */
typedef struct OrName
{
	text	   *name;
	int			index;
} OrName;

static int
or_cmp_name(const void *a, const void *b)
{
	const OrName *x = (const OrName *) a;
	const OrName *y = (const OrName *) b;

	return varstr_cmp(VARDATA_ANY(x->name), VARSIZE_ANY_EXHDR(x->name),
					  VARDATA_ANY(y->name), VARSIZE_ANY_EXHDR(y->name),
					  DEFAULT_COLLATION_OID);
}

/*
 * The number of a name in names[0..n), -1 if absent; *last, the number of
 * the previous row's, is tried first: consecutive rows mostly share it.
 * Equal names are equal bytes: the database's collation is deterministic.
 */
static int
or_find_name(OrName *names, int n, int *last, text *name)
{
	const char *data = VARDATA_ANY(name);
	Size		len = VARSIZE_ANY_EXHDR(name);

	if (*last >= 0 &&
		VARSIZE_ANY_EXHDR(names[*last].name) == len &&
		memcmp(VARDATA_ANY(names[*last].name), data, len) == 0)
		return *last;
	for (int k = 0; k < n; k++)
		if (VARSIZE_ANY_EXHDR(names[k].name) == len &&
			memcmp(VARDATA_ANY(names[k].name), data, len) == 0)
			return *last = k;
	return -1;
}

/* One subgroup and period of the area; its sums per group are apart. */
typedef struct OrCell
{
	int32		subgroup;		/* number of the subgroup's name */
	DateADT		lo;				/* the period's lower bound */
	DateADT		hi;				/* and upper bound (exclusive) */
	int32		index;			/* of the cell's sums, ngroups of them */
} OrCell;

/*
 * The area's rows, summed as they arrive: a hash table on (subgroup,
 * period) over the array of cells, open addressing, each cell with one
 * 128-bit sum per outcome group.  An area has a few thousand rows and an
 * eighth as many cells.
 */
typedef struct OrReceiver
{
	DestReceiver pub;				/* cs_area_dest_init */
	OrName	   *groups;			/* every outcome group, from GROUPS_QUERY */
	int			ngroups;
	int			last_group;
	OrName	   *names;			/* subgroups, in order of first sight */
	int			nnames;
	int			maxnames;
	int			last;			/* subgroup of the latest row, -1 before */
	OrCell	   *cells;
	INT128	   *sum;			/* cell i's sum of group g: sum[i * ngroups + g] */
	int64		ncells;
	int64		maxcells;
	int32	   *slot;			/* hash slots: index into cells, -1 empty */
	int64		nslot;			/* a power of two, twice maxcells */
	MemoryContext cxt;			/* for the above: rows arrive in the executor's */
} OrReceiver;

static uint64
or_hash(int32 subgroup, DateADT lo, DateADT hi)
{
	uint64		h = ((uint64) (uint32) lo << 32) | (uint32) hi;

	h ^= (uint64) subgroup * UINT64CONST(0x9e3779b97f4a7c15);
	h = (h ^ (h >> 30)) * UINT64CONST(0xbf58476d1ce4e5b9);
	h = (h ^ (h >> 27)) * UINT64CONST(0x94d049bb133111eb);
	return h ^ (h >> 31);
}

static void
or_grow(OrReceiver *r)
{
	int64		maxcells = Max(256, r->maxcells * 2);
	MemoryContext old;

	if (maxcells * Max(r->ngroups, 1) > (int64) (MaxAllocSize / sizeof(INT128)))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("outcome_rates: too many periods in one area")));
	old = MemoryContextSwitchTo(r->cxt);
	r->cells = r->cells ? repalloc(r->cells, maxcells * sizeof(OrCell))
		: palloc(maxcells * sizeof(OrCell));
	r->sum = r->sum ? repalloc(r->sum, maxcells * r->ngroups * sizeof(INT128))
		: palloc(maxcells * r->ngroups * sizeof(INT128));
	r->maxcells = maxcells;
	r->nslot = maxcells * 2;
	if (r->slot)
		pfree(r->slot);
	r->slot = palloc(r->nslot * sizeof(int32));
	memset(r->slot, -1, r->nslot * sizeof(int32));
	for (int64 i = 0; i < r->ncells; i++)
	{
		uint64		h = or_hash(r->cells[i].subgroup, r->cells[i].lo, r->cells[i].hi) & (r->nslot - 1);

		while (r->slot[h] >= 0)
			h = (h + 1) & (r->nslot - 1);
		r->slot[h] = (int32) i;
	}
	MemoryContextSwitchTo(old);
}

/* The subgroup of a row, added to the names at first sight. */
static int
or_subgroup(OrReceiver *r, Datum d)
{
	text	   *name = DatumGetTextPP(d);
	int			k = or_find_name(r->names, r->nnames, &r->last, name);
	MemoryContext old;

	if (k >= 0)
		return k;
	if (r->nnames == r->maxnames)
	{
		r->maxnames = Max(16, r->maxnames * 2);
		r->names = r->names ? repalloc(r->names, r->maxnames * sizeof(OrName))
			: MemoryContextAlloc(r->cxt, r->maxnames * sizeof(OrName));
	}
	old = MemoryContextSwitchTo(r->cxt);
	r->names[r->nnames].name = (text *) PG_DETOAST_DATUM_COPY(d);
	MemoryContextSwitchTo(old);
	r->names[r->nnames].index = r->nnames;
	return r->last = r->nnames++;
}

/*
 * The bounds of a period, read in place: a daterange's bytes are the range
 * type's OID, the bounds (int4 each, no alignment padding) and a flags byte
 * (see range_serialize).  A daterange is canonical, [lo, hi); the table's
 * CHECK keeps it bounded and not empty.
 */
static void
or_period(Datum d, DateADT *lo, DateADT *hi)
{
	struct varlena *raw = (struct varlena *) DatumGetPointer(d);
	const char *data;
	Size		len;

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
	if (len != sizeof(Oid) + 2 * sizeof(DateADT) + 1 ||
		(data[len - 1] & (RANGE_EMPTY | RANGE_LB_INF | RANGE_UB_INF |
						  RANGE_LB_NULL | RANGE_UB_NULL)) != 0)
		elog(ERROR, "outcome_rates_rows: a period of offence_outcome is not a bounded daterange");
	memcpy(lo, data + sizeof(Oid), sizeof(DateADT));
	memcpy(hi, data + sizeof(Oid) + sizeof(DateADT), sizeof(DateADT));
}

static bool
or_receive(TupleTableSlot *slot, DestReceiver *self)
{
	OrReceiver *r = (OrReceiver *) self;
	int32		subgroup;
	int			group;
	DateADT		lo,
				hi;
	uint64		h;
	int32		i;

	slot_getallattrs(slot);
	if (slot->tts_isnull[0] || slot->tts_isnull[1] || slot->tts_isnull[2] ||
		slot->tts_isnull[3])
		elog(ERROR, "outcome_rates_rows: NULL in a row of offence_outcome");
	subgroup = or_subgroup(r, slot->tts_values[0]);
	or_period(slot->tts_values[1], &lo, &hi);
	group = or_find_name(r->groups, r->ngroups, &r->last_group,
						 DatumGetTextPP(slot->tts_values[2]));
	if (group < 0)
		elog(ERROR, "outcome_rates_rows: an outcome group missing from outcome_type");

	if (r->ncells == r->maxcells)
		or_grow(r);
	h = or_hash(subgroup, lo, hi) & (r->nslot - 1);
	for (;;)
	{
		i = r->slot[h];
		if (i < 0)
		{
			i = (int32) r->ncells++;
			r->slot[h] = i;
			r->cells[i].subgroup = subgroup;
			r->cells[i].lo = lo;
			r->cells[i].hi = hi;
			r->cells[i].index = i;
			for (int g = 0; g < r->ngroups; g++)
				r->sum[(int64) i * r->ngroups + g] = int64_to_int128(0);
			break;
		}
		if (r->cells[i].subgroup == subgroup && r->cells[i].lo == lo && r->cells[i].hi == hi)
			break;
		h = (h + 1) & (r->nslot - 1);
	}
	int128_add_int64(&r->sum[(int64) i * r->ngroups + group],
					 DatumGetInt64(slot->tts_values[3]));
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

/* The last day of a period ending (exclusive) on hi: hi - 1, as date - integer gives it. */
static DateADT
or_last_day(DateADT hi)
{
	return DATE_NOT_FINITE(hi) ? hi : hi - 1;
}

Datum
outcome_rates_rows(PG_FUNCTION_ARGS)
{
	text	   *area_code = PG_GETARG_TEXT_PP(0);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	SPIPlanPtr *plans;
	Datum		arg[1];
	OrReceiver	recv;
	OrName	   *groups;
	int			ngroups;
	int		   *subgroup_rank;
	int64	   *outcomes;

	InitMaterializedSRF(fcinfo, 0);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "outcome_rates_rows: SPI_connect failed");
	plans = cs_area_plans(fcinfo, or_queries, lengthof(or_queries));
	arg[0] = PointerGetDatum(area_code);

	/* every outcome group, copied out of SPI's memory */
	if (SPI_execute_plan(plans[OR_GROUPS], arg, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "outcome_rates_rows: query of outcome_type failed");
	ngroups = (int) SPI_processed;
	groups = palloc(Max(ngroups, 1) * sizeof(OrName));
	for (int g = 0; g < ngroups; g++)
	{
		bool		isnull;
		Datum		d = SPI_getbinval(SPI_tuptable->vals[g], SPI_tuptable->tupdesc, 1, &isnull);

		if (isnull)
			elog(ERROR, "outcome_rates_rows: NULL in outcome_type");
		groups[g].name = (text *) PG_DETOAST_DATUM_COPY(d);
		groups[g].index = g;
	}
	SPI_freetuptable(SPI_tuptable);

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
	memset(&recv, 0, sizeof(recv));
	cs_area_dest_init(&recv.pub, or_receive);
	recv.groups = groups;
	recv.ngroups = ngroups;
	recv.last_group = -1;
	recv.last = -1;
	recv.cxt = CurrentMemoryContext;
	cs_area_run(plans[OR_ROWS], area_code, &recv.pub);

	/*
	 * Subgroups and groups in the database's order of their names; groups
	 * keeps each group's number in the sums (its index).
	 */
	if (recv.nnames > 1)
		qsort(recv.names, recv.nnames, sizeof(OrName), or_cmp_name);
	subgroup_rank = palloc(Max(recv.nnames, 1) * sizeof(int));
	for (int k = 0; k < recv.nnames; k++)
		subgroup_rank[recv.names[k].index] = k;
	for (int64 i = 0; i < recv.ncells; i++)
		recv.cells[i].subgroup = subgroup_rank[recv.cells[i].subgroup];
	if (recv.ncells > 1)
		qsort(recv.cells, recv.ncells, sizeof(OrCell), or_cmp_cell);
	if (ngroups > 1)
		qsort(groups, ngroups, sizeof(OrName), or_cmp_name);

	outcomes = palloc(ngroups * sizeof(int64));
	for (int64 i = 0; i < recv.ncells; i++)
	{
		OrCell	   *c = &recv.cells[i];
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
			int64		x = outcomes[groups[k].index];
			Datum		values[9];
			bool		nulls[9] = {false, false, false, false, false, false, false, false, false};

			values[0] = PointerGetDatum(recv.names[c->subgroup].name);
			values[1] = DateADTGetDatum(c->lo);
			values[2] = DateADTGetDatum(or_last_day(c->hi));
			values[3] = PointerGetDatum(groups[k].name);
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
