#!/usr/bin/env python3
"""Coefficients of Temme's uniform asymptotic expansion of Q(a, x).

Q(a, x) = erfc(eta sqrt(a/2)) / 2
          + exp(-a eta^2 / 2) / sqrt(2 pi a) * sum_k C_k(eta) a^-k,
lambda = x / a, eta = sign(lambda - 1) sqrt(2 (lambda - 1 - log lambda)).

C_0(eta) = 1/(lambda - 1) - 1/eta and
C_k(eta) = (1/eta) dC_{k-1}/deta + (-1)^k g_k / (lambda - 1),
where Gamma(a) = sqrt(2 pi / a) (a/e)^a sum_k g_k a^-k (Stirling's series).
Everything is done in exact rational arithmetic on power series in eta
(lambda - 1 is itself a power series in eta, found by reverting
eta^2/2 = t - log(1 + t)), and the poles at eta = 0 are checked to cancel.

Prints the table temme_d[K][N] used by src/distributions.c (the
coefficient of eta^n in C_k).  Standard library only; takes about half a
minute.

    python3 test/reference/temme_coefficients.py [N [K]]
"""
from fractions import Fraction as F
import sys

N = int(sys.argv[1]) if len(sys.argv) > 1 else 30   # powers of eta kept
K = int(sys.argv[2]) if len(sys.argv) > 2 else 10   # number of C_k
M = N + 2 * K + 6   # working order: each C_k loses two orders


def mul(a, b, n=M):
    r = [F(0)] * n
    for i, x in enumerate(a[:n]):
        if x:
            for j, y in enumerate(b[:n - i]):
                r[i + j] += x * y
    return r


def inv(a, n=M):
    r = [F(0)] * n
    r[0] = 1 / a[0]
    for k in range(1, n):
        r[k] = -sum(a[j] * r[k - j] for j in range(1, min(k, len(a) - 1) + 1)) / a[0]
    return r


def sqrt1(a, n=M):
    # square root of a series with constant term 1
    r = [F(0)] * n
    r[0] = F(1)
    for k in range(1, n):
        r[k] = (a[k] - sum(r[j] * r[k - j] for j in range(1, k))) / 2
    return r


def compose(a, b, n=M):
    # a(b(x)) for b[0] == 0
    r = [F(0)] * n
    p = [F(1)] + [F(0)] * (n - 1)
    for k in range(n):
        if k:
            p = mul(p, b, n)
        if a[k]:
            for i in range(n):
                r[i] += a[k] * p[i]
    return r


def bernoulli(m):
    # B_0..B_m (B_1 = -1/2) by the Akiyama-Tanigawa algorithm
    out, a = [], [F(0)] * (m + 1)
    for i in range(m + 1):
        a[i] = F(1, i + 1)
        for j in range(i, 0, -1):
            a[j - 1] = j * (a[j - 1] - a[j])
        out.append(a[0])
    out[1] = -out[1] if m >= 1 else None
    return out


# eta / t = sqrt(2 (t - log(1 + t)) / t^2), a series in t
g = sqrt1([F(2 * (-1) ** k, k) for k in range(2, M + 2)])
# revert eta = t g(t): t = eta w(eta), w = 1 / g(eta w)
w = [F(1)] + [F(0)] * (M - 1)
for _ in range(M):
    w_new = inv(compose(g, [F(0)] + w[:M - 1]))
    if w_new == w:
        break
    w = w_new
S = inv(w)          # 1/t = S(eta) / eta


def over_t(c):
    # c / (lambda - 1) as a Laurent series {exponent: coefficient}
    return {i - 1: c * S[i] for i in range(M)}


# Stirling's series: log Gamma*(a) = sum B_2m / (2m (2m - 1) a^(2m-1))
B = bernoulli(2 * K + 2)
L = [F(0)] * (K + 2)
for m in range(1, K + 2):
    if 2 * m - 1 < K + 2:
        L[2 * m - 1] = B[2 * m] / (2 * m * (2 * m - 1))
gk = [F(1)] + [F(0)] * (K + 1)
for k in range(1, K + 2):
    gk[k] = sum(j * L[j] * gk[k - j] for j in range(1, k + 1)) / k

C = over_t(F(1))
C[-1] -= 1
assert C[-1] == 0
table = [C]
for k in range(1, K):
    nxt = {}
    for e, c in C.items():
        if e and c:
            nxt[e - 2] = nxt.get(e - 2, F(0)) + e * c
    for e, c in over_t((-1) ** k * gk[k]).items():
        nxt[e] = nxt.get(e, F(0)) + c
    top = max(C) - 2
    C = {e: c for e, c in nxt.items() if e <= top}
    assert all(C.get(e, 0) == 0 for e in (-3, -2, -1)), "pole did not cancel"
    table.append(C)

# known leading values (DiDonato and Morris): C_0 = -1/3 + eta/12 - ...,
# C_1 = -1/540 - eta/288 + ...
assert table[0][0] == F(-1, 3) and table[0][1] == F(1, 12)
assert table[1][0] == F(-1, 540) and table[1][1] == F(-1, 288)

print("static const double temme_d[TEMME_K][TEMME_N] = {")
for k in range(K):
    vals = [repr(float(table[k].get(n, F(0)))) for n in range(N)]
    print("\t{")
    line = "\t\t"
    for i, v in enumerate(vals):
        item = v + ("," if i < N - 1 else "")
        if len(line) + len(item) + 1 > 76:
            print(line.rstrip())
            line = "\t\t"
        line += item + " "
    print(line.rstrip())
    print("\t}" + ("," if k < K - 1 else ""))
print("};")
