/** How reports print numbers: integers as they are, others with 4 decimals, very large or small ones in exponent form. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x) || Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 1e5 || Math.abs(x) < 1e-3 ? x.toExponential(3) : x.toFixed(4);
}

/** A p-value: 0 as 0, tiny ones in exponent form, others with 4 decimals. */
export function formatP(p: number): string {
  return p === 0 ? "0" : p < 1e-4 ? p.toExponential(2) : p.toFixed(4);
}
