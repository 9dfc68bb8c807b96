// "Nothing happens for a while" (no second send, no extra announcement, no re-render), asserted by
// watching: a fixed sleep followed by one look misses what happens and is undone in between, and a
// failure says only that the end state differs. Plain JavaScript with no imports, so every kind of
// test uses it: browser tests, server tests (tsx) and the e2e and outside-in suites (node). Types
// in quiet.d.mts.

/** How often a quiet period looks, in ms. */
const EVERY_MS = 10;

/**
 * Resolves after `ms` during which `happened()` never returned a truthy value (it is asked at the
 * start, every few milliseconds, and once more at the end); rejects as soon as it does, naming
 * `what` and, when `happened` returns a string, what it said. `happened` may be async.
 *
 * @param {number} ms
 * @param {string} what
 * @param {() => unknown} happened
 * @returns {Promise<void>}
 * @example await quietFor(300, 'a second send', () => transport.batches.length > 1);
 */
export async function quietFor(ms, what, happened) {
  const start = performance.now();
  for (;;) {
    const elapsed = performance.now() - start;
    const seen = await happened();
    if (seen) {
      const detail = typeof seen === 'string' ? `: ${seen}` : '';
      throw new Error(`expected no ${what} for ${ms} ms, but it happened after ${Math.round(elapsed)} ms${detail}`);
    }
    if (elapsed >= ms) return;
    await new Promise((resolve) => setTimeout(resolve, Math.min(EVERY_MS, ms - elapsed)));
  }
}
