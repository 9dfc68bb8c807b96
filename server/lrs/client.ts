/**
 * One request to the LRS: `POST <endpoint>/statements` with a JSON array of statements, the
 * `X-Experience-API-Version` header and the configured credentials (xAPI 1.0.3, Communication
 * §2.1.2), and what its answer means for the statements in it:
 *
 * - 200 (ids) or 204: stored.
 * - 409: the LRS already has a statement with one of these ids. Our ids are stable (room, topic,
 *   opId), so for a statement sent alone it means "already stored": done.
 * - 400, 413 and the other 4xx below: the LRS refuses these statements; sent alone, refused for good.
 * - 429, 5xx, 408, network errors and timeouts: the LRS cannot take them now; retry later
 *   (`Retry-After` says how much later at least).
 * - 401, 403, 404, 405 (and a redirect that led nowhere): nothing about the statements, everything about the settings (credentials,
 *   endpoint); retried like an outage, with an error in the log, so a typo in PULSEKIT_LRS_URL does
 *   not move the whole queue to the parked statements.
 */
import { VERSION } from '../../src/core/protocol/version.js';
import type { LrsOptions } from './settings.js';

export type LrsAnswer =
  | { kind: 'stored'; status: number }
  | { kind: 'conflict'; status: number; reason: string }
  | { kind: 'refused'; status: number; reason: string }
  | { kind: 'unavailable'; status: number | null; reason: string; retryAfterMs?: number; settings?: boolean };

/** The xAPI version we speak. */
export const XAPI_VERSION = '1.0.3';
/** Longest Retry-After we wait for: a wrong header must not stop delivery for days. */
const MAX_RETRY_AFTER_MS = 3_600_000;
/** Answers that say the settings are wrong, not the statements. */
const SETTINGS_STATUSES = new Set([401, 403, 404, 405]);

/** `Retry-After` in ms (seconds, or an HTTP date), or undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const s = header.trim();
  const ms = /^\d+$/.test(s) ? Number(s) * 1000 : Date.parse(s) - now;
  return Number.isFinite(ms) ? Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms)) : undefined;
}

/** `<endpoint>/statements`, whether or not the endpoint ends with a slash. */
export const statementsUrl = (endpoint: string) => `${endpoint.replace(/\/+$/, '')}/statements`;

export class LrsClient {
  readonly #url: string;
  readonly #headers: Record<string, string>;

  constructor(private readonly o: LrsOptions & { timeoutMs: number }) {
    this.#url = statementsUrl(o.url);
    this.#headers = {
      'Content-Type': 'application/json',
      'X-Experience-API-Version': XAPI_VERSION,
      'User-Agent': `pulsekit-server/${VERSION}`,
    };
    if (o.token) this.#headers.Authorization = `Bearer ${o.token}`;
    else if (o.username !== undefined)
      this.#headers.Authorization = `Basic ${Buffer.from(`${o.username}:${o.password ?? ''}`).toString('base64')}`;
  }

  /** Sends statements (JSON texts) in one request; `signal` aborts it (shutdown). Never throws. */
  async post(bodies: readonly string[], signal?: AbortSignal): Promise<LrsAnswer> {
    const timeout = AbortSignal.timeout(this.o.timeoutMs);
    let res: Response;
    let text: string;
    try {
      res = await fetch(this.#url, {
        method: 'POST',
        headers: this.#headers,
        body: `[${bodies.join(',')}]`,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      text = await res.text();
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      const reason = timeout.aborted ? `no answer within ${this.o.timeoutMs} ms` : (e.cause?.code ?? e.message);
      return { kind: 'unavailable', status: null, reason };
    }
    const status = res.status;
    if (status >= 200 && status < 300) return { kind: 'stored', status };
    const reason = `${status} ${text.replace(/\s+/g, ' ').trim().slice(0, 300)}`.trim();
    if (status === 409) return { kind: 'conflict', status, reason };
    if (status === 429 || status === 408 || status >= 500)
      return { kind: 'unavailable', status, reason, retryAfterMs: retryAfterMs(res.headers.get('retry-after')) };
    if (SETTINGS_STATUSES.has(status) || status < 400) return { kind: 'unavailable', status, reason, settings: true };
    return { kind: 'refused', status, reason };
  }
}
