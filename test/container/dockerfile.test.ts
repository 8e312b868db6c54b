/**
 * The image cannot be built here (no image registry is reachable), so the Dockerfile is read
 * with the parser and linter of the Docker language server (dockerfile-ast, dockerfile-utils)
 * and held to what README.md's "Container" paragraph promises. Each rule is also shown to catch
 * a Dockerfile that breaks it.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Copy, DockerfileParser, type Instruction } from "dockerfile-ast";
import { validate } from "dockerfile-utils";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DOCKERFILE = readFileSync(join(ROOT, "Dockerfile"), "utf8");
const DOCKERIGNORE = readFileSync(join(ROOT, ".dockerignore"), "utf8");

interface BuildContext {
  /** Whether the path exists in the repository. */
  exists(path: string): boolean;
  /** .dockerignore's text. */
  dockerignore: string;
}

const REPOSITORY: BuildContext = {
  exists: (path) => existsSync(join(ROOT, path)),
  dockerignore: DOCKERIGNORE,
};

/** Everything wrong with a Dockerfile, one line each; empty when it meets every rule. */
function dockerfileProblems(text: string, context: BuildContext = REPOSITORY): string[] {
  const problems = validate(text).map(
    (diagnostic) => `line ${diagnostic.range.start.line + 1}: ${diagnostic.message}`,
  );
  const dockerfile = DockerfileParser.parse(text);
  const froms = dockerfile.getFROMs();
  if (froms.length < 2) problems.push("not multi-stage: one FROM");
  const final = froms.at(-1);
  if (!final) return [...problems, "no FROM"];
  if (final.getImageName() !== "node" || !/^24(\.|-).*slim|^24-slim/.test(final.getImageTag() ?? "")) {
    problems.push(`final stage is FROM ${final.getImage()}, not node:24 slim`);
  }
  const instructions = dockerfile.getInstructions();
  const finalStage = instructions.slice(instructions.indexOf(final));
  problems.push(
    ...userProblems(finalStage),
    ...healthcheckProblems(finalStage),
    ...copyProblems(
      dockerfile.getCOPYs(),
      froms.map((from) => from.getBuildStage()),
      context,
    ),
    ...runProblems(instructions),
  );
  if (!finalStage.some((i) => i.getKeyword() === "EXPOSE" && i.getArgumentsContent()?.trim() === "8080")) {
    problems.push("no EXPOSE 8080 in the final stage");
  }
  for (const add of instructions.filter((i) => i.getKeyword() === "ADD")) {
    const remote = add
      .getArguments()
      .find((argument) => /^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(argument.getValue()));
    if (remote) problems.push(`ADD fetches ${remote.getValue()} at build time`);
  }
  return problems;
}

function jsonArgs(instruction: Instruction | undefined): string[] | undefined {
  const content = instruction?.getArgumentsContent();
  try {
    return content ? (JSON.parse(content) as string[]) : undefined;
  } catch {
    return undefined;
  }
}

function userProblems(finalStage: Instruction[]): string[] {
  const entrypoint = finalStage.findIndex((i) => i.getKeyword() === "ENTRYPOINT");
  const users = finalStage
    .slice(0, entrypoint === -1 ? undefined : entrypoint)
    .filter((i) => i.getKeyword() === "USER");
  const user = users.at(-1)?.getArgumentsContent()?.trim();
  if (!user) return ["the final stage runs as root: no USER before ENTRYPOINT"];
  if (/^(root|0)(:|$)/.test(user)) return [`the final stage runs as USER ${user}`];
  const after = finalStage.slice(entrypoint + 1).filter((i) => i.getKeyword() === "USER");
  return entrypoint !== -1 && after.length > 0 ? ["USER changes after ENTRYPOINT"] : [];
}

function healthcheckProblems(finalStage: Instruction[]): string[] {
  const healthcheck = finalStage.find((i) => i.getKeyword() === "HEALTHCHECK");
  const content = healthcheck?.getArgumentsContent() ?? "";
  const command = /(?:^|\s)CMD\s+(\[.*\])\s*$/s.exec(content)?.[1];
  let args: string[] = [];
  try {
    args = command ? (JSON.parse(command) as string[]) : [];
  } catch {
    // An unparsable command is reported below.
  }
  if (args[0] !== "node" || !args.some((arg) => arg.includes("/v2/health/ready"))) {
    return [`HEALTHCHECK does not ask /v2/health/ready with node: ${content || "none"}`];
  }
  return [];
}

/** Only the files the build context lets through can be copied: .dockerignore must allow-list them. */
function allowedByDockerignore(source: string, dockerignore: string): boolean {
  const patterns = dockerignore
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
  if (patterns[0] !== "*") return true;
  const path = source.replace(/^\.\//, "").replace(/\/$/, "");
  return patterns
    .filter((pattern) => pattern.startsWith("!"))
    .map((pattern) =>
      pattern
        .slice(1)
        .replace(/^\.?\//, "")
        .replace(/\/$/, ""),
    )
    .some((allowed) => path === allowed || path.startsWith(`${allowed}/`));
}

function copyProblems(copies: Copy[], stages: (string | null)[], context: BuildContext): string[] {
  const problems: string[] = [];
  for (const copy of copies) {
    const from = copy.getFromFlag()?.getValue();
    const sources = copy
      .getArguments()
      .slice(0, -1)
      .map((argument) => argument.getValue());
    if (from !== undefined && from !== null) {
      if (!stages.includes(from)) problems.push(`COPY --from=${from} names no build stage`);
      continue;
    }
    for (const source of sources) {
      if (!context.exists(source)) problems.push(`COPY ${source}: no such file in the repository`);
      else if (!allowedByDockerignore(source, context.dockerignore)) {
        problems.push(`COPY ${source}: left out of the build context by .dockerignore`);
      }
    }
  }
  return problems;
}

function runProblems(instructions: Instruction[]): string[] {
  const runs = instructions.filter((i) => i.getKeyword() === "RUN").map((i) => i.getArgumentsContent() ?? "");
  const problems = runs
    .filter((run) => /\bnpm\s+(install|i|add)\b/.test(run))
    .map((run) => `RUN uses npm install, not npm ci: ${run.slice(0, 60)}`);
  if (!runs.some((run) => /\bnpm\s+ci\b/.test(run))) problems.push("no RUN npm ci");
  return problems;
}

/** The repository's Dockerfile with one line replaced. */
function withLine(pattern: RegExp, replacement: string): string {
  expect(DOCKERFILE).toMatch(pattern);
  return DOCKERFILE.replace(pattern, replacement);
}

describe("Dockerfile", () => {
  it("meets every rule: lint-clean, multi-stage on node:24 slim, non-root, healthcheck, EXPOSE 8080, npm ci, copies what exists", () => {
    expect(dockerfileProblems(DOCKERFILE)).toEqual([]);
  });

  it("starts the built CLI's model server on 0.0.0.0:8080, a file the image copies from dist/", () => {
    const dockerfile = DockerfileParser.parse(DOCKERFILE);
    expect(jsonArgs(dockerfile.getENTRYPOINTs()[0])).toEqual(["node", "/app/dist/cli/index.js"]);
    expect(jsonArgs(dockerfile.getCMDs()[0])).toEqual(["serve", "--host", "0.0.0.0", "--port", "8080"]);
    expect(existsSync(join(ROOT, "dist/cli/index.js"))).toBe(true);
    expect(DOCKERFILE).toMatch(/^COPY dist\/cli \/app\/dist\/cli$/m);
  });

  it("installs with the repository's .npmrc (onnxruntime-node's install switch) and proves the native runtime loads", () => {
    expect(DOCKERFILE).toMatch(/^COPY [^\n]*\.npmrc/m);
    expect(readFileSync(join(ROOT, ".npmrc"), "utf8")).toMatch(/^onnxruntime-node-install=skip$/m);
    expect(DOCKERFILE).toMatch(/node -e "require\('onnxruntime-node'\)"/);
  });
});

describe("the Dockerfile rules catch", () => {
  const cases: [string, string, string][] = [
    [
      "a single stage",
      DOCKERFILE.replace(/^FROM node:24-slim AS deps[\s\S]*?(?=^FROM )/m, ""),
      "not multi-stage",
    ],
    ["another base image", withLine(/^FROM node:24-slim$/m, "FROM node:22-slim"), "not node:24 slim"],
    ["a full (non-slim) node 24", withLine(/^FROM node:24-slim$/m, "FROM node:24"), "not node:24 slim"],
    ["no USER", withLine(/^USER node\n/m, ""), "runs as root"],
    ["USER root", withLine(/^USER node$/m, "USER root"), "runs as USER root"],
    ["USER 0:0", withLine(/^USER node$/m, "USER 0:0"), "runs as USER 0:0"],
    ["a healthcheck on another path", DOCKERFILE.replace("/v2/health/ready", "/healthz"), "HEALTHCHECK"],
    [
      "a healthcheck with curl",
      DOCKERFILE.replace('CMD ["node", "-e",', 'CMD ["curl", "-e",'),
      "HEALTHCHECK",
    ],
    ["no EXPOSE 8080", withLine(/^EXPOSE 8080$/m, "EXPOSE 3000"), "no EXPOSE 8080"],
    [
      "an ADD of a URL",
      withLine(/^USER node$/m, "ADD https://example.com/x.tgz /tmp/\nUSER node"),
      "ADD fetches",
    ],
    [
      "a COPY of a missing file",
      withLine(/^COPY package\.json \/app\/$/m, "COPY missing.json /app/"),
      "no such file",
    ],
    ["a COPY from an unknown stage", withLine(/--from=deps/, "--from=build"), "names no build stage"],
    ["npm install", DOCKERFILE.replace("npm ci --omit=dev", "npm install --omit=dev"), "npm install"],
    [
      "an unknown instruction (lint)",
      withLine(/^EXPOSE 8080$/m, "EXPOSE 8080\nEXPOS 8081"),
      "Unknown instruction: EXPOS",
    ],
    [
      "a bad flag value (lint)",
      DOCKERFILE.replace("--interval=10s", "--interval=bogus"),
      "invalid duration bogus",
    ],
  ];
  it.each(cases)("%s", (_, text, problem) => {
    expect(dockerfileProblems(text).join("\n")).toContain(problem);
  });

  it("a COPY of a file .dockerignore leaves out of the build context", () => {
    const text = withLine(/^COPY package\.json \/app\/$/m, "COPY README.md /app/");
    expect(dockerfileProblems(text).join("\n")).toContain("left out of the build context");
  });
});
