/**
 * Objects keyed by user text (column names, feature and param names, category values, metric
 * names, config keys, class labels) are null-prototype records: a column named `constructor` or
 * `toString` then finds nothing inherited from Object.prototype, and `obj["__proto__"] = v` makes
 * an own key instead of replacing the prototype. Maps serve where no JSON is involved.
 */
/** An empty record with no prototype, optionally filled from entries. */
export function ownRecord<V>(entries: Iterable<readonly [string, V]> = []): Record<string, V> {
  const record = Object.create(null) as Record<string, V>;
  for (const [key, value] of entries) record[key] = value;
  return record;
}

/** `record[key]` when `key` is the record's own, else undefined (never an Object.prototype member). */
export function ownValue<V>(record: Readonly<Record<string, V>> | undefined, key: string): V | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
