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
#include "utils/memutils.h"

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
