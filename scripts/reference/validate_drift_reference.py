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
  jensenshannon for k, c and b.

and, under "generatedPairs", two pairs of realistic size whose CSV files are not
committed (15 MB): 20k (20,000 reference rows, 20,000 current) and 200k (200,000 /
180,000). scripts/reference/validate-drift-data.mjs writes them, deterministically
(integer arithmetic and IEEE +, −, ×, ÷ only); this script runs it, records the
files' sha256, and computes scipy's value of every drift test mlship offers on
every column where it applies, in five rounds (round 0: the default tests, as
Evidently chooses them; rounds 1-4: tests set per column in mlship.yml). Columns:
x (full-precision doubles), price (2 decimals, 1% missing), n (integers, > 20
values), k (4 values), flag (0/1), c (5 colors, one absent from the current
data), b (yes/no). test/validate/drift-against-scipy.test.ts regenerates the files,
checks their sha256, and runs the built CLI on them, against the reference CSV
and against its profile.json.

The script is seeded and deterministic; re-running it rewrites the same files
(given the same scipy/numpy, whose versions are recorded in expected.json).
test/validate/drift-against-scipy.test.ts compares mlship's report with it.
"""

import csv
import json
import os
import subprocess
import tempfile
import warnings

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance

from evidently_stattests import evidently_scores

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


# ------------------------------------------------- generated pairs (20k, 200k)

GENERATOR = "scripts/reference/validate-drift-data.mjs"
GENERATED = [("20k", 20000, 20000), ("200k", 200000, 180000)]
NUMERIC = {"x", "price", "n", "k", "flag"}
# The test of each column in each round; round 0 is Evidently's default choice.
ROUNDS = {
    "x": ["wasserstein", "ks", "jensenshannon", "psi", "kl"],
    "price": ["wasserstein", "ks", "psi", "kl", "jensenshannon"],
    "n": ["wasserstein", "chi2", "ks", "jensenshannon", "psi"],
    "k": ["jensenshannon", "chi2", "psi", "kl", "ks"],
    "flag": ["jensenshannon", "ztest", "chi2", "psi", "kl"],
    "c": ["jensenshannon", "chi2", "psi", "kl", "jensenshannon"],
    "b": ["jensenshannon", "ztest", "chi2", "psi", "kl"],
}


def read_generated(path):
    """The present cells of each column: floats for numeric columns (as mlship parses them), text otherwise."""
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    out = {}
    for i, name in enumerate(header):
        cells = [row[i] for row in body if row[i] != ""]
        out[name] = [float(v) for v in cells] if name in NUMERIC else cells
    return out


def generated_value(test, ref, cur, numerical):
    if test == "ks":
        return ks(np.array(ref), np.array(cur))
    if test == "wasserstein":
        return wasserstein(np.array(ref), np.array(cur))
    if test == "chi2":
        return chi2(ref, cur)
    if test == "ztest":
        return ztest(ref, cur)
    score = evidently_scores(ref, cur, numerical)[test if test != "kl" else "kl"]
    return {"test": test, "statistic": score, "pValue": None}


def generated_pair(name, reference_rows, current_rows, work):
    made = subprocess.run(
        ["node", os.path.join(ROOT, GENERATOR), work, name, str(reference_rows), str(current_rows)],
        check=True, capture_output=True, text=True,
    )
    files = json.loads(made.stdout)
    ref = read_generated(files["reference"]["file"])
    cur = read_generated(files["current"]["file"])
    rounds = []
    for r in range(5):
        columns = {}
        for col, tests in ROUNDS.items():
            test = tests[r]
            result = generated_value(test, ref[col], cur[col], col in NUMERIC)
            result["configured"] = r > 0
            columns[col] = result
        rounds.append({"columns": columns})
    side = lambda s, rows: {"file": f"{name}-{s}.csv", "rows": rows, "sha256": files[s]["sha256"]}
    return {
        "name": name,
        "generator": {"script": GENERATOR, "args": [name, reference_rows, current_rows]},
        "reference": side("reference", reference_rows),
        "current": side("current", current_rows),
        "rounds": rounds,
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
    with tempfile.TemporaryDirectory() as work:
        generated = [generated_pair(name, r, c, work) for name, r, c in GENERATED]
    fixture = {
        "generator": "scripts/reference/validate_drift_reference.py",
        "versions": {"scipy": scipy.__version__, "numpy": np.__version__},
        "pairs": pairs,
        "generatedPairs": generated,
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
    for pair in generated:
        for i, rnd in enumerate(pair["rounds"]):
            for col, r in rnd["columns"].items():
                p = "" if r["pValue"] is None else f"  p = {r['pValue']:.6g}"
                print(f"  {pair['name']:5} round {i} {col:5}: {r['test']:13} {r['statistic']:.10g}{p}")


if __name__ == "__main__":
    main()
