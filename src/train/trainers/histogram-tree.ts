/**
 * Grows one regression tree on gradients and hessians from binned features, as
 * scikit-learn's HistGradientBoosting grower does: per node a histogram of
 * (Σ gradient, Σ hessian, count) per feature and bin; the smaller child's
 * histogram is built from its rows and the larger one's is the parent's minus
 * it; the split of a node maximizes
 *   gain = G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)
 * over features, bins and the side missing values go to; nodes are split
 * best-first (largest gain) until max_leaf_nodes leaves, with max_depth and
 * min_samples_leaf as limits. A leaf's value is −G/(H+λ) times the learning
 * rate. All buffers live as long as the grower and are reused tree after tree.
 */
import { type BinMapper, MISSING_BIN } from "./histogram-binning.js";

export interface TreeGrowingOptions {
  /** Best-first growth stops at this many leaves (scikit-learn's max_leaf_nodes, default 31); null: no limit. */
  maxLeafNodes: number | null;
  /** Edges from the root to the deepest leaf; null: no limit (scikit-learn's default). */
  maxDepth: number | null;
  /** Fewest training rows in a leaf (default 20). */
  minSamplesLeaf: number;
  /** λ in the gain and the leaf values (default 0). */
  l2Regularization: number;
  /** The leaf values are multiplied by it (the learning rate). */
  shrinkage: number;
}

/** scikit-learn's min_hessian_to_split: a child with a smaller hessian sum is not made. */
const MIN_HESSIAN_TO_SPLIT = 1e-3;

/** Values a histogram keeps per bin: Σ gradient, Σ hessian, count. */
const SLOTS = 3;
const BINS = MISSING_BIN + 1;
const FEATURE_STRIDE = BINS * SLOTS;

/**
 * A fitted tree as flat arrays, node 0 the root. A row goes left at an inner
 * node when its value is ≤ threshold (equivalently its bin ≤ bin), or when it
 * is missing and missingGoLeft is 1.
 */
export interface Tree {
  /** Split feature, -1 at a leaf. */
  feature: Int32Array;
  bin: Uint8Array;
  /** The float32 threshold of the split; +Infinity when the split only separates missing values. */
  threshold: Float64Array;
  missingGoLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** Leaf values (shrinkage applied); 0 at inner nodes. */
  value: Float64Array;
}

export interface BinnedData {
  rows: number;
  features: number;
  /** Bin codes, column-major: codes[feature * rows + row]. */
  codes: Uint8Array;
  mapper: BinMapper;
}

interface SplitInfo {
  gain: number;
  feature: number;
  bin: number;
  missingGoLeft: boolean;
  gradientLeft: number;
  hessianLeft: number;
  countLeft: number;
}

interface GrowingNode {
  id: number;
  depth: number;
  start: number;
  end: number;
  gradient: number;
  hessian: number;
  histogram?: Float64Array;
  split?: SplitInfo;
}

interface BuildingTree {
  feature: number[];
  bin: number[];
  threshold: number[];
  missingGoLeft: number[];
  left: number[];
  right: number[];
  value: number[];
}

/** One tree's growth: the tree so far, its open nodes, and what they are grown from. */
interface Growth {
  tree: BuildingTree;
  /** Nodes with a split of positive gain, not yet split. */
  splittable: GrowingNode[];
  features: Uint8Array;
  gradients: Float64Array;
  hessians: Float64Array;
}

/** The index of the node of highest gain (the first of equals). */
function highestGain(nodes: GrowingNode[]): number {
  let best = 0;
  for (let i = 1; i < nodes.length; i++) if (nodes[i].split!.gain > nodes[best].split!.gain) best = i;
  return best;
}

function frozenTree(tree: BuildingTree): Tree {
  return {
    feature: Int32Array.from(tree.feature),
    bin: Uint8Array.from(tree.bin),
    threshold: Float64Array.from(tree.threshold),
    missingGoLeft: Uint8Array.from(tree.missingGoLeft),
    left: Int32Array.from(tree.left),
    right: Int32Array.from(tree.right),
    value: Float64Array.from(tree.value),
  };
}

export class TreeGrower {
  /** Row indices, partitioned so that every node's rows are one range. */
  private readonly indices: Uint32Array;
  private readonly scratch: Uint32Array;
  private readonly orderedGradients: Float64Array;
  private readonly orderedHessians: Float64Array;
  private readonly histogramPool: Float64Array[] = [];
  private leaves: GrowingNode[] = [];

  constructor(
    private readonly data: BinnedData,
    private readonly options: TreeGrowingOptions,
  ) {
    this.indices = new Uint32Array(data.rows);
    this.scratch = new Uint32Array(data.rows);
    this.orderedGradients = new Float64Array(data.rows);
    this.orderedHessians = new Float64Array(data.rows);
  }

  /**
   * Grows a tree on the given rows (all rows when `rows` is undefined), with
   * the features whose entry in `allowedFeatures` is 1 (all when undefined):
   * best first, always splitting the open node of highest gain.
   */
  grow(
    gradients: Float64Array,
    hessians: Float64Array,
    rows?: Uint32Array,
    allowedFeatures?: Uint8Array,
  ): Tree {
    const n = rows ? rows.length : this.data.rows;
    if (rows) this.indices.set(rows);
    else for (let i = 0; i < n; i++) this.indices[i] = i;
    const growth: Growth = {
      tree: { feature: [], bin: [], threshold: [], missingGoLeft: [], left: [], right: [], value: [] },
      splittable: [],
      features: allowedFeatures ?? new Uint8Array(this.data.features).fill(1),
      gradients,
      hessians,
    };
    this.leaves = [];
    let gradient = 0;
    let hessian = 0;
    for (let i = 0; i < n; i++) {
      gradient += gradients[this.indices[i]];
      hessian += hessians[this.indices[i]];
    }
    const root = this.newNode(growth.tree, 0, 0, n, gradient, hessian);
    const { maxLeafNodes, maxDepth, minSamplesLeaf } = this.options;
    if (n >= 2 * minSamplesLeaf && maxDepth !== 0 && maxLeafNodes !== 1) {
      root.histogram = this.takeHistogram();
      this.buildHistogram(root, root.histogram, gradients, hessians, growth.features);
      this.consider(growth, root);
    } else {
      this.finalize(growth.tree, root);
    }
    let growing = true;
    while (growing && growth.splittable.length > 0) growing = this.splitBest(growth);
    return frozenTree(growth.tree);
  }

  /**
   * Splits the open node of highest gain into two children, each either open (its split found
   * from its histogram) or a leaf; false once the tree has maxLeafNodes leaves (all now final).
   */
  private splitBest(growth: Growth): boolean {
    const { tree, splittable } = growth;
    const node = splittable.splice(highestGain(splittable), 1)[0];
    const split = node.split!;
    const countLeft = this.partition(node, split);
    const depth = node.depth + 1;
    const left = this.newNode(
      tree,
      depth,
      node.start,
      node.start + countLeft,
      split.gradientLeft,
      split.hessianLeft,
    );
    const right = this.newNode(
      tree,
      depth,
      node.start + countLeft,
      node.end,
      node.gradient - split.gradientLeft,
      node.hessian - split.hessianLeft,
    );
    this.recordSplit(tree, node, split, countLeft);
    tree.left[node.id] = left.id;
    tree.right[node.id] = right.id;
    const leafCount = this.leaves.length + splittable.length + 2;
    const parentHistogram = node.histogram!;
    node.histogram = undefined;
    const { maxLeafNodes } = this.options;
    if (maxLeafNodes !== null && leafCount >= maxLeafNodes) {
      this.histogramPool.push(parentHistogram);
      this.finalize(tree, left);
      this.finalize(tree, right);
      for (const other of splittable.splice(0)) this.finalize(tree, other);
      return false;
    }
    const growLeft = this.mayGrow(left);
    const growRight = this.mayGrow(right);
    if (growLeft || growRight) this.childHistograms(growth, parentHistogram, left, right);
    else this.histogramPool.push(parentHistogram);
    if (growLeft) this.consider(growth, left);
    else this.finalize(tree, left);
    if (growRight) this.consider(growth, right);
    else this.finalize(tree, right);
    return true;
  }

  /** The split's feature, bin, float threshold and side for missing values, at the node. */
  private recordSplit(tree: BuildingTree, node: GrowingNode, split: SplitInfo, countLeft: number): void {
    const { mapper } = this.data;
    // A feature without missing values in training sends them to the larger child, as scikit-learn.
    const missingGoLeft =
      mapper.hasMissing[split.feature] === 1
        ? split.missingGoLeft
        : countLeft > node.end - node.start - countLeft;
    tree.feature[node.id] = split.feature;
    tree.bin[node.id] = split.bin;
    tree.threshold[node.id] =
      split.bin === mapper.binsNonMissing[split.feature] - 1
        ? Number.POSITIVE_INFINITY
        : mapper.thresholds[split.feature][split.bin];
    tree.missingGoLeft[node.id] = missingGoLeft ? 1 : 0;
  }

  /** A child may split while under max_depth and holding rows for two leaves of min_samples_leaf. */
  private mayGrow(child: GrowingNode): boolean {
    const { maxDepth, minSamplesLeaf } = this.options;
    return (maxDepth === null || child.depth < maxDepth) && child.end - child.start >= 2 * minSamplesLeaf;
  }

  /** The smaller child's histogram is built from its rows; the larger one's is the parent's minus it. */
  private childHistograms(
    growth: Growth,
    parentHistogram: Float64Array,
    left: GrowingNode,
    right: GrowingNode,
  ): void {
    const [small, large] = left.end - left.start <= right.end - right.start ? [left, right] : [right, left];
    small.histogram = this.takeHistogram();
    this.buildHistogram(small, small.histogram, growth.gradients, growth.hessians, growth.features);
    subtractHistogram(parentHistogram, small.histogram, growth.features);
    large.histogram = parentHistogram;
  }

  /** A node becomes a leaf: its value is set and its histogram returns to the pool. */
  private finalize(tree: BuildingTree, node: GrowingNode): void {
    tree.value[node.id] = this.leafValue(node.gradient, node.hessian);
    if (node.histogram) this.histogramPool.push(node.histogram);
    node.histogram = undefined;
    this.leaves.push(node);
  }

  /** A node with a split of positive gain stays open; any other becomes a leaf. */
  private consider(growth: Growth, node: GrowingNode): void {
    node.split = this.findSplit(node, growth.features);
    if (node.split && node.split.gain > 0) growth.splittable.push(node);
    else this.finalize(growth.tree, node);
  }

  /**
   * Adds the last grown tree's leaf values to `raw[offset + row]` for the rows
   * it was grown on (known from the partition: no tree walk needed).
   */
  addLeafValues(tree: Tree, raw: Float64Array, offset: number): void {
    for (const leaf of this.leaves) {
      const value = tree.value[leaf.id];
      for (let i = leaf.start; i < leaf.end; i++) raw[offset + this.indices[i]] += value;
    }
  }

  private leafValue(gradient: number, hessian: number): number {
    return (-gradient / (hessian + this.options.l2Regularization)) * this.options.shrinkage;
  }

  private newNode(
    tree: BuildingTree,
    depth: number,
    start: number,
    end: number,
    gradient: number,
    hessian: number,
  ): GrowingNode {
    const id = tree.feature.length;
    tree.feature.push(-1);
    tree.bin.push(0);
    tree.threshold.push(0);
    tree.missingGoLeft.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(0);
    return { id, depth, start, end, gradient, hessian };
  }

  private takeHistogram(): Float64Array {
    return this.histogramPool.pop() ?? new Float64Array(this.data.features * FEATURE_STRIDE);
  }

  private buildHistogram(
    node: GrowingNode,
    histogram: Float64Array,
    gradients: Float64Array,
    hessians: Float64Array,
    features: Uint8Array,
  ): void {
    const { start, end } = node;
    const count = end - start;
    const { indices, orderedGradients: og, orderedHessians: oh } = this;
    for (let i = 0; i < count; i++) {
      const row = indices[start + i];
      og[i] = gradients[row];
      oh[i] = hessians[row];
    }
    const { codes, rows } = this.data;
    const active: number[] = [];
    for (let f = 0; f < this.data.features; f++) {
      if (features[f] === 0) continue;
      active.push(f);
      histogram.fill(0, f * FEATURE_STRIDE, (f + 1) * FEATURE_STRIDE);
    }
    // Features go four at a time through one pass over the rows: the row index, gradient and
    // hessian are loaded once for four updates. The root's rows are in order: no indirection.
    const inOrder = start === 0 && count === rows && node.depth === 0 && isIdentity(indices, count);
    let a = 0;
    for (; a + 4 <= active.length; a += 4) {
      const c0 = active[a] * rows;
      const c1 = active[a + 1] * rows;
      const c2 = active[a + 2] * rows;
      const c3 = active[a + 3] * rows;
      const b0 = active[a] * FEATURE_STRIDE;
      const b1 = active[a + 1] * FEATURE_STRIDE;
      const b2 = active[a + 2] * FEATURE_STRIDE;
      const b3 = active[a + 3] * FEATURE_STRIDE;
      for (let i = 0; i < count; i++) {
        const row = inOrder ? i : indices[start + i];
        const g = og[i];
        const h = oh[i];
        let slot = b0 + codes[c0 + row] * SLOTS;
        histogram[slot] += g;
        histogram[slot + 1] += h;
        histogram[slot + 2] += 1;
        slot = b1 + codes[c1 + row] * SLOTS;
        histogram[slot] += g;
        histogram[slot + 1] += h;
        histogram[slot + 2] += 1;
        slot = b2 + codes[c2 + row] * SLOTS;
        histogram[slot] += g;
        histogram[slot + 1] += h;
        histogram[slot + 2] += 1;
        slot = b3 + codes[c3 + row] * SLOTS;
        histogram[slot] += g;
        histogram[slot + 1] += h;
        histogram[slot + 2] += 1;
      }
    }
    for (; a < active.length; a++) {
      const column = active[a] * rows;
      const base = active[a] * FEATURE_STRIDE;
      for (let i = 0; i < count; i++) {
        const slot = base + codes[column + (inOrder ? i : indices[start + i])] * SLOTS;
        histogram[slot] += og[i];
        histogram[slot + 1] += oh[i];
        histogram[slot + 2] += 1;
      }
    }
  }

  /**
   * The best split of a node over the allowed features, each bin boundary tried with missing
   * values on the right, then (for a feature with missing values) on the left.
   */
  // biome-ignore lint/complexity/noExcessiveCognitiveComplexity: the split search, run for every node of every tree: one pass over each feature's histogram in both directions, with the running sums in locals (a helper per direction would pass six sums in and out per bin)
  private findSplit(node: GrowingNode, features: Uint8Array): SplitInfo | undefined {
    const histogram = node.histogram!;
    const { l2Regularization: l2, minSamplesLeaf } = this.options;
    const { binsNonMissing, hasMissing } = this.data.mapper;
    const n = node.end - node.start;
    const g = node.gradient;
    const h = node.hessian;
    const parentLoss = (g * g) / (h + l2);
    let best: SplitInfo | undefined;
    let bestGain = 0;
    for (let f = 0; f < this.data.features; f++) {
      if (features[f] === 0) continue;
      const base = f * FEATURE_STRIDE;
      const bins = binsNonMissing[f];
      // Missing values to the right; with missing values, all non-missing bins may go left.
      let gl = 0;
      let hl = 0;
      let nl = 0;
      const end = bins - 1 + hasMissing[f];
      for (let b = 0; b < end; b++) {
        const slot = base + b * SLOTS;
        gl += histogram[slot];
        hl += histogram[slot + 1];
        nl += histogram[slot + 2];
        const nr = n - nl;
        if (nl < minSamplesLeaf) continue;
        if (nr < minSamplesLeaf) break;
        const hr = h - hl;
        if (hl < MIN_HESSIAN_TO_SPLIT) continue;
        if (hr < MIN_HESSIAN_TO_SPLIT) break;
        const gr = g - gl;
        const gain = (gl * gl) / (hl + l2) + (gr * gr) / (hr + l2) - parentLoss;
        if (gain > bestGain) {
          bestGain = gain;
          best = {
            gain,
            feature: f,
            bin: b,
            missingGoLeft: false,
            gradientLeft: gl,
            hessianLeft: hl,
            countLeft: nl,
          };
        }
      }
      if (hasMissing[f] === 0) continue;
      // Missing values to the left.
      let gr = 0;
      let hr = 0;
      let nr = 0;
      for (let b = bins - 2; b >= 0; b--) {
        const slot = base + (b + 1) * SLOTS;
        gr += histogram[slot];
        hr += histogram[slot + 1];
        nr += histogram[slot + 2];
        const nl2 = n - nr;
        if (nr < minSamplesLeaf) continue;
        if (nl2 < minSamplesLeaf) break;
        const hl2 = h - hr;
        if (hr < MIN_HESSIAN_TO_SPLIT) continue;
        if (hl2 < MIN_HESSIAN_TO_SPLIT) break;
        const gl2 = g - gr;
        const gain = (gl2 * gl2) / (hl2 + l2) + (gr * gr) / (hr + l2) - parentLoss;
        if (gain > bestGain) {
          bestGain = gain;
          best = {
            gain,
            feature: f,
            bin: b,
            missingGoLeft: true,
            gradientLeft: gl2,
            hessianLeft: hl2,
            countLeft: nl2,
          };
        }
      }
    }
    return best;
  }

  /** Reorders the node's rows so the left child's come first (stable); returns how many go left. */
  private partition(node: GrowingNode, split: SplitInfo): number {
    const { indices, scratch } = this;
    const { codes, rows } = this.data;
    const column = split.feature * rows;
    const bin = split.bin;
    const missingLeft = split.missingGoLeft;
    let left = node.start;
    let right = 0;
    const missingStep = missingLeft ? 1 : 0;
    // Branch-free: each row is written to both sides and only one side's cursor moves on.
    for (let i = node.start; i < node.end; i++) {
      const row = indices[i];
      const code = codes[column + row];
      const step = code === MISSING_BIN ? missingStep : code <= bin ? 1 : 0;
      indices[left] = row;
      scratch[right] = row;
      left += step;
      right += 1 - step;
    }
    indices.set(scratch.subarray(0, right), left);
    return left - node.start;
  }
}

function isIdentity(indices: Uint32Array, count: number): boolean {
  for (let i = 0; i < count; i++) if (indices[i] !== i) return false;
  return true;
}

function subtractHistogram(from: Float64Array, histogram: Float64Array, features: Uint8Array): void {
  for (let f = 0; f < features.length; f++) {
    if (features[f] === 0) continue;
    for (let i = f * FEATURE_STRIDE, end = i + FEATURE_STRIDE; i < end; i++) from[i] -= histogram[i];
  }
}

/** The tree's value for one row of binned data. */
export function treeValueFromBins(tree: Tree, codes: Uint8Array, rows: number, row: number): number {
  let node = 0;
  while (tree.feature[node] >= 0) {
    const code = codes[tree.feature[node] * rows + row];
    const goesLeft = code === MISSING_BIN ? tree.missingGoLeft[node] === 1 : code <= tree.bin[node];
    node = goesLeft ? tree.left[node] : tree.right[node];
  }
  return tree.value[node];
}

/** The tree's value for one row of raw (float32-rounded) values, `values[feature * rows + row]`. */
export function treeValueFromValues(tree: Tree, values: Float32Array, rows: number, row: number): number {
  let node = 0;
  while (tree.feature[node] >= 0) {
    const value = values[tree.feature[node] * rows + row];
    const goesLeft = Number.isNaN(value) ? tree.missingGoLeft[node] === 1 : value <= tree.threshold[node];
    node = goesLeft ? tree.left[node] : tree.right[node];
  }
  return tree.value[node];
}
