/**
 * A map whose entries live at most `ttlMs` and of which at most `capacity` are kept,
 * the oldest going first: the bounded waiting rooms of the feedback store and the
 * shadow pairing (docs/design.md, "Model server").
 *
 * Insertion order is kept in a queue of its own rather than read from the Map: a
 * JavaScript Map iterated from its start walks over the holes its deletions left until
 * it is rehashed, which made "drop the oldest" cost O(capacity) per insertion.
 */
export class ExpiringMap<K, V> {
  private readonly entries = new Map<K, { value: V; time: number; seq: number }>();
  private queue: { key: K; seq: number; time: number }[] = [];
  private head = 0;
  private seq = 0;

  constructor(
    readonly capacity: number,
    readonly ttlMs: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Items of the insertion queue held now (live and stale): bounded by 2 × capacity + 2048. */
  get backlog(): number {
    return this.queue.length;
  }

  get(key: K, now: number): V | undefined {
    this.expire(now);
    return this.entries.get(key)?.value;
  }

  /** Sets `key` (as the newest entry, also when it was there) and drops what is too old or too many. */
  set(key: K, value: V, now: number): void {
    const seq = ++this.seq;
    this.entries.set(key, { value, time: now, seq });
    this.queue.push({ key, seq, time: now });
    this.expire(now);
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  /** Drops entries older than the time to live, then the oldest past the capacity. */
  expire(now: number): void {
    const { queue, entries } = this;
    while (this.head < queue.length) {
      const first = queue[this.head];
      const entry = entries.get(first.key);
      const live = entry !== undefined && entry.seq === first.seq;
      if (live && first.time > now - this.ttlMs && entries.size <= this.capacity) break;
      if (live) entries.delete(first.key);
      this.head++;
    }
    // Deleted and replaced entries leave stale queue items: drop the consumed part once it dominates.
    if (this.head > 1024 && this.head * 2 > queue.length) {
      this.queue = queue.slice(this.head);
      this.head = 0;
    }
    if (this.queue.length - this.head > 2 * this.capacity + 1024) {
      this.queue = this.queue.slice(this.head).filter((item) => entries.get(item.key)?.seq === item.seq);
      this.head = 0;
    }
  }
}
