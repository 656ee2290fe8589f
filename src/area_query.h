/*-------------------------------------------------------------------------
 *
 * area_query.h
 *	  The per-area queries of the views' functions in C (area_query.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef AREA_QUERY_H
#define AREA_QUERY_H

#include "crimestats.h"
#include "common/int128.h"
#include "executor/spi.h"

/*
 * The n queries (each with one text parameter, $1, the area's code),
 * prepared at the call site's first call and kept in its CsCallCache until
 * the call site's memory goes; call between SPI_connect and SPI_finish.
 */
extern SPIPlanPtr *cs_area_plans(FunctionCallInfo fcinfo,
								 const char *const *queries, int n);

/* A DestReceiver that hands every row to receive and needs nothing else. */
extern void cs_area_dest_init(DestReceiver *dest,
							  bool (*receive) (TupleTableSlot *, DestReceiver *));

/* Run a prepared query for one area, its rows going to dest (read only). */
extern void cs_area_run(SPIPlanPtr plan, text *area_code, DestReceiver *dest);

/* A sum as bigint, or 22003 naming fname as sum()::bigint would. */
extern int64 cs_sum_to_int64(INT128 sum, const char *fname);

#endif							/* AREA_QUERY_H */
