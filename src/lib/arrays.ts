/**
 * Loops for what `Math.max(...xs)`, `Math.min(...xs)` and `a.push(...xs)` would do: a spread puts
 * every element on the call stack, so an array as long as the data ("a million rows") overflows it.
 * A test (test/code/unbounded-spread.test.ts) keeps spreads into calls out of src/.
 */

/** The largest value, as Math.max: -Infinity for none, NaN if any is NaN. */
export function maxOf(values: Iterable<number>): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (Number.isNaN(value)) return Number.NaN;
    if (value > max) max = value;
  }
  return max;
}

/** The smallest value, as Math.min: Infinity for none, NaN if any is NaN. */
export function minOf(values: Iterable<number>): number {
  let min = Number.POSITIVE_INFINITY;
  for (const value of values) {
    if (Number.isNaN(value)) return Number.NaN;
    if (value < min) min = value;
  }
  return min;
}

/** Appends every item to `target` (in place) and returns it. */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
