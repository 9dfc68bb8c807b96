/**
 * Resolves after `ms` during which `happened()` never returned a truthy value (it is asked at the
 * start, every few milliseconds, and once more at the end); rejects as soon as it does, naming
 * `what` and, when `happened` returns a string, what it said. `happened` may be async.
 */
export function quietFor(ms: number, what: string, happened: () => unknown): Promise<void>;
