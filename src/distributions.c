/* distributions.c: placeholder until the numerical core lands */
#include "postgres.h"

#include <math.h>

#include "crimestats.h"

double
cs_norm_quantile(double p)
{
	return NAN;
}

double
cs_gamma_quantile(double shape, double p, bool lower_tail)
{
	return NAN;
}

double
cs_gamma_p(double a, double x)
{
	return NAN;
}

double
cs_gamma_q(double a, double x)
{
	return NAN;
}
