/*-------------------------------------------------------------------------
 *
 * area_query.c
 *	  What the views' per-area functions in C (year_ending.c,
 *	  offence_share.c) share: their queries of one area's rows, prepared
 *	  once per call site and run through SPI into a receiver of their own,
 *	  and the check of their 128-bit sums.
 *
 * A view calls its per-area function once per area: the queries (each
 * with one parameter, the area's code) are prepared at the first call and
 * kept for the others, in the call site's CsCallCache, and freed with the
 * call site's memory.  They run as the calling role, so the tables'
 * privileges and row-level security apply as they do to the view; on Citus
 * each is a query with the area's code, which the coordinator sends to the
 * worker holding the area.  Rows go to a DestReceiver of the caller's,
 * which reads each from its slot: SPI's own tuple table would copy every
 * row first.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "nodes/params.h"
#include "catalog/pg_collation.h"
#include "utils/memutils.h"
#include "utils/varlena.h"

#include "crimestats.h"
#include "area_query.h"

typedef struct AreaPlans
{
	int			n;
	SPIPlanPtr	plans[FLEXIBLE_ARRAY_MEMBER];
} AreaPlans;

static void
free_area_plans(void *arg)
{
	AreaPlans  *ap = (AreaPlans *) arg;

	for (int i = 0; i < ap->n; i++)
		if (ap->plans[i])
			SPI_freeplan(ap->plans[i]);
}

SPIPlanPtr *
cs_area_plans(FunctionCallInfo fcinfo, const char *const *queries, int n)
{
	CsCallCache *cache = cs_call_cache(fcinfo);
	AreaPlans  *ap = (AreaPlans *) cache->area_plans;

	if (ap == NULL)
	{
		MemoryContextCallback *cb;

		ap = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
									offsetof(AreaPlans, plans) + n * sizeof(SPIPlanPtr));
		cb = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(MemoryContextCallback));
		cb->func = free_area_plans;
		cb->arg = ap;
		MemoryContextRegisterResetCallback(fcinfo->flinfo->fn_mcxt, cb);
		cache->area_plans = ap;
	}
	for (int i = 0; i < n; i++)
	{
		Oid			argtypes[1] = {TEXTOID};

		if (ap->plans[i] != NULL)
			continue;
		ap->plans[i] = SPI_prepare(queries[i], 1, argtypes);
		if (ap->plans[i] == NULL)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		if (SPI_keepplan(ap->plans[i]) != 0)
			elog(ERROR, "SPI_keepplan failed");
		ap->n = i + 1;
	}
	return ap->plans;
}

static void
dest_startup(DestReceiver *self, int operation, TupleDesc typeinfo)
{
}

static void
dest_shutdown(DestReceiver *self)
{
}

static void
dest_destroy(DestReceiver *self)
{
}

void
cs_area_dest_init(DestReceiver *dest, bool (*receive) (TupleTableSlot *, DestReceiver *))
{
	memset(dest, 0, sizeof(DestReceiver));
	dest->receiveSlot = receive;
	dest->rStartup = dest_startup;
	dest->rShutdown = dest_shutdown;
	dest->rDestroy = dest_destroy;
	dest->mydest = DestNone;
}

void
cs_area_run(SPIPlanPtr plan, text *area_code, DestReceiver *dest)
{
	ParamListInfo params = makeParamList(1);
	SPIExecuteOptions options;

	params->params[0].value = PointerGetDatum(area_code);
	params->params[0].isnull = false;
	params->params[0].pflags = PARAM_FLAG_CONST;
	params->params[0].ptype = TEXTOID;
	memset(&options, 0, sizeof(options));
	options.params = params;
	options.read_only = true;
	options.dest = dest;
	/* with a receiver of its own (DestNone), a SELECT reports SPI_OK_UTILITY */
	if (SPI_execute_plan_extended(plan, &options) < 0)
		elog(ERROR, "SPI_execute_plan_extended failed");
}

int64
cs_sum_to_int64(INT128 sum, const char *fname)
{
	if (int128_compare(sum, int64_to_int128(PG_INT64_MAX)) > 0 ||
		int128_compare(sum, int64_to_int128(PG_INT64_MIN)) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: total of offences is out of range for bigint", fname)));
	return int128_to_int64(sum);
}

void
cs_names_init(CsNames *names, MemoryContext cxt)
{
	memset(names, 0, sizeof(CsNames));
	names->last = -1;
	names->cxt = cxt;
}

static bool
same_name(const text *a, const char *data, Size len)
{
	return VARSIZE_ANY_EXHDR(a) == len && memcmp(VARDATA_ANY(a), data, len) == 0;
}

int
cs_name_number(CsNames *names, Datum d, bool add)
{
	text	   *name = DatumGetTextPP(d);
	const char *data = VARDATA_ANY(name);
	Size		len = VARSIZE_ANY_EXHDR(name);
	MemoryContext old;

	if (names->last >= 0 && same_name(names->name[names->last], data, len))
		return names->last;
	for (int k = 0; k < names->n; k++)
		if (same_name(names->name[k], data, len))
			return names->last = k;
	if (!add)
		return -1;
	old = MemoryContextSwitchTo(names->cxt);
	if (names->n == names->max)
	{
		names->max = Max(16, names->max * 2);
		names->name = names->name ? repalloc(names->name, names->max * sizeof(text *))
			: palloc(names->max * sizeof(text *));
	}
	names->name[names->n] = (text *) PG_DETOAST_DATUM_COPY(d);
	MemoryContextSwitchTo(old);
	return names->last = names->n++;
}

static int
cmp_name_collation(const void *a, const void *b, void *arg)
{
	text	  **name = (text **) arg;
	const text *x = name[*(const int *) a];
	const text *y = name[*(const int *) b];

	return varstr_cmp(VARDATA_ANY(x), VARSIZE_ANY_EXHDR(x),
					  VARDATA_ANY(y), VARSIZE_ANY_EXHDR(y),
					  DEFAULT_COLLATION_OID);
}

int *
cs_names_rank(const CsNames *names)
{
	int		   *order = palloc(Max(names->n, 1) * sizeof(int));
	int		   *rank = palloc(Max(names->n, 1) * sizeof(int));

	for (int k = 0; k < names->n; k++)
		order[k] = k;
	qsort_arg(order, names->n, sizeof(int), cmp_name_collation, names->name);
	for (int r = 0; r < names->n; r++)
		rank[order[r]] = r;
	pfree(order);
	return rank;
}

void
cs_cells_init(CsCells *cells, MemoryContext cxt, const char *fname)
{
	memset(cells, 0, sizeof(CsCells));
	cells->cxt = cxt;
	cells->fname = fname;
}

static uint64
cell_hash(int32 key, DateADT lo, DateADT hi)
{
	uint64		h = ((uint64) (uint32) lo << 32) | (uint32) hi;

	/* splitmix64's finaliser over the period, the key mixed in first */
	h ^= (uint64) (uint32) key * UINT64CONST(0x9e3779b97f4a7c15);
	h = (h ^ (h >> 30)) * UINT64CONST(0xbf58476d1ce4e5b9);
	h = (h ^ (h >> 27)) * UINT64CONST(0x94d049bb133111eb);
	return h ^ (h >> 31);
}

static void
cells_grow(CsCells *cells)
{
	int64		max = Max(256, cells->max * 2);
	MemoryContext old;

	if (max > INT_MAX / 4)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: too many periods in one area", cells->fname)));
	old = MemoryContextSwitchTo(cells->cxt);
	cells->cell = cells->cell ? repalloc(cells->cell, max * sizeof(CsCell))
		: palloc(max * sizeof(CsCell));
	cells->max = max;
	cells->nslot = max * 2;
	if (cells->slot)
		pfree(cells->slot);
	cells->slot = palloc(cells->nslot * sizeof(int32));
	memset(cells->slot, -1, cells->nslot * sizeof(int32));
	for (int64 i = 0; i < cells->n; i++)
	{
		uint64		h = cell_hash(cells->cell[i].key, cells->cell[i].lo,
								  cells->cell[i].hi) & (cells->nslot - 1);

		while (cells->slot[h] >= 0)
			h = (h + 1) & (cells->nslot - 1);
		cells->slot[h] = (int32) i;
	}
	MemoryContextSwitchTo(old);
}

int64
cs_cell_number(CsCells *cells, int32 key, DateADT lo, DateADT hi, bool *added)
{
	uint64		h;

	if (cells->n == cells->max)
		cells_grow(cells);
	h = cell_hash(key, lo, hi) & (cells->nslot - 1);
	for (;;)
	{
		int32		i = cells->slot[h];

		if (i < 0)
		{
			i = (int32) cells->n++;
			cells->slot[h] = i;
			cells->cell[i].key = key;
			cells->cell[i].lo = lo;
			cells->cell[i].hi = hi;
			*added = true;
			return i;
		}
		if (cells->cell[i].key == key && cells->cell[i].lo == lo && cells->cell[i].hi == hi)
		{
			*added = false;
			return i;
		}
		h = (h + 1) & (cells->nslot - 1);
	}
}

static int
cmp_cell_lo(const void *a, const void *b)
{
	const CsCell *x = (const CsCell *) a;
	const CsCell *y = (const CsCell *) b;

	if (x->lo != y->lo)
		return (x->lo < y->lo) ? -1 : 1;
	return (x->hi < y->hi) ? -1 : (x->hi > y->hi);
}

int64
cs_days_covered(CsCell *periods, int64 n)
{
	int64		days = 0;
	DateADT		lo,
				hi;

	if (n == 0)
		return 0;
	qsort(periods, n, sizeof(CsCell), cmp_cell_lo);
	lo = periods[0].lo;
	hi = periods[0].hi;
	for (int64 k = 1; k < n; k++)
	{
		if (periods[k].lo > hi)
		{
			days += hi - lo;
			lo = periods[k].lo;
			hi = periods[k].hi;
		}
		else if (periods[k].hi > hi)
			hi = periods[k].hi;
	}
	return days + (hi - lo);
}
