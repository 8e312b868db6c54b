/**
 * Sorts a[from, to) of a Float64Array ascending, in place (no NaN expected).
 *
 * Float64Array#sort in Node 20 copies the values into a heap array of boxed
 * numbers and back, so sorting a 64 Ki buffer leaves megabytes of garbage each
 * time; this quicksort (Hoare partition around a median of three, insertion sort
 * below 17 values, the larger side deferred on a fixed stack so the depth stays
 * ≤ log2 n) allocates nothing and is as fast.
 */
const stack = new Int32Array(128);

// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: an allocation-free quicksort (median of three, Hoare partition, insertion sort below 17, explicit stack) on the sketches' buffers; its loops are the algorithm
export function sortNumbers(a: Float64Array, from = 0, to = a.length): void {
  let sp = 0;
  let lo = from;
  let hi = to - 1;
  for (;;) {
    while (hi - lo > 16) {
      const mid = (lo + hi) >>> 1;
      // Order a[lo] <= a[mid] <= a[hi]: the ends then stop both scans.
      let x = a[lo];
      let y = a[mid];
      let z = a[hi];
      let t: number;
      if (y < x) {
        t = x;
        x = y;
        y = t;
      }
      if (z < y) {
        t = y;
        y = z;
        z = t;
        if (y < x) {
          t = x;
          x = y;
          y = t;
        }
      }
      a[lo] = x;
      a[mid] = y;
      a[hi] = z;
      const pivot = y;
      let i = lo;
      let j = hi;
      for (;;) {
        do i++;
        while (a[i] < pivot);
        do j--;
        while (a[j] > pivot);
        if (i >= j) break;
        t = a[i];
        a[i] = a[j];
        a[j] = t;
      }
      // [lo, j] <= pivot <= [j + 1, hi], both non-empty: go on with the smaller side.
      if (j - lo < hi - j) {
        stack[sp++] = j + 1;
        stack[sp++] = hi;
        hi = j;
      } else {
        stack[sp++] = lo;
        stack[sp++] = j;
        lo = j + 1;
      }
    }
    for (let i = lo + 1; i <= hi; i++) {
      const x = a[i];
      let j = i - 1;
      while (j >= lo && a[j] > x) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = x;
    }
    if (sp === 0) return;
    hi = stack[--sp];
    lo = stack[--sp];
  }
}
