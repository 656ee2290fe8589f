/*-------------------------------------------------------------------------
 *
 * distributions.c
 *	  The numerical core of crimestats: the standard normal quantile, the
 *	  regularized incomplete gamma functions and the gamma quantile.
 *
 * These give the exact Poisson (Garwood) interval for a count x,
 *
 *		lower = Gamma quantile(shape x, lower tail alpha/2)	 (0 when x = 0)
 *		upper = Gamma quantile(shape x + 1, upper tail alpha/2)
 *
 * and the normal deviate of the Wilson score interval.  The contract
 * (SPEC 2.3) is agreement with a reference statistics library to 1e-9
 * relative for counts from 0 to 10^9 at any confidence strictly between 0
 * and 1, so every piece below keeps relative accuracy in the far tails as
 * well as in the middle, and costs O(1) however large the shape is.
 *
 * Algorithms and sources (docs/accuracy.md has the measured accuracy):
 *
 * - Normal quantile: Wichura's AS 241 (PPND16), Applied Statistics 37
 *	 (1988) 477-484, relative error about 1e-16 for p down to 1e-300.
 *
 * - Incomplete gamma ratios P(a, x) and Q(a, x): the power series of P for
 *	 x < a + 1, Legendre's continued fraction of Q (modified Lentz) for
 *	 x >= a + 1, a series for Q itself when a < 1 and x <= 1 (where Q is
 *	 small and 1 - P would cancel), and for a >= 20 with x within 50% of a
 *	 Temme's uniform asymptotic expansion (N. M. Temme, SIAM J. Math. Anal.
 *	 10 (1979) 757-766; DiDonato and Morris, ACM TOMS 12 (1986) 377-393),
 *	 which costs the same at a = 20 as at a = 10^9, where the series and the
 *	 fraction would need O(sqrt(a)) terms.  The prefactor x^a e^-x / Gamma(a+1)
 *	 is computed for a >= 10 as exp(-bd0 - stirlerr(a)) / sqrt(2 pi a), with
 *	 Loader's deviance bd0 = a log(a/x) + x - a (C. Loader, "Fast and
 *	 accurate computation of binomial probabilities", 2000) and the Stirling
 *	 series for the error term, so that nothing large cancels when x is near
 *	 a.
 *
 * - Gamma quantile: a Wilson-Hilferty (or, for small shapes in the lower
 *	 tail, power-law) start, then safeguarded Newton steps on
 *	 log F(e^u) = log p in u = log x, where F is the tail asked for.  Because
 *	 log X has a log-concave density for every shape, log F(e^u) is concave,
 *	 so Newton converges monotonically after at most one overshoot; a
 *	 bracket and bisection catch anything else.  Solving in the requested
 *	 tail keeps tiny tail probabilities at full relative accuracy.
 *
 * Nothing here allocates, raises errors or keeps state: callers validate
 * their arguments first.  Invalid arguments give NaN.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "crimestats.h"

#define CS_LN_SQRT_2PI	0.918938533204672741780329736406	/* log(sqrt(2 pi)) */
#define CS_SQRT_2PI		2.50662827463100050241576528481	/* sqrt(2 pi) */
#define CS_EULER		0.577215664901532860606512090082	/* Euler's gamma */

/* Caps on the iterative parts; each converges far sooner in its region. */
#define SERIES_MAX_TERMS	10000
#define CF_MAX_TERMS		10000
#define NEWTON_MAX_STEPS	100

/*
 * cs_norm_quantile
 *		Quantile of the standard normal distribution: Wichura's AS 241.
 *
 * The coefficients are those published with the algorithm (PPND16).  For
 * p > 0.5 the tail probability 1 - p is computed exactly (Sterbenz), so the
 * upper tail is as accurate as p itself allows.
 */
double
cs_norm_quantile(double p)
{
	double		q,
				r,
				val;

	if (isnan(p) || p < 0.0 || p > 1.0)
		return NAN;
	if (p == 0.0)
		return -INFINITY;
	if (p == 1.0)
		return INFINITY;

	q = p - 0.5;
	if (fabs(q) <= 0.425)
	{
		r = 0.180625 - q * q;
		return q * (((((((r * 2509.0809287301226727 +
						  33430.575583588128105) * r + 67265.770927008700853) * r +
						45921.953931549871457) * r + 13731.693765509461125) * r +
					  1971.5909503065514427) * r + 133.14166789178437745) * r +
					3.387132872796366608)
			/ (((((((r * 5226.495278852854561 +
					 28729.085735721942674) * r + 39307.89580009271061) * r +
				   21213.794301586595867) * r + 5394.1960214247511077) * r +
				 687.1870074920579083) * r + 42.313330701600911252) * r + 1.0);
	}

	r = (q < 0.0) ? p : 1.0 - p;
	r = sqrt(-log(r));
	if (r <= 5.0)
	{
		r -= 1.6;
		val = (((((((r * 7.7454501427834140764e-4 +
					 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
				   1.27045825245236838258) * r + 3.64784832476320460504) * r +
				 5.7694972214606914055) * r + 4.6303378461565452959) * r +
			   1.42343711074968357734)
			/ (((((((r * 1.05075007164441684324e-9 +
					 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
				   0.14810397642748007459) * r + 0.68976733498510000455) * r +
				 1.6763848301838038494) * r + 2.05319162663775882187) * r + 1.0);
	}
	else
	{
		r -= 5.0;
		val = (((((((r * 2.01033439929228813265e-7 +
					 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
				   0.026532189526576123093) * r + 0.29656057182850489123) * r +
				 1.7848265399172913358) * r + 5.4637849111641143699) * r +
			   6.6579046435011037772)
			/ (((((((r * 2.04426310338993978564e-15 +
					 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
				   7.868691311456132591e-4) * r + 0.0148753612908506148525) * r +
				 0.13692988092273580531) * r + 0.59983220655588793769) * r + 1.0);
	}
	return (q < 0.0) ? -val : val;
}

/*
 * Coefficients of log Gamma(1 + a) = -Euler a + sum_{k>=2} (-1)^k zeta(k)/k a^k,
 * starting at k = 2.  Used for a < 0.2, where 1 + a would round away the
 * low digits of a.
 */
static const double lgamma1p_coef[] = {
	0.8224670334241132, -0.40068563438653143, 0.27058080842778454,
	-0.20738555102867398, 0.1695571769974082, -0.1440498967688461,
	0.12550966952474304, -0.11133426586956469, 0.1000994575127818,
	-0.09095401714582904, 0.083353840546109, -0.0769325164113522,
	0.07143294629536133, -0.06666870588242046, 0.06250095514121304,
	-0.058823978658684585, 0.055555767627403614, -0.05263167937961666,
	0.05000004769810169, -0.047619070330142226, 0.04545455629320467,
	-0.04347826605304026, 0.04166666915034121, -0.04000000119214014,
	0.03846153903467518, -0.037037037312989324, 0.035714285847333355,
	-0.034482758684919304, 0.03333333336437758, -0.03225806453115042
};

/* log Gamma(1 + a), accurate in relative terms also for tiny a. */
static double
lgamma1p(double a)
{
	int			n = lengthof(lgamma1p_coef);
	double		s = 0.0;

	if (fabs(a) >= 0.2)
		return lgamma(1.0 + a);
	for (int i = n - 1; i >= 0; i--)
		s = s * a + lgamma1p_coef[i];
	return a * (-CS_EULER + a * s);
}

/*
 * stirlerr(a) = log Gamma(a + 1) - ((a + 1/2) log a - a + log sqrt(2 pi)),
 * the error of Stirling's formula, from its asymptotic series
 * sum B_2k / (2k (2k - 1) a^(2k-1)).  Nine terms give full double precision
 * for a >= 10, which is the only range where it is used.
 */
static double
stirlerr(double a)
{
	double		a2 = 1.0 / (a * a);

	return (1.0 / 12.0 +
			a2 * (-1.0 / 360.0 +
				  a2 * (1.0 / 1260.0 +
						a2 * (-1.0 / 1680.0 +
							  a2 * (1.0 / 1188.0 +
									a2 * (-691.0 / 360360.0 +
										  a2 * (1.0 / 156.0 +
												a2 * (-3617.0 / 122400.0 +
													  a2 * (43867.0 / 244188.0))))))))) / a;
}

/*
 * bd0(x, m) = x log(x / m) + m - x, the Poisson deviance, computed without
 * cancellation when x is close to m (Loader 2000): with v = (x - m)/(x + m),
 * it equals (x - m) v + 2 x (v^3/3 + v^5/5 + ...).  x - m is exact there.
 */
static double
bd0(double x, double m)
{
	if (fabs(x - m) < 0.1 * (x + m))
	{
		double		v = (x - m) / (x + m);
		double		s = (x - m) * v;
		double		ej = 2.0 * x * v;

		v = v * v;
		for (int j = 1; j < 1000; j++)
		{
			double		s1;

			ej *= v;
			s1 = s + ej / (2 * j + 1);
			if (s1 == s)
				break;
			s = s1;
		}
		return s;
	}
	return x * log(x / m) + m - x;
}

/*
 * Temme's expansion: Q(a, x) = erfc(eta sqrt(a/2)) / 2 + R, with
 * lambda = x/a, eta = sign(lambda - 1) sqrt(2 (lambda - 1 - log lambda)),
 * R = exp(-a eta^2 / 2) / sqrt(2 pi a) * sum_k C_k(eta) a^-k.
 *
 * temme_d[k][n] is the coefficient of eta^n in C_k(eta).  They were
 * computed in exact rational arithmetic (test/reference/temme_coefficients.py)
 * from C_0 = 1/(lambda - 1) - 1/eta and Temme's recurrence
 * C_k = (1/eta) dC_{k-1}/deta + (-1)^k g_k / (lambda - 1), where g_k are
 * the coefficients of Stirling's series Gamma*(a) = sum g_k a^-k; they
 * agree with the table of DiDonato and Morris.  The series in eta converge
 * for |eta| < 2 sqrt(pi); we use |lambda - 1| <= 1/2, so |eta| <= 0.62, and
 * a >= 20, where ten C_k of thirty terms each leave a truncation error
 * below 2e-16 (checked against 40-digit values).
 */
#define TEMME_K 10
#define TEMME_N 30
static const double temme_d[TEMME_K][TEMME_N] = {
	{
		-0.3333333333333333, 0.08333333333333333, -0.014814814814814815,
		0.0011574074074074073, 0.0003527336860670194, -0.0001787551440329218,
		3.919263178522438e-05, -2.185448510679992e-06, -1.85406221071516e-06,
		8.296711340953087e-07, -1.7665952736826078e-07, 6.707853543401498e-09,
		1.0261809784240309e-08, -4.382036018453353e-09, 9.14769958223679e-10,
		-2.5514193994946248e-11, -5.830772132550426e-11, 2.4361948020667415e-11,
		-5.0276692801141755e-12, 1.1004392031956135e-13, 3.371763262400985e-13,
		-1.392388722418162e-13, 2.8534893807047445e-14, -5.139111834242572e-16,
		-1.9752288294349442e-15, 8.099521156704561e-16, -1.6522531216398162e-16,
		2.5305430097478883e-18, 1.1686939738559576e-17, -4.770037049820485e-18
	},
	{
		-0.001851851851851852, -0.003472222222222222, 0.0026455026455026454,
		-0.0009902263374485596, 0.00020576131687242798, -4.018775720164609e-07,
		-1.8098550334489977e-05, 7.64916091608111e-06, -1.6120900894563446e-06,
		4.647127802807434e-09, 1.378633446915721e-07, -5.752545603517705e-08,
		1.1951628599778148e-08, -1.7543241719747647e-11, -1.0091543710600413e-09,
		4.162792991842583e-10, -8.56390702649298e-11, 6.067215101604758e-14,
		7.1624989648114856e-12, -2.933186643771437e-12, 5.996696365683689e-13,
		-2.1671786527323313e-16, -4.978339972369262e-14, 2.0291628823713425e-14,
		-4.13125571381061e-15, 8.286516239883097e-19, 3.4100308869333327e-16,
		-1.3854195302893971e-16, 2.812346653228875e-17, -3.406444194143029e-21
	},
	{
		0.004133597883597883, -0.0026813271604938273, 0.0007716049382716049,
		2.0093878600823047e-06, -0.0001073665322636516, 5.2923448829120125e-05,
		-1.2760635188618728e-05, 3.423578734096138e-08, 1.3721957309062934e-06,
		-6.298992138380055e-07, 1.4280614206064242e-07, -2.0477098421990866e-10,
		-1.409252991086752e-08, 6.228974084922022e-09, -1.3670488396617114e-09,
		9.428356159014678e-13, 1.2872252400089318e-10, -5.5645956134363323e-11,
		1.197593554636698e-11, -4.1689782251838634e-15, -1.0940640427884595e-12,
		4.662239946390136e-13, -9.905105763906907e-14, 1.8931876768373515e-17,
		8.859221872591127e-15, -3.737820398046405e-15, 7.868833639035156e-16,
		-9.000027395741211e-20, -6.928881229347671e-17, 2.9020384270164786e-17
	},
	{
		0.0006494341563786008, 0.00022947209362139917, -0.0004691894943952557,
		0.00026772063206283885, -7.561801671883977e-05, -2.396505113867297e-07,
		1.1082654115347302e-05, -5.6749528269915965e-06, 1.4230900732435883e-06,
		-2.7861080291528143e-11, -1.6958404091930278e-07, 8.099464905388083e-08,
		-1.9111168485973655e-08, 2.3928620439808118e-12, 2.0620131815488797e-09,
		-9.460496661855133e-10, 2.1541049775774907e-10, -1.388823336813903e-14,
		-2.1894761681963938e-11, 9.790998951171684e-12, -2.178219188018096e-12,
		6.208819573407901e-17, 2.126978363279737e-13, -9.344688791517433e-14,
		2.045367122678285e-14, -2.58260790403495e-19, -1.9405297673344544e-15,
		8.415979290484816e-16, -1.8200430439538226e-16, 1.0735443641247309e-21
	},
	{
		-0.0008618882909167117, 0.0007840392217200666, -0.0002990724803031902,
		-1.4638452578843418e-06, 6.641498215465122e-05, -3.968365047179435e-05,
		1.1375726970678419e-05, 2.507497226237533e-10, -1.6954149536558305e-06,
		8.907507532205309e-07, -2.292934834000805e-07, 2.956794137544049e-11,
		2.8865829742708783e-08, -1.4189739437803219e-08, 3.4463580499464896e-09,
		-2.3024517174528067e-13, -3.9409233028046403e-10, 1.86023389685045e-10,
		-4.356323005056618e-11, 1.278600101629623e-15, 4.67927502665792e-12,
		-2.149246470613483e-12, 4.908815614809652e-13, -6.33859148489156e-18,
		-5.045332069080094e-14, 2.2722958222901286e-14, -5.096082608472402e-15,
		3.0552097557171355e-20, 5.069021676310552e-16, -2.249383695648181e-16
	},
	{
		-0.00033679855336635813, -6.972813758365857e-05, 0.0002772753244959392,
		-0.00019932570516188847, 6.797780477937208e-05, 1.419062920643967e-07,
		-1.3594048189768693e-05, 8.018470256334202e-06, -2.291481176508095e-06,
		-3.252473551298454e-10, 3.4652846491085265e-07, -1.8447187191171344e-07,
		4.8240967037894184e-08, -1.7989466721743514e-14, -6.306194500013523e-09,
		3.162417628774568e-09, -7.840924253697429e-10, 5.192679165254041e-15,
		9.358944242306784e-11, -4.513426216163278e-11, 1.0799129993116828e-11,
		-3.661886712685252e-17, -1.210902069055155e-12, 5.680743584990564e-13,
		-1.3249659916340829e-13, 1.8987240764284076e-19, 1.4193390236794701e-14,
		-6.523214701424697e-15, 1.4925242636202885e-15, -8.800389458732369e-22
	},
	{
		0.0005313079364639922, -0.0005921664373536939, 0.0002708782096718045,
		7.902353232660328e-07, -8.153969367561969e-05, 5.61168275310625e-05,
		-1.8329116582843375e-05, -3.0796134506033047e-09, 3.465155368803609e-06,
		-2.0291327396058603e-06, 5.788792863149004e-07, 2.338630673826657e-13,
		-8.828600746330484e-08, 4.7435958880408125e-08, -1.2545415020710383e-08,
		8.649648858010293e-14, 1.6846058979264062e-09, -8.575492823577594e-10,
		2.1598224929232125e-10, -7.613230520476153e-16, -2.6639822008536144e-11,
		1.3065700536611057e-11, -3.1799163902367977e-12, 4.710976121367431e-18,
		3.6902800842763465e-13, -1.7612674046201426e-13, 4.179066786051478e-14,
		-2.5344679379178804e-20, -4.632065942001605e-15, 2.165145485964643e-15
	},
	{
		0.00034436760689237765, 5.171790908260592e-05, -0.00033493161081142234,
		0.0002812695154763237, -0.00010976582244684731, -1.2741009095484485e-07,
		2.7744451511563645e-05, -1.8263488805711332e-05, 5.7876949497350525e-06,
		4.93875893393627e-10, -1.0595367014026043e-06, 6.166714376110408e-07,
		-1.7562973359060463e-07, -1.297447328701544e-12, 2.695423606288966e-08,
		-1.4578352908731272e-08, 3.887645959386175e-09, -3.881002251019412e-17,
		-5.327994173877286e-10, 2.7437977643314844e-10, -6.995796092070568e-11,
		2.589986387486848e-17, 8.856689099669639e-12, -4.403168815871311e-12,
		1.0865561947091654e-12, -2.0467988447416678e-19, -1.2969794421692939e-13,
		6.278922059147728e-14, -1.5112948371679396e-14, 1.1708345473797399e-21
	},
	{
		-0.0006526239185953094, 0.0008394987206720873, -0.000438297098541721,
		-6.969091458420552e-07, 0.00016644846642067547, -0.00012783517679769218,
		4.629953263691304e-05, 4.557909867922708e-09, -1.0595271125805195e-05,
		6.783342904865167e-06, -2.1075476666258803e-06, -1.7213731432817144e-11,
		3.773587741611098e-07, -2.1867506700122867e-07, 6.220228804018927e-08,
		6.597703826733e-16, -9.590386497425686e-09, 5.213214492280807e-09,
		-1.3991589583935709e-09, 5.382058999060575e-16, 1.9484714275467745e-10,
		-1.0127287556389682e-10, 2.6077347197254926e-11, -5.090418699993299e-18,
		-3.3721464474854593e-12, 1.6953089140808568e-12, -4.2316254586191543e-13,
		3.3823327480704694e-20, 5.171393693611211e-14, -2.5337819883238846e-14
	},
	{
		-0.0005967612901927463, -7.204895416020011e-05, 0.0006782308837667328,
		-0.0006401475260262758, 0.00027750107634328704, 1.819700838046515e-07,
		-8.479507117068503e-05, 6.105192082501531e-05, -2.1073920183404862e-05,
		-8.858589014125599e-10, 4.5284535953805374e-06, -2.8427815022504407e-06,
		8.708234177864641e-07, 3.6886101871706966e-12, -1.534469519070206e-07,
		8.862466778790695e-08, -2.5184812301826817e-08, -1.0225912098215092e-14,
		3.896947075815478e-09, -2.1267304792235634e-09, 5.737013552805138e-10,
		-1.8877498501697116e-19, -8.093153869465787e-11, 4.23827232834492e-11,
		-1.1002224534207725e-11, 2.3327607706802836e-19, 1.4479903729175772e-12,
		-7.347967787383142e-13, 1.8518691673758749e-13, -1.9887568468966824e-21
	}
};

/*
 * P and Q by Temme's expansion; bdev = bd0(a, x) = a (lambda - 1 - log lambda).
 * Only the term that is not the erfc needs care: each tail gets its own
 * erfc, so neither result is formed by subtracting from 1.
 */
static void
gamma_temme(double a, double x, double bdev, double *p, double *q)
{
	double		eta = sqrt(2.0 * bdev / a);
	double		y = sqrt(bdev);	/* |eta| sqrt(a/2) */
	double		sum = 0.0;
	double		apow = 1.0;
	double		r;

	if (x < a)
	{
		eta = -eta;
		y = -y;
	}
	for (int k = 0; k < TEMME_K; k++)
	{
		double		ck = 0.0;

		for (int n = TEMME_N - 1; n >= 0; n--)
			ck = ck * eta + temme_d[k][n];
		sum += ck * apow;
		apow /= a;
	}
	r = exp(-bdev) / (CS_SQRT_2PI * sqrt(a)) * sum;
	*q = 0.5 * erfc(y) + r;
	*p = 0.5 * erfc(-y) - r;
}

/*
 * x^a e^-x / Gamma(a + 1), the common prefactor of the series and of the
 * continued fraction (and a/x times the gamma density).
 */
static double
gamma_prefactor(double a, double x)
{
	if (a >= 10.0)
		return exp(-bd0(a, x) - stirlerr(a)) / (CS_SQRT_2PI * sqrt(a));

	/*
	 * pow() is accurate to about an ulp where exp(a log x) would lose
	 * |a log x| ulps, which matters for the lower tail at tiny x; for large
	 * x the power could overflow before e^-x brings it back.
	 */
	if (x <= 500.0)
		return pow(x, a) * exp(-x - lgamma1p(a));
	return exp(a * log(x) - x - lgamma1p(a));
}

/*
 * gamma_pq
 *		Regularized incomplete gamma functions P(a, x) and Q(a, x), each
 *		with relative accuracy (a > 0, x >= 0), and the prefactor
 *		x^a e^-x / Gamma(a + 1) that gives the density.
 */
static void
gamma_pq(double a, double x, double *p, double *q, double *prefactor)
{
	double		d;

	*prefactor = 0.0;
	if (isnan(a) || isnan(x) || a <= 0.0 || x < 0.0 || isinf(a))
	{
		*p = *q = NAN;
		return;
	}
	if (x == 0.0)
	{
		*p = 0.0;
		*q = 1.0;
		return;
	}
	if (isinf(x))
	{
		*p = 1.0;
		*q = 0.0;
		return;
	}

	if (a >= 20.0 && x >= 0.5 * a && x <= 1.5 * a)
	{
		double		bdev = bd0(a, x);

		gamma_temme(a, x, bdev, p, q);
		*prefactor = exp(-bdev - stirlerr(a)) / (CS_SQRT_2PI * sqrt(a));
		return;
	}

	d = gamma_prefactor(a, x);
	*prefactor = d;

	if (a < 1.0 && x <= 1.0)
	{
		/*
		 * Small shape: P can be close to 1, so Q gets its own series,
		 * Q = 1 - x^a/Gamma(a+1) - x^a/Gamma(a) sum_{n>=1} (-x)^n/(n! (a+n)),
		 * with the first difference from expm1 and the alternating sum
		 * dominated by its first term for x <= 1.
		 */
		double		lg = lgamma1p(a);
		double		lxa = a * log(x) - lg;	/* log(x^a / Gamma(a+1)) */
		double		u = -expm1(lxa);
		double		term = 1.0;
		double		sum = 0.0;
		double		psum = 1.0;
		double		pterm = 1.0;

		for (int n = 1; n < SERIES_MAX_TERMS; n++)
		{
			double		t;

			term *= -x / n;
			t = term / (a + n);
			sum += t;
			if (fabs(t) <= fabs(sum) * 1e-17)
				break;
		}
		*q = u - a * (pow(x, a) * exp(-lg)) * sum;

		/* P by its series too: all terms positive, no cancellation */
		for (int k = 1; k < SERIES_MAX_TERMS; k++)
		{
			pterm *= x / (a + k);
			psum += pterm;
			if (pterm <= psum * 1e-17)
				break;
		}
		*p = d * psum;
		return;
	}

	if (a >= 1.0 && x < a + 1.0)
	{
		/* P = D (1 + x/(a+1) + x^2/((a+1)(a+2)) + ...) */
		double		sum = 1.0;
		double		term = 1.0;

		if (d == 0.0)
		{
			*p = 0.0;
			*q = 1.0;
			return;
		}
		for (int k = 1; k < SERIES_MAX_TERMS; k++)
		{
			term *= x / (a + k);
			sum += term;
			if (term <= sum * 1e-17)
				break;
		}
		*p = d * sum;
		*q = 1.0 - *p;
	}
	else
	{
		/*
		 * Here x >= a + 1, or a < 1 and x > 1, where 1 - P would cancel.
		 * Q = a D / (x + 1 - a - 1 (1 - a) / (x + 3 - a - 2 (2 - a) / (x + 5
		 * - a - ...))), evaluated by the modified Lentz method.
		 */
		const double tiny = 1e-300;
		double		b = x + 1.0 - a;
		double		c = 1.0 / tiny;
		double		dd = 1.0 / b;
		double		h = dd;

		if (d == 0.0)
		{
			*p = 1.0;
			*q = 0.0;
			return;
		}
		for (int i = 1; i < CF_MAX_TERMS; i++)
		{
			double		an = -i * (i - a);
			double		del;

			b += 2.0;
			dd = an * dd + b;
			if (fabs(dd) < tiny)
				dd = tiny;
			c = b + an / c;
			if (fabs(c) < tiny)
				c = tiny;
			dd = 1.0 / dd;
			del = dd * c;
			h *= del;
			if (fabs(del - 1.0) <= 1e-16)
				break;
		}
		*q = a * d * h;
		*p = 1.0 - *q;
	}
}

double
cs_gamma_p(double a, double x)
{
	double		p,
				q,
				d;

	gamma_pq(a, x, &p, &q, &d);
	return p;
}

double
cs_gamma_q(double a, double x)
{
	double		p,
				q,
				d;

	gamma_pq(a, x, &p, &q, &d);
	return q;
}

/*
 * cs_gamma_quantile
 *		x with P(shape, x) = p (lower_tail) or Q(shape, x) = p (upper tail).
 */
double
cs_gamma_quantile(double shape, double p, bool lower_tail)
{
	double		a = shape;
	double		logp,
				z,
				x;
	double		xlo = 0.0,
				xhi = INFINITY;

	if (isnan(a) || isnan(p) || a <= 0.0 || isinf(a) || p < 0.0 || p > 1.0)
		return NAN;
	if (p == 0.0)
		return lower_tail ? 0.0 : INFINITY;
	if (p == 1.0)
		return lower_tail ? INFINITY : 0.0;

	/*
	 * Work in the tail whose probability is at most 1/2; 1 - p is exact
	 * there, so nothing is lost by switching.
	 */
	if (p > 0.5)
	{
		p = 1.0 - p;
		lower_tail = !lower_tail;
	}
	logp = log(p);

	/* Start: Wilson-Hilferty, or the small-x power law x^a/Gamma(a+1) = p */
	z = cs_norm_quantile(p);
	if (!lower_tail)
		z = -z;
	{
		double		c = 1.0 / (9.0 * a);
		double		t = 1.0 - c + z * sqrt(c);

		x = a * t * t * t;
	}
	if (lower_tail && (2.0 * a < -1.24 * logp || !(x > 0.0)))
	{
		x = exp((logp + lgamma1p(a)) / a);
		if (x == 0.0)
			return 0.0;			/* the quantile underflows */
	}
	if (!(x > 0.0))
		x = a;
	if (isinf(x))
		x = DBL_MAX;

	/*
	 * Newton on h(u) = log F(e^u) - log p, u = log x.  The update is applied
	 * as a factor exp(-step) on x rather than to u, so that x keeps its full
	 * relative precision even when |log x| is large.
	 */
	for (int iter = 0; iter < NEWTON_MAX_STEPS; iter++)
	{
		double		P,
					Q,
					D,
					F,
					g,
					slope,
					step,
					xnew;

		gamma_pq(a, x, &P, &Q, &D);
		F = lower_tail ? P : Q;
		/*
		 * log(F/p), formed without losing |log p| ulps: near the root F - p
		 * is exact and log1p keeps its relative accuracy.
		 */
		if (F > 0.5 * p && F < 2.0 * p)
			g = log1p((F - p) / p);
		else
			g = log(F) - logp;	/* -inf if F underflowed */
		if (g == 0.0)
			break;

		/* F grows with x in the lower tail and falls in the upper */
		if ((g < 0.0) == lower_tail)
			xlo = x;
		else
			xhi = x;

		/* dh/du = +-x f(x) / F, with x f(x) = a D */
		slope = a * D / F;
		if (!lower_tail)
			slope = -slope;
		step = g / slope;
		xnew = x * exp(-step);

		/*
		 * Converged: Newton converges quadratically, so a step this small
		 * leaves an error far below rounding.  Accept it even if rounding
		 * puts it on a bracket end.
		 */
		if (fabs(step) <= 1e-11)
		{
			x = xnew;
			break;
		}

		if (!isfinite(step) || !(xnew > xlo && xnew < xhi))
		{
			/* Newton left the bracket (or F underflowed): bisect in log x */
			if (xlo > 0.0 && isfinite(xhi))
			{
				if (xhi - xlo <= 4.0 * DBL_EPSILON * xhi)
					break;
				xnew = sqrt(xlo) * sqrt(xhi);
			}
			else if (xlo > 0.0)
				xnew = fmin(xlo * M_E, DBL_MAX);
			else
				xnew = xhi / M_E;
		}
		x = xnew;
	}
	return x;
}
