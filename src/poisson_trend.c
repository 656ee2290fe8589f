/*-------------------------------------------------------------------------
 *
 * poisson_trend.c
 *	  The Poisson log-linear trend fit behind trend_growth, beside the rest
 *	  of the numerical core (distributions.c): plain arrays of doubles in,
 *	  a slope out, no fmgr.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "growth.h"

/*
 * Poisson log-linear trend: maximum-likelihood fit of
 *     log E[y_i] = a + b t_i
 * over counts y_i at times t_i in years (for trend_growth, the totals per
 * `at`, t_i in years since the first `at`).  Profiling out a (its score
 * equation gives exp(a) = sum(y) / sum(exp(b t))), the score equation for b
 * becomes
 *     sum_i t_i exp(b t_i) / sum_i exp(b t_i) = sum_i y_i t_i / sum_i y_i
 * : the exp(b t)-weighted mean time equals the y-weighted mean time.  The
 * left side increases with b (its derivative is a variance), so there is
 * one root, found by Newton's method safeguarded by bisection.  Times are
 * centred on the y-weighted mean so that the root is where a weighted sum
 * of centred times crosses zero, and the exponentials are scaled by their
 * maximum (log-sum-exp) so nothing overflows.  This is the same estimate as
 * a Poisson GLM (statsmodels, R glm) fitted by IRLS, reached more robustly:
 * zeros and exactly geometric series need no special case.
 *
 * The MLE exists unless all the weight sits at one end: every count zero,
 * or every positive count at the first (b -> -infinity) or at the last
 * point (b -> +infinity).  Then we return false, as we do when the
 * iteration does not converge.
 */
bool
cs_poisson_trend_slope(int32 n, const double *times, const double *y,
					   double *slope)
{
	double	   *t;
	double		ysum = 0.0,
				ymax = 0.0,
				ty = 0.0,
				tk,
				offset = 0.0,
				span,
				b = 0.0,
				lo = -INFINITY,
				hi = INFINITY,
				step_cap;
	bool		pos_not_first = false,
				pos_not_last = false,
				converged = false;
	int32		k = 0;

	if (n < 2)
		return false;
	for (int32 i = 0; i < n; i++)
	{
		if (y[i] > 0.0)
		{
			if (i != 0)
				pos_not_first = true;
			if (i != n - 1)
				pos_not_last = true;
		}
	}
	if (!pos_not_first || !pos_not_last)
		return false;

	/*
	 * Centre the times on the y-weighted mean T.  Computed naively, T can
	 * round onto an end point when one count dwarfs the others, and the
	 * root (where the exp(b t)-weighted mean equals T) is lost.  So centre
	 * first on the point t_k nearest T, where t_i - t_k is exact, and
	 * subtract the small offset T - t_k computed from those exact
	 * differences.  Counts are scaled by their maximum so that their sum
	 * cannot overflow.
	 */
	t = palloc(n * sizeof(double));
	for (int32 i = 0; i < n; i++)
	{
		t[i] = times[i];
		ymax = Max(ymax, y[i]);
	}
	for (int32 i = 0; i < n; i++)
	{
		ysum += y[i] / ymax;
		ty += y[i] / ymax * t[i];
	}
	ty /= ysum;
	for (int32 i = 1; i < n; i++)
		if (fabs(t[i] - ty) < fabs(t[k] - ty))
			k = i;
	tk = t[k];
	for (int32 i = 0; i < n; i++)
		t[i] -= tk;
	for (int32 i = 0; i < n; i++)
		offset += y[i] / ymax * t[i];
	offset /= ysum;
	for (int32 i = 0; i < n; i++)
		t[i] -= offset;
	span = t[n - 1] - t[0];
	step_cap = 1.0 / span;

	for (int iter = 0; iter < 500; iter++)
	{
		double		m = -INFINITY,
					w = 0.0,
					wt = 0.0,
					wtt = 0.0,
					f,
					fp,
					next;

		for (int32 i = 0; i < n; i++)
			m = Max(m, b * t[i]);
		for (int32 i = 0; i < n; i++)
		{
			double		e = exp(b * t[i] - m);

			w += e;
			wt += e * t[i];
			wtt += e * t[i] * t[i];
		}
		f = wt / w;				/* weighted mean of centred time, minus 0 */
		fp = wtt / w - f * f;	/* its derivative in b: a variance */
		if (f == 0.0)
		{
			converged = true;
			break;
		}
		if (f > 0.0)
			hi = b;
		else
			lo = b;

		if (fp > 0.0)
			next = b - f / fp;
		else
			next = (f > 0.0) ? -INFINITY : INFINITY;
		if (isinf(lo) || isinf(hi))
		{
			/* not bracketed yet: limit the step, doubling the limit */
			if (next > b + step_cap)
				next = b + step_cap;
			else if (next < b - step_cap)
				next = b - step_cap;
			step_cap *= 2.0;
		}
		else if (!(next > lo && next < hi))
			next = lo + (hi - lo) / 2.0;

		if (fabs(next - b) <= 1e-15 * (fabs(b) + 1.0 / span))
		{
			b = next;
			converged = true;
			break;
		}
		b = next;
		if (!isinf(lo) && !isinf(hi) && (hi - lo) <= 1e-15 * (fabs(b) + 1.0 / span))
		{
			converged = true;
			break;
		}
	}
	pfree(t);
	/* a fit that did not converge is no answer: NULL rather than a guess */
	if (!converged || !isfinite(b))
		return false;
	*slope = b;
	return true;
}

