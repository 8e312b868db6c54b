#!/usr/bin/env python3
"""Train the churn classifier with scikit-learn: a trainer for `mlship train --command`.

mlship runs this program once per trial and talks to it through the environment:

  MLSHIP_PARAMS    the trial's params (JSON): model, C, max_iter, max_depth, learning_rate, steps, seed
  MLSHIP_PROGRESS  where to append progress lines ({"step": 3, "roc_auc": 0.81}) so a pruner can stop us
  MLSHIP_METRICS   where to write the validation metrics (a JSON object of numbers)
  MLSHIP_MODEL     where to write the model, exported to ONNX with skl2onnx

Without mlship, the same variables can be set by hand; unset, params default
and the outputs go to the current directory.

The ONNX graph takes one input per raw column (float for numbers, string for
categories), imputation, scaling and one-hot encoding included, so the served
model needs no separate preprocessing.

Needs numpy and scikit-learn; the export needs skl2onnx (`pip install skl2onnx`).
Without skl2onnx the program stops before training (exit 1) rather than write a
model mlship could not use; `--no-export` trains and writes metrics only.
"""

import argparse
import csv
import json
import math
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.join(HERE, "..", "data", "churn-reference.csv")
LABEL = "churned"
NUMERIC = ["tenure_months", "monthly_charges", "total_charges", "support_calls"]
CATEGORICAL = ["age_band", "region", "plan", "is_autopay"]
# customer_id, signup_date and last_feedback (free text) are not features.

DEFAULTS = {
    "model": "logistic",  # or "gbdt" (HistGradientBoostingClassifier)
    "C": 1.0,  # logistic: inverse L2 strength
    "max_iter": 100,  # logistic: solver iterations; gbdt: boosting rounds
    "max_depth": None,  # gbdt
    "learning_rate": 0.1,  # gbdt
    "steps": 5,  # gbdt: progress reports (and pruning points) over the rounds
    "seed": 0,
    "validation_fraction": 0.25,
}

SKL2ONNX_MISSING = """train.py: skl2onnx is not installed, so the model cannot be exported to ONNX,
and mlship needs model.onnx. Install it:

    pip install skl2onnx

(Debian does not package skl2onnx: use a virtual environment, e.g.
 python3 -m venv .venv && .venv/bin/pip install numpy scikit-learn skl2onnx,
 and run .venv/bin/python train.py.) To train and write metrics.json without a
model, run with --no-export."""


def fail(message, code=2):
    print(f"train.py: {message}", file=sys.stderr)
    sys.exit(code)


def load_params():
    path = os.environ.get("MLSHIP_PARAMS")
    given = {}
    if path:
        with open(path, encoding="utf-8") as handle:
            given = json.load(handle)
        if not isinstance(given, dict):
            fail(f"{path} must hold a JSON object of params")
    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        fail(f"unknown params {', '.join(unknown)}; known: {', '.join(DEFAULTS)}")
    params = {**DEFAULTS, **given}
    if params["model"] not in ("logistic", "gbdt"):
        fail(f"model must be 'logistic' or 'gbdt', got {params['model']!r}")
    return params


def output_path(variable, name):
    return os.environ.get(variable) or os.path.join(os.environ.get("MLSHIP_TRIAL_DIR", "."), name)


def read_table(path, numpy):
    """The CSV as one object array (numbers as float, NaN when empty; categories as str) and the label."""
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in NUMERIC + CATEGORICAL + [LABEL] if c not in (reader.fieldnames or [])]
        if missing:
            fail(f"{path} has no column {', '.join(missing)}")
        rows, labels = [], []
        for line, record in enumerate(reader, start=2):
            try:
                numbers = [float(record[c]) if record[c].strip() else math.nan for c in NUMERIC]
                labels.append(int(record[LABEL]))
            except ValueError as error:
                fail(f"{path}:{line}: {error}")
            rows.append(numbers + [record[c] for c in CATEGORICAL])
    return numpy.array(rows, dtype=object), numpy.array(labels)


def build_pipeline(params):
    import inspect

    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    dense = "sparse_output" if "sparse_output" in inspect.signature(OneHotEncoder).parameters else "sparse"
    numeric = list(range(len(NUMERIC)))
    categorical = list(range(len(NUMERIC), len(NUMERIC) + len(CATEGORICAL)))
    # An empty category is a category of its own: no string imputer needed in the graph.
    preprocess = ColumnTransformer(
        [
            ("numeric", Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]), numeric),
            ("categorical", OneHotEncoder(handle_unknown="ignore", **{dense: False}), categorical),
        ]
    )
    if params["model"] == "logistic":
        model = LogisticRegression(C=float(params["C"]), max_iter=int(params["max_iter"]))
    else:
        model = HistGradientBoostingClassifier(
            learning_rate=float(params["learning_rate"]),
            max_depth=None if params["max_depth"] is None else int(params["max_depth"]),
            early_stopping=False,
            warm_start=True,
            random_state=int(params["seed"]),
        )
    return Pipeline([("preprocess", preprocess), ("model", model)])


def validation_metrics(y, scores):
    from sklearn import metrics

    predicted = (scores >= 0.5).astype(int)
    return {
        "roc_auc": metrics.roc_auc_score(y, scores),
        "average_precision": metrics.average_precision_score(y, scores),
        "accuracy": metrics.accuracy_score(y, predicted),
        "f1": metrics.f1_score(y, predicted),
        "log_loss": metrics.log_loss(y, scores),
        "brier_score": metrics.brier_score_loss(y, scores),
    }


def write_atomically(path, data):
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".train-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise


def report_progress(step, values):
    path = os.environ.get("MLSHIP_PROGRESS")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps({"step": step, **values}) + "\n")


def fit(pipeline, params, x_train, y_train, x_valid, y_valid):
    """Fits the pipeline; gbdt in `steps` chunks of rounds (warm start), reporting validation AUC after each."""
    from sklearn.metrics import roc_auc_score

    if params["model"] == "logistic":
        pipeline.fit(x_train, y_train)
        report_progress(1, {"roc_auc": roc_auc_score(y_valid, pipeline.predict_proba(x_valid)[:, 1])})
        return
    rounds, steps = int(params["max_iter"]), max(1, int(params["steps"]))
    for step in range(1, steps + 1):
        pipeline.set_params(model__max_iter=max(1, round(rounds * step / steps)))
        pipeline.fit(x_train, y_train)
        report_progress(step, {"roc_auc": roc_auc_score(y_valid, pipeline.predict_proba(x_valid)[:, 1])})


def export_onnx(pipeline):
    from skl2onnx import convert_sklearn
    from skl2onnx.common.data_types import FloatTensorType, StringTensorType

    inputs = [(name, FloatTensorType([None, 1])) for name in NUMERIC]
    inputs += [(name, StringTensorType([None, 1])) for name in CATEGORICAL]
    # No ZipMap: probabilities stay a plain tensor, which onnxruntime-node can fetch.
    onnx_model = convert_sklearn(
        pipeline,
        initial_types=inputs,
        target_opset={"": 17, "ai.onnx.ml": 3},
        options={id(pipeline): {"zipmap": False}},
    )
    return onnx_model.SerializeToString()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=DEFAULT_DATA, help="training CSV (default: the bundled churn data)")
    parser.add_argument("--no-export", action="store_true", help="train and write metrics.json, but no model")
    args = parser.parse_args()
    params = load_params()

    if not args.no_export:
        try:
            import skl2onnx  # noqa: F401
        except ImportError:
            print(SKL2ONNX_MISSING, file=sys.stderr)
            sys.exit(1)
    try:
        import numpy
        from sklearn.model_selection import train_test_split
    except ImportError as error:
        fail(f"{error.name} is not installed: pip install numpy scikit-learn", 1)

    x, y = read_table(args.data, numpy)
    x_train, x_valid, y_train, y_valid = train_test_split(
        x, y, test_size=float(params["validation_fraction"]), stratify=y, random_state=int(params["seed"])
    )
    pipeline = build_pipeline(params)
    fit(pipeline, params, x_train, y_train, x_valid, y_valid)

    metrics = validation_metrics(y_valid, pipeline.predict_proba(x_valid)[:, 1])
    metrics_path = output_path("MLSHIP_METRICS", "metrics.json")
    write_atomically(metrics_path, (json.dumps(metrics, indent=2) + "\n").encode())
    print(f"train.py: {params['model']} on {len(y_train)} rows, validation roc_auc {metrics['roc_auc']:.4f}")

    if args.no_export:
        print("train.py: --no-export: no model written")
        return
    model_path = output_path("MLSHIP_MODEL", "model.onnx")
    write_atomically(model_path, export_onnx(pipeline))
    print(f"train.py: wrote {model_path} and {metrics_path}")


if __name__ == "__main__":
    main()
