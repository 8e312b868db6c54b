#!/usr/bin/env python3
"""Reference fits of scikit-learn's LogisticRegression(solver="lbfgs") for mlship's builtin:logistic.

Run once with Debian's python3-sklearn (`/usr/bin/python3 scripts/reference/logistic_reference.py`);
it writes test/fixtures/logistic/logistic-reference.json. Seeded: the output is the same every run.
scikit-learn stops L-BFGS on a relative change of the objective of 64·eps even with tol=1e-12,
which leaves its coefficients ~1e-5 from the optimum on these problems. The objective is strictly
convex, so its minimizer is unique: the script polishes scikit-learn's solution with Newton's
method (exact Hessian) until the gradient is below 1e-10 and stores both, so the test can hold
mlship to the optimum itself and show how close scikit-learn's own stop is.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "test", "fixtures", "logistic", "logistic-reference.json")


def objective_parts(w, x, y, c, classes):
    """Gradient and Hessian of C·Σ log-loss + ½‖W‖² (intercepts unpenalized), w = [W rows | b]."""
    n, f = x.shape
    k = 1 if classes == 2 else classes
    xb = np.hstack([x, np.ones((n, 1))])
    wm = w.reshape(k, f + 1)
    penalty = np.tile(np.append(np.ones(f), 0.0), k)
    if k == 1:
        p = 1 / (1 + np.exp(-(xb @ wm[0])))
        grad = c * xb.T @ (p - y) + penalty * w
        hess = c * (xb.T * (p * (1 - p))) @ xb + np.diag(penalty)
        return grad, hess
    s = xb @ wm.T
    s -= s.max(axis=1, keepdims=True)
    p = np.exp(s)
    p /= p.sum(axis=1, keepdims=True)
    target = np.eye(k)[y]
    grad = (c * (p - target).T @ xb).ravel() + penalty * w
    hess = np.zeros((k * (f + 1), k * (f + 1)))
    for a in range(k):
        for b in range(k):
            weight = p[:, a] * ((a == b) - p[:, b])
            hess[a * (f + 1):(a + 1) * (f + 1), b * (f + 1):(b + 1) * (f + 1)] = c * (xb.T * weight) @ xb
    return grad, hess + np.diag(penalty)


def case(name, x, y, c):
    model = LogisticRegression(C=c, solver="lbfgs", tol=1e-12, max_iter=100000)
    model.fit(x, y)
    classes = int(len(model.classes_))
    w = np.hstack([model.coef_, model.intercept_[:, None]]).ravel()
    for _ in range(50):
        grad, hess = objective_parts(w, x, y, c, classes)
        if np.abs(grad).max() < 1e-10:
            break
        # Least squares, not solve: with unpenalized intercepts the multinomial Hessian is singular along
        # "add a constant to every intercept"; the minimal-norm step keeps scikit-learn's zero-sum intercepts.
        w = w - np.linalg.lstsq(hess, grad, rcond=None)[0]
    grad, _ = objective_parts(w, x, y, c, classes)
    f = x.shape[1]
    wm = w.reshape(-1, f + 1)
    polished = LogisticRegression(C=c)
    polished.classes_ = model.classes_
    polished.coef_ = wm[:, :f]
    polished.intercept_ = wm[:, f]
    return {
        "name": name,
        "C": c,
        "x": np.round(x, 6).tolist(),
        "y": [int(v) for v in y],
        "classes": classes,
        "coef": wm[:, :f].tolist(),
        "intercept": wm[:, f].tolist(),
        "maxGradient": float(np.abs(grad).max()),
        "sklearnCoef": model.coef_.tolist(),
        "sklearnIntercept": model.intercept_.tolist(),
        "proba": polished.predict_proba(x[:10]).tolist(),
    }


def main():
    rng = np.random.default_rng(20261126)
    cases = []
    # Binary, 3 features, overlapping classes.
    x = np.round(rng.normal(size=(300, 3)), 6)
    logits = 1.5 * x[:, 0] - 2.0 * x[:, 1] + 0.5 * x[:, 2] + 0.3
    y = (rng.random(300) < 1 / (1 + np.exp(-logits))).astype(int)
    cases.append(case("binary-c1", x, y, 1.0))
    cases.append(case("binary-c0.01", x, y, 0.01))
    # Multinomial, 4 features, 3 classes.
    x = np.round(rng.normal(size=(400, 4)), 6)
    scores = x @ np.array([[1.0, -1.0, 0.5], [0.2, 0.8, -1.0], [-0.5, 0.1, 0.4], [0.0, 0.3, -0.3]])
    p = np.exp(scores - scores.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    y = np.array([rng.choice(3, p=row) for row in p])
    cases.append(case("multinomial-c1", x, y, 1.0))
    with open(OUT + ".tmp", "w") as f:
        json.dump({"sklearn": sklearn.__version__, "numpy": np.__version__, "cases": cases}, f)
        f.write("\n")
    os.replace(OUT + ".tmp", OUT)
    print("wrote", OUT, [c["name"] for c in cases])


if __name__ == "__main__":
    main()
