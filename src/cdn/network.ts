// CDN entry `dist/cdn/network.js`: load it beside pulsekit.js and <pk-session endpoint="…"> talks to a
// Pulsekit server (HTTP + SSE by default, WebSocket for ws(s): endpoints or ?transport=ws).
// It must be bundled in the same esbuild run as pulsekit.js (code splitting), so both share one
// copy of the endpoint-factory registry.
import { enableNetworkTransports } from '../core/transports/network.js';

enableNetworkTransports();

export { enableNetworkTransports, networkTransportFor, HttpTransport, WebSocketTransport } from '../core/transports/network.js';
