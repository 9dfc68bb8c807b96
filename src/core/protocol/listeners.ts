/**
 * Calls each of `listeners` (a copy: one may remove itself) with `args`. One that throws is logged
 * as `who` and cannot break the caller's loop or keep the others from hearing.
 */
export function callEach<A extends unknown[]>(listeners: Iterable<((...args: A) => void) | undefined>, who: string, ...args: A): void {
  for (const listener of [...listeners]) {
    try {
      listener?.(...args);
    } catch (err) {
      console.error(`[pulsekit] ${who} threw`, err);
    }
  }
}
