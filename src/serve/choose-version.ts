/**
 * Which version of a model answers a request that names none: the seam the rollout routing
 * (canary, A/B, shadow, blue-green; docs/design.md, "Rollouts") replaces. Without a rollout the
 * stable version answers: the first version `--model` gave for the name.
 */
import type { ServedModel } from "./model-store.js";

/** What routing may look at: the request's headers and a feature or input of its first row. */
export interface RoutedRequest {
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The value of a feature (v1) or input (v2) in the request's first row, if it has one. */
  field(name: string): unknown;
}

export interface VersionChoice {
  version: string;
  arm: "stable" | "candidate";
}

export type ChooseVersion = (model: ServedModel, request: RoutedRequest) => VersionChoice;

export const chooseVersion: ChooseVersion = (model) => ({ version: model.stable, arm: "stable" });
