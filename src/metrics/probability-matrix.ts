/** Class probabilities of a multiclass model: n rows × K columns, row-major. */
export interface ProbabilityMatrix {
  /** `values[i * classes + k]` = probability that row i belongs to class k. */
  values: Float64Array;
  classes: number;
}

export function rowCount(probabilities: ProbabilityMatrix): number {
  return probabilities.values.length / probabilities.classes;
}

/** One column of the matrix: every row's probability of class `k`. */
export function classColumn(probabilities: ProbabilityMatrix, k: number): Float64Array {
  const { values, classes } = probabilities;
  const column = new Float64Array(rowCount(probabilities));
  for (let i = 0; i < column.length; i++) column[i] = values[i * classes + k];
  return column;
}

/** The predicted class of each row: the first column holding the row's maximum (as `np.argmax`). */
export function argmaxClasses(probabilities: ProbabilityMatrix): Int32Array {
  const { values, classes } = probabilities;
  const predicted = new Int32Array(rowCount(probabilities));
  for (let i = 0; i < predicted.length; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (values[i * classes + k] > values[i * classes + best]) best = k;
    predicted[i] = best;
  }
  return predicted;
}
