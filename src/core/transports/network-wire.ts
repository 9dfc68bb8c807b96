/**
 * What the network transports read from and write to the wire (docs/protocol.md), checked: errors
 * of the link and what callers see of them, pages, presence, limits, error bodies, endpoint URLs.
 * Pure functions and one error class; internal to `src/core/transports`.
 */
import { isObj } from '../protocol/records.js';
import { TransportError, type FetchResult, type Presence, type TransportLimits } from '../protocol/transport.js';
import { envelopeProblem, isActor, type Actor, type EventEnvelope } from '../protocol/wire.js';

/** Why the link could not open or a request failed, as the reconnect logic needs it. */
export class LinkError extends Error {
  /**
   * `auth`: 401 (the token is asked again once, then `failed`); `fatal`: no retry can help (403,
   * unknown path; status `failed`); `retry`: network, timeout, 5xx, 429 (backoff, status `offline`).
   */
  readonly kind: 'auth' | 'fatal' | 'retry';
  /** Machine-readable code (server error code or `offline`, `timeout`…). */
  readonly code: string;
  /** Server's Retry-After, when it gave one. */
  readonly retryAfterMs: number | undefined;
  constructor(kind: 'auth' | 'fatal' | 'retry', code: string, message: string, retryAfterMs?: number) {
    super(message);
    this.name = 'LinkError';
    this.kind = kind;
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }
}

/** A page as read from the wire, checked: malformed events are dropped but their seqs are kept. */
export interface CheckedPage extends FetchResult {
  /** Seqs of events that were dropped as malformed (so a subscription can step past them). */
  skipped: number[];
}

/** A non-negative safe integer (a seq, a count), as the wire carries them. */
export const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** Checks a presence message from the wire; returns null when malformed. */
export function presenceOf(raw: unknown): Presence | null {
  if (!isObj(raw) || !isCount(raw.count)) return null;
  const presence: Presence = { count: raw.count };
  if (raw.participantCount !== undefined) {
    if (!isCount(raw.participantCount) || raw.participantCount > raw.count) return null;
    presence.participantCount = raw.participantCount;
  }
  if (raw.participants !== undefined) {
    if (!Array.isArray(raw.participants) || !raw.participants.every(isActor)) return null;
    presence.participants = raw.participants.map((a: Actor) => ({ id: a.id, name: a.name, role: a.role }));
  }
  return presence;
}

/** Checks limits from the wire (`/v1/limits`, WebSocket `ready`); returns null when malformed. */
export function limitsOf(raw: unknown): TransportLimits | null {
  if (!isObj(raw)) return null;
  const ok = (v: unknown) => Number.isSafeInteger(v) && (v as number) > 0;
  if (!ok(raw.maxBatch) || !ok(raw.maxPage) || !ok(raw.maxOpBytes)) return null;
  return { maxBatch: raw.maxBatch as number, maxPage: raw.maxPage as number, maxOpBytes: raw.maxOpBytes as number };
}

/**
 * Checks a FetchResult from the wire for `topic` after `since`, at most `limit` events. Throws a
 * retryable TransportError('bad_response') when the page as a whole is unusable; drops malformed
 * events with a warning (keeping their seqs in `skipped`).
 */
export function checkPage(raw: unknown, topic: string, since: number, limit: number): CheckedPage {
  if (!isObj(raw) || !Array.isArray(raw.events) || !isCount(raw.head) || typeof raw.hasMore !== 'boolean') {
    throw new TransportError('bad_response', `The server sent a malformed page for ${topic}.`, true);
  }
  const events: EventEnvelope[] = [];
  const skipped: number[] = [];
  let hasMore = raw.hasMore;
  let last = since;
  for (const e of raw.events as unknown[]) {
    if (events.length + skipped.length >= limit) {
      hasMore = true;
      break;
    }
    const seq = isObj(e) ? e.seq : undefined;
    const problem = envelopeProblem(e) ?? ((e as EventEnvelope).topic !== topic ? `event of ${(e as EventEnvelope).topic}` : null);
    if (Number.isSafeInteger(seq) && (seq as number) <= last) continue; // out of order or repeated: never deliver twice
    if (problem) {
      console.warn(`[pulsekit] dropped a malformed event of ${topic} from the server: ${problem}`);
      if (Number.isSafeInteger(seq)) {
        skipped.push(seq as number);
        last = seq as number;
      }
      continue;
    }
    events.push(e as EventEnvelope);
    last = (e as EventEnvelope).seq;
  }
  if (events.length === 0 && skipped.length === 0) hasMore = false;
  // The head is the server's (or the last seq it sent), never `since`: clients ask the head with a
  // `since` past any seq.
  const page: CheckedPage = { events, head: last > since ? Math.max(raw.head, last) : raw.head, hasMore, skipped };
  if (raw.snapshot !== undefined && raw.snapshot !== null) {
    const s = raw.snapshot;
    if (isObj(s) && isCount(s.seq) && 'state' in s) page.snapshot = { seq: s.seq, state: s.state };
    else console.warn(`[pulsekit] dropped a malformed snapshot of ${topic} from the server`);
  }
  return page;
}

/** Parses an error body `{"error":{code,message,retryable}}`; null when it is not one. */
export function errorBodyOf(raw: unknown): { code: string; message: string; retryable: boolean } | null {
  const e = isObj(raw) ? raw.error : undefined;
  if (!isObj(e) || typeof e.code !== 'string') return null;
  return { code: e.code, message: typeof e.message === 'string' ? e.message : e.code, retryable: e.retryable === true };
}

/** Endpoint URL (absolute) or null when it cannot be one; resolves relative endpoints against the page. */
export function parseEndpoint(endpoint: string, protocols: readonly string[]): URL | null {
  try {
    const base = typeof location !== 'undefined' ? location.href : undefined;
    const url = new URL(endpoint, base);
    if (!protocols.includes(url.protocol)) return null;
    url.hash = '';
    return url;
  } catch {
    return null;
  }
}

/** `{endpoint}/v1{path}` keeping the endpoint's own query parameters, plus `query`. */
export function apiUrl(base: URL, path: string, query: Record<string, string | number> = {}): string {
  const url = new URL(base.href);
  url.pathname = `${base.pathname.replace(/\/+$/, '')}/v1${path}`;
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
  return url.href;
}

/** Any error as a LinkError (unknown errors count as network trouble). */
export function toLinkError(err: unknown): LinkError {
  if (err instanceof LinkError) return err;
  if (err instanceof TransportError) return new LinkError(err.retryable ? 'retry' : 'fatal', err.code, err.message);
  return new LinkError('retry', 'offline', (err as Error)?.message ?? String(err));
}

/** The TransportError a caller sees for a LinkError. */
export function publicError(err: LinkError): TransportError {
  if (err.kind === 'auth') return new TransportError('unauthorized', `The server refused the token: ${err.message}`, false);
  return new TransportError(err.code, err.message, err.kind === 'retry');
}

/** A checked page as a FetchResult (without the seqs of dropped events). */
export function publicPage(page: CheckedPage): FetchResult {
  const out: FetchResult = { events: page.events, head: page.head, hasMore: page.hasMore };
  if (page.snapshot) out.snapshot = page.snapshot;
  return out;
}
