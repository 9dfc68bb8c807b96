import { VERSION } from './version.js';

/**
 * A value shared by every copy of this Pulsekit version on the page, made on first use. The CDN
 * files are separate bundles (pulsekit.js, network.js, the per-widget files), and a page may also
 * hold an npm build: copies of one version must meet (the session a `<pk-session>` provides, the
 * network transports `network.js` plugs in), while another version keeps its own.
 */
export function pageSingleton<T>(name: string, create: () => T): T {
  const key = Symbol.for(`pulsekit.${name}@${VERSION}`);
  const page = globalThis as unknown as Record<symbol, T | undefined>;
  return (page[key] ??= create());
}
