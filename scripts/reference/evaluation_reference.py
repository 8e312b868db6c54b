#!/usr/bin/python3
"""Reference values for src/evaluate/predictions.ts, computed once with Debian's
python3-sklearn (1.2) and numpy, written to test/fixtures/evaluation/evaluation-reference.json:

- calibration: sklearn.calibration.calibration_curve(y, p, n_bins=10, strategy="uniform"),
  and the expected calibration error from the same bins;
- fairness: Fairlearn's definitions (fairlearn is not packaged in Debian), written out with numpy:
  demographic_parity_difference/ratio over selection rates, equalized_odds_difference as the larger
  of the between-group TPR and FPR gaps;
- roc: sklearn.metrics.roc_curve, read as the highest TPR at or below each FPR of 0, 0.1, ..., 1.

Run: /usr/bin/python3 scripts/reference/evaluation_reference.py
"""
import json
import pathlib

import numpy as np
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.metrics import roc_curve

rng = np.random.default_rng(20261126)
n = 600
groups = rng.choice(["a", "b", "c"], size=n, p=[0.5, 0.3, 0.2])
shift = np.where(groups == "a", 0.0, np.where(groups == "b", 0.4, -0.3))
x = rng.normal(size=n) + shift
y = (x + rng.normal(scale=1.0, size=n) > 0.2).astype(int)
p = 1 / (1 + np.exp(-(1.3 * x - 0.1)))
p = np.round(p, 6)  # exactly representable in the fixture's decimal text

prob_true, prob_pred = calibration_curve(y, p, n_bins=10, strategy="uniform")
bins = np.linspace(0.0, 1.0, 11)
ids = np.searchsorted(bins[1:-1], p, side="right")
counts = np.bincount(ids, minlength=10)
nonzero = counts > 0
ece = float(np.sum(counts[nonzero] / n * np.abs(prob_true - prob_pred)))

pred = (p > 0.5).astype(int)
rates, tprs, fprs = [], [], []
for g in sorted(set(groups)):
    m = groups == g
    rates.append(pred[m].mean())
    tprs.append(pred[m & (y == 1)].mean())
    fprs.append(pred[m & (y == 0)].mean())
fairness = {
    "demographic_parity_difference": float(max(rates) - min(rates)),
    "demographic_parity_ratio": float(min(rates) / max(rates)),
    "equalized_odds_difference": float(max(max(tprs) - min(tprs), max(fprs) - min(fprs))),
    "selection_rates": [float(r) for r in rates],
}

fpr, tpr, _ = roc_curve(y, p)
grid = [i / 10 for i in range(11)]
roc_at = [float(max(tpr[fpr <= g + 1e-12])) for g in grid]

out = {
    "sklearn": sklearn.__version__,
    "y": y.tolist(),
    "p": p.tolist(),
    "groups": groups.tolist(),
    "calibration": {"prob_true": prob_true.tolist(), "prob_pred": prob_pred.tolist(), "ece": ece},
    "fairness": fairness,
    "roc": {"fpr": grid, "tpr": roc_at},
}
target = pathlib.Path(__file__).resolve().parents[2] / "test/fixtures/evaluation/evaluation-reference.json"
target.write_text(json.dumps(out) + "\n")
print(f"wrote {target}")


def delong_bruteforce(y, a, b=None):
    """DeLong's variance from the pairwise definition (O(m·n)), independent of the midrank method."""
    pos = np.flatnonzero(y == 1)
    neg = np.flatnonzero(y == 0)

    def psi(s):
        x = s[pos][:, None]
        z = s[neg][None, :]
        return (x > z) + 0.5 * (x == z)

    pa = psi(a)
    v10a, v01a = pa.mean(axis=1), pa.mean(axis=0)
    if b is None:
        var = v10a.var(ddof=1) / len(pos) + v01a.var(ddof=1) / len(neg)
        return float(pa.mean()), float(var)
    pb = psi(b)
    v10b, v01b = pb.mean(axis=1), pb.mean(axis=0)
    s10 = np.cov(v10a, v10b, ddof=1)
    s01 = np.cov(v01a, v01b, ddof=1)
    var = (s10[0, 0] + s10[1, 1] - 2 * s10[0, 1]) / len(pos) + (s01[0, 0] + s01[1, 1] - 2 * s01[0, 1]) / len(neg)
    return float(pa.mean() - pb.mean()), float(var)


from scipy.stats import norm  # noqa: E402

p2 = np.round(1 / (1 + np.exp(-(0.9 * x + rng.normal(scale=0.8, size=n)))), 2)  # ties on purpose
auc, var = delong_bruteforce(y, p)
diff, dvar = delong_bruteforce(y, p, p2)
out["p2"] = p2.tolist()
out["delong"] = {
    "auc": auc,
    "variance": var,
    "difference": diff,
    "difference_variance": dvar,
    "p_value": float(2 * norm.sf(abs(diff) / np.sqrt(dvar))),
    "z975": float(norm.ppf(0.975)),
}
target.write_text(json.dumps(out) + "\n")
print(f"added DeLong to {target}")
