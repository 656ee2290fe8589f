/*-------------------------------------------------------------------------
 *
 * common.c
 *	  Helpers shared by the crimestats function families: argument checks,
 *	  the crimestats.estimate composite, and the scanner behind the summary
 *	  types' text input.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <ctype.h>
#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_aggregate.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "common/shortest_dec.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "nodes/execnodes.h"
#include "nodes/primnodes.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/float.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/syscache.h"

#include "crimestats.h"

PG_MODULE_MAGIC;

void
cs_check_confidence(const char *fname, double confidence)
{
	/* written so that NaN fails the test too */
	if (!(confidence > 0.0 && confidence < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: confidence must lie strictly between 0 and 1, got %s",
						fname, float8out_internal(confidence)),
				 errhint("Use for example 0.95 for a 95%% interval.")));
}

void
cs_check_same_confidence(const char *fname, double *stored, double confidence)
{
	if (*stored == 0.0)
	{
		cs_check_confidence(fname, confidence);
		*stored = confidence;
	}
	else if (*stored != confidence)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: confidence must be the same on every row, got %s after %s",
						fname, float8out_internal(confidence),
						float8out_internal(*stored))));
}

/*
 * A call site's cache, created on its first call.  The result's tuple
 * descriptor is looked up once per call site: a grouped or window
 * aggregate calls its final function once per group or row, and the
 * catalog lookup would otherwise dominate.
 */
CsCallCache *
cs_call_cache(FunctionCallInfo fcinfo)
{
	CsCallCache *cache = (CsCallCache *) fcinfo->flinfo->fn_extra;

	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(CsCallCache));
		fcinfo->flinfo->fn_extra = cache;
	}
	return cache;
}

TupleDesc
cs_result_tupdesc(FunctionCallInfo fcinfo)
{
	CsCallCache *cache = cs_call_cache(fcinfo);

	if (cache->tupdesc == NULL)
	{
		MemoryContext oldcxt;
		TupleDesc	td;

		if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "return type must be a row type");
		oldcxt = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		cache->tupdesc = BlessTupleDesc(CreateTupleDescCopy(td));
		MemoryContextSwitchTo(oldcxt);
	}
	return cache->tupdesc;
}

Datum
cs_make_estimate(FunctionCallInfo fcinfo, double estimate, double lower,
				 double upper, double numerator, double denominator,
				 double confidence)
{
	TupleDesc	tupdesc = cs_result_tupdesc(fcinfo);
	Datum		values[6];
	bool		nulls[6] = {false, false, false, false, false, false};

	values[0] = Float8GetDatum(estimate);
	values[1] = Float8GetDatum(lower);
	values[2] = Float8GetDatum(upper);
	values[3] = Float8GetDatum(numerator);
	values[4] = Float8GetDatum(denominator);
	values[5] = Float8GetDatum(confidence);

	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
}

MemoryContext
cs_agg_context(FunctionCallInfo fcinfo, const char *fname)
{
	MemoryContext aggcontext;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s called in non-aggregate context", fname)));
	return aggcontext;
}

void
cs_check_stored_version(const char *type_name, int version, int newest)
{
	if (version < 1 || version > newest)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: stored format version %d is not supported", type_name, version),
				 errdetail("This build of crimestats reads %s versions 1 to %d; a value of a later version was written by a later release of crimestats.",
						   type_name, newest)));
}

/*
 * A window node does not say which of its aggregates it is advancing, but
 * it lists them all: the aggregates among them that use the running
 * support function (by its own oid, as transition, inverse or final
 * function) are the candidates.  Usually there is one; when a query runs
 * several that share it over the same window (growth_factor and cagr, say)
 * every one is named, since the error may come from any of them.  NULL
 * when none is found.
 */
static const char *
window_caller_name(FunctionCallInfo fcinfo)
{
	WindowAggState *winstate = (WindowAggState *) fcinfo->context;
	Oid			fn;
	List	   *found = NIL;
	ListCell   *lc;
	StringInfoData names;

	if (fcinfo->flinfo == NULL || !OidIsValid(fcinfo->flinfo->fn_oid))
		return NULL;
	fn = fcinfo->flinfo->fn_oid;
	foreach(lc, winstate->funcs)
	{
		WindowFuncExprState *wfstate = (WindowFuncExprState *) lfirst(lc);
		Oid			aggfn = wfstate->wfunc->winfnoid;
		HeapTuple	tup;
		Form_pg_aggregate agg;
		bool		uses;

		if (!wfstate->wfunc->winagg || list_member_oid(found, aggfn))
			continue;
		tup = SearchSysCache1(AGGFNOID, ObjectIdGetDatum(aggfn));
		if (!HeapTupleIsValid(tup))
			continue;
		agg = (Form_pg_aggregate) GETSTRUCT(tup);
		uses = agg->aggtransfn == fn || agg->aggfinalfn == fn ||
			agg->aggmtransfn == fn || agg->aggminvtransfn == fn ||
			agg->aggmfinalfn == fn;
		ReleaseSysCache(tup);
		if (uses)
			found = lappend_oid(found, aggfn);
	}
	if (found == NIL)
		return NULL;

	initStringInfo(&names);
	foreach(lc, found)
	{
		char	   *name = get_func_name(lfirst_oid(lc));

		if (name == NULL)
			return NULL;
		if (names.len > 0)
			appendStringInfoString(&names, lnext(found, lc) ? ", " : " or ");
		appendStringInfoString(&names, name);
	}
	return names.data;
}

const char *
cs_caller_name(FunctionCallInfo fcinfo, const char *fallback)
{
	Aggref	   *aggref = AggGetAggref(fcinfo);
	char	   *name;

	if (aggref == NULL)
	{
		if (fcinfo->context != NULL && IsA(fcinfo->context, WindowAggState))
		{
			const char *wname = window_caller_name(fcinfo);

			if (wname != NULL)
				return wname;
		}
		return fallback;
	}
	name = get_func_name(aggref->aggfnoid);
	return name ? name : fallback;
}

/* ---------- whole-number arguments ---------- */

Oid
cs_declared_arg_type(FunctionCallInfo fcinfo, int argno)
{
	Oid			type = get_fn_expr_argtype(fcinfo->flinfo, argno);

	/*
	 * Not every caller gives the call expression: Citus's worker_partial_agg
	 * calls transition functions with only their oid.  The overloads are
	 * not polymorphic, so the catalog's declared type is the same answer.
	 */
	if (!OidIsValid(type) && fcinfo->flinfo != NULL &&
		OidIsValid(fcinfo->flinfo->fn_oid))
	{
		HeapTuple	tup = SearchSysCache1(PROCOID,
										  ObjectIdGetDatum(fcinfo->flinfo->fn_oid));

		if (HeapTupleIsValid(tup))
		{
			Form_pg_proc proc = (Form_pg_proc) GETSTRUCT(tup);

			if (argno >= 0 && argno < proc->pronargs)
				type = proc->proargtypes.values[argno];
			ReleaseSysCache(tup);
		}
	}
	return type;
}

Oid
cs_arg_type(FunctionCallInfo fcinfo, int argno)
{
	Oid			type = cs_declared_arg_type(fcinfo, argno);

	if (type != NUMERICOID && type != FLOAT8OID)
		elog(ERROR, "could not determine the type of argument %d", argno + 1);
	return type;
}

static int
cs_numeric_cmp(Numeric a, Numeric b)
{
	return DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(a),
											 NumericGetDatum(b)));
}

/*
 * The smallest or largest bigint as a numeric, made once per backend: the
 * range check runs for every row of an aggregate.
 */
static Numeric
cs_int64_bound(bool upper)
{
	static Numeric bounds[2];

	if (bounds[0] == NULL)
	{
		MemoryContext oldcxt = MemoryContextSwitchTo(TopMemoryContext);

		bounds[1] = int64_to_numeric(PG_INT64_MAX);
		bounds[0] = int64_to_numeric(PG_INT64_MIN);
		MemoryContextSwitchTo(oldcxt);
	}
	return bounds[upper ? 1 : 0];
}

bool
cs_whole_int64(Datum d, Oid type, FunctionCallInfo namer, const char *fallback,
			   const char *argname, int64 *result)
{
	bool		whole;
	bool		in_range;

	if (type == FLOAT8OID)
	{
		double		x = DatumGetFloat8(d);

		whole = isfinite(x) && x == floor(x);
		in_range = whole && FLOAT8_FITS_IN_INT64(x);
		if (in_range)
			*result = (int64) x;
	}
	else
	{
		Numeric		num = DatumGetNumeric(d);

		whole = !numeric_is_nan(num) && !numeric_is_inf(num);
		in_range = whole &&
			cs_numeric_cmp(num, cs_int64_bound(false)) >= 0 &&
			cs_numeric_cmp(num, cs_int64_bound(true)) <= 0;
		if (in_range)
		{
			/* numeric_int8 rounds: whole exactly when that changed nothing */
			*result = DatumGetInt64(DirectFunctionCall1(numeric_int8,
														NumericGetDatum(num)));
			whole = cs_numeric_cmp(num, int64_to_numeric(*result)) == 0;
		}
		else if (whole)
		{
			/* beyond bigint: 22023 still comes first for 1e19 + 0.5 */
			Datum		trunc = DirectFunctionCall2(numeric_trunc,
													NumericGetDatum(num),
													Int32GetDatum(0));

			whole = cs_numeric_cmp(num, DatumGetNumeric(trunc)) == 0;
		}
	}
	if (!whole)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: %s must be a whole number, got %s",
						namer != NULL ? cs_caller_name(namer, fallback) : fallback,
						argname,
						type == FLOAT8OID ? float8out_internal(DatumGetFloat8(d)) :
						DatumGetCString(DirectFunctionCall1(numeric_out, d)))));
	return in_range;
}

int64
cs_whole_int64_arg(FunctionCallInfo fcinfo, int argno, const char *fname,
				   const char *argname)
{
	Oid			type = cs_arg_type(fcinfo, argno);
	int64		result;

	if (!cs_whole_int64(PG_GETARG_DATUM(argno), type, NULL, fname, argname,
						&result))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: %s is out of range for bigint, got %s",
						fname, argname,
						type == FLOAT8OID ? float8out_internal(PG_GETARG_FLOAT8(argno)) :
						DatumGetCString(DirectFunctionCall1(numeric_out,
															PG_GETARG_DATUM(argno))))));
	return result;
}

/*
 * Scanner for the summary types' text forms.  A summary's text is user
 * input (it may be typed, stored or sent by a client), so everything is
 * validated and every failure names the type and the whole input.
 */
void
cs_scan_init(CsScanner *s, const char *type_name, const char *input)
{
	s->type_name = type_name;
	s->input = input;
	s->p = input;
}

void
cs_scan_error(CsScanner *s, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"",
					s->type_name, s->input),
			 errdetail("%s at character %d.", detail,
					   (int) (s->p - s->input) + 1)));
}

static void
cs_scan_skip_space(CsScanner *s)
{
	while (*s->p && isspace((unsigned char) *s->p))
		s->p++;
}

char
cs_scan_peek(CsScanner *s)
{
	cs_scan_skip_space(s);
	return *s->p;
}

bool
cs_scan_accept(CsScanner *s, char c)
{
	if (cs_scan_peek(s) == c)
	{
		s->p++;
		return true;
	}
	return false;
}

void
cs_scan_expect(CsScanner *s, char c)
{
	if (!cs_scan_accept(s, c))
	{
		char		detail[32];

		snprintf(detail, sizeof(detail), "Expected \"%c\"", c);
		cs_scan_error(s, detail);
	}
}

char *
cs_scan_key_any(CsScanner *s)
{
	const char *start;
	char	   *key;

	cs_scan_expect(s, '"');
	start = s->p;
	while (*s->p && *s->p != '"')
	{
		if (!isalnum((unsigned char) *s->p) && *s->p != '_')
			cs_scan_error(s, "Unexpected character in key");
		s->p++;
	}
	if (*s->p != '"')
		cs_scan_error(s, "Unterminated key");
	key = pnstrdup(start, s->p - start);
	s->p++;
	cs_scan_expect(s, ':');
	return key;
}

void
cs_scan_key(CsScanner *s, const char *key)
{
	const char *start;
	char	   *got;

	cs_scan_skip_space(s);
	start = s->p;
	got = cs_scan_key_any(s);
	if (strcmp(got, key) != 0)
	{
		char		detail[128];

		s->p = start;
		snprintf(detail, sizeof(detail), "Expected key \"%s\"", key);
		cs_scan_error(s, detail);
	}
	pfree(got);
}

int64
cs_scan_int64(CsScanner *s)
{
	const char *start;
	bool		neg = false;
	uint64		acc = 0;

	cs_scan_skip_space(s);
	start = s->p;
	if (*s->p == '-')
	{
		neg = true;
		s->p++;
	}
	if (!isdigit((unsigned char) *s->p))
	{
		s->p = start;
		cs_scan_error(s, "Expected an integer");
	}
	while (isdigit((unsigned char) *s->p))
	{
		int			digit = *s->p - '0';

		/* accumulate as unsigned; the magnitude limit admits INT64_MIN */
		if (acc > (((uint64) PG_INT64_MAX) + 1 - digit) / 10)
		{
			s->p = start;
			cs_scan_error(s, "Integer out of range");
		}
		acc = acc * 10 + digit;
		s->p++;
	}
	if (!neg && acc > (uint64) PG_INT64_MAX)
	{
		s->p = start;
		cs_scan_error(s, "Integer out of range");
	}
	return neg ? (int64) (0 - acc) : (int64) acc;
}

double
cs_scan_float8(CsScanner *s)
{
	const char *start;
	char	   *end;
	double		val;

	cs_scan_skip_space(s);
	start = s->p;
	/* strtod would accept "nan", "inf" and hex floats: allow decimal only */
	if (!(isdigit((unsigned char) *s->p) || *s->p == '-' || *s->p == '.'))
		cs_scan_error(s, "Expected a number");
	errno = 0;
	val = strtod(start, &end);
	/* ERANGE with a subnormal result is fine; overflow or underflow to 0 is not */
	if (end == start || !isfinite(val) || (errno == ERANGE && val == 0.0))
		cs_scan_error(s, "Expected a finite number");
	for (const char *q = start; q < end; q++)
		if (!(isdigit((unsigned char) *q) || *q == '-' || *q == '+' ||
			  *q == '.' || *q == 'e' || *q == 'E'))
			cs_scan_error(s, "Expected a decimal number");
	s->p = end;
	return val;
}

int32
cs_scan_date(CsScanner *s)
{
	int			field[3] = {0, 0, 0};

	cs_scan_expect(s, '"');
	/* plain ISO 8601 dates of years 1 to 99999: the form cs_append_date writes */
	for (int i = 0; i < 3; i++)
	{
		int			ndigits = 0;

		if (i > 0 && *s->p++ != '-')
			cs_scan_error(s, "Expected a date as \"YYYY-MM-DD\"");
		while (isdigit((unsigned char) *s->p) && ndigits < (i == 0 ? 5 : 2))
		{
			field[i] = field[i] * 10 + (*s->p++ - '0');
			ndigits++;
		}
		if (ndigits < (i == 0 ? 4 : 2))
			cs_scan_error(s, "Expected a date as \"YYYY-MM-DD\"");
	}
	if (*s->p != '"')
		cs_scan_error(s, "Expected a date as \"YYYY-MM-DD\"");
	if (field[0] < 1 || field[1] < 1 || field[1] > 12 || field[2] < 1 ||
		field[2] > day_tab[isleap(field[0])][field[1] - 1])
		cs_scan_error(s, "Date out of range");
	s->p++;
	return date2j(field[0], field[1], field[2]) - POSTGRES_EPOCH_JDATE;
}

void
cs_scan_end(CsScanner *s)
{
	cs_scan_skip_space(s);
	if (*s->p != '\0')
		cs_scan_error(s, "Unexpected trailing characters");
}

void
cs_append_float8(StringInfo buf, double value)
{
	char		digits[DOUBLE_SHORTEST_DECIMAL_LEN];

	/*
	 * The shortest string that reads back exactly, whatever the session's
	 * extra_float_digits (float8out would round to 15 digits at 0).
	 */
	double_to_shortest_decimal_buf(value, digits);
	appendStringInfoString(buf, digits);
}

void
cs_append_date(StringInfo buf, int32 date)
{
	int			year,
				month,
				day;

	j2date(date + POSTGRES_EPOCH_JDATE, &year, &month, &day);
	appendStringInfo(buf, "\"%04d-%02d-%02d\"", year, month, day);
}
