#!/usr/bin/python3
"""Reference values for src/metrics/two-sample.ts and studentTSf (src/lib/distributions.ts).

Run with Debian's scipy:

    apt-get install -y python3-scipy python3-numpy
    /usr/bin/python3 scripts/reference/two_sample_reference.py

It writes test/fixtures/two-sample-reference.json: the two-sided p-values an A/B rollout's
verdict rests on, as scipy computes them:
- proportions (accuracy): chi2_contingency(correction=False) of the 2x2 table (its chi2 is z²
  of the pooled two-proportion z-test, its p-value the z-test's);
- means (mae, per-row absolute errors): ttest_ind_from_stats(equal_var=False), Welch's t-test,
  from per-row values drawn here (mean, sample std with ddof=1, n);
- t.sf over a grid of t and (fractional) degrees of freedom.
"""

import json
import os

import numpy as np
import scipy
from scipy import stats

rng = np.random.default_rng(20261206)

proportions = []
for successes_a, n_a, successes_b, n_b in [
    (90, 100, 70, 100),
    (180, 200, 172, 200),
    (51, 100, 49, 100),
    (300, 400, 120, 150),
    (5, 12, 9, 11),
    (999, 1000, 990, 1000),
]:
    table = [[successes_a, n_a - successes_a], [successes_b, n_b - successes_b]]
    chi2, p, _, _ = stats.chi2_contingency(table, correction=False)
    z = (successes_a / n_a - successes_b / n_b) / np.sqrt(
        (successes_a + successes_b) / (n_a + n_b)
        * (1 - (successes_a + successes_b) / (n_a + n_b))
        * (1 / n_a + 1 / n_b)
    )
    proportions.append(
        {"a": [successes_a, n_a], "b": [successes_b, n_b], "z": float(z), "chi2": float(chi2), "p": float(p)}
    )

means = []
for scale_a, scale_b, n_a, n_b in [(1.0, 1.2, 100, 100), (0.5, 0.5, 150, 90), (2.0, 1.0, 30, 300), (1.0, 1.01, 500, 500)]:
    a = np.abs(rng.normal(0, scale_a, n_a))
    b = np.abs(rng.normal(0, scale_b, n_b))
    res = stats.ttest_ind_from_stats(
        a.mean(), a.std(ddof=1), n_a, b.mean(), b.std(ddof=1), n_b, equal_var=False
    )
    # The same from the rows, and from MAE and MSE as the server's online metrics give them.
    rows = stats.ttest_ind(a, b, equal_var=False)
    assert abs(rows.pvalue - res.pvalue) < 1e-12
    means.append(
        {
            "a": {"mae": float(a.mean()), "mse": float((a**2).mean()), "n": n_a},
            "b": {"mae": float(b.mean()), "mse": float((b**2).mean()), "n": n_b},
            "t": float(res.statistic),
            "p": float(res.pvalue),
        }
    )

t_sf = [
    {"t": t, "dof": dof, "sf": float(stats.t.sf(t, dof))}
    for t in [-3.0, -0.5, 0.0, 0.1, 1.0, 1.96, 2.5, 4.0, 8.0, 20.0]
    for dof in [1, 2.5, 7, 29.3, 120, 1000.7]
]

out = {
    "scipy": scipy.__version__,
    "numpy": np.__version__,
    "proportions": proportions,
    "means": means,
    "t_sf": t_sf,
}
path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "two-sample-reference.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(f"wrote {path}")
