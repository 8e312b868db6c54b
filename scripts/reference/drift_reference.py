#!/usr/bin/python3
"""Reference values for src/data/drift (drift-tests.ts, distributions.ts).

Run with Debian's scipy (the pyenv python3 on PATH has no scipy):

    apt-get install -y python3-scipy python3-numpy
    /usr/bin/python3 scripts/reference/drift_reference.py

It writes test/fixtures/drift-reference.json: for every case the inputs and what
scipy returns. The script is seeded and deterministic; re-running it rewrites
the same file (given the same scipy/numpy, whose versions are recorded).

Evidently is not installable here, so its `jensenshannon`, `psi` and `kl_div`
stattests are re-implemented below from its source
(evidently/legacy/calculations/stattests/{utils,jensenshannon,psi,kl_div}.py):
`get_binned_data` followed by exactly the scipy/numpy calls Evidently makes.
The z stattest is re-implemented from z_stattest.py the same way.
"""

import json
import math
import os

import numpy as np
import scipy
from scipy import special, stats

from evidently_stattests import evidently_scores

rng = np.random.default_rng(20240611)


def r4(x):
    """Round to 4 decimals so the fixture stays small; the rounded values ARE the inputs."""
    return [float(v) for v in np.round(np.asarray(x, dtype=float), 4)]


# --------------------------------------------------------------------------- KS

def ks_case(name, ref, cur):
    res = stats.ks_2samp(ref, cur, method="auto")
    return {"name": name, "ref": ref, "cur": cur, "statistic": float(res.statistic), "pvalue": float(res.pvalue)}


def ks_generated_case(name, n1, n2, shift):
    """Large samples stored as a formula: ref_i = i / n1, cur_j = j / n2 + shift.

    IEEE division and addition give the same doubles in Python and JavaScript,
    so the test rebuilds the samples exactly without storing them.
    """
    ref = [i / n1 for i in range(n1)]
    cur = [j / n2 + shift for j in range(n2)]
    res = stats.ks_2samp(ref, cur, method="auto")
    return {"name": name, "n1": n1, "n2": n2, "shift": shift,
            "statistic": float(res.statistic), "pvalue": float(res.pvalue)}


ks_cases = [
    ks_case("equal sizes n=40, shifted", r4(rng.normal(0, 1, 40)), r4(rng.normal(0.6, 1, 40))),
    ks_case("unequal sizes 30 vs 45", r4(rng.normal(0, 1, 30)), r4(rng.normal(0.3, 1.2, 45))),
    ks_case("ties: integers 0..6, 60 vs 75",
            [float(v) for v in rng.integers(0, 7, 60)], [float(v) for v in rng.integers(1, 8, 75)]),
    ks_case("ties across samples, equal sizes 50",
            [float(v) for v in rng.integers(0, 5, 50)], [float(v) for v in rng.integers(0, 5, 50)]),
]
same = r4(rng.normal(0, 1, 50))
ks_cases += [
    ks_case("identical samples", same, list(same)),
    ks_case("small exact 12 vs 9", r4(rng.normal(0, 1, 12)), r4(rng.normal(1, 1, 9))),
    ks_case("small exact 1 vs 7", r4(rng.normal(0, 1, 1)), r4(rng.normal(0, 1, 7))),
    ks_case("n=500 vs 800, no drift", r4(rng.normal(0, 1, 500)), r4(rng.normal(0, 1, 800))),
    ks_case("n=500 vs 800, drift (tiny p)", r4(rng.normal(0, 1, 500)), r4(rng.normal(0.5, 1, 800))),
    ks_case("n=800 vs 800, mild drift", r4(rng.normal(0, 1, 800)), r4(rng.normal(0.1, 1, 800))),
    # Asymptotic: max(n1, n2) > 10000, kstwo.sf(D, round(n1*n2/(n1+n2))) with n = 837.
    ks_case("asymptotic 12000 vs 900, no drift", r4(rng.normal(0, 1, 12000)), r4(rng.normal(0, 1, 900))),
    ks_case("asymptotic 12000 vs 900, drift", r4(rng.normal(0, 1, 12000)), r4(rng.normal(0.15, 1, 900))),
]
ks_generated = [
    ks_generated_case("exact square 10000 vs 10000", 10000, 10000, 0.013),
    ks_generated_case("exact 10000 vs 9999", 10000, 9999, 0.011),
    ks_generated_case("exact 10000 vs 9999, large D", 10000, 9999, 0.06),
    ks_generated_case("exact 7 vs 10000", 7, 10000, 0.1),
    ks_generated_case("asymptotic 10001 vs 10000", 10001, 10000, 0.012),
    ks_generated_case("asymptotic 20000 vs 100 (n=100 branch)", 20000, 100, 0.05),
    ks_generated_case("asymptotic 20000 vs 100, drift", 20000, 100, 0.3),
    ks_generated_case("asymptotic 30000 vs 30000 (Pelz-Good branch)", 30000, 30000, 0.008),
    ks_generated_case("asymptotic 30000 vs 30000, tiny D (p = 1)", 30000, 30000, 0.0004),
]

# kstwo.sf(x, n) across the branches of scipy's _kolmogn (Simard & L'Ecuyer).
kstwo_points = []
for n in [1, 2, 5, 50, 140, 141, 837, 5000, 100000, 100001, 2000000]:
    xs = {0.3 / n, 0.8 / n, 1.0 / n, (n - 0.5) / n if n > 1 else 0.9, 0.5, 0.7}
    for nx2 in [0.05, 0.3, 0.7, 0.76, 1.0, 1.5, 2.1, 2.3, 3.5, 5.0, 17.0, 19.0, 100.0, 369.0, 371.0]:
        xs.add(math.sqrt(nx2 / n))
    for x in sorted(xs):
        if 0 < x < 1:
            kstwo_points.append([n, x, float(stats.kstwo.sf(x, n))])

# ------------------------------------------------------------------------ chi2


def chi2_case(name, ref, cur):
    keys = [k for k in dict.fromkeys(list(ref) + list(cur)) if ref.get(k, 0) + cur.get(k, 0) > 0]
    table = np.array([[ref.get(k, 0) for k in keys], [cur.get(k, 0) for k in keys]], dtype=float)
    res = stats.chi2_contingency(table, correction=True)
    return {"name": name, "ref": ref, "cur": cur, "statistic": float(res[0]), "pvalue": float(res[1]),
            "dof": int(res[2])}


many_ref = {f"c{i}": int(v) for i, v in enumerate(rng.integers(5, 200, 30))}
many_cur = {f"c{i}": int(v) for i, v in enumerate(rng.integers(5, 200, 30))}
chi2_cases = [
    chi2_case("2x2 with Yates", {"a": 30, "b": 70}, {"a": 45, "b": 55}),
    chi2_case("2x2 Yates capped by |expected - observed|", {"a": 10, "b": 10}, {"a": 10, "b": 11}),
    chi2_case("category only in current", {"x": 50, "y": 30, "z": 20}, {"x": 40, "y": 30, "z": 25, "w": 5}),
    chi2_case("zero in both excluded", {"a": 5, "b": 0, "c": 7}, {"a": 6, "b": 0, "c": 2}),
    chi2_case("30 categories", many_ref, many_cur),
    chi2_case("strong drift, tiny p", {"a": 5000, "b": 3000, "c": 2000}, {"a": 3000, "b": 3000, "c": 4000}),
    chi2_case("single category (dof 0)", {"a": 10}, {"a": 20}),
]

chi2_sf_points = []
for k in [1, 2, 3, 5, 10, 29, 100, 1000]:
    for x in [1e-6, 0.01, 0.5, 1.0, 2.5, k * 0.5, float(k), k + 1.0, k * 1.7 + 3, k * 3.0 + 30, k * 10.0 + 200]:
        chi2_sf_points.append([k, x, float(stats.chi2.sf(x, k))])
gammaln_points = [[x, float(special.gammaln(x))]
                  for x in [1e-8, 0.1, 0.5, 1.0, 1.5, 2.0, 2.5, 7.3, 14.5, 15.0, 30.5, 100.0, 1234.5, 1e6]]
norm_sf_points = [[z, float(stats.norm.sf(z))]
                  for z in [-8.0, -3.0, -1.0, -0.1, 0.0, 1e-3, 0.5, 1.0, 1.96, 2.5, 3.0, 3.6, 5.0, 8.0,
                            12.0, 20.0, 37.0, 38.5]]
erfc_points = [[x, float(special.erfc(x))]
               for x in [-3.0, -0.5, 0.0, 1e-10, 0.3, 1.0, 1.9, 2.0, 2.1, 2.7, 4.0, 6.0, 10.0, 26.0, 27.5]]

# --------------------------------------------------------------------- z-test
# Evidently's z stattest (z_stattest.py): keys = sorted(union of values); keys[0] -> 0, others -> 1;
# z = (p1 - p2) / sqrt(P (1 - P) (1/n1 + 1/n2)); p = 2 * (1 - norm.cdf(|z|)).
# The module returns 2 * norm.sf(|z|) (the same number without the cancellation of 1 - cdf);
# both are stored.


def z_case(name, ref, cur):
    ref_vals = [k for k, c in ref.items() for _ in range(c)]
    cur_vals = [k for k, c in cur.items() for _ in range(c)]
    if len(set(ref_vals)) == 1 and len(set(cur_vals)) == 1 and ref_vals[0] == cur_vals[0]:
        return {"name": name, "ref": ref, "cur": cur, "statistic": 0.0, "pvalue": 1.0, "pvalueEvidently": 1.0}
    keys = sorted(set(ref_vals) | set(cur_vals))
    a = [0 if x == keys[0] else 1 for x in ref_vals]
    b = [0 if x == keys[0] else 1 for x in cur_vals]
    n1, n2 = len(a), len(b)
    p1 = float(sum(a)) / n1
    p2 = float(sum(b)) / n2
    P = float(p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(P * (1 - P) * (1.0 / n1 + 1.0 / n2))
    return {"name": name, "ref": ref, "cur": cur, "statistic": float(z),
            "pvalue": float(2 * stats.norm.sf(abs(z))), "pvalueEvidently": float(2 * (1 - stats.norm.cdf(abs(z))))}


z_cases = [
    z_case("0/1 mild drift", {"0": 400, "1": 600}, {"0": 450, "1": 550}),
    z_case("true/false, current only one value", {"false": 70, "true": 30}, {"true": 40}),
    z_case("same single value", {"yes": 100}, {"yes": 50}),
    z_case("different single values", {"no": 20}, {"yes": 25}),
    z_case("strong drift, tiny p", {"a": 9000, "b": 1000}, {"a": 6000, "b": 4000}),
]

# ---------------------------------------------------------------- Wasserstein


def wasserstein_case(name, ref, cur, ref_w=None, cur_w=None):
    d = stats.wasserstein_distance(ref, cur, ref_w, cur_w)
    out = {"name": name, "ref": ref, "cur": cur, "distance": float(d)}
    if ref_w is None:
        # Evidently's "wasserstein" stattest: distance / max(np.std(reference), 0.001).
        out["normalized"] = float(d / max(np.std(ref), 0.001))
    else:
        out["refWeights"] = ref_w
        out["curWeights"] = cur_w
        mean = np.average(ref, weights=ref_w)
        std = math.sqrt(np.average((np.asarray(ref) - mean) ** 2, weights=ref_w))
        out["normalized"] = float(d / max(std, 0.001))
    return out


wasserstein_cases = [
    wasserstein_case("normal 200 vs 300", r4(rng.normal(0, 1, 200)), r4(rng.normal(0.3, 1.5, 300))),
    wasserstein_case("ties", [float(v) for v in rng.integers(0, 5, 40)], [float(v) for v in rng.integers(0, 6, 33)]),
    wasserstein_case("weighted", r4(rng.normal(0, 1, 25)), r4(rng.normal(0.5, 1, 30)),
                     [float(v) for v in rng.integers(1, 20, 25)], r4(rng.uniform(0.1, 3, 30))),
    wasserstein_case("constant reference (std floor 0.001)", [2.0] * 10, r4(rng.normal(2, 0.01, 12))),
]

# ----------------------------------------------------- Evidently binned tests


def numeric_binned_case(name, ref, cur, ref_w=None, cur_w=None):
    """Weighted cases use integer weights: Evidently sees the expanded raw sample."""
    ref_raw = np.repeat(ref, ref_w) if ref_w is not None else ref
    cur_raw = np.repeat(cur, cur_w) if cur_w is not None else cur
    out = {"name": name, "ref": ref, "cur": cur, **evidently_scores(ref_raw, cur_raw, True)}
    if ref_w is not None:
        out["refWeights"] = ref_w
        out["curWeights"] = cur_w
    return out


def categorical_binned_case(name, ref, cur):
    ref_vals = [k for k, c in ref.items() for _ in range(c)]
    cur_vals = [k for k, c in cur.items() for _ in range(c)]
    return {"name": name, "ref": ref, "cur": cur, **evidently_scores(ref_vals, cur_vals, False)}


ints_ref = [float(v) for v in rng.integers(0, 9, 300)]   # values 0..8
ints_cur = [float(v) for v in rng.integers(1, 10, 250)]  # values 1..9: 0 missing, 9 new
wref = r4(rng.normal(0, 1, 40))
binned_cases = [
    numeric_binned_case("numeric >20 values (sturges)", r4(rng.normal(0, 1, 300)), r4(rng.normal(0.2, 1.1, 400))),
    numeric_binned_case("numeric, 512 values in total (log2 exact)", r4(rng.normal(0, 1, 256)),
                        r4(rng.normal(0.1, 1, 256))),
    numeric_binned_case("numeric, empty bins in current", r4(rng.normal(0, 1, 500)), r4(rng.normal(0, 0.3, 60))),
    numeric_binned_case("numeric <=20 distinct values", ints_ref, ints_cur),
    numeric_binned_case("numeric weighted (integer weights)", wref, r4(rng.normal(0.3, 1, 35)),
                        [int(v) for v in rng.integers(1, 6, 40)], [int(v) for v in rng.integers(1, 6, 35)]),
]
categorical_cases = [
    categorical_binned_case("categories, one new and one gone",
                            {"red": 120, "green": 80, "blue": 40, "black": 10},
                            {"red": 100, "green": 90, "blue": 60, "white": 5}),
    categorical_binned_case("rare category (feel_zeroes below 0.0001)",
                            {"a": 50000, "b": 2}, {"a": 40000, "b": 5, "c": 1}),
]

fixture = {
    "generator": "scripts/reference/drift_reference.py",
    "versions": {"scipy": scipy.__version__, "numpy": np.__version__},
    "ks": ks_cases,
    "ksGenerated": ks_generated,
    "kstwoSf": kstwo_points,
    "chi2": chi2_cases,
    "chi2Sf": chi2_sf_points,
    "gammaln": gammaln_points,
    "normSf": norm_sf_points,
    "erfc": erfc_points,
    "z": z_cases,
    "wasserstein": wasserstein_cases,
    "binnedNumeric": binned_cases,
    "binnedCategorical": categorical_cases,
}

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
out_path = os.path.join(root, "test", "fixtures", "drift-reference.json")
os.makedirs(os.path.dirname(out_path), exist_ok=True)
with open(out_path, "w") as f:
    json.dump(fixture, f, separators=(",", ":"))
    f.write("\n")
print(f"wrote {out_path} ({os.path.getsize(out_path)} bytes)")
