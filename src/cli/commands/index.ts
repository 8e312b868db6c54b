import type { Command } from "../command.js";
import { configSchemaCommand } from "./config-schema.js";
import { demoCommand } from "./demo.js";
import { deployCommand, promoteCommand, rollbackCommand } from "./deploy.js";
import { evaluateCommand } from "./evaluate.js";
import { profileCommand, profileMergeCommand } from "./profile.js";
import {
  packageCommand,
  registryDownloadCommand,
  registryListCommand,
  registryResolveCommand,
  registryShowCommand,
} from "./registry.js";
import { schemaInferCommand } from "./schema-infer.js";
import { serveCommand } from "./serve.js";
import { trainCommand } from "./train.js";
import { validateCommand } from "./validate.js";

/** Every command, in the order `mlship --help` lists them. */
export const commands: Command[] = [
  validateCommand,
  schemaInferCommand,
  profileCommand,
  profileMergeCommand,
  trainCommand,
  evaluateCommand,
  packageCommand,
  registryListCommand,
  registryShowCommand,
  registryDownloadCommand,
  registryResolveCommand,
  serveCommand,
  deployCommand,
  rollbackCommand,
  promoteCommand,
  demoCommand,
  configSchemaCommand,
];
