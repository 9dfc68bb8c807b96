/**
 * Plain-object records keyed by user input, as models keep them ("__proto__" and "constructor" are
 * valid answers and ids): reads check own properties, writes define properties instead of assigning.
 */

/** True for a plain object (not null, not an array). */
export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * True when `value` nests arrays and objects more than `max` levels deep (a scalar is level 0).
 * Iterative, so hostile input thousands of levels deep cannot overflow the stack here, before the
 * recursive JSON.stringify or String() ever sees it.
 */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** The record's own value for `key`, never an inherited one. */
export function get<T>(rec: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(rec, key) ? rec[key] : undefined;
}

/** Sets `key` as an own, enumerable property, whatever the key (no prototype setter runs). */
export function put<T>(rec: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(rec, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * A stable bucket number in 0..n-1 for an id (FNV-1a). Models split big per-person records into
 * buckets so that one change copies one bucket, not every entry: with thousands of participants a
 * full copy per event makes folding a topic quadratic.
 */
export function bucketOf(id: string, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % n;
}
