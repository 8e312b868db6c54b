/**
 * The folders under src/ import downwards only (docs/design.md, "Layout"): lib at the bottom, importing
 * nothing else from src/; no folder imports one that imports it back, directly or through others
 * (type-only imports count: they tie the folders' code together just the same); `@actions/*` is
 * imported only under src/actions/, octokit only under src/github/ and src/registry/github*, so the
 * core takes plain values and the CLI, the actions and the tests call the same code. A unit test
 * beside its code (`*.test.ts`) may use any folder, as the tests under test/ do: it is not part of
 * its folder's code, so it is left out of the cycle check (not out of the other three).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, posix, relative, sep } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "../cli/run-cli.js";

const SRC = join(ROOT, "src");

/** A source file: its path relative to src/ with "/" separators, and its text. */
interface SourceFile {
  path: string;
  text: string;
}

interface Import {
  /** The importing file, relative to src/. */
  from: string;
  specifier: string;
  /** For a relative specifier: the imported file, relative to src/ (`.js` read as its `.ts` source). */
  target?: string;
  line: number;
}

function sourceFiles(dir: string): SourceFile[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    if (!/\.(ts|mts|cts|js|mjs)$/.test(entry.name)) return [];
    return [{ path: relative(SRC, path).split(sep).join("/"), text: readFileSync(path, "utf8") }];
  });
}

/** Every module a file names: import and export declarations (type-only too), `import()`, `import("x").T`. */
function importsOf(file: SourceFile): Import[] {
  const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true);
  const found: Import[] = [];
  const add = (node: ts.Node, specifier: ts.Node | undefined) => {
    if (!specifier || !ts.isStringLiteralLike(specifier)) return;
    const text = specifier.text;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    const target = text.startsWith(".")
      ? posix.normalize(posix.join(posix.dirname(file.path), text)).replace(/\.(m|c)?js$/, ".$1ts")
      : undefined;
    found.push({ from: file.path, specifier: text, target, line });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node, node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
      add(node, node.moduleReference.expression);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword)
      add(node, node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument))
      add(node, node.argument.literal);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The folder directly under src/ that a path (relative to src/) is in; a file at the top is its own. */
function folderOf(path: string): string {
  const [first, ...rest] = path.split("/");
  return rest.length > 0 ? first : path;
}

const isUnitTest = (path: string) => /\.test\.[cm]?[jt]s$/.test(path);

const where = (i: Import) => `src/${i.from}:${i.line} imports ${i.specifier}`;

/** Each set of folders that import each other round in a circle, with the imports that close it. */
function folderCycles(imports: Import[]): string[] {
  const edges = new Map<string, Map<string, Import>>();
  for (const i of imports) {
    if (i.target === undefined || i.target.startsWith("../") || isUnitTest(i.from)) continue;
    const [a, b] = [folderOf(i.from), folderOf(i.target)];
    if (a === b) continue;
    if (!edges.has(a)) edges.set(a, new Map());
    const out = edges.get(a) as Map<string, Import>;
    if (!out.has(b)) out.set(b, i);
  }
  // Tarjan's strongly connected components: a component of more than one folder is a cycle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[] = [];
  const connect = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop()) {
      onStack.delete(w);
      component.push(w);
    }
    if (component.length < 2) return;
    const members = new Set(component);
    const closing = [...members].flatMap((a) =>
      [...(edges.get(a) ?? [])].filter(([b]) => members.has(b)).map(([b, i]) => `${a} -> ${b} (${where(i)})`),
    );
    cycles.push(`${[...members].sort().join(", ")}: ${closing.sort().join("; ")}`);
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) connect(v);
  return cycles;
}

function libImportsOutside(imports: Import[]): string[] {
  return imports
    .filter((i) => folderOf(i.from) === "lib" && i.target !== undefined && folderOf(i.target) !== "lib")
    .map(where);
}

function actionsImportsOutside(imports: Import[]): string[] {
  return imports
    .filter((i) => i.specifier.startsWith("@actions/") && folderOf(i.from) !== "actions")
    .map(where);
}

function octokitImportsOutside(imports: Import[]): string[] {
  const allowed = (from: string) => from.startsWith("github/") || /^registry\/github[^/]*$/.test(from);
  return imports
    .filter((i) => (i.specifier === "octokit" || i.specifier.startsWith("@octokit/")) && !allowed(i.from))
    .map(where);
}

const importsIn = (files: SourceFile[]) => files.flatMap(importsOf);

describe("imports between the folders of src/", () => {
  const imports = importsIn(sourceFiles(SRC));

  it("no folder under src/ imports a folder that imports it back, directly or through others", () => {
    expect(folderCycles(imports), "move the shared piece down into a folder both can import").toEqual([]);
  });

  it("src/lib imports nothing else from src/", () => {
    expect(libImportsOutside(imports)).toEqual([]);
  });

  it("@actions/* is imported only under src/actions/", () => {
    expect(actionsImportsOutside(imports)).toEqual([]);
  });

  it("octokit is imported only under src/github/ and src/registry/github*", () => {
    expect(octokitImportsOutside(imports)).toEqual([]);
  });
});

describe("the import checks themselves", () => {
  const file = (path: string, text: string): SourceFile => ({ path, text });

  it("find a cycle through three folders, made of a type-only import and a re-export", () => {
    const cycles = folderCycles(
      importsIn([
        file("a/one.ts", 'import type { B } from "../b/two.js";'),
        file("b/two.ts", 'export { c } from "../c/three.js";'),
        file("c/three.ts", 'const a = await import("../a/one.js");'),
        file("d/four.ts", 'import { a } from "../a/one.js";'),
      ]),
    );
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toMatch(/^a, b, c: a -> b \(src\/a\/one\.ts:1 imports \.\.\/b\/two\.js\); b -> c/);
  });

  it('find a two-folder cycle made by `import("…").T` in a type', () => {
    const cycles = folderCycles(
      importsIn([
        file("a/one.ts", 'import { b } from "../b/two.js";'),
        file("b/deep/two.ts", 'let x: import("../../a/one.js").A;'),
      ]),
    );
    expect(cycles).toEqual([expect.stringMatching(/^a, b: /)]);
  });

  it("accept folders that import downwards only, and a unit test that imports upwards", () => {
    const cycles = folderCycles(
      importsIn([
        file("a/one.ts", 'import { b } from "../b/two.js";\nimport { c } from "../c/three.js";'),
        file("b/two.ts", 'import { c } from "../c/three.js";'),
        file("b/two.test.ts", 'import { a } from "../a/one.js";'),
        file("c/three.ts", 'import { x } from "./x.js";'),
      ]),
    );
    expect(cycles).toEqual([]);
  });

  it("find lib importing another folder, @actions/* outside actions and octokit outside github", () => {
    const found = importsIn([
      file("lib/x.ts", 'import { y } from "../data/y.js";\nimport { z } from "./z.js";'),
      file("evaluate/e.ts", 'import * as core from "@actions/core";'),
      file("actions/a.ts", 'import * as core from "@actions/core";'),
      file("registry/local-registry.ts", 'import { Octokit } from "@octokit/rest";'),
      file("registry/github-releases-registry.ts", 'import { Octokit } from "@octokit/rest";'),
    ]);
    expect(libImportsOutside(found)).toEqual(["src/lib/x.ts:1 imports ../data/y.js"]);
    expect(actionsImportsOutside(found)).toEqual(["src/evaluate/e.ts:1 imports @actions/core"]);
    expect(octokitImportsOutside(found)).toEqual(["src/registry/local-registry.ts:1 imports @octokit/rest"]);
  });
});
