#!/usr/bin/env node
// The anchor of the serving benchmark (bench/serve.mjs): a bare node:http server that does the
// least a model server must do. Per request it reads the body, parses the same Open Inference
// Protocol v2 JSON as `mlship serve` takes, builds one onnxruntime tensor per input from its
// datatype, shape and data, calls session.run once, and answers the outputs as JSON. No routing,
// no validation beyond what onnxruntime checks, no metrics, no statistics, no batching.
//
//   node bench/serve-bare.mjs <name>=<model.onnx> [<name>=<model.onnx>…]
//
// Listens on 127.0.0.1, a port the system chooses, and prints `listening on http://127.0.0.1:<port>`
// once every model is loaded (as `mlship serve --port 0` does). Route: POST /v2/models/<name>/infer.
// Sessions are created with the options the model layer uses (src/onnx/onnx-model.ts).
import { createServer } from "node:http";
import ort from "onnxruntime-node";

const ARRAYS = {
  FP32: ["float32", Float32Array],
  FP64: ["float64", Float64Array],
  INT32: ["int32", Int32Array],
  INT64: ["int64", BigInt64Array],
};

const sessions = new Map();
for (const arg of process.argv.slice(2)) {
  const at = arg.indexOf("=");
  if (at < 1) {
    console.error(`usage: node bench/serve-bare.mjs <name>=<model.onnx>…; got ${arg}`);
    process.exit(2);
  }
  sessions.set(
    arg.slice(0, at),
    await ort.InferenceSession.create(arg.slice(at + 1), { logSeverityLevel: 3 }),
  );
}

function tensor(input) {
  const data = input.data.flat(Number.POSITIVE_INFINITY);
  if (input.datatype === "BYTES") return new ort.Tensor("string", data.map(String), input.shape);
  const [type, Array_] = ARRAYS[input.datatype] ?? [];
  if (!type) throw new Error(`unsupported datatype ${input.datatype}`);
  const values = type === "int64" ? data.map((v) => BigInt(v)) : data;
  return new ort.Tensor(type, Array_.from(values), input.shape);
}

const DATATYPES = { float32: "FP32", float64: "FP64", int32: "INT32", int64: "INT64", string: "BYTES" };

function output(name, value) {
  return {
    name,
    datatype: DATATYPES[value.type] ?? value.type,
    shape: value.dims,
    data: value.type === "int64" ? Array.from(value.data, Number) : Array.from(value.data),
  };
}

const ROUTE = /^\/v2\/models\/([^/]+)\/infer$/;

function answer(response, status, body) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}

const server = createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", async () => {
    const session = sessions.get(ROUTE.exec(request.url ?? "")?.[1]);
    if (request.method !== "POST" || !session) return answer(response, 404, { error: "no such route" });
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      const feeds = {};
      for (const input of body.inputs) feeds[input.name] = tensor(input);
      const results = await session.run(feeds);
      answer(response, 200, {
        model_name: ROUTE.exec(request.url)[1],
        ...(body.id === undefined ? {} : { id: body.id }),
        outputs: Object.entries(results).map(([name, value]) => output(name, value)),
      });
    } catch (error) {
      answer(response, 400, { error: String(error?.message ?? error) });
    }
  });
});

server.listen(0, "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
const stop = () => server.close(() => process.exit(0));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
