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
#include "utils/date.h"

/*
 * The n queries (each with one text parameter, $1, the area's code),
 * prepared at the call site's first call and kept in its CsCallCache until
 * the call site's memory goes; call between SPI_connect and SPI_finish.
 */
extern SPIPlanPtr *cs_area_plans(FunctionCallInfo fcinfo,
								 const char *const *queries, int n);

/*
 * A DestReceiver that hands every row to receive and needs nothing else
 * (a caller that needs the rows' descriptor sets rStartup after).
 */
extern void cs_area_dest_init(DestReceiver *dest,
							  bool (*receive) (TupleTableSlot *, DestReceiver *));

/* Run a prepared query for one area, its rows going to dest (read only). */
extern void cs_area_run(SPIPlanPtr plan, text *area_code, DestReceiver *dest);

/*
 * Names (offence subgroups, outcome groups) numbered in order of first
 * sight, copied into cxt.  Equal names are equal bytes (the database's
 * collations are deterministic); the previous row's is tried first, for
 * consecutive rows mostly share it.
 */
typedef struct CsNames
{
	text	  **name;
	int			n;
	int			max;
	int			last;
	MemoryContext cxt;
} CsNames;

extern void cs_names_init(CsNames *names, MemoryContext cxt);

/* The number of the name d; -1 when it is new and add is false. */
extern int	cs_name_number(CsNames *names, Datum d, bool add);

/* rank[k]: the place of name k in the database's collation order. */
extern int *cs_names_rank(const CsNames *names);

/*
 * Cells keyed on a number and a period, numbered in order of first sight:
 * an open-addressing hash table over the array of keys, in cxt.  The
 * caller keeps each cell's sums in arrays of its own, grown to max.
 */
typedef struct CsCell
{
	int32		key;
	DateADT		lo;				/* the period's first day */
	DateADT		hi;				/* and the day after its last */
} CsCell;

typedef struct CsCells
{
	CsCell	   *cell;
	int64		n;
	int64		max;
	int32	   *slot;			/* cell numbers, -1 empty */
	int64		nslot;			/* a power of two, twice max */
	MemoryContext cxt;
	const char *fname;			/* for the error when there are too many */
} CsCells;

extern void cs_cells_init(CsCells *cells, MemoryContext cxt, const char *fname);

/* The number of the cell (key, lo, hi); *added when it is new. */
extern int64 cs_cell_number(CsCells *cells, int32 key, DateADT lo, DateADT hi,
							bool *added);

/* The days n periods cover together (sorting them by their first days). */
extern int64 cs_days_covered(CsCell *periods, int64 n);

/* A sum as bigint, or 22003 naming fname as sum()::bigint would. */
extern int64 cs_sum_to_int64(INT128 sum, const char *fname);

#endif							/* AREA_QUERY_H */
