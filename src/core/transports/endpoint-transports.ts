import { pageSingleton } from '../protocol/page-singleton.js';
import type { Transport } from '../protocol/transport.js';

/** Builds a transport for an `endpoint` URL. */
export type EndpointTransportFactory = (endpoint: string) => Transport;

interface Registry {
  factory: EndpointTransportFactory | null;
  /** Called once when a factory is set. */
  waiting: Set<() => void>;
}

// Page-wide: network.js is its own CDN bundle, and must reach the <pk-session> of pulsekit.js.
const registry = (): Registry => pageSingleton('endpoint-transports', () => ({ factory: null, waiting: new Set() }));

/**
 * Lets network transports (HTTP+SSE, WebSocket) plug in without the core importing them, so a page
 * that only uses the local transport never downloads network code.
 */
export function setEndpointTransportFactory(f: EndpointTransportFactory | null): void {
  const r = registry();
  r.factory = f;
  if (!f) return;
  const waiting = [...r.waiting];
  r.waiting.clear();
  for (const callback of waiting) callback();
}

/** Transport for `endpoint`, or null when no network transport is loaded. */
export function transportForEndpoint(endpoint: string): Transport | null {
  const f = registry().factory;
  return f ? f(endpoint) : null;
}

/** Whether a network transport is loaded. */
export function hasEndpointTransports(): boolean {
  return registry().factory !== null;
}

/** Calls `callback` once, when a network transport is loaded; returns a function that cancels it. */
export function whenEndpointTransports(callback: () => void): () => void {
  const r = registry();
  if (r.factory) {
    callback();
    return () => {};
  }
  r.waiting.add(callback);
  return () => r.waiting.delete(callback);
}
