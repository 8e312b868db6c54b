/**
 * The onnxruntime-node API as mlship uses it. Only the type is imported here:
 * the module itself is loaded at run time by `resolveOnnxRuntime`
 * (src/onnx/runtime/), never bundled into dist/, which carries no native binaries.
 */
export type Ort = typeof import("onnxruntime-node");
