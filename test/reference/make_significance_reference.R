#!/usr/bin/env Rscript
# Reference values for the crimestats comparison functions (significance
# labels and funnel-plot limits), from R's own distribution functions
# (r-base-core) and root finder, independently of crimestats' formulas:
#
#   poisson_byar.csv     cases,confidence,lower,upper
#       the 'byar' method: Byar's approximation from 10 cases on,
#       lower = x (1 - 1/(9x) - z/(3 sqrt x))^3,
#       upper = (x+1) (1 - 1/(9(x+1)) + z/(3 sqrt(x+1)))^3,
#       z = -qnorm(alpha/2); below 10 cases the exact (Garwood) interval,
#       computed as in make_reference.R.
#
#   funnel_proportion.csv  comparator,total,confidence,lower,upper
#       the observed proportions p whose Wilson interval (out of total) has
#       the comparator exactly as its upper bound (lower) or lower bound
#       (upper), found by uniroot on the Wilson bound itself, clipped to
#       [0, 1].
#
#   funnel_rate.csv      comparator_rate,exposure,confidence,lower,upper
#       with mu = comparator_rate * exposure: upper = c / exposure for the
#       c with pgamma(mu, c) = alpha/2 (the exact lower bound of a count c
#       is mu), lower = c / exposure for the c with
#       pgamma(mu, c + 1, lower.tail = FALSE) = alpha/2 (its upper bound is
#       mu), 0 when exp(-mu) >= alpha/2; uniroot in c on the log of the
#       tail probability.
#
#   funnel_ratio.csv     observed,confidence,lower,upper
#       observed / upper and observed / lower of the exact interval of
#       observed (upper empty, i.e. NULL, at 0).
#
#   significance_rate.csv    cases,expected,method,label
#   significance_proportion.csv  hits,total,comparator,label
#       the label of the comparison at 95% and 99.8% (Fingertips rules),
#       from the intervals above; rows whose comparator lies within 1e-9
#       (relative) of a bound are left out, so that the label does not
#       depend on rounding.
#
# alpha = 1 - confidence in double precision, as the C code does.  Values
# are printed with 17 significant digits.
#
# Run from the repository root:  Rscript test/reference/make_significance_reference.R

out_dir <- "test/reference"

fmt17 <- function(v) ifelse(is.na(v), "", sprintf("%.17g", v))
fmt_short <- function(v) {
  vapply(v, function(x) {
    for (d in 15:17) {
      s <- sprintf(paste0("%.", d, "g"), x)
      if (as.numeric(s) == x) return(s)
    }
    sprintf("%.17g", x)
  }, "")
}
fmt_int <- function(v) formatC(v, format = "f", digits = 0, big.mark = "")

# exact (Garwood) bounds, refined by one Newton step as in make_reference.R
refine <- function(x, shape, p, lower) {
  F <- pgamma(x, shape, lower.tail = lower)
  dlog <- exp(dgamma(x, shape, log = TRUE) -
              pgamma(x, shape, lower.tail = lower, log.p = TRUE))
  step <- log(F / p) / dlog
  if (lower) x - step else x + step
}
exact_lower <- function(x, conf) {
  p <- (1 - conf) / 2
  ifelse(x == 0, 0, refine(qgamma(p, pmax(x, 1)), pmax(x, 1), p, TRUE))
}
exact_upper <- function(x, conf) {
  p <- (1 - conf) / 2
  refine(qgamma(p, x + 1, lower.tail = FALSE), x + 1, p, FALSE)
}
zval <- function(conf) -qnorm((1 - conf) / 2)
byar_lower <- function(x, conf) {
  z <- zval(conf)
  ifelse(x < 10, exact_lower(x, conf), x * (1 - 1 / (9 * x) - z / (3 * sqrt(x)))^3)
}
byar_upper <- function(x, conf) {
  z <- zval(conf)
  ifelse(x < 10, exact_upper(x, conf),
         (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * sqrt(x + 1)))^3)
}
# Wilson score interval without continuity correction, each bound in the
# form that does not cancel: the lower one as the conjugate of the minus
# sign, the upper one as 1 - the lower bound of the complementary count
# when hits are the larger part (make_reference.R explains)
wilson <- function(x, n, conf) {
  z <- zval(conf)
  y <- n - x
  S <- sqrt(z^2 + 4 * x * y / n)
  list(lower = 2 * x^2 / (n * (2 * x + z^2 + z * S)),
       upper = ifelse(x <= y, (2 * x + z^2 + z * S) / (2 * (n + z^2)),
                      1 - 2 * y^2 / (n * (2 * y + z^2 + z * S))))
}
# a root to the last bits: uniroot with no tolerance of its own stops on
# its internal 2 eps |x| test
root <- function(f, lo, hi) uniroot(f, c(lo, hi), tol = 1e-300, maxiter = 10000)$root

confidences <- c(0.5, 0.8, 0.9, 0.95, 0.99, 0.998, 0.999999)

# --- Byar -----------------------------------------------------------------
cases <- c(0:12, 20, 65, 100, 1821, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9)
byar <- expand.grid(confidence = confidences, cases = cases)[, c("cases", "confidence")]
byar$lower <- byar_lower(byar$cases, byar$confidence)
byar$upper <- byar_upper(byar$cases, byar$confidence)
write.csv(data.frame(cases = fmt_int(byar$cases), confidence = fmt_short(byar$confidence),
                     lower = fmt17(byar$lower), upper = fmt17(byar$upper)),
          file.path(out_dir, "poisson_byar.csv"), row.names = FALSE, quote = FALSE)

# --- proportion funnel ----------------------------------------------------
pf <- expand.grid(confidence = c(0.8, 0.95, 0.998, 0.999999),
                  total = c(1, 10, 100, 1000, 46100, 1e6, 1e9),
                  comparator = c(0, 0.001, 0.02883, 0.05, 0.5, 0.8064, 0.99, 1))
pf <- pf[, c("comparator", "total", "confidence")]
pf$lower <- NA
pf$upper <- NA
for (i in seq_len(nrow(pf))) {
  c0 <- pf$comparator[i]; n <- pf$total[i]; conf <- pf$confidence[i]
  # Wilson bounds as functions of the observed proportion p
  wu <- function(p) wilson(p * n, n, conf)$upper - c0
  wl <- function(p) wilson(p * n, n, conf)$lower - c0
  pf$lower[i] <- if (c0 == 0 || wu(0) >= 0) 0 else root(wu, 0, c0)
  pf$upper[i] <- if (c0 == 1 || wl(1) <= 0) 1 else root(wl, c0, 1)
}
write.csv(data.frame(comparator = fmt_short(pf$comparator), total = fmt_int(pf$total),
                     confidence = fmt_short(pf$confidence),
                     lower = fmt17(pf$lower), upper = fmt17(pf$upper)),
          file.path(out_dir, "funnel_proportion.csv"), row.names = FALSE, quote = FALSE)

# --- rate funnel ----------------------------------------------------------
rf <- expand.grid(confidence = c(0.8, 0.95, 0.998, 0.999999),
                  mu = c(1e-6, 0.01, 0.5, 1, 3, 4, 10, 65, 1821, 1e4, 1e6, 1e9),
                  rate = c(0.005, 1, 250))
rf$exposure <- rf$mu / rf$rate
rf$mu <- rf$rate * rf$exposure      # as the C code forms it
rf <- rf[, c("rate", "exposure", "confidence", "mu")]
rf$lower <- NA
rf$upper <- NA
grow <- function(f, start) {          # first point above start where f >= 0
  lo <- start; step <- max(1, sqrt(start))
  repeat { hi <- lo + step; if (f(hi) >= 0) return(c(lo, hi)); lo <- hi; step <- 2 * step }
}
for (i in seq_len(nrow(rf))) {
  mu <- rf$mu[i]; p <- (1 - rf$confidence[i]) / 2; E <- rf$exposure[i]
  # upper: exact lower bound of c is mu; log P(c, mu) falls as c grows
  fu <- function(c) log(p) - pgamma(mu, c, log.p = TRUE)
  lo <- 1e-300
  br <- grow(fu, max(mu, 1e-3))
  if (fu(br[1]) >= 0) br <- c(lo, br[1])
  rf$upper[i] <- root(fu, br[1], br[2]) / E
  # lower: exact upper bound of c is mu; log Q(c + 1, mu) rises with c
  if (exp(-mu) >= p) {
    rf$lower[i] <- 0
  } else {
    fl <- function(c) pgamma(mu, c + 1, lower.tail = FALSE, log.p = TRUE) - log(p)
    rf$lower[i] <- root(fl, 0, mu) / E
  }
}
write.csv(data.frame(comparator_rate = fmt_short(rf$rate), exposure = fmt_short(rf$exposure),
                     confidence = fmt_short(rf$confidence),
                     lower = fmt17(rf$lower), upper = fmt17(rf$upper)),
          file.path(out_dir, "funnel_rate.csv"), row.names = FALSE, quote = FALSE)

# --- ratio funnel ---------------------------------------------------------
of <- expand.grid(confidence = confidences,
                  observed = c(0, 1, 2, 5, 9, 10, 65, 100, 1821, 1e4, 1e6, 1e9))
of <- of[, c("observed", "confidence")]
of$lower <- of$observed / exact_upper(of$observed, of$confidence)
of$upper <- ifelse(of$observed == 0, NA,
                   of$observed / exact_lower(of$observed, of$confidence))
write.csv(data.frame(observed = fmt_int(of$observed), confidence = fmt_short(of$confidence),
                     lower = fmt17(of$lower), upper = fmt17(of$upper)),
          file.path(out_dir, "funnel_ratio.csv"), row.names = FALSE, quote = FALSE)

# --- significance labels --------------------------------------------------
label <- function(cmp, l95, u95, l998, u998) {
  ifelse(cmp < l998, "higher (99.8%)",
  ifelse(cmp < l95, "higher (95%)",
  ifelse(cmp > u998, "lower (99.8%)",
  ifelse(cmp > u95, "lower (95%)", "similar"))))
}
margin <- function(cmp, bounds) {     # relative distance to the nearest bound
  d <- sapply(bounds, function(b) abs(cmp - b) / pmax(abs(b), 1e-300))
  apply(matrix(d, ncol = length(bounds)), 1, min)
}

sr <- expand.grid(factor = c(0, 0.3, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 1, 1.05, 1.1, 1.15,
                             1.25, 1.5, 2, 3),
                  cases = c(0, 1, 3, 5, 9, 10, 11, 30, 65, 100, 1821, 1e4, 1e6, 1e9),
                  method = c("exact", "byar"), stringsAsFactors = FALSE)
sr$expected <- ifelse(sr$cases == 0, sr$factor * 4, sr$factor * sr$cases)
sr <- sr[sr$expected > 0, ]
lo <- function(conf) ifelse(sr$method == "byar", byar_lower(sr$cases, conf), exact_lower(sr$cases, conf))
up <- function(conf) ifelse(sr$method == "byar", byar_upper(sr$cases, conf), exact_upper(sr$cases, conf))
b <- list(lo(0.95), up(0.95), lo(0.998), up(0.998))
sr$label <- label(sr$expected, b[[1]], b[[2]], b[[3]], b[[4]])
# the count lies inside both intervals: the expected count is what is
# compared, so "higher" means the expected count is below the lower bound
sr <- sr[margin(sr$expected, b) > 1e-9, ]
write.csv(data.frame(cases = fmt_int(sr$cases), expected = fmt_short(sr$expected),
                     method = sr$method, label = sr$label),
          file.path(out_dir, "significance_rate.csv"), row.names = FALSE, quote = TRUE)

sp <- expand.grid(offset = c(-0.5, -0.2, -0.1, -0.05, -0.03, -0.02, -0.01, -0.005, 0,
                             0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.5),
                  share = c(0, 0.01, 0.3, 0.65, 0.99, 1),
                  total = c(10, 100, 1000, 46100, 1e9))
sp$hits <- round(sp$share * sp$total)
sp$comparator <- pmin(pmax(sp$hits / sp$total + sp$offset, 0), 1)
sp <- unique(sp[, c("hits", "total", "comparator")])
w95 <- wilson(sp$hits, sp$total, 0.95)
w998 <- wilson(sp$hits, sp$total, 0.998)
b <- list(w95$lower, w95$upper, w998$lower, w998$upper)
sp$label <- label(sp$comparator, w95$lower, w95$upper, w998$lower, w998$upper)
sp <- sp[margin(sp$comparator, b) > 1e-9 |
         (sp$label == "similar" & (sp$comparator == 0 | sp$comparator == 1)), ]
write.csv(data.frame(hits = fmt_int(sp$hits), total = fmt_int(sp$total),
                     comparator = fmt_short(sp$comparator), label = sp$label),
          file.path(out_dir, "significance_proportion.csv"), row.names = FALSE, quote = TRUE)
