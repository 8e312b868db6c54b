/** A model server smoke test (src/serve/smoke-test.ts) for a terminal: the requests, one exchange, the metrics. */

import type { SmokeTestResult } from "../serve/smoke-test.js";

export function renderSmokeTestText(result: SmokeTestResult): string {
  const lines = [`listening on ${result.url}, serving ${result.model}@${result.version}`];
  let width = 0;
  for (const r of result.requests) width = Math.max(width, `${r.method} ${r.path}`.length);
  for (const r of result.requests) {
    const rows = `${r.rows} row${r.rows === 1 ? "" : "s"}`;
    lines.push(
      `  ${`${r.method} ${r.path}`.padEnd(width)}  ${rows.padEnd(7)} -> ${r.status}, x-model-version ${r.version ?? "(none)"}`,
    );
  }
  const { exchange } = result;
  lines.push("", `one Open Inference Protocol v2 exchange: POST ${exchange.path}`);
  lines.push(compactJson(exchange.request), `-> ${exchange.status}`, compactJson(exchange.response));
  lines.push("", `GET /metrics, the ${result.model} lines:`);
  for (const line of result.metrics) lines.push(`  ${line}`);
  lines.push("", `stopped: ${result.url} no longer listens`);
  return `${lines.join("\n")}\n`;
}

/**
 * JSON a person can read and a program can parse: an object's keys one a line, a list of objects
 * one object a line, everything else on the line of its key.
 */
export function compactJson(value: unknown, indent = ""): string {
  if (Array.isArray(value) && value.some((item) => isObject(item))) {
    const inner = `${indent}  `;
    return `[\n${value.map((item) => `${inner}${JSON.stringify(item)}`).join(",\n")}\n${indent}]`;
  }
  if (!isObject(value)) return JSON.stringify(value);
  const inner = `${indent}  `;
  const entries = Object.entries(value).map(
    ([key, item]) => `${inner}${JSON.stringify(key)}: ${compactJson(item, inner)}`,
  );
  return entries.length === 0 ? "{}" : `{\n${entries.join(",\n")}\n${indent}}`;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
