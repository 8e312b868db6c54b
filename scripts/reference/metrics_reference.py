#!/usr/bin/python3
"""Reference values for src/evaluate (computeMetrics and the metric functions).

Run with Debian's scikit-learn (the pyenv python3 on PATH has none):

    apt-get install -y python3-sklearn python3-numpy
    /usr/bin/python3 scripts/reference/metrics_reference.py

It writes test/fixtures/metrics/metrics-reference.json: for every case the
inputs and what scikit-learn returns for each metric docs/design.md names. The
script is seeded and deterministic; re-running it rewrites the same file (given
the same scikit-learn/numpy, whose versions are recorded).

Conventions the TypeScript side follows, and which this script fixes:
- binary predictions are `score > 0.5` (what LogisticRegression.predict does);
  multiclass predictions are the first argmax of each probability row;
- precision/recall/f1 use scikit-learn's defaults (`zero_division="warn"`,
  which returns 0); macro and weighted averages use its default labels (those
  present in y_true or y_pred), while per-class scores and the confusion matrix
  list every class 0..K-1;
- log_loss is given `labels=range(K)` so a class absent from y_true is allowed;
- a metric scikit-learn refuses to compute (it raises ValueError, e.g. ROC AUC
  when y_true holds a single class) is stored as null.
"""

import json
import os
import warnings

import numpy as np
import sklearn
from sklearn import metrics as skm

warnings.filterwarnings("ignore")  # zero-division and single-class warnings are expected here

rng = np.random.default_rng(20240915)

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "metrics", "metrics-reference.json")


def r4(x):
    """Round to 4 decimals so the fixture stays small; the rounded values ARE the inputs."""
    return [float(v) for v in np.round(np.asarray(x, dtype=float), 4)]


def ints(x):
    return [int(v) for v in x]


def or_null(fn):
    """What scikit-learn returns, or None where it raises ValueError (undefined metric)."""
    try:
        return float(fn())
    except ValueError:
        return None


def per_class(y_true, y_pred, k):
    p, r, f, s = skm.precision_recall_fscore_support(y_true, y_pred, labels=list(range(k)), average=None)
    return [
        {"precision": float(p[c]), "recall": float(r[c]), "f1": float(f[c]), "support": int(s[c])}
        for c in range(k)
    ]


# ------------------------------------------------------------------ binary

def binary_case(name, y_true, scores):
    y_true = np.asarray(y_true, dtype=int)
    scores = np.asarray(scores, dtype=float)
    y_pred = (scores > 0.5).astype(int)
    return {
        "name": name,
        "task": "binary",
        "yTrue": ints(y_true),
        "scores": [float(v) for v in scores],
        "expected": {
            "metrics": {
                "accuracy": float(skm.accuracy_score(y_true, y_pred)),
                "balanced_accuracy": float(skm.balanced_accuracy_score(y_true, y_pred)),
                "precision": float(skm.precision_score(y_true, y_pred)),
                "recall": float(skm.recall_score(y_true, y_pred)),
                "f1": float(skm.f1_score(y_true, y_pred)),
                "roc_auc": or_null(lambda: skm.roc_auc_score(y_true, scores)),
                "average_precision": or_null(lambda: skm.average_precision_score(y_true, scores)),
                "log_loss": float(skm.log_loss(y_true, scores, labels=[0, 1])),
                "brier_score": float(skm.brier_score_loss(y_true, scores, pos_label=1)),
                "matthews_corrcoef": float(skm.matthews_corrcoef(y_true, y_pred)),
            },
            "perClass": per_class(y_true, y_pred, 2),
            "confusionMatrix": skm.confusion_matrix(y_true, y_pred, labels=[0, 1]).tolist(),
        },
    }


def random_binary_with_ties(n):
    y = rng.integers(0, 2, n)
    # Two decimals give many tied scores; 0.5 itself occurs, and is predicted negative.
    s = np.clip(0.5 + 0.25 * (2 * y - 1) + rng.normal(0, 0.25, n), 0, 1)
    s = np.round(s, 2)
    s[:3] = 0.5
    return y, s


def imbalanced(n, rate):
    y = (rng.random(n) < rate).astype(int)
    s = 1 / (1 + np.exp(-(rng.normal(-2.5, 1, n) + 2.2 * y)))
    return y, r4(s)


perfect_y = np.array([0, 0, 0, 1, 1, 1, 0, 1, 0, 1])
perfect_s = np.array([0.1, 0.2, 0.3, 0.9, 0.8, 0.7, 0.05, 0.6, 0.4, 0.95])

binary_cases = [
    binary_case("random with tied scores (two decimals, some exactly 0.5)", *random_binary_with_ties(200)),
    binary_case("perfect classifier", perfect_y, perfect_s),
    binary_case("inverted classifier", perfect_y, 1 - perfect_s),
    binary_case(
        "never predicts the positive class (precision and f1 zero division)",
        [0, 1, 0, 1, 1, 0, 0, 1],
        [0.1, 0.4, 0.2, 0.45, 0.3, 0.05, 0.5, 0.35],
    ),
    binary_case("imbalanced, 5% positives", *imbalanced(400, 0.05)),
    binary_case(
        "single class in y_true (roc_auc undefined)",
        [0, 0, 0, 0, 0, 0],
        [0.1, 0.7, 0.3, 0.2, 0.6, 0.4],
    ),
    binary_case(
        "confident mistakes at exactly 0 and 1 (log_loss clipping)",
        [1, 0, 1, 0, 1, 0],
        [0.0, 1.0, 1.0, 0.0, 0.5, 0.25],
    ),
]

# -------------------------------------------------------------- multiclass


def probability_rows(logits):
    """Softmax, rounded to 4 decimals with the last column closing each row to 1.

    scikit-learn's multiclass ROC AUC insists that rows sum to 1 (np.allclose).
    """
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    head = np.round(p[:, :-1], 4)
    last = np.round(1 - head.sum(axis=1), 4)
    return np.column_stack([head, last])


def multiclass_case(name, y_true, proba):
    y_true = np.asarray(y_true, dtype=int)
    proba = np.asarray(proba, dtype=float)
    k = proba.shape[1]
    y_pred = np.argmax(proba, axis=1)
    return {
        "name": name,
        "task": "multiclass",
        "classes": k,
        "yTrue": ints(y_true),
        "probabilities": [[float(v) for v in row] for row in proba],
        "expected": {
            "metrics": {
                "accuracy": float(skm.accuracy_score(y_true, y_pred)),
                "balanced_accuracy": float(skm.balanced_accuracy_score(y_true, y_pred)),
                "precision_macro": float(skm.precision_score(y_true, y_pred, average="macro")),
                "recall_macro": float(skm.recall_score(y_true, y_pred, average="macro")),
                "f1_macro": float(skm.f1_score(y_true, y_pred, average="macro")),
                "f1_weighted": float(skm.f1_score(y_true, y_pred, average="weighted")),
                "roc_auc_ovr": or_null(
                    lambda: skm.roc_auc_score(y_true, proba, multi_class="ovr", average="macro")
                ),
                "log_loss": float(skm.log_loss(y_true, proba, labels=list(range(k)))),
                "matthews_corrcoef": float(skm.matthews_corrcoef(y_true, y_pred)),
            },
            "perClass": per_class(y_true, y_pred, k),
            "confusionMatrix": skm.confusion_matrix(y_true, y_pred, labels=list(range(k))).tolist(),
        },
    }


def random_multiclass(n, k, signal):
    y = rng.integers(0, k, n)
    logits = rng.normal(0, 1, (n, k))
    logits[np.arange(n), y] += signal
    return y, probability_rows(logits)


def never_predicts_last_class(n, k):
    y = rng.integers(0, k, n)
    logits = rng.normal(0, 1, (n, k))
    logits[np.arange(n), y] += 1.2
    logits[:, k - 1] -= 6  # class k-1 never wins the argmax: its precision is 0/0
    return y, probability_rows(logits)


def class_absent_from_y_true(n, k):
    y = rng.integers(0, k - 1, n)  # class k-1 never occurs in y_true but is sometimes predicted
    logits = rng.normal(0, 1, (n, k))
    logits[np.arange(n), y] += 1.0
    return y, probability_rows(logits)


def class_never_seen(n, k, unseen):
    """Class `unseen` is neither in y_true nor predicted: macro averages leave it out."""
    y = rng.choice([c for c in range(k) if c != unseen], n)
    logits = rng.normal(0, 1, (n, k))
    logits[np.arange(n), y] += 1.0
    logits[:, unseen] -= 8
    return y, probability_rows(logits)


tied_rows_y = [0, 1, 2, 1, 0, 2]
tied_rows_p = [  # exact argmax ties: the first maximal column is the prediction, as np.argmax does
    [0.4, 0.4, 0.2],
    [0.3, 0.35, 0.35],
    [0.25, 0.25, 0.5],
    [0.5, 0.5, 0.0],
    [0.6, 0.2, 0.2],
    [0.1, 0.45, 0.45],
]

multiclass_cases = [
    multiclass_case("3 classes, random, n=150", *random_multiclass(150, 3, 1.5)),
    multiclass_case("4 classes, random, n=200", *random_multiclass(200, 4, 1.0)),
    multiclass_case("4 classes, class 3 never predicted (zero division)", *never_predicts_last_class(120, 4)),
    multiclass_case("4 classes, class 3 absent from y_true (roc_auc_ovr undefined)", *class_absent_from_y_true(80, 4)),
    multiclass_case("4 classes, class 2 neither true nor predicted (left out of macro averages)",
                    *class_never_seen(90, 4, 2)),
    multiclass_case("3 classes, argmax ties", tied_rows_y, tied_rows_p),
    multiclass_case(
        "3 classes, perfect",
        [0, 1, 2, 2, 1, 0],
        [[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.0, 0.0, 1.0], [0.2, 0.1, 0.7], [0.3, 0.6, 0.1], [1.0, 0.0, 0.0]],
    ),
]

# -------------------------------------------------------------- regression


def regression_case(name, y_true, y_pred):
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    return {
        "name": name,
        "task": "regression",
        "yTrue": [float(v) for v in y_true],
        "yPred": [float(v) for v in y_pred],
        "expected": {
            "metrics": {
                "mae": float(skm.mean_absolute_error(y_true, y_pred)),
                "mse": float(skm.mean_squared_error(y_true, y_pred)),
                "rmse": float(skm.mean_squared_error(y_true, y_pred, squared=False)),
                "r2": float(skm.r2_score(y_true, y_pred)),
                "mape": float(skm.mean_absolute_percentage_error(y_true, y_pred)),
                "explained_variance": float(skm.explained_variance_score(y_true, y_pred)),
                "max_error": float(skm.max_error(y_true, y_pred)),
            },
        },
    }


def random_regression(n, with_zero):
    y = rng.normal(10, 4, n)
    p = y + rng.normal(0.3, 1.5, n)
    y, p = np.array(r4(y)), np.array(r4(p))
    if with_zero:
        y[7] = 0.0  # mape divides by max(|y|, eps): this row dominates it
    return y, p


def large_scale(n):
    y = rng.normal(2.5e6, 4e5, n)
    p = y * 1.02 + rng.normal(0, 5e4, n)
    return np.round(y, 1), np.round(p, 1)


regression_cases = [
    regression_case("random with a zero in y_true (mape)", *random_regression(100, True)),
    regression_case("random, no zero", *random_regression(60, False)),
    regression_case("perfect predictions", [1.5, -2.0, 3.25, 0.0, 7.0], [1.5, -2.0, 3.25, 0.0, 7.0]),
    regression_case("constant y_true (r2 and explained variance forced finite)", [3.0] * 6,
                    [2.5, 3.0, 3.5, 4.0, 2.0, 3.0]),
    regression_case("large values", *large_scale(80)),
]

fixture = {
    "generator": "scripts/reference/metrics_reference.py",
    "sklearn": sklearn.__version__,
    "numpy": np.__version__,
    "cases": binary_cases + multiclass_cases + regression_cases,
}

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump(fixture, f, indent=1)
    f.write("\n")
print(f"wrote {os.path.normpath(OUT)}: {len(fixture['cases'])} cases")
