/**
 * Whether the page's own scripts have run (DOMContentLoaded: every classic, deferred and module
 * script in the markup). A `<pk-session>` in the markup waits for them before connecting, so what
 * the host's scripts set after ours (a token provider, a transport, network.js) is in place for the
 * first connection.
 */
export function pageScriptsHaveRun(): boolean {
  if (typeof document === 'undefined' || document.readyState === 'complete') return true;
  // readyState is 'interactive' both while module scripts run and after DOMContentLoaded: the
  // navigation timing entry tells the two apart.
  const nav = performance.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined;
  return nav ? nav.domContentLoadedEventStart > 0 : document.readyState !== 'loading';
}

/** Resolves once the page's own scripts have run (at once when they have). */
export function pageScriptsRan(): Promise<void> {
  if (pageScriptsHaveRun()) return Promise.resolve();
  return new Promise((resolve) => document.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
}
