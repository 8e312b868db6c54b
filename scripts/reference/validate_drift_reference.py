#!/usr/bin/python3
"""End-to-end reference for `mlship validate <current.csv> --reference <reference.csv>`.

Run with Debian's scipy (the pyenv python3 on PATH has no scipy):

    apt-get install -y python3-scipy python3-numpy
    /usr/bin/python3 scripts/reference/validate_drift_reference.py

It writes into test/fixtures/validate-drift/ two pairs of CSV files and
expected.json, the drift statistics scipy gives on exactly the values in those
files (each value is parsed back from the text written, as mlship reads it):

- small-reference.csv (800 rows) / small-current.csv (600 rows): a reference of
  at most 1000 rows, so mlship's default tests are statistical tests:
  ks for x (float) and n (integer, > 5 distinct values), chi2 for k (integer,
  <= 5 distinct values) and c (category), ztest for b (yes/no).
- large-reference.csv (1500 rows) / large-current.csv (1200 rows): more than
  1000 reference rows, so mlship uses distances: normed wasserstein for x and n,
  jensenshannon for k, c and b. Every column stays under 2048 values per file,
  where mlship's quantile sketches are exact.

The script is seeded and deterministic; re-running it rewrites the same files
(given the same scipy/numpy, whose versions are recorded in expected.json).
test/validate/drift-against-scipy.test.ts compares mlship's report with it.
"""

import json
import os
import warnings

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance

rng = np.random.default_rng(20250317)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_DIR = os.path.join(ROOT, "test", "fixtures", "validate-drift")
COLUMNS = ["x", "n", "k", "c", "b"]
COLORS = ["red", "green", "blue", "black"]


# ------------------------------------------------------------------ the data


def fmt_x(v):
    s = f"{v:.4f}"
    return "0.0000" if s == "-0.0000" else s  # no negative zero in the files


def make_rows(size, x_mean, x_sd, n_p, k_probs, c_probs, b_yes):
    """Rows of text cells; the parsed values are what the statistics use."""
    x = [fmt_x(v) for v in rng.normal(x_mean, x_sd, size)]
    n = [str(int(v)) for v in rng.binomial(40, n_p, size)]
    k = [str(int(v)) for v in rng.choice(4, size=size, p=k_probs)]
    c = [COLORS[i] for i in rng.choice(4, size=size, p=c_probs)]
    b = ["yes" if u < b_yes else "no" for u in rng.random(size)]
    return [list(row) for row in zip(x, n, k, c, b)]


def write_csv(name, rows):
    path = os.path.join(OUT_DIR, name)
    with open(path, "w", newline="") as f:
        f.write(",".join(COLUMNS) + "\n")
        for row in rows:
            f.write(",".join(row) + "\n")
    return path


def column(rows, name):
    return [row[COLUMNS.index(name)] for row in rows]


def floats(rows, name):
    return np.array([float(v) for v in column(rows, name)], dtype=float)


# -------------------------------------------------------------------- tests


def ks(ref, cur):
    """scipy.stats.ks_2samp(method="auto"); records whether the p-value was exact."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = stats.ks_2samp(ref, cur, method="auto")
    fell_back = any(issubclass(w.category, RuntimeWarning) for w in caught)
    exact = max(len(ref), len(cur)) <= 10000 and not fell_back
    return {"test": "ks", "statistic": float(res.statistic), "pValue": float(res.pvalue),
            "pValueExact": exact}


def chi2(ref_cells, cur_cells):
    """scipy.stats.chi2_contingency on the 2 x K table [reference counts; current counts]
    (Yates' correction applies by default, only when dof == 1)."""
    keys = sorted(set(ref_cells) | set(cur_cells))
    table = np.array([[ref_cells.count(k) for k in keys], [cur_cells.count(k) for k in keys]], dtype=float)
    res = stats.chi2_contingency(table)
    return {"test": "chi2", "statistic": float(res[0]), "pValue": float(res[1]), "pValueExact": True,
            "dof": int(res[2])}


def ztest(ref_cells, cur_cells):
    """Evidently's z stattest: keys sorted, the first -> 0, the other -> 1 (here "no" -> 0,
    "yes" -> 1; mlship folds yes/no into false/true and sorts those, also counting yes as 1),
    pooled two-proportion z; p = 2 * norm.sf(|z|) as mlship computes it."""
    keys = sorted(set(ref_cells) | set(cur_cells))
    assert len(keys) == 2, keys
    a = np.array([0 if v == keys[0] else 1 for v in ref_cells])
    b = np.array([0 if v == keys[0] else 1 for v in cur_cells])
    n1, n2 = len(a), len(b)
    p1 = float(a.sum()) / n1
    p2 = float(b.sum()) / n2
    pooled = float(p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2))
    return {"test": "ztest", "statistic": float(z), "pValue": float(2 * stats.norm.sf(abs(z))),
            "pValueExact": True, "ones": keys[1]}


def wasserstein(ref, cur):
    """Evidently's `wasserstein` stattest: W1 / max(np.std(reference), 0.001)."""
    d = stats.wasserstein_distance(ref, cur)
    return {"test": "wasserstein", "statistic": float(d / max(np.std(ref), 0.001)), "pValue": None}


def value_shares(ref, cur):
    """Evidently's get_binned_data for <= 20 distinct reference values (and for categorical
    columns): the share of each value over the union of both sides' values, feel_zeroes=False
    (the jensenshannon stattest bins without replacing zero shares)."""
    keys = sorted(set(ref) | set(cur))
    ref_p = np.array([list(ref).count(k) / len(ref) for k in keys])
    cur_p = np.array([list(cur).count(k) / len(cur) for k in keys])
    return ref_p, cur_p


def jensenshannon(ref, cur):
    """Evidently's `jensenshannon` stattest: scipy's jensenshannon with base=None (natural log)."""
    ref_p, cur_p = value_shares(ref, cur)
    return {"test": "jensenshannon", "statistic": float(distance.jensenshannon(ref_p, cur_p, None)),
            "pValue": None}


# -------------------------------------------------------------------- pairs


def small_pair():
    ref = make_rows(800, 10.0, 2.0, 0.50, [0.4, 0.3, 0.2, 0.1], [0.4, 0.3, 0.2, 0.1], 0.30)
    # Drift in x, k and b; n and c from the same distributions as the reference.
    cur = make_rows(600, 10.5, 2.3, 0.50, [0.25, 0.3, 0.25, 0.2], [0.4, 0.3, 0.2, 0.1], 0.38)
    return ref, cur


def large_pair():
    ref = make_rows(1500, 50.0, 8.0, 0.40, [0.5, 0.3, 0.15, 0.05], [0.25, 0.25, 0.25, 0.25], 0.50)
    # Drift in x, n, k and b; k never 0 and c never "black" in the current data: zero shares
    # on one side only, which jensenshannon keeps as zeros.
    cur = make_rows(1200, 53.0, 9.0, 0.45, [0.0, 0.5, 0.3, 0.2], [0.3, 0.3, 0.4, 0.0], 0.55)
    return ref, cur


def expected_small(ref, cur):
    return {
        "x": ks(floats(ref, "x"), floats(cur, "x")),
        "n": ks(floats(ref, "n"), floats(cur, "n")),
        "k": chi2(column(ref, "k"), column(cur, "k")),
        "c": chi2(column(ref, "c"), column(cur, "c")),
        "b": ztest(column(ref, "b"), column(cur, "b")),
    }


def expected_large(ref, cur):
    return {
        "x": wasserstein(floats(ref, "x"), floats(cur, "x")),
        "n": wasserstein(floats(ref, "n"), floats(cur, "n")),
        # A numeric column with <= 20 distinct reference values: shares per value.
        "k": jensenshannon(floats(ref, "k").tolist(), floats(cur, "k").tolist()),
        "c": jensenshannon(column(ref, "c"), column(cur, "c")),
        "b": jensenshannon(column(ref, "b"), column(cur, "b")),
    }


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    pairs = []
    for name, make, expect in [("small", small_pair, expected_small), ("large", large_pair, expected_large)]:
        ref, cur = make()
        for side, rows in [("reference", ref), ("current", cur)]:
            path = write_csv(f"{name}-{side}.csv", rows)
            print(f"wrote {os.path.relpath(path, ROOT)} ({len(rows)} rows, {os.path.getsize(path)} bytes)")
        for col in ["x", "n"]:
            assert len(set(column(ref, col))) <= 2048 and len(set(column(cur, col))) <= 2048
        pairs.append({
            "name": name,
            "reference": f"{name}-reference.csv",
            "current": f"{name}-current.csv",
            "referenceRows": len(ref),
            "currentRows": len(cur),
            "columns": expect(ref, cur),
        })
    fixture = {
        "generator": "scripts/reference/validate_drift_reference.py",
        "versions": {"scipy": scipy.__version__, "numpy": np.__version__},
        "pairs": pairs,
    }
    path = os.path.join(OUT_DIR, "expected.json")
    with open(path, "w") as f:
        json.dump(fixture, f, indent=2)
        f.write("\n")
    print(f"wrote {os.path.relpath(path, ROOT)} ({os.path.getsize(path)} bytes)")
    for pair in pairs:
        for col, r in pair["columns"].items():
            p = "" if r["pValue"] is None else f"  p = {r['pValue']:.6g}"
            print(f"  {pair['name']:5} {col}: {r['test']:13} {r['statistic']:.10g}{p}")


if __name__ == "__main__":
    main()
