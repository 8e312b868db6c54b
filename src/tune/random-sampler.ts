/** Random search: every trial an independent draw from the space (history is ignored). */
import { type Sampler, sampleIndependent } from "./sampler.js";

export function randomSampler(): Sampler {
  return {
    method: "random",
    suggest: (space, _history, rng) => sampleIndependent(space, rng),
  };
}
