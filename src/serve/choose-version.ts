/**
 * Which version of a model answers a request that names none (docs/design.md, "Model server"): the
 * model's rollout (src/serve/rollout.ts) routes it — canary, A/B, shadow or blue-green, sticky by a
 * header or a field of the first row when the rollout says so. A model served alone has the rollout
 * of its one version: that version answers every request.
 */
import type { ServedModel } from "./model-store.js";
import { routeRequest, stickySource, stickyValueOf } from "./rollout.js";

/** What routing may look at: the request's headers and a feature or input of its first row. */
export interface RoutedRequest {
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The value of a feature (v1) or input (v2) in the request's first row, if it has one. */
  field(name: string): unknown;
}

export interface VersionChoice {
  version: string;
  arm: "stable" | "candidate";
  /** The version that gets a copy of the request after the answer (a shadow rollout). */
  shadow?: string;
}

export type ChooseVersion = (model: ServedModel, request: RoutedRequest) => VersionChoice;

export const chooseVersion: ChooseVersion = (model, request) => {
  const { rollout } = model;
  const key = rollout.stickyKey;
  const source = key === undefined ? undefined : stickySource(key);
  // Only the sticky field is read from the body; defined as an own property whatever its name.
  const fields =
    source?.from === "field" ? Object.fromEntries([[source.name, request.field(source.name)]]) : undefined;
  const route = routeRequest(rollout, stickyValueOf(key, { headers: request.headers, fields }), Math.random);
  return route.shadow === undefined
    ? { version: route.answer, arm: route.arm }
    : { version: route.answer, arm: route.arm, shadow: route.shadow };
};
