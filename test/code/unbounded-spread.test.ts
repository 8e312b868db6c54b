/**
 * No call in src/ spreads an array into its arguments (`push(...xs)`, `Math.max(...xs)`,
 * `fn(...xs)`, `new X(...xs)`) or passes one through `apply`: every argument is a slot on the
 * stack, so an array as long as the data (a million rows) overflows it ("Maximum call stack size
 * exceeded"). Allowed: an array literal (`f(...[a, b])`), or a line that says why the array is
 * small with a `// bounded: <reason>` comment.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "../cli/run-cli.js";

const SRC = join(ROOT, "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|cts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** `file:line: text` of each call or `new` that spreads a non-literal, or passes an array to `apply`. */
function unboundedSpreads(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const lines = text.split("\n");
  const found: string[] = [];
  const justified = (node: ts.Node) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    // The comment may sit on the line itself or on the line above it.
    return [lines[line], lines[line - 1] ?? ""].some((l) => /\/\/\s*bounded:\s*\S/.test(l));
  };
  const report = (node: ts.Node) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push(`${relative(ROOT, fileName)}:${line + 1}: ${lines[line].trim()}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      for (const argument of node.arguments ?? []) {
        if (
          ts.isSpreadElement(argument) &&
          !ts.isArrayLiteralExpression(argument.expression) &&
          !justified(argument)
        ) {
          report(argument);
        }
      }
      // fn.apply(thisArg, array) spreads the array the same way.
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === "apply" &&
        node.arguments.length === 2 &&
        !ts.isArrayLiteralExpression(node.arguments[1]) &&
        !justified(node)
      ) {
        report(node);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("calls with a variable number of arguments", () => {
  it("no file under src/ spreads an unbounded array into a call or a constructor", () => {
    const found = sourceFiles(SRC).flatMap((file) => unboundedSpreads(file, readFileSync(file, "utf8")));
    expect(found, `spread an array into a call (use a loop, or justify with // bounded:)`).toEqual([]);
  });

  it("the check finds push(...rows), Math.max(...xs), new X(...xs) and fn.apply(null, xs)", () => {
    const found = unboundedSpreads(
      join(SRC, "example.ts"),
      [
        "a.push(...rows);",
        "Math.max(...xs.map((x) => x));",
        "new Foo(...args);",
        "String.fromCharCode.apply(null, codes);",
        "f(...[a, b]);",
        "g(...names); // bounded: one per option",
        "// bounded: the header's columns",
        "h(...header);",
      ].join("\n"),
    );
    expect(found.map((f) => f.replace(/^.*?:(\d+):.*$/, "$1"))).toEqual(["1", "2", "3", "4"]);
  });
});
