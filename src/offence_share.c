/*-------------------------------------------------------------------------
 *
 * offence_share.c
 *	  crimestats_internal.offence_share_rows(area_code): the rows of the
 *	  offence_share view for one area.
 *
 * The view gives, per area, "year ending" period and offence code, the
 * code's offences and its share of its subgroup's and of its group's, with
 * Wilson intervals.  At national scale that is 1.5 million rows from 1.6
 * million, and the SQL definition (joins of the area's periods with the
 * windows that contain them, a grouping, two windows) cost ten times the
 * year_ending view.  Here the area's rows are read with one query, its
 * distinct periods found with a hash table as they arrive, and each
 * window's sums added up per code, subgroup and group on arrays.
 *
 * The rows are those of the SQL definition (crimestats 1.0's view, which
 * tests/views_equivalence and bench/national.sql compare with):
 *  - a window ends on the first day U of a month that is the end (exclusive)
 *    of one of the area's periods, whatever the code, and starts 12 months
 *    before; it counts when the area's periods lying inside it cover every
 *    one of its days;
 *  - a code's offences in a window are the sum of its rows whose periods
 *    lie inside the window; a code with no such row has no row;
 *  - the subgroup's and the group's offences are the sums of those of their
 *    codes (codes unknown to crimestats.offence count for the periods only);
 *  - a share is NULL when its total is 0, an interval NULL unless
 *    0 <= offences <= total and the total is not 0 (as wilson_ci gives).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_collation.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/varlena.h"

#include "area_query.h"
#include "rates_dayset.h"

PG_FUNCTION_INFO_V1(offence_share_rows);

#define ROWS_QUERY \
	"SELECT r.offence_code, r.period, r.offences" \
	"  FROM crimestats.recorded_offence AS r" \
	" WHERE r.area_code OPERATOR(pg_catalog.=) $1"
#define OFFENCE_QUERY \
	"SELECT o.code, o.description, o.offence_subgroup, o.offence_group" \
	"  FROM crimestats.offence AS o"

/* An offence code with what the view shows of it. */
typedef struct ShOffence
{
	text	   *code;
	text	   *description;
	text	   *subgroup;
	text	   *group;
	int			subgroup_no;	/* index of its subgroup among the distinct ones */
	int			group_no;
	int			rank;			/* place in the database's order of codes */
} ShOffence;

/*
 * The offence table, read once per call site (the view's calls share one
 * snapshot), sorted by the codes' bytes for lookups.
 */
typedef struct ShOffences
{
	ShOffence  *o;
	int			n;
	int		   *by_rank;		/* indexes into o, in the database's order of codes */
	int			nsubgroups;
	int			ngroups;
} ShOffences;

static int
text_bytes_cmp(const text *a, const text *b)
{
	Size		la = VARSIZE_ANY_EXHDR(a),
				lb = VARSIZE_ANY_EXHDR(b);
	int			c = memcmp(VARDATA_ANY(a), VARDATA_ANY(b), Min(la, lb));

	if (c != 0)
		return c;
	return (la < lb) ? -1 : (la > lb);
}

static int
cmp_offence_bytes(const void *a, const void *b)
{
	return text_bytes_cmp(((const ShOffence *) a)->code, ((const ShOffence *) b)->code);
}

/* for qsort_arg: indexes into the offences, by the database's order of codes */
static int
cmp_offence_collation(const void *a, const void *b, void *arg)
{
	const ShOffence *o = (const ShOffence *) arg;
	const text *x = o[*(const int *) a].code;
	const text *y = o[*(const int *) b].code;

	return varstr_cmp(VARDATA_ANY(x), VARSIZE_ANY_EXHDR(x),
					  VARDATA_ANY(y), VARSIZE_ANY_EXHDR(y),
					  DEFAULT_COLLATION_OID);
}

/* number a name among those seen (names equal in bytes are the same) */
static int
name_no(text **names, int *n, text *name)
{
	for (int i = 0; i < *n; i++)
		if (text_bytes_cmp(names[i], name) == 0)
			return i;
	names[*n] = name;
	return (*n)++;
}

static ShOffences *
sh_offences(FunctionCallInfo fcinfo)
{
	CsCallCache *cache = cs_call_cache(fcinfo);
	ShOffences *so = (ShOffences *) cache->extra;
	MemoryContext old;
	text	  **names;

	if (so != NULL)
		return so;
	if (SPI_execute(OFFENCE_QUERY, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "offence_share_rows: query of crimestats.offence failed");

	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	so = palloc0(sizeof(ShOffences));
	so->n = (int) SPI_processed;
	so->o = palloc0(Max(so->n, 1) * sizeof(ShOffence));
	for (int i = 0; i < so->n; i++)
	{
		HeapTuple	t = SPI_tuptable->vals[i];
		TupleDesc	d = SPI_tuptable->tupdesc;
		bool		isnull[4];
		Datum		v[4];

		for (int k = 0; k < 4; k++)
		{
			v[k] = SPI_getbinval(t, d, k + 1, &isnull[k]);
			if (isnull[k])
				elog(ERROR, "offence_share_rows: NULL in crimestats.offence");
		}
		so->o[i].code = DatumGetTextPCopy(v[0]);
		so->o[i].description = DatumGetTextPCopy(v[1]);
		so->o[i].subgroup = DatumGetTextPCopy(v[2]);
		so->o[i].group = DatumGetTextPCopy(v[3]);
	}
	qsort(so->o, so->n, sizeof(ShOffence), cmp_offence_bytes);

	names = palloc(Max(so->n, 1) * sizeof(text *));
	for (int i = 0; i < so->n; i++)
		so->o[i].subgroup_no = name_no(names, &so->nsubgroups, so->o[i].subgroup);
	for (int i = 0; i < so->n; i++)
		so->o[i].group_no = name_no(names, &so->ngroups, so->o[i].group);
	pfree(names);

	so->by_rank = palloc(Max(so->n, 1) * sizeof(int));
	for (int i = 0; i < so->n; i++)
		so->by_rank[i] = i;
	qsort_arg(so->by_rank, so->n, sizeof(int), cmp_offence_collation, so->o);
	for (int r = 0; r < so->n; r++)
		so->o[so->by_rank[r]].rank = r;
	MemoryContextSwitchTo(old);
	SPI_freetuptable(SPI_tuptable);

	cache->extra = so;
	return so;
}

/* A row of the area: its code (-1 if unknown), its period's number, its offences. */
typedef struct ShRow
{
	int32		code;
	int32		period;
	int64		offences;
} ShRow;

/* The rows as they arrive, with the area's distinct periods as cells (key 0). */
typedef struct ShReceiver
{
	DestReceiver pub;
	MemoryContext cxt;			/* for the rows: they arrive in the executor's */
	ShOffences *so;
	int			last_code;		/* code of the latest row (rows come by code) */
	ShRow	   *rows;
	int64		nrows;
	int64		maxrows;
	CsCells		periods;
	TypeCacheEntry *typcache;
} ShReceiver;

static int32
code_of(ShReceiver *r, Datum d)
{
	text	   *code = DatumGetTextPP(d);
	ShOffences *so = r->so;
	int			lo = 0,
				hi = so->n - 1;

	if (r->last_code >= 0 && text_bytes_cmp(so->o[r->last_code].code, code) == 0)
		return r->last_code;
	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;
		int			c = text_bytes_cmp(so->o[mid].code, code);

		if (c == 0)
			return r->last_code = mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static bool
sh_receive(TupleTableSlot *slot, DestReceiver *self)
{
	ShReceiver *r = (ShReceiver *) self;
	DateADT		lo,
				hi;
	int32		period;
	bool		added;

	slot_getallattrs(slot);
	if (slot->tts_isnull[0] || slot->tts_isnull[1] || slot->tts_isnull[2])
		elog(ERROR, "offence_share_rows: NULL in a row of recorded_offence");
	rs_period_datum(slot->tts_values[1], "offence_share", &r->typcache, &lo, &hi);
	period = (int32) cs_cell_number(&r->periods, 0, lo, hi, &added);

	if (r->nrows == r->maxrows)
	{
		MemoryContext old = MemoryContextSwitchTo(r->cxt);

		r->maxrows = Max(1024, r->maxrows * 2);
		r->rows = r->rows ? repalloc_huge(r->rows, r->maxrows * sizeof(ShRow))
			: palloc_extended(r->maxrows * sizeof(ShRow), MCXT_ALLOC_HUGE);
		MemoryContextSwitchTo(old);
	}
	r->rows[r->nrows].code = code_of(r, slot->tts_values[0]);
	r->rows[r->nrows].period = period;
	r->rows[r->nrows].offences = DatumGetInt64(slot->tts_values[2]);
	r->nrows++;
	return true;
}

static int
cmp_date(const void *a, const void *b)
{
	DateADT		x = *(const DateADT *) a;
	DateADT		y = *(const DateADT *) b;

	return (x < y) ? -1 : (x > y);
}

/*
 * A share, and its interval where offences lie between 0 and a total that
 * is not 0 (wilson_ci is NULL for 0 out of 0).
 */
static void
put_share(int64 offences, int64 total, Datum *values, bool *nulls)
{
	double		lower,
				upper;

	values[0] = Int64GetDatum(total);
	if (total != 0)
		values[1] = Float8GetDatum((double) offences / (double) total);
	else
		nulls[1] = true;
	if (offences >= 0 && offences <= total && total != 0)
	{
		cs_wilson_interval(offences, total, 0.95, &lower, &upper);
		values[2] = Float8GetDatum(lower);
		values[3] = Float8GetDatum(upper);
	}
	else
		nulls[2] = nulls[3] = true;
}

Datum
offence_share_rows(PG_FUNCTION_ARGS)
{
	static const char *const queries[] = {ROWS_QUERY};
	text	   *area_code = PG_GETARG_TEXT_PP(0);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	SPIPlanPtr *plans;
	ShReceiver	recv;
	ShOffences *so;
	int64	   *first;			/* rows of period p: by_period[first[p] .. first[p + 1]) */
	ShRow	   *by_period;
	DateADT    *ends;
	int32		nends = 0;
	CsCell   *inside;
	INT128	   *code_sum;
	int64	   *code_seen;		/* the window a code was last seen in, -1 never */
	int64	   *code_total;
	INT128	   *subgroup_sum;
	INT128	   *group_sum;
	int64	   *subgroup_total;
	int64	   *group_total;

	InitMaterializedSRF(fcinfo, 0);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "offence_share_rows: SPI_connect failed");
	so = sh_offences(fcinfo);
	plans = cs_area_plans(fcinfo, queries, 1);

	memset(&recv, 0, sizeof(recv));
	cs_area_dest_init(&recv.pub, sh_receive);
	recv.cxt = CurrentMemoryContext;
	recv.so = so;
	recv.last_code = -1;
	cs_cells_init(&recv.periods, CurrentMemoryContext, "offence_share");
	cs_area_run(plans[0], area_code, &recv.pub);

	/* the rows by period */
	first = palloc0((recv.periods.n + 1) * sizeof(int64));
	for (int64 i = 0; i < recv.nrows; i++)
		first[recv.rows[i].period + 1]++;
	for (int32 p = 0; p < recv.periods.n; p++)
		first[p + 1] += first[p];
	by_period = palloc(Max(recv.nrows, 1) * sizeof(ShRow));
	{
		int64	   *next = palloc(Max(recv.periods.n, 1) * sizeof(int64));

		memcpy(next, first, recv.periods.n * sizeof(int64));
		for (int64 i = 0; i < recv.nrows; i++)
			by_period[next[recv.rows[i].period]++] = recv.rows[i];
	}

	/* the windows' ends: the periods' ends on the first of a month, ascending */
	ends = palloc(Max(recv.periods.n, 1) * sizeof(DateADT));
	for (int32 p = 0; p < recv.periods.n; p++)
	{
		int			year,
					month,
					day;

		j2date(recv.periods.cell[p].hi + POSTGRES_EPOCH_JDATE, &year, &month, &day);
		if (day == 1)
			ends[nends++] = recv.periods.cell[p].hi;
	}
	qsort(ends, nends, sizeof(DateADT), cmp_date);

	inside = palloc(Max(recv.periods.n, 1) * sizeof(CsCell));
	code_sum = palloc(Max(so->n, 1) * sizeof(INT128));
	code_total = palloc(Max(so->n, 1) * sizeof(int64));
	code_seen = palloc(Max(so->n, 1) * sizeof(int64));
	for (int i = 0; i < so->n; i++)
		code_seen[i] = -1;
	subgroup_sum = palloc(Max(so->nsubgroups, 1) * sizeof(INT128));
	subgroup_total = palloc(Max(so->nsubgroups, 1) * sizeof(int64));
	group_sum = palloc(Max(so->ngroups, 1) * sizeof(INT128));
	group_total = palloc(Max(so->ngroups, 1) * sizeof(int64));

	for (int32 w = 0; w < nends; w++)
	{
		DateADT		u = ends[w];
		int			year,
					month,
					day;
		DateADT		start;
		int32		ninside = 0;
		int64		days;

		if (w > 0 && ends[w - 1] == u)
			continue;			/* the same end, from another period */
		j2date(u + POSTGRES_EPOCH_JDATE, &year, &month, &day);
		start = date2j(year - 1, month, 1) - POSTGRES_EPOCH_JDATE;

		/* the periods inside [start, u) must cover all of it */
		for (int32 p = 0; p < recv.periods.n; p++)
			if (recv.periods.cell[p].lo >= start && recv.periods.cell[p].hi <= u)
				inside[ninside++] = recv.periods.cell[p];
		days = cs_days_covered(inside, ninside);
		if (days != (int64) u - start)
			continue;

		/* each code's offences in the window */
		for (int32 p = 0; p < recv.periods.n; p++)
		{
			if (!(recv.periods.cell[p].lo >= start && recv.periods.cell[p].hi <= u))
				continue;
			for (int64 i = first[p]; i < first[p + 1]; i++)
			{
				int32		c = by_period[i].code;

				if (c < 0)
					continue;
				if (code_seen[c] != w)
				{
					code_seen[c] = w;
					code_sum[c] = int64_to_int128(0);
				}
				int128_add_int64(&code_sum[c], by_period[i].offences);
			}
		}

		/* the subgroups' and groups' totals */
		for (int k = 0; k < so->nsubgroups; k++)
			subgroup_sum[k] = int64_to_int128(0);
		for (int k = 0; k < so->ngroups; k++)
			group_sum[k] = int64_to_int128(0);
		for (int c = 0; c < so->n; c++)
		{
			if (code_seen[c] != w)
				continue;
			code_total[c] = cs_sum_to_int64(code_sum[c], "offence_share");
			int128_add_int64(&subgroup_sum[so->o[c].subgroup_no], code_total[c]);
			int128_add_int64(&group_sum[so->o[c].group_no], code_total[c]);
		}
		for (int k = 0; k < so->nsubgroups; k++)
			subgroup_total[k] = cs_sum_to_int64(subgroup_sum[k], "offence_share");
		for (int k = 0; k < so->ngroups; k++)
			group_total[k] = cs_sum_to_int64(group_sum[k], "offence_share");

		/* one row per code seen, in the database's order of codes */
		for (int r = 0; r < so->n; r++)
		{
			int			c = so->by_rank[r];
			const ShOffence *o = &so->o[c];
			Datum		values[15];
			bool		nulls[15];

			if (code_seen[c] != w)
				continue;
			memset(nulls, 0, sizeof(nulls));
			values[0] = DateADTGetDatum(start);
			values[1] = DateADTGetDatum(u - 1);
			values[2] = PointerGetDatum(o->code);
			values[3] = PointerGetDatum(o->description);
			values[4] = PointerGetDatum(o->subgroup);
			values[5] = PointerGetDatum(o->group);
			values[6] = Int64GetDatum(code_total[c]);
			put_share(code_total[c], subgroup_total[o->subgroup_no], &values[7], &nulls[7]);
			put_share(code_total[c], group_total[o->group_no], &values[11], &nulls[11]);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}

	SPI_finish();
	return (Datum) 0;
}
