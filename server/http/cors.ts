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

/** Host names that always mean this machine (a browser never resolves them through DNS). */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The host name of a Host header or an origin, lower-cased, without the port; null when unreadable. */
function hostnameOf(hostOrOrigin: string): string | null {
  try {
    return new URL(hostOrOrigin.includes('://') ? hostOrOrigin : `http://${hostOrOrigin}`).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * Why dev mode must not mint a token for this request, or null. Same-origin is judged from the
 * Host header, which a page controls through DNS rebinding (evil.example re-resolved to 127.0.0.1
 * sends `Host: evil.example` with `Origin: http://evil.example`): so dev tokens go only to requests
 * addressed to a loopback name, from no origin, a loopback origin or one listed by name in
 * PULSEKIT_CORS (issue #17).
 */
export function devTokenRefusal(req: IncomingMessage, allow: readonly string[]): string | null {
  const host = req.headers.host ?? '';
  const name = hostnameOf(host);
  if (!name || !LOOPBACK.has(name)) {
    return `Dev tokens are handed out only to requests addressed to localhost, 127.0.0.1 or [::1], not "${host.slice(0, 100)}" (a DNS-rebinding page would look like this). Beyond this machine, run with PULSEKIT_SECRET and issue tokens yourself.`;
  }
  const origin = req.headers.origin;
  if (origin === undefined) return null;
  const from = hostnameOf(origin);
  if ((from && LOOPBACK.has(from)) || allow.includes(origin)) return null;
  return `Dev tokens are handed out only to pages on localhost, 127.0.0.1 or [::1] (or an origin listed in PULSEKIT_CORS), not "${origin.slice(0, 100)}".`;
}
