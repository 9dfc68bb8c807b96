/**
 * CORS allow-list (docs/protocol.md: no cross-origin access unless listed). Same-origin requests
 * (the demo page) and requests without an Origin header (servers, curl) are always fine. A browser
 * request from an origin that is not listed is refused with 403 before anything else happens; the
 * WebSocket upgrade uses the same check, since browsers do not apply CORS to WebSockets.
 */
import type { IncomingMessage } from 'node:http';

export interface CorsVerdict {
  allowed: boolean;
  /** Headers to add to the answer (empty for same-origin or no Origin). */
  headers: Record<string, string>;
}

function sameOrigin(req: IncomingMessage, origin: string): boolean {
  const host = req.headers.host;
  return !!host && (origin === `http://${host}` || origin === `https://${host}`);
}

export function corsFor(req: IncomingMessage, allow: readonly string[]): CorsVerdict {
  const origin = req.headers.origin;
  if (!origin || sameOrigin(req, origin)) return { allowed: true, headers: {} };
  if (!allow.includes('*') && !allow.includes(origin)) return { allowed: false, headers: { Vary: 'Origin' } };
  return {
    allowed: true,
    headers: {
      'Access-Control-Allow-Origin': origin,
      Vary: 'Origin',
      'Access-Control-Expose-Headers': 'Retry-After',
    },
  };
}

/** Extra headers of an allowed preflight answer. */
export const PREFLIGHT_HEADERS = {
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Last-Event-ID',
  'Access-Control-Max-Age': '600',
};
