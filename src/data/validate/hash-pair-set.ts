/**
 * A set of 64-bit keys (two uint32 hashes) in one typed array, for counting
 * repeated rows or repeated ids without keeping the values. It is exact up to
 * `maxEntries`; past that it keeps only keys whose hash falls in a shrinking
 * sample (1/2, 1/4, …: adaptive sampling, as Wegman's distinct sampling does),
 * so memory stays bounded (8 bytes a slot, at most 2·maxEntries slots) and the
 * repeat count becomes an estimate scaled by the sampling rate. Keys that
 * collide in all 64 bits count as repeats: at 10^8 keys the chance of any
 * such collision is about 3·10^-4.
 */

import { fmix32 } from "../sketch/hash.js";

/** The key (0, 0) marks an empty slot; a real (0, 0) key is stored as (0, 1). */
const EMPTY = 0;

export interface HashPairSetState {
  slots: Uint32Array;
  size: number;
  level: number;
  sampledRepeats: number;
  maxEntries: number;
}

export class HashPairSet {
  /** Interleaved [a, b] per slot. */
  private slots: Uint32Array;
  private size = 0;
  /** Keys are kept when the top `level` bits of their mixed hash (`sampleHash`) are zero. */
  private level = 0;
  private sampledRepeats = 0;

  constructor(
    private readonly maxEntries = 1 << 22,
    initialSlots = 1 << 12,
  ) {
    this.slots = new Uint32Array(initialSlots * 2);
  }

  /** Adds a key; returns true when it was already there (a repeat), false otherwise or when not sampled. */
  add(a: number, b: number): boolean {
    a >>>= 0;
    b >>>= 0;
    if (this.level > 0 && !sampled(a, b, this.level)) return false;
    if (a === EMPTY && b === EMPTY) b = 1;
    const slots = this.slots;
    const mask = (slots.length >>> 1) - 1;
    let i = slotOf(a, b, mask);
    while (slots[2 * i] !== EMPTY || slots[2 * i + 1] !== EMPTY) {
      if (slots[2 * i] === a && slots[2 * i + 1] === b) {
        this.sampledRepeats++;
        return true;
      }
      i = (i + 1) & mask;
    }
    slots[2 * i] = a;
    slots[2 * i + 1] = b;
    this.size++;
    if (this.size * 2 > mask + 1) {
      if (this.size < this.maxEntries) this.rehash((mask + 1) * 2);
      // Each level keeps about half the keys; raise until the table is at most half full again.
      else while (this.size * 2 > mask + 1 && this.level < 32) this.raiseLevel();
    }
    return false;
  }

  /** True while every key has been kept, so repeat counts are exact. */
  get exact(): boolean {
    return this.level === 0;
  }

  /** Repeats seen, scaled up by the sampling rate when the set has started sampling. */
  repeats(): number {
    return this.sampledRepeats * 2 ** this.level;
  }

  /** Memory held by the slots, in bytes. */
  get bytes(): number {
    return this.slots.byteLength;
  }

  /** The set as plain data; `slots` can be transferred to another thread. */
  state(): HashPairSetState {
    return {
      slots: this.slots,
      size: this.size,
      level: this.level,
      sampledRepeats: this.sampledRepeats,
      maxEntries: this.maxEntries,
    };
  }

  /**
   * Adds the keys of another part of the same data: its own repeats, and each
   * of its keys this set already holds (a repeat across the parts). Returns
   * the repeats across the parts, scaled as `repeats()` is.
   */
  absorb(other: HashPairSetState): number {
    while (this.level < other.level) this.raiseLevel();
    this.sampledRepeats += other.sampledRepeats * 2 ** (other.level - this.level);
    let across = 0;
    const { slots } = other;
    for (let i = 0; i < slots.length; i += 2) {
      if ((slots[i] !== EMPTY || slots[i + 1] !== EMPTY) && this.add(slots[i], slots[i + 1])) {
        across += 2 ** this.level;
      }
    }
    return across;
  }

  /** The set a state describes; `maxEntries` may raise the state's own bound (a merge of parts). */
  static fromState(state: HashPairSetState, maxEntries = state.maxEntries): HashPairSet {
    const set = new HashPairSet(Math.max(maxEntries, state.maxEntries), 1);
    set.slots = state.slots;
    set.size = state.size;
    set.level = state.level;
    set.sampledRepeats = state.sampledRepeats;
    return set;
  }

  /**
   * Halves the sample, in the same table: the keys still sampled (about half) are set aside in a
   * small list and put back, so no second table of the full size is left for the collector.
   */
  private raiseLevel(): void {
    // Repeats counted so far stay counted at their old rate: rescale them to the new one.
    this.level++;
    this.sampledRepeats /= 2;
    const level = this.level;
    const slots = this.slots;
    let kept = 0;
    for (let j = 0; j < slots.length; j += 2) {
      if ((slots[j] !== EMPTY || slots[j + 1] !== EMPTY) && sampled(slots[j], slots[j + 1], level)) kept++;
    }
    const keys = new Uint32Array(kept * 2);
    let k = 0;
    for (let j = 0; j < slots.length; j += 2) {
      if ((slots[j] !== EMPTY || slots[j + 1] !== EMPTY) && sampled(slots[j], slots[j + 1], level)) {
        keys[k++] = slots[j];
        keys[k++] = slots[j + 1];
      }
    }
    slots.fill(EMPTY);
    insertAll(slots, keys);
    this.size = kept;
  }

  private rehash(slotCount: number): void {
    const slots = new Uint32Array(slotCount * 2);
    this.size = insertAll(slots, this.slots);
    this.slots = slots;
  }
}

/** Puts the keys held in `from` (slots or a list, empty pairs skipped) into the empty table `slots`; returns how many. */
function insertAll(slots: Uint32Array, from: Uint32Array): number {
  const mask = (slots.length >>> 1) - 1;
  let size = 0;
  for (let j = 0; j < from.length; j += 2) {
    const a = from[j];
    const b = from[j + 1];
    if (a === EMPTY && b === EMPTY) continue;
    let i = slotOf(a, b, mask);
    while (slots[2 * i] !== EMPTY || slots[2 * i + 1] !== EMPTY) i = (i + 1) & mask;
    slots[2 * i] = a;
    slots[2 * i + 1] = b;
    size++;
  }
  return size;
}

/**
 * Keys need not be well-mixed hashes: a unique number column keys each value
 * by its IEEE-754 words, whose low word is 0 for every whole number. Both the
 * slot and the sampling decision therefore come from murmur3's finalizer over
 * both words (with the words' roles swapped, so the two are independent).
 * Without it, whole-number ids crowd a few slots (quadratic time) and are
 * never sampled away (past maxEntries the table fills and `add` never returns).
 */
function mix(a: number, b: number): number {
  return fmix32((a ^ Math.imul(b ^ (b >>> 16), 0x85ebca6b)) >>> 0);
}

function slotOf(a: number, b: number, mask: number): number {
  return mix(a, b) & mask;
}

/** Whether a key is in the 1/2^level sample: the top `level` bits of its mixed hash are zero. */
function sampled(a: number, b: number, level: number): boolean {
  return level === 0 || mix(b, a) >>> (32 - level) === 0;
}
