import { describe, expect, it } from "vitest";
import { Random } from "../../lib/random.js";
import { binFeatures, fitBinMapper, MISSING_BIN } from "./histogram-binning.js";
import {
  type BinnedData,
  type Tree,
  TreeGrower,
  type TreeGrowingOptions,
  treeValueFromBins,
  treeValueFromValues,
} from "./histogram-tree.js";

const OPTIONS: TreeGrowingOptions = {
  maxLeafNodes: 31,
  maxDepth: null,
  minSamplesLeaf: 20,
  l2Regularization: 0,
  shrinkage: 1,
};

/** Random features (some missing) and gradients that depend on them; hessians 1 unless given. */
function problem(rows: number, features: number, seed: number) {
  const random = new Random(seed);
  const values = new Float32Array(rows * features);
  for (let i = 0; i < values.length; i++)
    values[i] = random.uniform() < 0.05 ? Number.NaN : Math.floor(random.uniform() * 40);
  const x = { rows, features, values };
  const mapper = fitBinMapper(x, new Random(0));
  const data = { rows, features, codes: binFeatures(mapper, x), mapper };
  const gradients = new Float64Array(rows);
  const hessians = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const v = values[r];
    gradients[r] = (Number.isNaN(v) ? 2 : v > 25 ? 1 : -1) + (random.uniform() - 0.5);
    hessians[r] = 0.5 + random.uniform();
  }
  return { x, data, gradients, hessians };
}

function leafSizes(tree: Tree, codes: Uint8Array, rows: number): Map<number, number> {
  const sizes = new Map<number, number>();
  for (let r = 0; r < rows; r++) {
    let node = 0;
    while (tree.feature[node] >= 0) {
      const code = codes[tree.feature[node] * rows + r];
      const left = code === MISSING_BIN ? tree.missingGoLeft[node] === 1 : code <= tree.bin[node];
      node = left ? tree.left[node] : tree.right[node];
    }
    sizes.set(node, (sizes.get(node) ?? 0) + 1);
  }
  return sizes;
}

function depthOf(tree: Tree, node = 0): number {
  return tree.feature[node] < 0
    ? 0
    : 1 + Math.max(depthOf(tree, tree.left[node]), depthOf(tree, tree.right[node]));
}

/** The best root split by trying every feature, bin and side for missing values on the rows themselves. */
function exhaustiveBestSplit(data: BinnedData, gradients: Float64Array, hessians: Float64Array) {
  let best = { gain: 0, feature: -1, bin: -1, missingLeft: false };
  const n = data.rows;
  const g = gradients.reduce((a, b) => a + b, 0);
  const h = hessians.reduce((a, b) => a + b, 0);
  for (let f = 0; f < data.features; f++) {
    for (let bin = 0; bin < data.mapper.binsNonMissing[f]; bin++) {
      for (const missingLeft of [false, true]) {
        const goesLeft = (code: number) => (code === MISSING_BIN ? missingLeft : code <= bin);
        const left = sumsWhere(data.codes.subarray(f * n, (f + 1) * n), goesLeft, gradients, hessians);
        if (left.count < 20 || n - left.count < 20) continue;
        const { gradient: gl, hessian: hl } = left;
        const gain = (gl * gl) / hl + ((g - gl) * (g - gl)) / (h - hl) - (g * g) / h;
        if (gain > best.gain + 1e-9) best = { gain, feature: f, bin, missingLeft };
      }
    }
  }
  return best;
}

function sumsWhere(
  codes: Uint8Array,
  picked: (code: number) => boolean,
  gradients: Float64Array,
  hessians: Float64Array,
) {
  let gradient = 0;
  let hessian = 0;
  let count = 0;
  for (let r = 0; r < codes.length; r++) {
    if (!picked(codes[r])) continue;
    gradient += gradients[r];
    hessian += hessians[r];
    count++;
  }
  return { gradient, hessian, count };
}

describe("growing a histogram tree", () => {
  it("splits the root where an exhaustive search over features, bins and missing sides finds the best gain", () => {
    const { data, gradients, hessians } = problem(1500, 3, 1);
    const tree = new TreeGrower(data, { ...OPTIONS, maxLeafNodes: 2 }).grow(gradients, hessians);
    const best = exhaustiveBestSplit(data, gradients, hessians);
    expect(tree.feature[0]).toBe(best.feature);
    expect(tree.bin[0]).toBe(best.bin);
    expect(tree.missingGoLeft[0]).toBe(best.missingLeft ? 1 : 0);
  });

  it("gives each leaf the value −G/(H+λ) times the shrinkage over its rows", () => {
    const { data, gradients, hessians } = problem(800, 2, 2);
    const options = { ...OPTIONS, l2Regularization: 3, shrinkage: 0.1 };
    const tree = new TreeGrower(data, options).grow(gradients, hessians);
    const sums = new Map<number, [number, number]>();
    for (let r = 0; r < data.rows; r++) {
      let node = 0;
      while (tree.feature[node] >= 0) {
        const code = data.codes[tree.feature[node] * data.rows + r];
        node = (code === MISSING_BIN ? tree.missingGoLeft[node] === 1 : code <= tree.bin[node])
          ? tree.left[node]
          : tree.right[node];
      }
      const [g, h] = sums.get(node) ?? [0, 0];
      sums.set(node, [g + gradients[r], h + hessians[r]]);
    }
    for (const [leaf, [g, h]] of sums) expect(tree.value[leaf]).toBeCloseTo((-g / (h + 3)) * 0.1, 10);
  });

  it("sends missing values to the side whose gradients they resemble", () => {
    const { data, gradients, hessians } = problem(2000, 1, 3);
    const tree = new TreeGrower(data, OPTIONS).grow(gradients, hessians);
    // Missing rows have gradient ≈ 2, like the rows above 25: they must share a leaf value sign with them.
    const missingRow = Array.from(data.codes).indexOf(MISSING_BIN);
    const highRow = Array.from({ length: data.rows }, (_, r) => r).find(
      (r) => data.codes[r] !== MISSING_BIN && data.mapper.thresholds[0][data.codes[r] - 1] > 30,
    )!;
    const value = (r: number) => treeValueFromBins(tree, data.codes, data.rows, r);
    expect(Math.sign(value(missingRow))).toBe(-1);
    expect(Math.sign(value(highRow))).toBe(-1);
  });

  it("keeps at least min_samples_leaf rows in every leaf and at most max_leaf_nodes leaves", () => {
    const { data, gradients, hessians } = problem(3000, 4, 4);
    const tree = new TreeGrower(data, { ...OPTIONS, minSamplesLeaf: 50, maxLeafNodes: 7 }).grow(
      gradients,
      hessians,
    );
    const sizes = leafSizes(tree, data.codes, data.rows);
    expect(sizes.size).toBeLessThanOrEqual(7);
    expect(sizes.size).toBeGreaterThan(1);
    for (const size of sizes.values()) expect(size).toBeGreaterThanOrEqual(50);
  });

  it("stops at max_depth", () => {
    const { data, gradients, hessians } = problem(3000, 4, 5);
    const tree = new TreeGrower(data, { ...OPTIONS, maxDepth: 2, maxLeafNodes: null }).grow(
      gradients,
      hessians,
    );
    expect(depthOf(tree)).toBe(2);
  });

  it("routes raw values as it routes their bins, and grows on a subset of rows and features when asked", () => {
    const { x, data, gradients, hessians } = problem(2000, 3, 6);
    const grower = new TreeGrower(data, OPTIONS);
    const rows = Uint32Array.from({ length: 1000 }, (_, i) => i * 2);
    const tree = grower.grow(gradients, hessians, rows, Uint8Array.of(0, 1, 0));
    for (let node = 0; node < tree.feature.length; node++) expect([-1, 1]).toContain(tree.feature[node]);
    for (let r = 0; r < data.rows; r++) {
      expect(treeValueFromValues(tree, x.values, x.rows, r)).toBe(
        treeValueFromBins(tree, data.codes, data.rows, r),
      );
    }
  });

  it("adds each leaf's value to exactly the rows it grew on", () => {
    const { data, gradients, hessians } = problem(1000, 2, 7);
    const grower = new TreeGrower(data, OPTIONS);
    const tree = grower.grow(gradients, hessians);
    const raw = new Float64Array(data.rows);
    grower.addLeafValues(tree, raw, 0);
    for (let r = 0; r < data.rows; r++)
      expect(raw[r]).toBe(treeValueFromBins(tree, data.codes, data.rows, r));
  });

  it("is a single leaf when the rows are too few to split", () => {
    const { data, gradients, hessians } = problem(30, 2, 8);
    const tree = new TreeGrower(data, OPTIONS).grow(gradients, hessians);
    expect(Array.from(tree.feature)).toEqual([-1]);
  });
});
