#!/usr/bin/env Rscript
# Reference values for the crimestats interval functions, from R's own
# distribution functions (r-base-core):
#
#   poisson_ci.csv  cases,confidence,lower,upper
#       exact Poisson (Garwood) interval with alpha = 1 - confidence:
#       lower = qgamma(alpha/2, shape = cases)          (0 when cases = 0)
#       upper = qgamma(alpha/2, shape = cases + 1, lower.tail = FALSE)
#       each refined by one Newton step on pgamma (see refine() below)
#       (the same as qchisq(alpha/2, 2x)/2 and qchisq(1 - alpha/2, 2x+2)/2,
#       but asking for the upper tail keeps full relative accuracy when
#       alpha is tiny)
#
#   wilson_ci.csv   hits,total,confidence,lower,upper
#       Wilson score interval without continuity correction, with
#       z = -qnorm(alpha/2) (not qnorm(alpha/2, lower.tail = FALSE), which
#       forms 1 - alpha/2 first and so loses the low digits of z when the
#       confidence is tiny):
#       (2x + z^2 -+ z sqrt(z^2 + 4x(1 - x/n))) / (2(n + z^2)),
#       evaluated in a form that never subtracts nearly equal numbers:
#       S = sqrt(z^2 + 4x(n - x)/n), upper = (2x + z^2 + zS) / (2(n + z^2)),
#       lower = 2x^2 / (n (2x + z^2 + zS))  (the conjugate of the minus sign).
#
# alpha is computed as 1 - confidence in double precision, as the C code
# does.  Bounds are printed with 17 significant digits; confidences with the
# fewest digits that read back as the same double.
#
# Run from the repository root:  Rscript test/reference/make_reference.R

out_dir <- "test/reference"

fmt17 <- function(v) sprintf("%.17g", v)
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

confidences <- c(1e-12, 1e-6, 0.5, 0.8, 0.9, 0.95, 0.99, 0.998, 0.999999,
                 1 - 1e-10, 1 - 1e-12)

cases <- c(0, 1, 2, 3, 5, 8, 10, 65, 100, 1821, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9)
pois <- expand.grid(confidence = confidences, cases = cases)[, c("cases", "confidence")]
alpha <- 1 - pois$confidence
# qgamma stops its own iteration at about 1e-12 relative in the far upper
# tail (checked against mpmath); one Newton step on log F with R's pgamma,
# which keeps full relative accuracy in both tails, brings every value to
# about 1e-15.  log(F/p) is taken as the log of a ratio near 1, so that the
# step does not inherit the rounding error of log(p).
refine <- function(x, shape, p, lower) {
  F <- pgamma(x, shape, lower.tail = lower)
  dlog <- exp(dgamma(x, shape, log = TRUE) -
              pgamma(x, shape, lower.tail = lower, log.p = TRUE))
  step <- log(F / p) / dlog
  if (lower) x - step else x + step
}
p_half <- alpha / 2
shape_lo <- pmax(pois$cases, 1)
shape_up <- pois$cases + 1
pois$lower <- ifelse(pois$cases == 0, 0,
                     refine(qgamma(p_half, shape_lo), shape_lo, p_half, TRUE))
pois$upper <- refine(qgamma(p_half, shape_up, lower.tail = FALSE), shape_up,
                     p_half, FALSE)
write.csv(data.frame(cases = fmt_int(pois$cases),
                     confidence = fmt_short(pois$confidence),
                     lower = fmt17(pois$lower),
                     upper = fmt17(pois$upper)),
          file.path(out_dir, "poisson_ci.csv"), row.names = FALSE, quote = FALSE)

pairs <- data.frame(
  hits  = c(0, 1, 0, 10, 65, 2305, 1329, 1, 5e8, 1e9, 0, 999999999),
  total = c(1, 1, 10, 10, 100, 46100, 46100, 1e9, 1e9, 1e9, 1e9, 1e9))
wil <- merge(pairs, data.frame(confidence = confidences))
wil <- wil[order(wil$total, wil$hits, wil$confidence), ]
alpha <- 1 - wil$confidence
z <- -qnorm(alpha / 2)
x <- wil$hits
n <- wil$total
S <- sqrt(z^2 + 4 * x * (n - x) / n)
wil$upper <- (2 * x + z^2 + z * S) / (2 * (n + z^2))
wil$lower <- 2 * x^2 / (n * (2 * x + z^2 + z * S))
write.csv(data.frame(hits = fmt_int(wil$hits),
                     total = fmt_int(wil$total),
                     confidence = fmt_short(wil$confidence),
                     lower = fmt17(wil$lower),
                     upper = fmt17(wil$upper)),
          file.path(out_dir, "wilson_ci.csv"), row.names = FALSE, quote = FALSE)
