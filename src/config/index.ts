export * from "../data/drift/drift-config.js";
export * from "../data/validate/quality-config.js";
export * from "./load-config.js";
export * from "./mlship-config.js";
export * from "./sections/data.js";
export * from "./sections/gate.js";
export * from "./sections/model.js";
export * from "./sections/train.js";
