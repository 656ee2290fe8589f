/*-------------------------------------------------------------------------
 *
 * integrity.c
 *	  crimestats_internal.overlapping_keys(query): the overlap check of the
 *	  fact tables' statement triggers (src/integrity.sql).
 *
 * The triggers read the table's rows that could overlap what a statement
 * wrote: those of its areas and codes within the span of its periods, an
 * import's quarter of a million rows or, for an UPDATE of a whole table,
 * all of them.  Up to maintenance_work_mem, the rows are kept here, sorted
 * as bytes and scanned once: 0.1 to 0.2 s for an import's, most of it
 * reading them, where a window over the executor's sort took twice as long
 * and probing the index key by key up to ten times.  Past that, the query
 * is run again sorted by the executor (which spills to disk past
 * work_mem), and its rows are scanned as they come, one kept at a time.
 *
 * query returns the key's columns, then the period's first day and the day
 * after its last (date, not NULL).  Keys are equal when every column's
 * value is, byte for byte (the codes' collations are deterministic).
 * Sorted by end, if any two periods of a key overlap, two adjacent ones do
 * (src/integrity.sql gives the argument), so comparing each row with the
 * one before it finds every key that holds an overlap.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/tupmacs.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/lsyscache.h"
#include "miscadmin.h"

#include "area_query.h"

PG_FUNCTION_INFO_V1(overlapping_keys);

/* A row kept in memory: its key's bytes and its period. */
typedef struct OvRow
{
	const char *key;
	int			len;
	DateADT		lo;
	DateADT		hi;
} OvRow;

typedef struct OvReceiver
{
	DestReceiver pub;
	MemoryContext cxt;			/* where the receiver's state lives */
	ReturnSetInfo *rsinfo;		/* the keys found go to its tuplestore */
	int			nkey;			/* key columns: all but the last two */
	Oid		   *typid;
	bool	   *byval;
	int16	   *typlen;
	bool	   *terminated;		/* text: its bytes and a NUL, which text never holds */
	Oid		   *typoutput;
	StringInfoData key;			/* this row's key, as bytes */

	/* rows kept, until they would take more than limit bytes */
	bool		streaming;		/* no: the rows come sorted, keep none */
	Size		limit;
	bool		over_limit;
	StringInfoData buf;			/* every row's key, one after another */
	int64	   *offset;			/* each row's key in buf */
	int		   *keylen;
	DateADT    *lo;
	DateADT    *hi;
	int64		n,
				max;

	/* streaming: the previous row */
	StringInfoData prev;
	bool		have_prev;
	bool		reported;		/* its key was found overlapping */
	DateADT		prev_hi;
} OvReceiver;

static ArrayType *ov_key_text(const OvReceiver *r, const char *p);

static void
ov_startup(DestReceiver *self, int operation, TupleDesc typeinfo)
{
	OvReceiver *r = (OvReceiver *) self;
	MemoryContext old = MemoryContextSwitchTo(r->cxt);

	if (typeinfo->natts < 3 ||
		TupleDescAttr(typeinfo, typeinfo->natts - 2)->atttypid != DATEOID ||
		TupleDescAttr(typeinfo, typeinfo->natts - 1)->atttypid != DATEOID)
		elog(ERROR, "overlapping_keys: the query must return the key's columns and two dates");
	r->nkey = typeinfo->natts - 2;
	r->byval = palloc(r->nkey * sizeof(bool));
	r->typlen = palloc(r->nkey * sizeof(int16));
	r->typoutput = palloc(r->nkey * sizeof(Oid));
	r->terminated = palloc(r->nkey * sizeof(bool));
	r->typid = palloc(r->nkey * sizeof(Oid));
	for (int k = 0; k < r->nkey; k++)
	{
		Oid			typid = TupleDescAttr(typeinfo, k)->atttypid;
		bool		isvarlena;

		r->typid[k] = typid;
		get_typlenbyval(typid, &r->typlen[k], &r->byval[k]);
		getTypeOutputInfo(typid, &r->typoutput[k], &isvarlena);
		r->terminated[k] = typid == TEXTOID || typid == VARCHAROID;
	}
	MemoryContextSwitchTo(old);
}

/*
 * Each key column as bytes, after a marker that tells NULL from a value: a
 * fixed-length value's own, a text's followed by a NUL (which text never
 * holds, so that ("ab", "c") and ("a", "bc") differ), another varlena's
 * with its length before it.  Keys of text columns then sort as their
 * values do byte by byte, which is the order an import inserts its rows
 * in: read back in that order, they are found sorted at once.
 */
/* Append the key columns' bytes (see above) to dst. */
static void
ov_encode_key(OvReceiver *r, TupleTableSlot *slot, StringInfo dst)
{
	for (int k = 0; k < r->nkey; k++)
	{
		Datum		d = slot->tts_values[k];

		if (slot->tts_isnull[k])
		{
			appendStringInfoChar(dst, '\0');
			continue;
		}
		appendStringInfoChar(dst, '\1');
		if (r->byval[k])
		{
			/* the value's own bytes, whatever the machine's byte order */
			char		bytes[sizeof(Datum)];

			store_att_byval(bytes, d, r->typlen[k]);
			appendBinaryStringInfo(dst, bytes, r->typlen[k]);
		}
		else if (r->typlen[k] == -1)
		{
			struct varlena *v = PG_DETOAST_DATUM_PACKED(d);
			int32		len = VARSIZE_ANY_EXHDR(v);

			if (r->terminated[k])
			{
				appendBinaryStringInfo(dst, VARDATA_ANY(v), len);
				appendStringInfoChar(dst, '\0');
			}
			else
			{
				appendBinaryStringInfo(dst, (const char *) &len, sizeof(len));
				appendBinaryStringInfo(dst, VARDATA_ANY(v), len);
			}
			if ((Pointer) v != DatumGetPointer(d))
				pfree(v);
		}
		else if (r->typlen[k] > 0)
			appendBinaryStringInfo(dst, DatumGetPointer(d), r->typlen[k]);
		else
			elog(ERROR, "overlapping_keys: unsupported key column type");
	}
}

static void
ov_report(OvReceiver *r, const char *key)
{
	Datum		d = PointerGetDatum(ov_key_text(r, key));
	bool		isnull = false;

	tuplestore_putvalues(r->rsinfo->setResult, r->rsinfo->setDesc, &d, &isnull);
}

static bool
ov_receive(TupleTableSlot *slot, DestReceiver *self)
{
	OvReceiver *r = (OvReceiver *) self;
	MemoryContext old = MemoryContextSwitchTo(r->cxt);
	bool		isnull;
	DateADT		lo,
				hi;

	slot_getallattrs(slot);
	lo = DatumGetDateADT(slot_getattr(slot, r->nkey + 1, &isnull));
	if (isnull)
		elog(ERROR, "overlapping_keys: NULL period");
	hi = DatumGetDateADT(slot_getattr(slot, r->nkey + 2, &isnull));
	if (isnull)
		elog(ERROR, "overlapping_keys: NULL period");

	if (r->streaming)
	{
		bool		same;

		resetStringInfo(&r->key);
		ov_encode_key(r, slot, &r->key);
		same = r->have_prev && r->key.len == r->prev.len &&
			memcmp(r->key.data, r->prev.data, r->key.len) == 0;
		if (same)
		{
			if (hi < r->prev_hi)
				elog(ERROR, "overlapping_keys: the sorted query's rows are out of order");
			if (r->prev_hi > lo && !r->reported)
			{
				ov_report(r, r->key.data);
				r->reported = true;
			}
		}
		else
		{
			StringInfoData t = r->prev;

			r->prev = r->key;
			r->key = t;
			r->have_prev = true;
			r->reported = false;
		}
		r->prev_hi = hi;
	}
	else
	{
		int64		start = r->buf.len;

		ov_encode_key(r, slot, &r->buf);
		if (r->n == r->max)
		{
			r->max = Max(1024, r->max * 2);
			r->offset = r->offset ? repalloc_huge(r->offset, r->max * sizeof(int64)) : palloc_extended(r->max * sizeof(int64), MCXT_ALLOC_HUGE);
			r->keylen = r->keylen ? repalloc_huge(r->keylen, r->max * sizeof(int)) : palloc_extended(r->max * sizeof(int), MCXT_ALLOC_HUGE);
			r->lo = r->lo ? repalloc_huge(r->lo, r->max * sizeof(DateADT)) : palloc_extended(r->max * sizeof(DateADT), MCXT_ALLOC_HUGE);
			r->hi = r->hi ? repalloc_huge(r->hi, r->max * sizeof(DateADT)) : palloc_extended(r->max * sizeof(DateADT), MCXT_ALLOC_HUGE);
		}
		r->offset[r->n] = start;
		r->keylen[r->n] = r->buf.len - start;
		r->lo[r->n] = lo;
		r->hi[r->n] = hi;
		r->n++;
		/* the rows, their keys and the arrays, with the sort's array to come */
		if ((Size) r->buf.len + (Size) r->max * (sizeof(int64) + sizeof(int) + 2 * sizeof(DateADT) + sizeof(OvRow)) > r->limit)
		{
			r->over_limit = true;
			MemoryContextSwitchTo(old);
			return false;		/* stop the query */
		}
	}
	MemoryContextSwitchTo(old);
	return true;
}

static int
ov_cmp(const void *a, const void *b)
{
	const OvRow *x = (const OvRow *) a;
	const OvRow *y = (const OvRow *) b;
	int			c;

	c = memcmp(x->key, y->key, Min(x->len, y->len));
	if (c != 0)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return (x->hi > y->hi) - (x->hi < y->hi);
}

/*
 * The key's values, from its bytes (ov_receive), as text.
 */
static ArrayType *
ov_key_text(const OvReceiver *r, const char *p)
{
	Datum	   *elems = palloc(r->nkey * sizeof(Datum));
	bool	   *nulls = palloc(r->nkey * sizeof(bool));
	int			dims[1] = {r->nkey};
	int			lbs[1] = {1};

	for (int k = 0; k < r->nkey; k++)
	{
		Datum		d = (Datum) 0;

		nulls[k] = *p++ == '\0';
		if (nulls[k])
			continue;
		if (r->byval[k])
		{
			d = fetch_att(p, true, r->typlen[k]);
			p += r->typlen[k];
		}
		else if (r->typlen[k] == -1)
		{
			int32		len;
			text	   *t;

			if (r->terminated[k])
				len = strlen(p);
			else
			{
				memcpy(&len, p, sizeof(len));
				p += sizeof(len);
			}
			t = (text *) palloc(len + VARHDRSZ);
			SET_VARSIZE(t, len + VARHDRSZ);
			memcpy(VARDATA(t), p, len);
			p += len + (r->terminated[k] ? 1 : 0);
			d = PointerGetDatum(t);
		}
		else
		{
			char	   *copy = palloc(r->typlen[k]);

			memcpy(copy, p, r->typlen[k]);
			p += r->typlen[k];
			d = PointerGetDatum(copy);
		}
		elems[k] = CStringGetTextDatum(OidOutputFunctionCall(r->typoutput[k], d));
	}
	return construct_md_array(elems, nulls, 1, dims, lbs, TEXTOID, -1, false, TYPALIGN_INT);
}

/* Run query into the receiver (between SPI_connect and SPI_finish). */
static void
ov_run(OvReceiver *r, const char *query)
{
	SPIExecuteOptions options;

	memset(&options, 0, sizeof(options));
	options.read_only = false;
	options.dest = &r->pub;
	if (SPI_execute_extended(query, &options) < 0)
		elog(ERROR, "overlapping_keys: query failed");
}

/*
 * The keys (as text[], one element per key column) of the sets of rows two
 * of whose periods overlap, each once; none when no two rows of one key
 * overlap.
 */
Datum
overlapping_keys(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	char	   *query = text_to_cstring(PG_GETARG_TEXT_PP(0));
	OvReceiver	r;

	/* one text[] column: the tuple descriptor is the call's own */
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	memset(&r, 0, sizeof(r));
	r.cxt = CurrentMemoryContext;
	r.rsinfo = rsinfo;
	r.limit = (Size) maintenance_work_mem * 1024;
	cs_area_dest_init(&r.pub, ov_receive);
	r.pub.rStartup = ov_startup;
	initStringInfo(&r.key);
	initStringInfo(&r.prev);
	initStringInfo(&r.buf);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "overlapping_keys: SPI_connect failed");
	ov_run(&r, query);
	if (r.over_limit)
	{
		/*
		 * Too many rows to keep: the query again, sorted by the executor (the
		 * text columns byte by byte, which sorts fastest and keeps equal
		 * values together), its rows scanned as they come.
		 */
		StringInfoData sorted;

		pfree(r.buf.data);
		pfree(r.offset);
		pfree(r.keylen);
		pfree(r.lo);
		pfree(r.hi);
		initStringInfo(&sorted);
		appendStringInfo(&sorted, "SELECT * FROM (%s) AS q (", query);
		for (int k = 0; k < r.nkey + 2; k++)
			appendStringInfo(&sorted, "%sc%d", k > 0 ? ", " : "", k + 1);
		appendStringInfoString(&sorted, ") ORDER BY ");
		for (int k = 0; k < r.nkey; k++)
			appendStringInfo(&sorted, "c%d%s, ", k + 1,
							 r.terminated[k] ? " COLLATE \"C\"" : "");
		appendStringInfo(&sorted, "c%d", r.nkey + 2);
		r.streaming = true;
		ov_run(&r, sorted.data);
	}
	SPI_finish();

	if (!r.streaming && r.n > 1)
	{
		OvRow	   *row = palloc_extended(r.n * sizeof(OvRow), MCXT_ALLOC_HUGE);

		for (int64 i = 0; i < r.n; i++)
		{
			row[i].key = r.buf.data + r.offset[i];
			row[i].len = r.keylen[i];
			row[i].lo = r.lo[i];
			row[i].hi = r.hi[i];
		}
		qsort(row, r.n, sizeof(OvRow), ov_cmp);
		for (int64 i = 1; i < r.n; i++)
		{
			if (row[i].len != row[i - 1].len ||
				memcmp(row[i].key, row[i - 1].key, row[i].len) != 0 ||
				row[i - 1].hi <= row[i].lo)
				continue;
			ov_report(&r, row[i].key);
			/* the key's other rows */
			while (i + 1 < r.n && row[i + 1].len == row[i].len &&
				   memcmp(row[i + 1].key, row[i].key, row[i].len) == 0)
				i++;
		}
	}
	PG_RETURN_NULL();
}
