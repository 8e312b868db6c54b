/**
 * The confusion matrix every label-based classification metric is computed from.
 */

/** Class indices `0..K-1`, one per row. */
export type ClassLabels = Int32Array | readonly number[];

/**
 * `matrix[i][j]` = number of rows whose true class is `i` and predicted class is `j`
 * (scikit-learn's `confusion_matrix(y_true, y_pred, labels=range(K))`).
 */
export type ConfusionMatrix = number[][];

/** Counts of (true class, predicted class) pairs over `classes` classes. */
export function confusionMatrix(yTrue: ClassLabels, yPred: ClassLabels, classes: number): ConfusionMatrix {
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < yTrue.length; i++) matrix[yTrue[i]][yPred[i]] += 1;
  return matrix;
}

/** Row sums: how many rows truly belong to each class (the support). */
export function trueCounts(matrix: ConfusionMatrix): number[] {
  return matrix.map((row) => row.reduce((sum, count) => sum + count, 0));
}

/** Column sums: how many rows were predicted as each class. */
export function predictedCounts(matrix: ConfusionMatrix): number[] {
  return matrix.map((_, j) => matrix.reduce((sum, row) => sum + row[j], 0));
}

/**
 * Classes that occur in y_true or y_pred: the labels scikit-learn averages over
 * when it is given none (`unique_labels(y_true, y_pred)`).
 */
export function presentClasses(matrix: ConfusionMatrix): number[] {
  const actual = trueCounts(matrix);
  const predicted = predictedCounts(matrix);
  return matrix.map((_, c) => c).filter((c) => actual[c] + predicted[c] > 0);
}
