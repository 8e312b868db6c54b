/**
 * Regression metrics of predictions ŷ against targets y, as scikit-learn 1.2
 * computes them for a single output.
 */

export type Values = ArrayLike<number>;

function mean(values: Values): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

function meanOf(n: number, term: (i: number) => number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += term(i);
  return sum / n;
}

/** Mean absolute error: (1/n) Σ |y_i − ŷ_i| (`mean_absolute_error`). */
export function meanAbsoluteError(yTrue: Values, yPred: Values): number {
  return meanOf(yTrue.length, (i) => Math.abs(yTrue[i] - yPred[i]));
}

/** Mean squared error: (1/n) Σ (y_i − ŷ_i)² (`mean_squared_error`). */
export function meanSquaredError(yTrue: Values, yPred: Values): number {
  return meanOf(yTrue.length, (i) => (yTrue[i] - yPred[i]) ** 2);
}

/** Root mean squared error: √MSE (`mean_squared_error(squared=False)`). */
export function rootMeanSquaredError(yTrue: Values, yPred: Values): number {
  return Math.sqrt(meanSquaredError(yTrue, yPred));
}

/**
 * Mean absolute percentage error: (1/n) Σ |y_i − ŷ_i| / max(|y_i|, ε) with ε the
 * float64 machine epsilon (`mean_absolute_percentage_error`). A fraction, not a
 * percentage; a zero target makes it huge rather than infinite.
 */
export function meanAbsolutePercentageError(yTrue: Values, yPred: Values): number {
  const epsilon = 2 ** -52;
  return meanOf(yTrue.length, (i) => Math.abs(yPred[i] - yTrue[i]) / Math.max(Math.abs(yTrue[i]), epsilon));
}

/** Max error: the largest absolute residual, max |y_i − ŷ_i| (`max_error`). */
export function maxError(yTrue: Values, yPred: Values): number {
  let largest = 0;
  for (let i = 0; i < yTrue.length; i++) largest = Math.max(largest, Math.abs(yTrue[i] - yPred[i]));
  return largest;
}

/**
 * 1 − numerator / denominator, kept finite as scikit-learn's `force_finite=True`
 * does: 1 when the numerator is 0 (perfect predictions), 0 when only the
 * denominator is 0 (constant targets, imperfect predictions).
 */
function oneMinusRatio(numerator: number, denominator: number): number {
  if (numerator === 0) return 1;
  if (denominator === 0) return 0;
  return 1 - numerator / denominator;
}

/**
 * Coefficient of determination: R² = 1 − Σ (y_i − ŷ_i)² / Σ (y_i − ȳ)² (`r2_score`),
 * 1 for perfect predictions and 0 for imperfect predictions of a constant target.
 */
export function r2Score(yTrue: Values, yPred: Values): number {
  const average = mean(yTrue);
  let residual = 0;
  let spread = 0;
  for (let i = 0; i < yTrue.length; i++) {
    residual += (yTrue[i] - yPred[i]) ** 2;
    spread += (yTrue[i] - average) ** 2;
  }
  return oneMinusRatio(residual, spread);
}

/**
 * Explained variance: 1 − Var(y − ŷ) / Var(y) (`explained_variance_score`); unlike
 * R² it ignores a constant bias in the predictions. Same finite edge cases as R².
 */
export function explainedVariance(yTrue: Values, yPred: Values): number {
  const n = yTrue.length;
  const averageResidual = meanOf(n, (i) => yTrue[i] - yPred[i]);
  const average = mean(yTrue);
  const residualVariance = meanOf(n, (i) => (yTrue[i] - yPred[i] - averageResidual) ** 2);
  const targetVariance = meanOf(n, (i) => (yTrue[i] - average) ** 2);
  return oneMinusRatio(residualVariance, targetVariance);
}
