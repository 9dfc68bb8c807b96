import { setEndpointTransportFactory } from './endpoint-transports.js';
import type { Transport } from '../protocol/transport.js';
import { HttpTransport, type HttpTransportOptions } from './http-transport.js';
import { WebSocketTransport, type WebSocketTransportOptions } from './websocket-transport.js';

export { HttpTransport, SseParser, type HttpTransportOptions, type SseMessage } from './http-transport.js';
export { WebSocketTransport, type WebSocketTransportOptions } from './websocket-transport.js';
export type { NetworkTransportOptions, RoomTokenProvider } from './network-base.js';

/**
 * The network transports, kept out of the core's static imports: a page that only uses the local
 * transport never downloads them. Load this module (or `pulsekit/cdn/network.js`, which calls
 * `enableNetworkTransports()` for you) and `<pk-session endpoint="…">` builds a network transport.
 */

/** Options for the transports the endpoint factory builds. */
export interface NetworkFactoryOptions {
  /** Options of every HttpTransport it builds. */
  http?: HttpTransportOptions;
  /** Options of every WebSocketTransport it builds. */
  ws?: WebSocketTransportOptions;
}

/** Which transport an endpoint asks for, and the endpoint to give it (the `transport` option removed). */
export function endpointChoice(endpoint: string): { kind: 'http' | 'ws'; endpoint: string } {
  let url: URL;
  try {
    url = new URL(endpoint, typeof location !== 'undefined' ? location.href : 'http://localhost/');
  } catch {
    return { kind: 'http', endpoint }; // HttpTransport.connect() reports the bad endpoint
  }
  if (url.protocol === 'ws:' || url.protocol === 'wss:') return { kind: 'ws', endpoint };
  const choice = url.searchParams.get('transport');
  if (choice === null) return { kind: 'http', endpoint };
  url.searchParams.delete('transport');
  const rest = url.href;
  const wanted = choice.toLowerCase();
  if (wanted === 'ws' || wanted === 'websocket') return { kind: 'ws', endpoint: rest };
  if (wanted !== 'http' && wanted !== 'sse') console.warn(`[pulsekit] unknown transport "${choice}" in the endpoint; using http`);
  return { kind: 'http', endpoint: rest };
}

/**
 * The transport for an endpoint. The rule:
 * - `ws:` or `wss:` endpoint → WebSocketTransport;
 * - an http(s) (or relative) endpoint with `?transport=ws` (or `websocket`) → WebSocketTransport on
 *   the same host (the option is removed from the URL);
 * - anything else (including `?transport=http` / `sse`) → HttpTransport (REST + SSE): the default,
 *   because it passes corporate proxies that block or break WebSockets.
 */
export function networkTransportFor(endpoint: string, options: NetworkFactoryOptions = {}): Transport {
  const choice = endpointChoice(endpoint);
  return choice.kind === 'ws' ? new WebSocketTransport(choice.endpoint, options.ws) : new HttpTransport(choice.endpoint, options.http);
}

/**
 * Registers the network transports as the endpoint factory (`setEndpointTransportFactory`), so
 * `<pk-session endpoint="https://…">` connects to a Pulsekit server. Calling it again replaces the
 * options.
 */
export function enableNetworkTransports(options: NetworkFactoryOptions = {}): void {
  setEndpointTransportFactory((endpoint) => networkTransportFor(endpoint, options));
}
