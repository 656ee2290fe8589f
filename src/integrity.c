/*-------------------------------------------------------------------------
 *
 * integrity.c
 *	  crimestats_internal.overlapping_keys(query): the overlap check of the
 *	  fact tables' statement triggers (src/integrity.sql).
 *
 * The triggers read the table's rows that could overlap what a statement
 * wrote: those of its areas and codes within the span of its periods.  An
 * import reads back a quarter of a million rows there.  A window over a
 * sort by the key and the period's end checked them in about half a
 * second, probing the index key by key in up to two; here the rows are
 * sorted as bytes and scanned once, and most of the check's 0.1 to 0.2 s
 * is reading them.
 *
 * query returns the key's columns, then the period's first day and the day
 * after its last (date, not NULL); rows whose keys are equal (every key
 * column's value byte for byte: the codes' collations are deterministic)
 * form one set.  Sorted by end, if any two periods of a set overlap, two
 * adjacent ones do (src/integrity.sql gives the argument), so one pass
 * over the sorted rows finds every set that holds an overlap.  The rows
 * are held in memory (about 70 bytes each) until they are sorted.
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

#include "crimestats.h"

PG_FUNCTION_INFO_V1(overlapping_keys);

typedef struct OvRow
{
	const char *key;			/* the key's bytes, in OvReceiver.buf */
	int			len;
	DateADT		lo;
	DateADT		hi;
} OvRow;

typedef struct OvReceiver
{
	DestReceiver pub;
	MemoryContext cxt;			/* where the rows are kept, not the executor's */
	int			nkey;			/* key columns: all but the last two */
	bool	   *byval;
	int16	   *typlen;
	bool	   *terminated;		/* text: its bytes and a NUL, which text never holds */
	Oid		   *typoutput;
	StringInfoData buf;			/* every row's key, one after another */
	int64	   *offset;			/* each row's key in buf */
	int		   *keylen;
	DateADT    *lo;
	DateADT    *hi;
	int64		n,
				max;
} OvReceiver;

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
	for (int k = 0; k < r->nkey; k++)
	{
		Oid			typid = TupleDescAttr(typeinfo, k)->atttypid;
		bool		isvarlena;

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
static bool
ov_receive(TupleTableSlot *slot, DestReceiver *self)
{
	OvReceiver *r = (OvReceiver *) self;
	MemoryContext old = MemoryContextSwitchTo(r->cxt);
	int64		start = r->buf.len;
	bool		isnull;

	slot_getallattrs(slot);
	for (int k = 0; k < r->nkey; k++)
	{
		Datum		d = slot->tts_values[k];

		if (slot->tts_isnull[k])
		{
			appendStringInfoChar(&r->buf, '\0');
			continue;
		}
		appendStringInfoChar(&r->buf, '\1');
		if (r->byval[k])
		{
			/* the value's own bytes, whatever the machine's byte order */
			char		bytes[sizeof(Datum)];

			store_att_byval(bytes, d, r->typlen[k]);
			appendBinaryStringInfo(&r->buf, bytes, r->typlen[k]);
		}
		else if (r->typlen[k] == -1)
		{
			struct varlena *v = PG_DETOAST_DATUM_PACKED(d);
			int32		len = VARSIZE_ANY_EXHDR(v);

			if (r->terminated[k])
			{
				appendBinaryStringInfo(&r->buf, VARDATA_ANY(v), len);
				appendStringInfoChar(&r->buf, '\0');
			}
			else
			{
				appendBinaryStringInfo(&r->buf, (const char *) &len, sizeof(len));
				appendBinaryStringInfo(&r->buf, VARDATA_ANY(v), len);
			}
		}
		else if (r->typlen[k] > 0)
			appendBinaryStringInfo(&r->buf, DatumGetPointer(d), r->typlen[k]);
		else
			elog(ERROR, "overlapping_keys: unsupported key column type");
	}
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
	r->lo[r->n] = DatumGetDateADT(slot_getattr(slot, r->nkey + 1, &isnull));
	if (isnull)
		elog(ERROR, "overlapping_keys: NULL period");
	r->hi[r->n] = DatumGetDateADT(slot_getattr(slot, r->nkey + 2, &isnull));
	if (isnull)
		elog(ERROR, "overlapping_keys: NULL period");
	r->n++;
	MemoryContextSwitchTo(old);
	return true;
}

static void
ov_noop(DestReceiver *self)
{
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
	MemoryContext cxt;
	OvReceiver	r;
	SPIExecuteOptions options;
	OvRow	   *row;

	/* one text[] column: the tuple descriptor is the call's own */
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	cxt = CurrentMemoryContext;
	memset(&r, 0, sizeof(r));
	r.cxt = cxt;
	r.pub.receiveSlot = ov_receive;
	r.pub.rStartup = ov_startup;
	r.pub.rShutdown = ov_noop;
	r.pub.rDestroy = ov_noop;
	r.pub.mydest = DestNone;
	initStringInfo(&r.buf);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "overlapping_keys: SPI_connect failed");
	memset(&options, 0, sizeof(options));
	options.read_only = false;
	options.dest = &r.pub;
	if (SPI_execute_extended(query, &options) < 0)
		elog(ERROR, "overlapping_keys: query failed");
	SPI_finish();

	row = palloc_extended(Max(r.n, 1) * sizeof(OvRow), MCXT_ALLOC_HUGE);
	for (int64 i = 0; i < r.n; i++)
	{
		row[i].key = r.buf.data + r.offset[i];
		row[i].len = r.keylen[i];
		row[i].lo = r.lo[i];
		row[i].hi = r.hi[i];
	}
	if (r.n > 1)
		qsort(row, r.n, sizeof(OvRow), ov_cmp);
	for (int64 i = 1; i < r.n; i++)
	{
		bool		same = row[i].len == row[i - 1].len &&
			memcmp(row[i].key, row[i - 1].key, row[i].len) == 0;
		Datum		key;
		bool		isnull = false;

		if (!same || row[i - 1].hi <= row[i].lo)
			continue;
		key = PointerGetDatum(ov_key_text(&r, row[i].key));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, &key, &isnull);
		/* the key's other rows */
		while (i + 1 < r.n && row[i + 1].len == row[i].len &&
			   memcmp(row[i + 1].key, row[i].key, row[i].len) == 0)
			i++;
	}
	PG_RETURN_NULL();
}
