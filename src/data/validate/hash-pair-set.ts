/**
 * A set of 64-bit keys (two uint32 hashes) in typed arrays, for counting
 * repeated rows or repeated ids without keeping the values. It is exact up to
 * `maxEntries`; past that it keeps only keys whose hash falls in a shrinking
 * sample (1/2, 1/4, …: adaptive sampling, as Wegman's distinct sampling does),
 * so memory stays bounded and the repeat count becomes an estimate scaled by
 * the sampling rate. Keys that collide in all 64 bits are counted as repeats:
 * at 10^8 keys the chance of any such collision is about 3·10^-4.
 */

const EMPTY = 0;

export class HashPairSet {
  private slotsA: Uint32Array;
  private slotsB: Uint32Array;
  private used: Uint8Array;
  private size = 0;
  /** Keys are kept when the low `level` bits of their first hash are zero. */
  private level = 0;
  private sampledRepeats = 0;

  constructor(
    private readonly maxEntries = 1 << 22,
    initialSlots = 1 << 12,
  ) {
    this.slotsA = new Uint32Array(initialSlots);
    this.slotsB = new Uint32Array(initialSlots);
    this.used = new Uint8Array(initialSlots);
  }

  /** Adds a key; returns true when it was already there (a repeat), false otherwise or when not sampled. */
  add(a: number, b: number): boolean {
    if (this.level > 0 && (a & ((1 << this.level) - 1)) !== 0) return false;
    const slots = this.slotsA.length;
    const mask = slots - 1;
    let i = (Math.imul(a ^ (b >>> 15), 0x9e3779b1) >>> 0) & mask;
    while (this.used[i] !== EMPTY) {
      if (this.slotsA[i] === a >>> 0 && this.slotsB[i] === b >>> 0) {
        this.sampledRepeats++;
        return true;
      }
      i = (i + 1) & mask;
    }
    this.used[i] = 1;
    this.slotsA[i] = a;
    this.slotsB[i] = b;
    this.size++;
    if (this.size * 2 > slots) {
      if (this.size >= this.maxEntries) this.raiseLevel();
      else this.rehash(slots * 2);
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
    return this.slotsA.byteLength * 2 + this.used.byteLength;
  }

  private raiseLevel(): void {
    // Repeats counted so far stay counted at their old rate: rescale them to the new one.
    this.level++;
    this.sampledRepeats /= 2;
    this.rehash(this.slotsA.length, (a) => (a & ((1 << this.level) - 1)) === 0);
  }

  private rehash(slots: number, keep: (a: number) => boolean = () => true): void {
    const { slotsA, slotsB, used } = this;
    this.slotsA = new Uint32Array(slots);
    this.slotsB = new Uint32Array(slots);
    this.used = new Uint8Array(slots);
    this.size = 0;
    const mask = slots - 1;
    for (let j = 0; j < used.length; j++) {
      if (used[j] === EMPTY || !keep(slotsA[j])) continue;
      const a = slotsA[j];
      const b = slotsB[j];
      let i = (Math.imul(a ^ (b >>> 15), 0x9e3779b1) >>> 0) & mask;
      while (this.used[i] !== EMPTY) i = (i + 1) & mask;
      this.used[i] = 1;
      this.slotsA[i] = a;
      this.slotsB[i] = b;
      this.size++;
    }
  }
}
