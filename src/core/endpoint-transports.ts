import type { Transport } from './transport.js';

/** Builds a transport for an `endpoint` URL. */
export type EndpointTransportFactory = (endpoint: string) => Transport;

let factory: EndpointTransportFactory | null = null;

/**
 * Lets network transports (HTTP+SSE, WebSocket) plug in without the core importing them, so a page
 * that only uses the local transport never downloads network code.
 */
export function setEndpointTransportFactory(f: EndpointTransportFactory | null): void {
  factory = f;
}

/** Transport for `endpoint`, or null when no network transport is loaded. */
export function transportForEndpoint(endpoint: string): Transport | null {
  return factory ? factory(endpoint) : null;
}
