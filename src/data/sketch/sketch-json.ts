/**
 * Shared helpers for the sketches' JSON form: typed arrays as little-endian
 * base64, numbers that may be non-finite, and field validation that throws a
 * plain `Error` naming the bad field.
 */

/** Throws `Error("<what>: field \"<field>\" <problem>")`. */
export function badField(what: string, field: string, problem: string): never {
  throw new Error(`${what}: field "${field}" ${problem}`);
}

/** Checks that `obj` is a plain object with `type` and `version` as expected. */
export function expectObject(
  what: string,
  obj: unknown,
  type: string,
  version: number,
): Record<string, unknown> {
  if (typeof obj !== "object" || obj === null || Array.isArray(obj)) {
    throw new Error(`${what}: expected a JSON object, got ${obj === null ? "null" : typeof obj}`);
  }
  const o = obj as Record<string, unknown>;
  if (o.type !== type) badField(what, "type", `must be "${type}", got ${JSON.stringify(o.type)}`);
  if (o.version !== version)
    badField(what, "version", `must be ${version}, got ${JSON.stringify(o.version)}`);
  return o;
}

export function intField(
  what: string,
  o: Record<string, unknown>,
  field: string,
  min: number,
  max: number,
): number {
  const v = o[field];
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    badField(what, field, `must be an integer in [${min}, ${max}], got ${JSON.stringify(v)}`);
  }
  return v;
}

/** A non-negative finite number (counts and weights may be fractional). */
export function nonNegField(what: string, o: Record<string, unknown>, field: string): number {
  const v = o[field];
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
    badField(what, field, `must be a finite number >= 0, got ${JSON.stringify(v)}`);
  }
  return v;
}

export function boolField(what: string, o: Record<string, unknown>, field: string): boolean {
  const v = o[field];
  if (typeof v !== "boolean") badField(what, field, `must be a boolean, got ${JSON.stringify(v)}`);
  return v;
}

/** JSON has no Infinity/NaN: those travel as the strings "Infinity", "-Infinity", "NaN". */
export type JsonNumber = number | "Infinity" | "-Infinity" | "NaN";

export function encodeNumber(x: number): JsonNumber {
  if (Number.isFinite(x)) return x;
  return x === Number.POSITIVE_INFINITY ? "Infinity" : x === Number.NEGATIVE_INFINITY ? "-Infinity" : "NaN";
}

export function numberField(what: string, o: Record<string, unknown>, field: string): number {
  const v = o[field];
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (v === "Infinity") return Number.POSITIVE_INFINITY;
  if (v === "-Infinity") return Number.NEGATIVE_INFINITY;
  if (v === "NaN") return Number.NaN;
  return badField(
    what,
    field,
    `must be a number (or "Infinity", "-Infinity", "NaN"), got ${JSON.stringify(v)}`,
  );
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64(what: string, field: string, v: unknown, bytesPerItem: number): Buffer {
  if (typeof v !== "string" || v.length % 4 !== 0 || !BASE64.test(v)) {
    badField(what, field, "must be a base64 string");
  }
  const buf = Buffer.from(v, "base64");
  if (buf.length % bytesPerItem !== 0) {
    badField(what, field, `must decode to a multiple of ${bytesPerItem} bytes, got ${buf.length}`);
  }
  return buf;
}

/** Typed array contents as base64 (host byte order; Node hosts are little-endian). */
export function toBase64(a: Uint8Array | Uint32Array | Float64Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
}

export function bytesField(what: string, o: Record<string, unknown>, field: string): Uint8Array {
  const buf = decodeBase64(what, field, o[field], 1);
  return new Uint8Array(buf);
}

export function uint32Field(what: string, o: Record<string, unknown>, field: string): Uint32Array {
  const buf = decodeBase64(what, field, o[field], 4);
  const out = new Uint32Array(buf.length / 4);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

export function float64Field(what: string, o: Record<string, unknown>, field: string): Float64Array {
  const buf = decodeBase64(what, field, o[field], 8);
  const out = new Float64Array(buf.length / 8);
  new Uint8Array(out.buffer).set(buf);
  return out;
}
