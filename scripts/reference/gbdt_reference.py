#!/usr/bin/env python3
"""Reference fit of scikit-learn's HistGradientBoostingClassifier for mlship's builtin:gbdt.

Run once with Debian's python3-sklearn (`/usr/bin/python3 scripts/reference/gbdt_reference.py`);
it writes test/fixtures/gbdt/gbdt-reference.json. Deterministic: the same output every run.

The features are the ones builtin:gbdt fits on (src/train/trainers/gbdt-features.ts), so the
comparison is fair: the schema's numeric features (tenure_months, monthly_charges, total_charges,
support_calls) as they are, missing values left as NaN for the trees to route; the categorical
ones (region, plan, is_autopay) one-hot encoded over their sorted training categories, a missing
value imputed with the training mode, an unseen one encoded as all zeros. Training on
examples/data/churn-reference.csv, testing on examples/data/churn-current-clean.csv. Parameters:
scikit-learn's defaults (learning_rate 0.1, max_iter 100, max_leaf_nodes 31, min_samples_leaf 20,
l2_regularization 0, max_bins 255, early_stopping "auto" = off for 4,000 rows), random_state 0.
"""
import csv
import json
import os

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
OUT = os.path.normpath(os.path.join(ROOT, "test", "fixtures", "gbdt", "gbdt-reference.json"))
NUMERIC = ["tenure_months", "monthly_charges", "total_charges", "support_calls"]
CATEGORICAL = ["region", "plan", "is_autopay"]
LABEL = "churned"
PARAMS = dict(
    learning_rate=0.1,
    max_iter=100,
    max_leaf_nodes=31,
    min_samples_leaf=20,
    l2_regularization=0.0,
    max_bins=255,
    early_stopping="auto",
    random_state=0,
)


def read(name):
    with open(os.path.join(ROOT, "examples", "data", name), newline="") as f:
        return list(csv.DictReader(f))


def boolean(text):
    return {"true": "true", "false": "false", "1": "true", "0": "false"}.get(text.strip().lower(), text)


def fit_categories(rows):
    plan = {}
    for column in CATEGORICAL:
        counts = {}
        for row in rows:
            value = row[column]
            if value == "":
                continue
            value = boolean(value) if column == "is_autopay" else value
            counts[value] = counts.get(value, 0) + 1
        categories = sorted(counts)
        mode = categories[0]
        for category in categories:
            if counts[category] > counts[mode]:
                mode = category
        plan[column] = (categories, mode)
    return plan


def matrix(rows, plan):
    x = []
    for row in rows:
        values = [float(row[c]) if row[c] != "" else np.nan for c in NUMERIC]
        for column in CATEGORICAL:
            categories, mode = plan[column]
            value = row[column] if row[column] != "" else mode
            value = boolean(value) if column == "is_autopay" else value
            values.extend(1.0 if value == category else 0.0 for category in categories)
        x.append(values)
    return np.array(x, dtype=np.float64), np.array([int(row[LABEL]) for row in rows])


def main():
    train_rows = read("churn-reference.csv")
    test_rows = read("churn-current-clean.csv")
    plan = fit_categories(train_rows)
    x_train, y_train = matrix(train_rows, plan)
    x_test, y_test = matrix(test_rows, plan)
    model = HistGradientBoostingClassifier(**PARAMS).fit(x_train, y_train)
    proba = model.predict_proba(x_test)[:, 1]
    result = {
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "params": PARAMS,
        "features": NUMERIC + [f"{c}={v}" for c in CATEGORICAL for v in plan[c][0]],
        "trainRows": int(len(y_train)),
        "testRows": int(len(y_test)),
        "iterations": int(model.n_iter_),
        "trainAuc": float(roc_auc_score(y_train, model.predict_proba(x_train)[:, 1])),
        "testAuc": float(roc_auc_score(y_test, proba)),
        "testProbabilityHead": [float(p) for p in proba[:10]],
    }
    with open(OUT + ".tmp", "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    os.replace(OUT + ".tmp", OUT)
    print("wrote", OUT, "test AUC", result["testAuc"])


if __name__ == "__main__":
    main()
