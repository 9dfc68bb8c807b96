/** Settings for retry delays. */
export interface BackoffOptions {
  /** First delay ceiling in ms. */
  baseMs: number;
  /** Largest delay in ms, however many attempts failed. */
  capMs: number;
}

/** Defaults: start near half a second, never wait more than 30 s. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 30_000 };

/**
 * Delay before retry number `attempt` (0-based), "full jitter" style: uniformly random in
 * [0, min(cap, base * 2^attempt)]. Jitter spreads a class of 500 reconnecting after the same Wi-Fi
 * drop, so they do not hit the backend in one wave.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(random() * ceiling);
}
