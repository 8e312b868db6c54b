/**
 * What `mlship serve` does with what a user or a client gets wrong: start-up errors exit 2 naming
 * the option; requests it refuses get `{"error": …}` with 400, 404, 413 or 408 and never a stack
 * trace; a client that goes away mid-request harms nothing; SIGTERM finishes what is in flight.
 */
import { once } from "node:events";
import { connect, createServer, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectUserError, useCli } from "../cli/run-cli.js";
import { fixturePath } from "../model/model-fixtures.js";
import { get, post, type ServeProcess, serveExits, startServe } from "./serve-process.js";

const cli = useCli("serve-bad");
let server: ServeProcess;

beforeAll(async () => {
  server = await startServe(cli, [
    "--model",
    fixturePath("binary-linear-zipmap.onnx"),
    "--model",
    fixturePath("pipeline-two-inputs.onnx"),
    "--body-limit",
    "2kb",
    "--timeout",
    "1",
  ]);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

/** Sends raw bytes on a socket of its own; `answer` resolves with what came back until the server closed it. */
async function rawRequest(url: string, head: string): Promise<{ socket: Socket; answer: Promise<string> }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await once(socket, "connect");
  let received = "";
  socket.on("data", (chunk) => {
    received += chunk.toString();
  });
  socket.on("error", () => {});
  const answer = new Promise<string>((resolve) => socket.on("close", () => resolve(received)));
  socket.write(head);
  return { socket, answer };
}

/** Whether a TCP connection to the server's port is accepted. */
async function connects(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const accepted = await new Promise<boolean>((resolve) => {
    socket.on("connect", () => resolve(true));
    socket.on("error", () => resolve(false));
  });
  socket.destroy();
  return accepted;
}

function expectRefusal(
  answer: { status: number; json: Record<string, unknown> },
  status: number,
  pattern: RegExp,
) {
  expect(answer.status, JSON.stringify(answer.json)).toBe(status);
  expect(Object.keys(answer.json)).toEqual(["error"]);
  expect(String(answer.json.error)).toMatch(pattern);
  expect(String(answer.json.error)).not.toMatch(/\n\s+at /);
}

describe("requests the server refuses", () => {
  const infer = (body: unknown) => post(`${server.url}/v2/models/binary-linear-zipmap/infer`, body);
  const predictPipeline = (body: unknown) =>
    post(`${server.url}/v1/models/pipeline-two-inputs:predict`, body);
  const X = (fields: Record<string, unknown>) => ({
    inputs: [{ name: "X", datatype: "FP32", shape: [1, 3], data: [1, 2, 3], ...fields }],
  });
  const signature = /X \(FP32 \[-1,3\]\)/;

  it("malformed JSON, an empty body and a body that is not an object: 400", async () => {
    expectRefusal(await infer('{"inputs": ['), 400, /not valid JSON/);
    expectRefusal(await infer(""), 400, /empty|JSON/);
    expectRefusal(await infer([1, 2]), 400, /expected object/);
    expectRefusal(await predictPipeline({ rows: [] }), 400, /^instances: /);
  });

  it("a body over --body-limit: 413", async () => {
    const big = {
      inputs: [{ name: "X", datatype: "FP32", shape: [200, 3], data: new Array(600).fill(0.123456) }],
    };
    expectRefusal(await infer(big), 413, /larger than the server takes \(2048 bytes\)/);
  });

  it("a wrong datatype, shape, value count, value, or an unknown or missing input: 400 naming the input and the signature", async () => {
    expectRefusal(
      await infer(X({ datatype: "FP64" })),
      400,
      /input 'X' has datatype FP64.*X \(FP32 \[-1,3\]\)/,
    );
    expectRefusal(await infer(X({ shape: [1, 4], data: [1, 2, 3, 4] })), 400, /input 'X' has shape \[1,4\]/);
    expectRefusal(await infer(X({ shape: [3] })), 400, /input 'X' has shape \[3\]/);
    expectRefusal(
      await infer(X({ shape: [2, 3] })),
      400,
      /input 'X' has 3 values, but shape \[2,3\] holds 6/,
    );
    expectRefusal(await infer(X({ data: [1, "two", 3] })), 400, /input 'X' data\[1\] is "two", not a number/);
    expectRefusal(await infer(X({ data: [1, null, 3] })), 400, /input 'X' data\[1\] is null/);
    expectRefusal(await infer(X({ name: "Y" })), 400, /no input 'Y'.*X \(FP32 \[-1,3\]\)/);
    expectRefusal(await infer(X({ shape: [1, "3"] })), 400, /^inputs\[0\]\.shape\[1\]: /);
    const twoInputs = `${server.url}/v2/models/pipeline-two-inputs/infer`;
    const ageOnly = { inputs: [{ name: "age", datatype: "FP32", shape: [1, 1], data: [30] }] };
    expectRefusal(await post(twoInputs, ageOnly), 400, /missing input plan \(BYTES \[-1,1\]\)/);
    expect((await infer(X({}))).status).toBe(200);
    expect(String((await infer(X({ data: [1, "two", 3] }))).json.error)).toMatch(signature);
  });

  it("an output the model does not give: 400 naming the outputs it gives", async () => {
    expectRefusal(
      await infer({ ...X({}), outputs: [{ name: "scores" }] }),
      400,
      /no output 'scores'.*output_probability/,
    );
  });

  it("v1 instances missing a feature, of the wrong type or shape: 400 naming the feature and what the model expects", async () => {
    const expects = /age \(FP32\), plan \(BYTES\)/;
    expectRefusal(
      await predictPipeline({ instances: [{ plan: "pro" }] }),
      400,
      /instances\[0\] has no feature 'age'/,
    );
    expectRefusal(
      await predictPipeline({ instances: [{ age: "old", plan: "pro" }] }),
      400,
      /instances\[0\]\.age is "old", not a number/,
    );
    expectRefusal(
      await predictPipeline({ instances: [{ age: 3, plan: { x: 1 } }] }),
      400,
      /instances\[0\]\.plan .* not text/,
    );
    expectRefusal(await predictPipeline({ instances: [[30, "pro"]] }), 400, /send objects/);
    expectRefusal(await predictPipeline({ instances: ["x"] }), 400, /instances\[0\] is "x"/);
    expect(String((await predictPipeline({ instances: [{ plan: "pro" }] })).json.error)).toMatch(expects);
    const matrix = `${server.url}/v1/models/binary-linear-zipmap:predict`;
    expectRefusal(
      await post(matrix, { instances: [[1, 2]] }),
      400,
      /instances\[0\] has 2 values; the model takes 3/,
    );
    expectRefusal(
      await post(matrix, { instances: [{ a: 1 }] }),
      400,
      /names none of its features.*array of 3 numbers/,
    );
  });

  it("an unknown model, version or route: 404", async () => {
    expectRefusal(
      await post(`${server.url}/v1/models/nope:predict`, { instances: [] }),
      404,
      /no model 'nope'.*binary-linear-zipmap/,
    );
    expectRefusal(
      await post(`${server.url}/v2/models/binary-linear-zipmap/versions/9.9.9/infer`, X({})),
      404,
      /no version '9\.9\.9'.*0\.0\.0-local/,
    );
    expectRefusal(await get(`${server.url}/v2/models/nope`), 404, /no model 'nope'/);
    expectRefusal(await get(`${server.url}/v2/models/nope/ready`), 404, /no model 'nope'/);
    expectRefusal(await get(`${server.url}/v3/anything`), 404, /no route GET \/v3\/anything/);
  });

  it("a request whose body stops arriving is answered 408 after --timeout", async () => {
    const { answer } = await rawRequest(
      server.url,
      'POST /v1/models/pipeline-two-inputs:predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"instances"',
    );
    expect(await answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("a client that disconnects mid-request harms nothing: the next request is answered", async () => {
    for (let i = 0; i < 5; i++) {
      const { socket } = await rawRequest(
        server.url,
        'POST /v1/models/pipeline-two-inputs:predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 80\r\n\r\n{"inst',
      );
      socket.destroy();
    }
    const answer = await predictPipeline({ instances: [{ age: 30, plan: "pro" }] });
    expect(answer.status).toBe(200);
    expect(server.stderr()).not.toMatch(/internal error/);
  });
});

describe("start-up errors: exit 2 naming what is wrong", () => {
  it("a registry ref that resolves to nothing", async () => {
    const result = await serveExits(cli, [
      "--registry",
      "local:empty-registry",
      "--model",
      "churn@production",
    ]);
    expectUserError(result);
    expect(result.stderr).toMatch(/--model: churn@production resolves to nothing in local:/);
  });

  it("a model file that does not exist, a bad ref, a model given twice", async () => {
    const missing = await serveExits(cli, ["--model", "nowhere.onnx"]);
    expectUserError(missing);
    expect(missing.stderr).toMatch(/--model: nowhere\.onnx: no such model file/);
    const badRef = await serveExits(cli, ["--model", "Not A Name@1.0.0"]);
    expectUserError(badRef);
    expect(badRef.stderr).toMatch(/--model: model name/);
    const model = fixturePath("tree-regressor.onnx");
    const twice = await serveExits(cli, ["--model", model, "--model", model]);
    expectUserError(twice);
    expect(twice.stderr).toMatch(/--model: .*given twice/);
  });

  it("no model at all, a bad port, body limit or timeout", async () => {
    expect((await serveExits(cli, [])).stderr).toMatch(
      /no model to serve: give --model, or set model\.name in mlship\.yml/,
    );
    const model = ["--model", fixturePath("tree-regressor.onnx")];
    const port = await serveExits(cli, [...model, "--port", "70000"]);
    expectUserError(port);
    expect(port.stderr).toMatch(/--port: expected a whole number from 0 to 65535, got "70000"/);
    expect((await serveExits(cli, [...model, "--body-limit", "lots"])).stderr).toMatch(
      /--body-limit: expected a size/,
    );
    expect((await serveExits(cli, [...model, "--timeout", "0"])).stderr).toMatch(
      /--timeout: expected a number/,
    );
  });

  it("a port in use", async () => {
    const taken = createServer();
    taken.listen(0, "127.0.0.1");
    await once(taken, "listening");
    const { port } = taken.address() as { port: number };
    try {
      const result = await serveExits(cli, [
        "--model",
        fixturePath("tree-regressor.onnx"),
        "--port",
        String(port),
      ]);
      expectUserError(result);
      expect(result.stderr).toContain(`--port: port ${port} on 127.0.0.1 is in use`);
    } finally {
      taken.close();
    }
  });
});

describe("SIGTERM", () => {
  it("stops accepting, finishes the request in flight, and exits 0", async () => {
    const own = await startServe(cli, ["--model", fixturePath("pipeline-two-inputs.onnx")]);
    const body = JSON.stringify({ instances: [{ age: 30, plan: "pro" }] });
    const half = Math.floor(body.length / 2);
    const { socket, answer } = await rawRequest(
      own.url,
      `POST /v1/models/pipeline-two-inputs:predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, half)}`,
    );
    const stopped = own.stop();
    await own.logged("SIGTERM");
    // New connections are refused (once the listener is closed) while the one in flight goes on.
    while (await connects(own.url)) await new Promise((resolve) => setTimeout(resolve, 50));
    socket.write(body.slice(half));
    const response = await answer;
    expect(response).toMatch(/^HTTP\/1\.1 200 /);
    expect(response).toMatch(/"predictions":\[\{"label":0/);
    const { code } = await stopped;
    expect(code).toBe(0);
  });
});
