#!/usr/bin/env python3
"""The quality bar of builtin:gbdt (issue 3 §2): scikit-learn's HistGradientBoostingClassifier
test ROC-AUC on two datasets, for test/model/gbdt-quality.test.ts to compare mlship's against.

Run with Debian's python3-sklearn:

    /usr/bin/python3 scripts/reference/gbdt_quality_reference.py              # writes the JSON
    /usr/bin/python3 scripts/reference/gbdt_quality_reference.py --write-data # (re)writes the
        breast-cancer CSVs from scikit-learn's copy of the table first

It writes test/fixtures/gbdt/quality-reference.json. Deterministic: the same output every run.

Datasets:
- breast cancer (UCI ML Breast Cancer Wisconsin (Diagnostic), as shipped in scikit-learn):
  examples/data/breast-cancer/breast-cancer-train.csv → breast-cancer-test.csv. All 30 features
  are numeric and used as they are; the label `malignant` is 1 for malignant, 0 for benign.
- churn: examples/data/churn-reference.csv → examples/data/churn-current-clean.csv, with the
  features builtin:gbdt fits on (src/train/trainers/gbdt-features.ts): tenure_months,
  monthly_charges, total_charges, support_calls as they are (missing = NaN, the trees route it);
  region, plan, is_autopay one-hot over their sorted training categories, a missing value imputed
  with the training mode (ties: the first in sorted order), an unseen one all zeros.

Parameters: scikit-learn's defaults (learning_rate 0.1, max_iter 100, max_leaf_nodes 31,
max_depth None, min_samples_leaf 20, l2_regularization 0, max_bins 255, early_stopping "auto" —
off for these sizes, ≤ 10,000 rows), random_state 0.
"""
import csv
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DATA = os.path.join(ROOT, "examples", "data")
BREAST = os.path.join(DATA, "breast-cancer")
OUT = os.path.join(ROOT, "test", "fixtures", "gbdt", "quality-reference.json")
SKLEARN_CSV = os.path.join(os.path.dirname(sklearn.__file__), "datasets", "data", "breast_cancer.csv")

PARAMS = dict(
    learning_rate=0.1,
    max_iter=100,
    max_leaf_nodes=31,
    max_depth=None,
    min_samples_leaf=20,
    l2_regularization=0.0,
    max_bins=255,
    early_stopping="auto",
    random_state=0,
)

# scikit-learn's load_breast_cancer feature names, in the CSV's column order, as snake_case.
_MEASURES = [
    "radius",
    "texture",
    "perimeter",
    "area",
    "smoothness",
    "compactness",
    "concavity",
    "concave_points",
    "symmetry",
    "fractal_dimension",
]
BREAST_FEATURES = [f"{kind}_{m}" for kind in ("mean", "se", "worst") for m in _MEASURES]
BREAST_LABEL = "malignant"
BREAST_TEST_SIZE = 0.25
BREAST_SPLIT_SEED = 42

CHURN_NUMERIC = ["tenure_months", "monthly_charges", "total_charges", "support_calls"]
CHURN_CATEGORICAL = ["region", "plan", "is_autopay"]
CHURN_LABEL = "churned"


def write_breast_cancer():
    """sklearn's CSV: a first line of counts and class names, then 30 numbers and the target
    (0 = malignant, 1 = benign) per row. Values are copied as written (no float round trip)."""
    with open(SKLEARN_CSV, newline="") as f:
        rows = list(csv.reader(f))
    count, width, *names = rows[0]
    assert int(width) == 30 and names == ["malignant", "benign"], rows[0]
    body = rows[1:]
    assert len(body) == int(count) == 569
    header = BREAST_FEATURES + [BREAST_LABEL]
    table = [r[:30] + ["1" if r[30] == "0" else "0"] for r in body]
    # A fixed, seeded, stratified split: each class gives 25% of its rows (rounded) to the test
    # file, drawn with numpy's PCG64 seeded with BREAST_SPLIT_SEED; both files keep the order
    # of the full table.
    rng = np.random.Generator(np.random.PCG64(BREAST_SPLIT_SEED))
    test = set()
    for label in ("0", "1"):
        members = [i for i, r in enumerate(table) if r[30] == label]
        take = int(round(len(members) * BREAST_TEST_SIZE))
        test.update(int(i) for i in rng.choice(members, size=take, replace=False))
    os.makedirs(BREAST, exist_ok=True)
    for name, rows_out in (
        ("breast-cancer.csv", table),
        ("breast-cancer-train.csv", [r for i, r in enumerate(table) if i not in test]),
        ("breast-cancer-test.csv", [r for i, r in enumerate(table) if i in test]),
    ):
        with open(os.path.join(BREAST, name), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows_out)
        print("wrote", os.path.relpath(os.path.join(BREAST, name), ROOT), len(rows_out), "rows")


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def breast_matrix(rows):
    x = np.array([[float(r[c]) for c in BREAST_FEATURES] for r in rows], dtype=np.float64)
    return x, np.array([int(r[BREAST_LABEL]) for r in rows])


def boolean(text):
    return {"true": "true", "false": "false", "1": "true", "0": "false"}.get(text.strip().lower(), text)


def churn_plan(rows):
    plan = {}
    for column in CHURN_CATEGORICAL:
        counts = {}
        for row in rows:
            if row[column] == "":
                continue
            value = boolean(row[column]) if column == "is_autopay" else row[column]
            counts[value] = counts.get(value, 0) + 1
        categories = sorted(counts)
        mode = categories[0]
        for category in categories:
            if counts[category] > counts[mode]:
                mode = category
        plan[column] = (categories, mode)
    return plan


def churn_matrix(rows, plan):
    x = []
    for row in rows:
        values = [float(row[c]) if row[c] != "" else np.nan for c in CHURN_NUMERIC]
        for column in CHURN_CATEGORICAL:
            categories, mode = plan[column]
            value = row[column] if row[column] != "" else mode
            value = boolean(value) if column == "is_autopay" else value
            values.extend(1.0 if value == category else 0.0 for category in categories)
        x.append(values)
    return np.array(x, dtype=np.float64), np.array([int(row[CHURN_LABEL]) for row in rows])


def evaluate(name, train_file, test_file, x_train, y_train, x_test, y_test, features):
    model = HistGradientBoostingClassifier(**PARAMS).fit(x_train, y_train)
    return {
        "train": os.path.relpath(train_file, ROOT),
        "test": os.path.relpath(test_file, ROOT),
        "features": features,
        "trainRows": int(len(y_train)),
        "testRows": int(len(y_test)),
        "iterations": int(model.n_iter_),
        "trainAuc": float(roc_auc_score(y_train, model.predict_proba(x_train)[:, 1])),
        "testAuc": float(roc_auc_score(y_test, model.predict_proba(x_test)[:, 1])),
    }


def main():
    if "--write-data" in sys.argv[1:]:
        write_breast_cancer()
    datasets = {}
    train_file = os.path.join(BREAST, "breast-cancer-train.csv")
    test_file = os.path.join(BREAST, "breast-cancer-test.csv")
    datasets["breast-cancer"] = evaluate(
        "breast-cancer",
        train_file,
        test_file,
        *breast_matrix(read(train_file)),
        *breast_matrix(read(test_file)),
        BREAST_FEATURES,
    ) | {"label": BREAST_LABEL}

    train_file = os.path.join(DATA, "churn-reference.csv")
    test_file = os.path.join(DATA, "churn-current-clean.csv")
    train_rows = read(train_file)
    plan = churn_plan(train_rows)
    datasets["churn"] = evaluate(
        "churn",
        train_file,
        test_file,
        *churn_matrix(train_rows, plan),
        *churn_matrix(read(test_file), plan),
        CHURN_NUMERIC + [f"{c}={v}" for c in CHURN_CATEGORICAL for v in plan[c][0]],
    ) | {"label": CHURN_LABEL}

    result = {
        "what": "scikit-learn HistGradientBoostingClassifier test ROC-AUC, the quality bar of builtin:gbdt",
        "script": "scripts/reference/gbdt_quality_reference.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "params": PARAMS,
        "datasets": datasets,
    }
    with open(OUT + ".tmp", "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    os.replace(OUT + ".tmp", OUT)
    for name, d in datasets.items():
        print(f"{name}: test ROC-AUC {d['testAuc']:.6f} ({d['trainRows']} train / {d['testRows']} test rows)")
    print("wrote", os.path.relpath(OUT, ROOT))


if __name__ == "__main__":
    main()
