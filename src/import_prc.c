/*-------------------------------------------------------------------------
 *
 * import_prc.c
 *	  crimestats_internal.prc_batch(format, rows_sql): the checks of a Home
 *	  Office table import, in one pass over its rows.
 *
 * import_prc_rows (src/import_prc.sql) loads what this returns: one row per
 * key to insert (its area, offence code, quarter and, for outcomes, outcome
 * type), in key order, and one row per line rejected, with its reason.  The
 * SQL this replaces read the batch four times (the distinct values, every
 * row, its keys, the rejects) through hash joins and materialised steps,
 * and cost about as much as the insert itself; here every row is read once,
 * its values resolved through hash tables filled once per distinct value,
 * and its key summed into another.
 *
 * The rules are import_prc_rows' (its comment, docs/loading.md):
 *  - a line is rejected, with the first reason that applies, for a bad
 *    financial year or quarter, an unknown force (partnership, or a
 *    partnership outside the named force; an unknown outcome type or a bad
 *    count of investigations closed), an unknown offence code, a bad count;
 *  - lines of one key are summed when the offence code is composite (holds
 *    a "/", as Homicide's 1/4.1/4.10/4.2 does); otherwise the key loads its
 *    first line and every later one is rejected as a duplicate;
 *  - a key whose quarter overlaps a row of the target table (which the
 *    import emptied of this source beforehand) is not loaded: its lines
 *    are rejected naming the first such row's source by name.
 * Lines rejected for their key (duplicates, overlaps) come without their
 * fields (raw NULL), which import_prc_rows reads again for those lines
 * only; lines rejected for their own values come with them.
 *
 * Names are resolved as crimestats.area_names gives them (lower(btrim())
 * in the database's collation), counts and quarters parsed as ho_count and
 * ho_quarter do; tests/import_prc compares every reason with the file.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_collation.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "common/int128.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"

#include "area_query.h"

PG_FUNCTION_INFO_V1(prc_batch);

typedef enum PrcFormat
{
	PRC_FORCE,
	PRC_CSP,
	PRC_OUTCOMES
} PrcFormat;

/* The staging columns of each format, in the order import_reject.raw lists them. */
static const char *const force_fields[] = {
	"financial_year", "financial_quarter", "force_name", "offence_description",
	"offence_group", "offence_subgroup", "offence_code", "offence_count", NULL
};
static const char *const csp_fields[] = {
	"financial_year", "financial_quarter", "force_name", "csp_name", "offence_description",
	"offence_group", "offence_subgroup", "offence_code", "offence_count", NULL
};
static const char *const outcomes_fields[] = {
	"financial_year", "financial_quarter", "force_name", "offence_code",
	"offence_description", "offence_group", "offence_subgroup", "outcome_description",
	"outcome_group", "outcome_type", "recorded_count", "closed_count", NULL
};

#define MAX_FIELDS 12

/*
 * A hash table from byte strings to int32, open addressing over a power of
 * two slots; the keys are copied into cxt.
 */
typedef struct StrMap
{
	char	  **key;
	int		   *len;
	int32	   *val;
	int			n;
	int			max;
	int		   *slot;			/* entry numbers, -1 empty */
	int			nslot;
	MemoryContext cxt;
} StrMap;

static void
strmap_init(StrMap *m, MemoryContext cxt)
{
	memset(m, 0, sizeof(StrMap));
	m->cxt = cxt;
	m->nslot = 64;
	m->slot = MemoryContextAlloc(cxt, m->nslot * sizeof(int));
	memset(m->slot, -1, m->nslot * sizeof(int));
}

static int
strmap_find_slot(const StrMap *m, const char *key, int len)
{
	uint32		h = hash_bytes((const unsigned char *) key, len);
	int			s = h & (m->nslot - 1);

	for (;;)
	{
		int			e = m->slot[s];

		if (e < 0 || (m->len[e] == len && memcmp(m->key[e], key, len) == 0))
			return s;
		s = (s + 1) & (m->nslot - 1);
	}
}

/* The entry for key, or -1. */
static int
strmap_lookup(const StrMap *m, const char *key, int len)
{
	return m->slot[strmap_find_slot(m, key, len)];
}

/* Add key with val (the key must not be present); returns its entry. */
static int
strmap_add(StrMap *m, const char *key, int len, int32 val)
{
	MemoryContext old = MemoryContextSwitchTo(m->cxt);
	int			e;

	if (m->n == m->max)
	{
		m->max = Max(16, m->max * 2);
		m->key = m->key ? repalloc(m->key, m->max * sizeof(char *)) : palloc(m->max * sizeof(char *));
		m->len = m->len ? repalloc(m->len, m->max * sizeof(int)) : palloc(m->max * sizeof(int));
		m->val = m->val ? repalloc(m->val, m->max * sizeof(int32)) : palloc(m->max * sizeof(int32));
	}
	if ((m->n + 1) * 2 > m->nslot)
	{
		pfree(m->slot);
		m->nslot *= 2;
		m->slot = palloc(m->nslot * sizeof(int));
		memset(m->slot, -1, m->nslot * sizeof(int));
		for (int i = 0; i < m->n; i++)
			m->slot[strmap_find_slot(m, m->key[i], m->len[i])] = i;
	}
	e = m->n++;
	m->key[e] = palloc(len + 1);
	memcpy(m->key[e], key, len);
	m->key[e][len] = '\0';
	m->len[e] = len;
	m->val[e] = val;
	m->slot[strmap_find_slot(m, key, len)] = e;
	MemoryContextSwitchTo(old);
	return e;
}

/* A key: what import_prc_rows groups the rows by. */
typedef struct PrcKey
{
	int32		area;			/* entry of codes */
	int32		offence;		/* entry of offences */
	int32		outcome;		/* outcome type, 0 unless outcomes */
	DateADT		lo;
	DateADT		hi;
} PrcKey;

typedef struct PrcGroup
{
	PrcKey		key;
	int64		n;				/* lines */
	int64		first_line;
	int64		first_offences;
	int64		first_closed;
	bool		first_closed_null;
	bool		composite;
	bool		closed_any;		/* some line has a count of closed */
	bool		overlaps;
	INT128		offences;
	INT128		closed;
	char	   *ov_source;		/* the first overlapping row's source, quoted */
	int32		next;			/* next group of the same area, offence, type */
} PrcGroup;

/* A line rejected. */
typedef struct PrcReject
{
	int64		line;
	char	   *reason;
	Datum		raw;			/* text[], or 0 for a line rejected for its key */
} PrcReject;

typedef struct PrcBatch
{
	DestReceiver pub;
	PrcFormat	format;
	const char *const *fields;
	int			nfields;
	MemoryContext cxt;			/* what outlives SPI */
	MemoryContext rowcxt;		/* reset per row */

	/* the columns of rows_sql */
	int			line_att;
	Oid			line_type;
	int			field_att[MAX_FIELDS];
	Oid			field_out[MAX_FIELDS];	/* output function, or InvalidOid for text */
	int			f_year,
				f_quarter,
				f_force,
				f_csp,
				f_code,
				f_count,
				f_type,
				f_closed;		/* field numbers, -1 when the format has none */

	/* reference data */
	StrMap		codes;			/* area codes: entry -> parent's code (entry, -1) */
	StrMap		area_keys;		/* name key -> entry of codes */
	StrMap		force_keys;		/* for partnerships: the forces */
	StrMap		offence_codes;	/* crimestats.offence */
	StrMap		outcome_types;	/* code as text -> code */

	/* per distinct value, what it resolves to (-1 when it does not) */
	StrMap		area_raw;
	StrMap		force_raw;
	StrMap		offence_raw;
	StrMap		type_raw;
	StrMap		quarter_raw;	/* year \x01 quarter -> entry of quarters */
	StrMap		count_raw;		/* -> entry of counts */
	DateADT    *q_lo;
	DateADT    *q_hi;
	int			nq,
				maxq;
	int64	   *counts;
	int			ncounts,
				maxcounts;

	/* the keys */
	PrcGroup   *group;
	int32		ngroup,
				maxgroup;
	int32	   *gslot;
	int64		ngslot;

	/* every line that was not rejected for its values, with its key */
	int64	   *ok_line;
	int32	   *ok_group;
	int64		nok,
				maxok;

	PrcReject  *reject;
	int64		nreject,
				maxreject;

	int64		read;
} PrcBatch;

static const char *
format_name(PrcFormat f)
{
	return f == PRC_FORCE ? "prc_force" : f == PRC_CSP ? "prc_csp" : "prc_outcomes";
}

/* Trim spaces at both ends, as btrim(text) does. */
static void
trim_spaces(const char **s, int *len)
{
	while (*len > 0 && (*s)[0] == ' ')
		(*s)++, (*len)--;
	while (*len > 0 && (*s)[*len - 1] == ' ')
		(*len)--;
}

static bool
all_digits(const char *s, int len)
{
	for (int i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int
digits_value(const char *s, int len)
{
	int			v = 0;

	for (int i = 0; i < len; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* ho_count: trimmed, -?[0-9]{1,15}; false when it is not a count. */
static bool
parse_count(const char *s, int len, int64 *value)
{
	bool		neg = false;
	int64		v = 0;

	trim_spaces(&s, &len);
	if (len > 0 && s[0] == '-')
		neg = true, s++, len--;
	if (len < 1 || len > 15 || !all_digits(s, len))
		return false;
	for (int i = 0; i < len; i++)
		v = v * 10 + (s[i] - '0');
	*value = neg ? -v : v;
	return true;
}

/*
 * ho_quarter: a year YYYY/YY (or _ or -) of consecutive years from 1900 to
 * 2200 and a quarter 1-4 or Q1-Q4; quarter 1 is April to June.
 */
static bool
parse_quarter(const char *fy, int fylen, const char *fq, int fqlen, DateADT *lo, DateADT *hi)
{
	int			year,
				q,
				m;

	trim_spaces(&fy, &fylen);
	trim_spaces(&fq, &fqlen);
	if (fylen != 7 || !all_digits(fy, 4) || !(fy[4] == '/' || fy[4] == '_' || fy[4] == '-') ||
		!all_digits(fy + 5, 2))
		return false;
	year = digits_value(fy, 4);
	if (digits_value(fy + 5, 2) != (year + 1) % 100 || year < 1900 || year > 2200)
		return false;
	if (fqlen == 2 && (fq[0] == 'Q' || fq[0] == 'q'))
		fq++, fqlen--;
	if (fqlen != 1 || fq[0] < '1' || fq[0] > '4')
		return false;
	q = fq[0] - '0';
	/* months from January of year: April is 3 */
	m = 3 + 3 * (q - 1);
	*lo = date2j(year + m / 12, m % 12 + 1, 1) - POSTGRES_EPOCH_JDATE;
	m += 3;
	*hi = date2j(year + m / 12, m % 12 + 1, 1) - POSTGRES_EPOCH_JDATE;
	return true;
}

static char *
quoted_or_empty(const char *s)
{
	return s ? quote_literal_cstr(s) : pstrdup("empty");
}

/* Run a query returning (text, text) rows into map: first -> entry of second in codes. */
static void
load_names(PrcBatch *b, StrMap *map, const char *query)
{
	if (SPI_execute(query, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "prc_batch: query failed: %s", query);
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		char	   *key = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);
		char	   *code = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2);
		int			c;

		if (key == NULL || code == NULL)
			continue;
		c = strmap_lookup(&b->codes, code, strlen(code));
		if (c < 0)
			c = strmap_add(&b->codes, code, strlen(code), -1);
		if (strmap_lookup(map, key, strlen(key)) < 0)
			strmap_add(map, key, strlen(key), c);
	}
	SPI_freetuptable(SPI_tuptable);
}

/* The reference data the rows are checked against, read as the caller. */
static void
load_reference(PrcBatch *b)
{
	const char *kinds = b->format == PRC_CSP ? "'{community_safety_partnership}'"
		: "'{police_force_area,non_territorial}'";

	load_names(b, &b->area_keys,
			   psprintf("SELECT n.name_key, n.code FROM crimestats.area_names(%s::pg_catalog.text[]) AS n", kinds));
	if (b->format == PRC_CSP)
	{
		load_names(b, &b->force_keys,
				   "SELECT n.name_key, n.code FROM crimestats.area_names('{police_force_area}'::pg_catalog.text[]) AS n");
		/* the partnerships' forces */
		if (SPI_execute("SELECT a.code, a.parent_code FROM crimestats.area AS a", true, 0) != SPI_OK_SELECT)
			elog(ERROR, "prc_batch: area query failed");
		for (uint64 i = 0; i < SPI_processed; i++)
		{
			char	   *code = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);
			char	   *parent = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2);
			int			c = strmap_lookup(&b->codes, code, strlen(code));
			int			p;

			if (c < 0 || parent == NULL)
				continue;
			p = strmap_lookup(&b->codes, parent, strlen(parent));
			if (p < 0)
				p = strmap_add(&b->codes, parent, strlen(parent), -1);
			b->codes.val[c] = p;
		}
		SPI_freetuptable(SPI_tuptable);
	}
	if (SPI_execute("SELECT o.code FROM crimestats.offence AS o", true, 0) != SPI_OK_SELECT)
		elog(ERROR, "prc_batch: offence query failed");
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		char	   *code = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);

		strmap_add(&b->offence_codes, code, strlen(code), 0);
	}
	SPI_freetuptable(SPI_tuptable);
	if (b->format == PRC_OUTCOMES)
	{
		if (SPI_execute("SELECT t.code FROM crimestats.outcome_type AS t", true, 0) != SPI_OK_SELECT)
			elog(ERROR, "prc_batch: outcome type query failed");
		for (uint64 i = 0; i < SPI_processed; i++)
		{
			char	   *code = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);

			strmap_add(&b->outcome_types, code, strlen(code), pg_strtoint32(code));
		}
		SPI_freetuptable(SPI_tuptable);
	}
}

/* The columns of rows_sql: line and the format's staging columns, by name. */
static void
prc_startup(DestReceiver *self, int operation, TupleDesc typeinfo)
{
	PrcBatch   *b = (PrcBatch *) self;

	b->line_att = -1;
	for (int f = 0; f < b->nfields; f++)
		b->field_att[f] = -1;
	for (int a = 0; a < typeinfo->natts; a++)
	{
		Form_pg_attribute att = TupleDescAttr(typeinfo, a);
		const char *name = NameStr(att->attname);

		if (att->attisdropped)
			continue;
		if (strcmp(name, "line") == 0 && b->line_att < 0)
		{
			if (att->atttypid != INT8OID && att->atttypid != INT4OID && att->atttypid != INT2OID)
				ereport(ERROR,
						(errcode(ERRCODE_DATATYPE_MISMATCH),
						 errmsg("import_prc_rows: column line of rows_sql must be an integer, not %s",
								format_type_be(att->atttypid))));
			b->line_att = a;
			b->line_type = att->atttypid;
			continue;
		}
		for (int f = 0; f < b->nfields; f++)
			if (b->field_att[f] < 0 && strcmp(name, b->fields[f]) == 0)
			{
				bool		isvarlena;

				b->field_att[f] = a;
				if (att->atttypid == TEXTOID || att->atttypid == VARCHAROID)
					b->field_out[f] = InvalidOid;
				else
					getTypeOutputInfo(att->atttypid, &b->field_out[f], &isvarlena);
			}
	}
	if (b->line_att < 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("import_prc_rows: rows_sql returns no column \"line\"")));
	for (int f = 0; f < b->nfields; f++)
		if (b->field_att[f] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("import_prc_rows: rows_sql returns no column \"%s\" (format %s)",
							b->fields[f], format_name(b->format))));
}

/* The entry of codes a name resolves to, through keys; -1 when none. */
static int32
resolve_name(StrMap *raw, StrMap *keys, const char *s, int len)
{
	int			e = strmap_lookup(raw, s, len);
	text	   *lowered;
	char	   *key;

	if (e >= 0)
		return raw->val[e];
	/* lower(btrim(name)) in the database's collation, once per name */
	lowered = DatumGetTextPP(DirectFunctionCall1Coll(lower, DEFAULT_COLLATION_OID,
													 DirectFunctionCall1(btrim1,
																		 PointerGetDatum(cstring_to_text_with_len(s, len)))));
	key = text_to_cstring(lowered);
	e = strmap_lookup(keys, key, strlen(key));
	e = e < 0 ? -1 : keys->val[e];
	strmap_add(raw, s, len, e);
	return e;
}

static int32
find_group(PrcBatch *b, const PrcKey *k, bool *added)
{
	uint32		h = hash_bytes((const unsigned char *) k, sizeof(PrcKey));
	int64		s = h & (b->ngslot - 1);
	int32		g;

	for (;;)
	{
		g = b->gslot[s];
		if (g < 0)
			break;
		if (memcmp(&b->group[g].key, k, sizeof(PrcKey)) == 0)
		{
			*added = false;
			return g;
		}
		s = (s + 1) & (b->ngslot - 1);
	}
	if (b->ngroup == b->maxgroup)
	{
		MemoryContext old = MemoryContextSwitchTo(b->cxt);

		if (b->maxgroup >= PG_INT32_MAX / 2)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("import_prc_rows: too many rows in one import")));
		b->maxgroup = Max(1024, b->maxgroup * 2);
		b->group = b->group ? repalloc_huge(b->group, b->maxgroup * sizeof(PrcGroup))
			: MemoryContextAllocHuge(b->cxt, b->maxgroup * sizeof(PrcGroup));
		pfree(b->gslot);
		b->ngslot = (int64) b->maxgroup * 2;
		b->gslot = MemoryContextAllocHuge(b->cxt, b->ngslot * sizeof(int32));
		memset(b->gslot, -1, b->ngslot * sizeof(int32));
		for (int32 i = 0; i < b->ngroup; i++)
		{
			uint32		hi = hash_bytes((const unsigned char *) &b->group[i].key, sizeof(PrcKey));
			int64		si = hi & (b->ngslot - 1);

			while (b->gslot[si] >= 0)
				si = (si + 1) & (b->ngslot - 1);
			b->gslot[si] = i;
		}
		MemoryContextSwitchTo(old);
		s = h & (b->ngslot - 1);
		while (b->gslot[s] >= 0)
			s = (s + 1) & (b->ngslot - 1);
	}
	g = b->ngroup++;
	memset(&b->group[g], 0, sizeof(PrcGroup));
	b->group[g].key = *k;
	b->group[g].next = -1;
	b->gslot[s] = g;
	*added = true;
	return g;
}

static void
add_reject(PrcBatch *b, int64 line, char *reason, Datum raw)
{
	if (b->nreject == b->maxreject)
	{
		b->maxreject = Max(64, b->maxreject * 2);
		b->reject = b->reject ? repalloc_huge(b->reject, b->maxreject * sizeof(PrcReject))
			: MemoryContextAllocHuge(b->cxt, b->maxreject * sizeof(PrcReject));
	}
	b->reject[b->nreject].line = line;
	b->reject[b->nreject].reason = reason;
	b->reject[b->nreject].raw = raw;
	b->nreject++;
}

/* One row of rows_sql: parsed, checked and added to its key. */
static bool
prc_receive(TupleTableSlot *slot, DestReceiver *self)
{
	PrcBatch   *b = (PrcBatch *) self;
	MemoryContext old = MemoryContextSwitchTo(b->rowcxt);
	const char *v[MAX_FIELDS];
	int			vlen[MAX_FIELDS];
	Datum		d;
	int64		line;
	char	   *reason = NULL;
	int32		area = -1,
				force = -1,
				offence = -1,
				outcome = 0,
				q = -1,
				nc = -1,
				ncl = -1;

	slot_getallattrs(slot);
	d = slot->tts_values[b->line_att];
	if (slot->tts_isnull[b->line_att])
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("import_prc_rows: rows_sql returned a row whose line is NULL")));
	line = b->line_type == INT8OID ? DatumGetInt64(d)
		: b->line_type == INT4OID ? DatumGetInt32(d) : DatumGetInt16(d);
	for (int f = 0; f < b->nfields; f++)
	{
		int			a = b->field_att[f];

		if (slot->tts_isnull[a])
		{
			v[f] = NULL;
			vlen[f] = 0;
		}
		else if (b->field_out[f] == InvalidOid)
		{
			text	   *t = DatumGetTextPP(slot->tts_values[a]);

			v[f] = VARDATA_ANY(t);
			vlen[f] = VARSIZE_ANY_EXHDR(t);
		}
		else
		{
			v[f] = OidOutputFunctionCall(b->field_out[f], slot->tts_values[a]);
			vlen[f] = strlen(v[f]);
		}
	}
	b->read++;

	/* the financial year and quarter */
	if (v[b->f_year] != NULL && v[b->f_quarter] != NULL)
	{
		int			klen = vlen[b->f_year] + 1 + vlen[b->f_quarter];
		char	   *k = palloc(klen);
		int			e;

		memcpy(k, v[b->f_year], vlen[b->f_year]);
		k[vlen[b->f_year]] = '\x01';
		memcpy(k + vlen[b->f_year] + 1, v[b->f_quarter], vlen[b->f_quarter]);
		e = strmap_lookup(&b->quarter_raw, k, klen);
		if (e >= 0)
			q = b->quarter_raw.val[e];
		else
		{
			DateADT		lo,
						hi;

			if (parse_quarter(v[b->f_year], vlen[b->f_year], v[b->f_quarter], vlen[b->f_quarter], &lo, &hi))
			{
				if (b->nq == b->maxq)
				{
					b->maxq = Max(16, b->maxq * 2);
					b->q_lo = b->q_lo ? repalloc(b->q_lo, b->maxq * sizeof(DateADT)) : MemoryContextAlloc(b->cxt, b->maxq * sizeof(DateADT));
					b->q_hi = b->q_hi ? repalloc(b->q_hi, b->maxq * sizeof(DateADT)) : MemoryContextAlloc(b->cxt, b->maxq * sizeof(DateADT));
				}
				b->q_lo[b->nq] = lo;
				b->q_hi[b->nq] = hi;
				q = b->nq++;
			}
			strmap_add(&b->quarter_raw, k, klen, q);
		}
	}

	/* the area (and a partnership's force) */
	if (v[b->f_force] != NULL)
	{
		if (b->format == PRC_CSP)
			force = resolve_name(&b->force_raw, &b->force_keys, v[b->f_force], vlen[b->f_force]);
		else
			area = resolve_name(&b->area_raw, &b->area_keys, v[b->f_force], vlen[b->f_force]);
	}
	if (b->format == PRC_CSP && v[b->f_csp] != NULL)
		area = resolve_name(&b->area_raw, &b->area_keys, v[b->f_csp], vlen[b->f_csp]);

	/* the offence code, trimmed */
	if (v[b->f_code] != NULL)
	{
		int			e = strmap_lookup(&b->offence_raw, v[b->f_code], vlen[b->f_code]);

		if (e >= 0)
			offence = b->offence_raw.val[e];
		else
		{
			const char *s = v[b->f_code];
			int			len = vlen[b->f_code];

			trim_spaces(&s, &len);
			offence = strmap_lookup(&b->offence_codes, s, len);
			strmap_add(&b->offence_raw, v[b->f_code], vlen[b->f_code], offence);
		}
	}

	/* the counts */
	for (int which = 0; which < 2; which++)
	{
		int			f = which == 0 ? b->f_count : b->f_closed;
		int			e;
		int32	   *out = which == 0 ? &nc : &ncl;

		if (f < 0 || v[f] == NULL)
			continue;
		e = strmap_lookup(&b->count_raw, v[f], vlen[f]);
		if (e >= 0)
			*out = b->count_raw.val[e];
		else
		{
			int64		value;

			if (parse_count(v[f], vlen[f], &value))
			{
				if (b->ncounts == b->maxcounts)
				{
					b->maxcounts = Max(256, b->maxcounts * 2);
					b->counts = b->counts ? repalloc(b->counts, b->maxcounts * sizeof(int64))
						: MemoryContextAlloc(b->cxt, b->maxcounts * sizeof(int64));
				}
				b->counts[b->ncounts] = value;
				*out = b->ncounts++;
			}
			strmap_add(&b->count_raw, v[f], vlen[f], *out);
		}
	}

	/* an outcome type: trimmed, [0-9]{1,4}, in crimestats.outcome_type */
	if (b->format == PRC_OUTCOMES)
	{
		outcome = -1;
		if (v[b->f_type] != NULL)
		{
			int			e = strmap_lookup(&b->type_raw, v[b->f_type], vlen[b->f_type]);

			if (e >= 0)
				outcome = b->type_raw.val[e];
			else
			{
				const char *s = v[b->f_type];
				int			len = vlen[b->f_type];

				trim_spaces(&s, &len);
				if (len >= 1 && len <= 4 && all_digits(s, len))
				{
					char		buf[12];
					int			t;

					snprintf(buf, sizeof(buf), "%d", digits_value(s, len));
					t = strmap_lookup(&b->outcome_types, buf, strlen(buf));
					if (t >= 0)
						outcome = b->outcome_types.val[t];
				}
				strmap_add(&b->type_raw, v[b->f_type], vlen[b->f_type], outcome);
			}
		}
	}

	/* the first reason that applies, in import_prc_rows' order */
	if (q < 0)
	{
		char	   *fy = v[b->f_year] ? pnstrdup(v[b->f_year], vlen[b->f_year]) : NULL;
		char	   *fq = v[b->f_quarter] ? pnstrdup(v[b->f_quarter], vlen[b->f_quarter]) : NULL;

		reason = psprintf("bad financial year or quarter: %s %s", quoted_or_empty(fy), quoted_or_empty(fq));
	}
	else if (b->format == PRC_CSP && force < 0)
		reason = psprintf("unknown force: %s",
						  quoted_or_empty(v[b->f_force] ? pnstrdup(v[b->f_force], vlen[b->f_force]) : NULL));
	else if (area < 0)
	{
		if (b->format == PRC_CSP)
			reason = psprintf("unknown community safety partnership: %s",
							  quoted_or_empty(v[b->f_csp] ? pnstrdup(v[b->f_csp], vlen[b->f_csp]) : NULL));
		else
			reason = psprintf("unknown force: %s",
							  quoted_or_empty(v[b->f_force] ? pnstrdup(v[b->f_force], vlen[b->f_force]) : NULL));
	}
	else if (b->format == PRC_CSP && b->codes.val[area] >= 0 && b->codes.val[area] != force)
		reason = psprintf("community safety partnership %s does not lie in force %s",
						  quote_literal_cstr(pnstrdup(v[b->f_csp], vlen[b->f_csp])),
						  quote_literal_cstr(pnstrdup(v[b->f_force], vlen[b->f_force])));
	else if (b->format == PRC_OUTCOMES && outcome < 0)
		reason = psprintf("unknown outcome type: %s",
						  quoted_or_empty(v[b->f_type] ? pnstrdup(v[b->f_type], vlen[b->f_type]) : NULL));
	else if (b->format == PRC_OUTCOMES && ncl < 0 && v[b->f_closed] != NULL)
	{
		const char *s = v[b->f_closed];
		int			len = vlen[b->f_closed];

		trim_spaces(&s, &len);
		if (len > 0)
			reason = psprintf("bad count of investigations closed: %s",
							  quote_literal_cstr(pnstrdup(v[b->f_closed], vlen[b->f_closed])));
	}
	if (reason == NULL && offence < 0)
		reason = psprintf("unknown offence code: %s",
						  quoted_or_empty(v[b->f_code] ? pnstrdup(v[b->f_code], vlen[b->f_code]) : NULL));
	if (reason == NULL && nc < 0)
		reason = psprintf("bad count: %s",
						  quoted_or_empty(v[b->f_count] ? pnstrdup(v[b->f_count], vlen[b->f_count]) : NULL));

	MemoryContextSwitchTo(b->cxt);
	if (reason != NULL)
	{
		Datum		raw[MAX_FIELDS];
		bool		rawnull[MAX_FIELDS];
		int			dims[1] = {b->nfields};
		int			lbs[1] = {1};

		for (int f = 0; f < b->nfields; f++)
		{
			rawnull[f] = v[f] == NULL;
			raw[f] = v[f] ? PointerGetDatum(cstring_to_text_with_len(v[f], vlen[f])) : (Datum) 0;
		}
		add_reject(b, line, pstrdup(reason),
				   PointerGetDatum(construct_md_array(raw, rawnull, 1, dims, lbs, TEXTOID, -1, false, TYPALIGN_INT)));
	}
	else
	{
		PrcKey		k;
		PrcGroup   *g;
		int32		gi;
		bool		added;
		int64		offences = b->counts[nc];
		bool		closed_null = ncl < 0;
		int64		closed = closed_null ? 0 : b->counts[ncl];

		memset(&k, 0, sizeof(k));
		k.area = area;
		k.offence = offence;
		k.outcome = b->format == PRC_OUTCOMES ? outcome : 0;
		k.lo = b->q_lo[q];
		k.hi = b->q_hi[q];
		gi = find_group(b, &k, &added);
		g = &b->group[gi];
		if (added)
		{
			g->composite = strchr(b->offence_codes.key[offence], '/') != NULL;
			g->first_line = line;
			g->first_offences = offences;
			g->first_closed = closed;
			g->first_closed_null = closed_null;
			g->offences = int64_to_int128(0);
			g->closed = int64_to_int128(0);
		}
		else if (line < g->first_line)
		{
			g->first_line = line;
			g->first_offences = offences;
			g->first_closed = closed;
			g->first_closed_null = closed_null;
		}
		g->n++;
		int128_add_int64(&g->offences, offences);
		if (!closed_null)
		{
			int128_add_int64(&g->closed, closed);
			g->closed_any = true;
		}
		if (b->nok == b->maxok)
		{
			b->maxok = Max(1024, b->maxok * 2);
			b->ok_line = b->ok_line ? repalloc_huge(b->ok_line, b->maxok * sizeof(int64))
				: MemoryContextAllocHuge(b->cxt, b->maxok * sizeof(int64));
			b->ok_group = b->ok_group ? repalloc_huge(b->ok_group, b->maxok * sizeof(int32))
				: MemoryContextAllocHuge(b->cxt, b->maxok * sizeof(int32));
		}
		b->ok_line[b->nok] = line;
		b->ok_group[b->nok] = gi;
		b->nok++;
	}
	MemoryContextSwitchTo(old);
	MemoryContextReset(b->rowcxt);
	return true;
}

/*
 * The keys whose quarter overlaps a row already in the target table: that
 * row's source, the first by name (the query sorts them), quoted.  The
 * rows read are those of the batch's areas and offence codes within the
 * span of its quarters, through the index on (area_code, offence_code,
 * upper(period)), entered once per area and code.
 */
static void
find_overlaps(PrcBatch *b)
{
	int32	   *ao_slot;
	int64		nao;
	Datum	   *areas;
	Datum	   *offences;
	bool	   *seen_area;
	bool	   *seen_offence;
	int			nareas = 0,
				noffences = 0;
	DateADT		lo = 0,
				hi = 0;
	Oid			argtypes[4] = {TEXTARRAYOID, TEXTARRAYOID, DATEOID, DATEOID};
	Datum		args[4];
	const char *query;

	if (b->ngroup == 0)
		return;
	seen_area = palloc0(Max(b->codes.n, 1) * sizeof(bool));
	seen_offence = palloc0(Max(b->offence_codes.n, 1) * sizeof(bool));
	areas = palloc(Max(b->codes.n, 1) * sizeof(Datum));
	offences = palloc(Max(b->offence_codes.n, 1) * sizeof(Datum));

	/* groups chained by area, offence and type; the span of their quarters */
	nao = 1;
	while (nao < (int64) b->ngroup * 2)
		nao *= 2;
	ao_slot = palloc(nao * sizeof(int32));
	memset(ao_slot, -1, nao * sizeof(int32));
	for (int32 i = 0; i < b->ngroup; i++)
	{
		PrcKey	   *k = &b->group[i].key;
		int32		ao[3] = {k->area, k->offence, k->outcome};
		int64		s = hash_bytes((const unsigned char *) ao, sizeof(ao)) & (nao - 1);

		while (ao_slot[s] >= 0)
		{
			PrcKey	   *o = &b->group[ao_slot[s]].key;

			if (o->area == k->area && o->offence == k->offence && o->outcome == k->outcome)
				break;
			s = (s + 1) & (nao - 1);
		}
		b->group[i].next = ao_slot[s];
		ao_slot[s] = i;
		if (!seen_area[k->area])
		{
			seen_area[k->area] = true;
			areas[nareas++] = CStringGetTextDatum(b->codes.key[k->area]);
		}
		if (!seen_offence[k->offence])
		{
			seen_offence[k->offence] = true;
			offences[noffences++] = CStringGetTextDatum(b->offence_codes.key[k->offence]);
		}
		if (i == 0 || k->lo < lo)
			lo = k->lo;
		if (i == 0 || k->hi > hi)
			hi = k->hi;
	}

	query = psprintf("SELECT t.area_code, t.offence_code, %s, pg_catalog.lower(t.period), pg_catalog.upper(t.period), t.source"
					 "  FROM %s AS t"
					 " WHERE t.area_code OPERATOR(pg_catalog.=) ANY ($1)"
					 "   AND t.offence_code OPERATOR(pg_catalog.=) ANY ($2)"
					 "   AND pg_catalog.upper(t.period) OPERATOR(pg_catalog.>) $3"
					 "   AND pg_catalog.lower(t.period) OPERATOR(pg_catalog.<) $4"
					 " ORDER BY t.source",
					 b->format == PRC_OUTCOMES ? "t.outcome_code" : "0",
					 b->format == PRC_OUTCOMES ? "crimestats.offence_outcome" : "crimestats.recorded_offence");
	args[0] = PointerGetDatum(construct_array(areas, nareas, TEXTOID, -1, false, TYPALIGN_INT));
	args[1] = PointerGetDatum(construct_array(offences, noffences, TEXTOID, -1, false, TYPALIGN_INT));
	args[2] = DateADTGetDatum(lo);
	args[3] = DateADTGetDatum(hi);
	if (SPI_execute_with_args(query, 4, argtypes, args, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "prc_batch: overlap query failed");

	for (uint64 r = 0; r < SPI_processed; r++)
	{
		HeapTuple	t = SPI_tuptable->vals[r];
		TupleDesc	td = SPI_tuptable->tupdesc;
		char	   *area = SPI_getvalue(t, td, 1);
		char	   *code = SPI_getvalue(t, td, 2);
		bool		isnull;
		int32		ao[3];
		DateADT		tlo,
					thi;
		int64		s;
		char	   *source;

		ao[0] = strmap_lookup(&b->codes, area, strlen(area));
		ao[1] = strmap_lookup(&b->offence_codes, code, strlen(code));
		ao[2] = DatumGetInt32(SPI_getbinval(t, td, 3, &isnull));
		if (ao[0] < 0 || ao[1] < 0 || isnull)
			continue;
		tlo = DatumGetDateADT(SPI_getbinval(t, td, 4, &isnull));
		thi = DatumGetDateADT(SPI_getbinval(t, td, 5, &isnull));
		s = hash_bytes((const unsigned char *) ao, sizeof(ao)) & (nao - 1);
		while (ao_slot[s] >= 0)
		{
			PrcKey	   *o = &b->group[ao_slot[s]].key;

			if (o->area == ao[0] && o->offence == ao[1] && o->outcome == ao[2])
				break;
			s = (s + 1) & (nao - 1);
		}
		source = NULL;
		for (int32 g = ao_slot[s]; g >= 0; g = b->group[g].next)
		{
			PrcGroup   *grp = &b->group[g];

			if (grp->overlaps || !(tlo < grp->key.hi && grp->key.lo < thi))
				continue;
			if (source == NULL)
			{
				char	   *src = SPI_getvalue(t, td, 6);

				source = MemoryContextStrdup(b->cxt, src ? quote_literal_cstr(src) : "NULL");
			}
			grp->overlaps = true;
			grp->ov_source = source;
		}
	}
	SPI_freetuptable(SPI_tuptable);
}

/* Ranks of a map's keys in byte order (strcmp), for sorting by them. */
static int
cmp_key(const void *a, const void *b, void *arg)
{
	char	  **key = (char **) arg;

	return strcmp(key[*(const int *) a], key[*(const int *) b]);
}

static int *
key_ranks(const StrMap *m)
{
	int		   *order = palloc(Max(m->n, 1) * sizeof(int));
	int		   *rank = palloc(Max(m->n, 1) * sizeof(int));

	for (int i = 0; i < m->n; i++)
		order[i] = i;
	qsort_arg(order, m->n, sizeof(int), cmp_key, m->key);
	for (int i = 0; i < m->n; i++)
		rank[order[i]] = i;
	return rank;
}

/* A key to load: its area's and code's ranks, its first line. */
typedef struct PrcLoad
{
	int32		area_rank;
	int32		offence_rank;
	int64		first_line;
	int32		group;
} PrcLoad;

static int
cmp_load(const void *a, const void *b)
{
	const PrcLoad *x = (const PrcLoad *) a;
	const PrcLoad *y = (const PrcLoad *) b;

	if (x->area_rank != y->area_rank)
		return x->area_rank < y->area_rank ? -1 : 1;
	if (x->offence_rank != y->offence_rank)
		return x->offence_rank < y->offence_rank ? -1 : 1;
	return (x->first_line > y->first_line) - (x->first_line < y->first_line);
}

static int
cmp_reject(const void *a, const void *b)
{
	const PrcReject *x = (const PrcReject *) a;
	const PrcReject *y = (const PrcReject *) b;

	return (x->line > y->line) - (x->line < y->line);
}

static int64
int128_to_bigint(INT128 v)
{
	if (int128_compare(v, int64_to_int128(PG_INT64_MAX)) > 0 ||
		int128_compare(v, int64_to_int128(PG_INT64_MIN)) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("bigint out of range")));
	return int128_to_int64(v);
}

Datum
prc_batch(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	char	   *format = text_to_cstring(PG_GETARG_TEXT_PP(0));
	char	   *rows_sql = text_to_cstring(PG_GETARG_TEXT_PP(1));
	PrcBatch	b;
	SPIExecuteOptions options;
	PrcLoad    *load;
	int		   *area_rank;
	int		   *offence_rank;
	int32		nload = 0;
	int64		lines = 0;

	memset(&b, 0, sizeof(b));
	if (strcmp(format, "prc_force") == 0)
		b.format = PRC_FORCE, b.fields = force_fields;
	else if (strcmp(format, "prc_csp") == 0)
		b.format = PRC_CSP, b.fields = csp_fields;
	else if (strcmp(format, "prc_outcomes") == 0)
		b.format = PRC_OUTCOMES, b.fields = outcomes_fields;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("import_prc_rows: unknown format %s", quote_literal_cstr(format)),
				 errhint("Formats: prc_force, prc_csp, prc_outcomes.")));
	while (b.fields[b.nfields] != NULL)
		b.nfields++;
	b.f_year = 0;
	b.f_quarter = 1;
	b.f_force = 2;
	b.f_csp = b.format == PRC_CSP ? 3 : -1;
	b.f_code = b.format == PRC_CSP ? 7 : b.format == PRC_FORCE ? 6 : 3;
	b.f_count = b.format == PRC_CSP ? 8 : b.format == PRC_FORCE ? 7 : 10;
	b.f_type = b.format == PRC_OUTCOMES ? 9 : -1;
	b.f_closed = b.format == PRC_OUTCOMES ? 11 : -1;

	InitMaterializedSRF(fcinfo, 0);
	b.cxt = CurrentMemoryContext;
	b.rowcxt = AllocSetContextCreate(CurrentMemoryContext, "prc_batch row", ALLOCSET_SMALL_SIZES);
	strmap_init(&b.codes, b.cxt);
	strmap_init(&b.area_keys, b.cxt);
	strmap_init(&b.force_keys, b.cxt);
	strmap_init(&b.offence_codes, b.cxt);
	strmap_init(&b.outcome_types, b.cxt);
	strmap_init(&b.area_raw, b.cxt);
	strmap_init(&b.force_raw, b.cxt);
	strmap_init(&b.offence_raw, b.cxt);
	strmap_init(&b.type_raw, b.cxt);
	strmap_init(&b.quarter_raw, b.cxt);
	strmap_init(&b.count_raw, b.cxt);
	b.ngslot = 1;
	b.gslot = MemoryContextAlloc(b.cxt, sizeof(int32));
	b.gslot[0] = -1;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "prc_batch: SPI_connect failed");
	load_reference(&b);

	/* every row of rows_sql, once, as it comes */
	cs_area_dest_init(&b.pub, prc_receive);
	b.pub.rStartup = prc_startup;
	memset(&options, 0, sizeof(options));
	options.read_only = false;
	options.dest = &b.pub;
	if (SPI_execute_extended(rows_sql, &options) < 0)
		elog(ERROR, "prc_batch: rows_sql failed");

	find_overlaps(&b);
	SPI_finish();

	/*
	 * Lines rejected for their key: the later lines of a repeated key whose
	 * code is not composite, and every line of a key that overlaps.
	 */
	for (int64 i = 0; i < b.nok; i++)
	{
		PrcGroup   *g = &b.group[b.ok_group[i]];

		if (!g->composite && b.ok_line[i] != g->first_line)
			add_reject(&b, b.ok_line[i],
					   psprintf("duplicate row: same area, offence code and quarter as line " INT64_FORMAT,
								g->first_line),
					   (Datum) 0);
		else if (g->overlaps)
			add_reject(&b, b.ok_line[i],
					   psprintf("overlaps offences already loaded from source %s", g->ov_source),
					   (Datum) 0);
	}

	/* the keys to load, in key order (codes byte by byte, then file order) */
	area_rank = key_ranks(&b.codes);
	offence_rank = key_ranks(&b.offence_codes);
	load = palloc_extended(Max(b.ngroup, 1) * sizeof(PrcLoad), MCXT_ALLOC_HUGE);
	for (int32 i = 0; i < b.ngroup; i++)
		if (!b.group[i].overlaps)
		{
			load[nload].area_rank = area_rank[b.group[i].key.area];
			load[nload].offence_rank = offence_rank[b.group[i].key.offence];
			load[nload].first_line = b.group[i].first_line;
			load[nload].group = i;
			nload++;
		}
	if (nload > 1)
		qsort(load, nload, sizeof(PrcLoad), cmp_load);
	for (int32 i = 0; i < nload; i++)
	{
		PrcGroup   *g = &b.group[load[i].group];
		Datum		values[11];
		bool		nulls[11] = {false, false, false, false, false, false, false, false, false, true, true};

		values[0] = Int64GetDatum(g->first_line);
		values[1] = CStringGetTextDatum(b.codes.key[g->key.area]);
		values[2] = CStringGetTextDatum(b.offence_codes.key[g->key.offence]);
		values[3] = Int32GetDatum(g->key.outcome);
		nulls[3] = b.format != PRC_OUTCOMES;
		values[4] = DateADTGetDatum(g->key.lo);
		values[5] = DateADTGetDatum(g->key.hi);
		if (g->composite)
		{
			values[6] = Int64GetDatum(int128_to_bigint(g->offences));
			values[7] = Int64GetDatum(g->closed_any ? int128_to_bigint(g->closed) : 0);
			nulls[7] = !g->closed_any;
			values[8] = Int64GetDatum(g->n);
		}
		else
		{
			values[6] = Int64GetDatum(g->first_offences);
			values[7] = Int64GetDatum(g->first_closed);
			nulls[7] = g->first_closed_null;
			values[8] = Int64GetDatum(1);
		}
		lines += DatumGetInt64(values[8]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}

	/* the lines rejected, in line order */
	if (b.nreject > 1)
		qsort(b.reject, b.nreject, sizeof(PrcReject), cmp_reject);
	for (int64 i = 0; i < b.nreject; i++)
	{
		Datum		values[11];
		bool		nulls[11] = {false, true, true, true, true, true, true, true, false, false, false};

		values[0] = Int64GetDatum(b.reject[i].line);
		values[8] = Int64GetDatum(1);
		values[9] = CStringGetTextDatum(b.reject[i].reason);
		values[10] = b.reject[i].raw;
		nulls[10] = b.reject[i].raw == (Datum) 0;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	lines += b.nreject;

	/* nothing read is left out: every line is loaded or rejected */
	if (lines != b.read)
		elog(ERROR, "prc_batch: read " INT64_FORMAT " rows but accounted for " INT64_FORMAT, b.read, lines);
	PG_RETURN_NULL();
}
