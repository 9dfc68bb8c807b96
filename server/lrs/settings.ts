/**
 * Settings of xAPI delivery to a learning records store (docs/xapi.md, "From the reference server"):
 * the options `startServer({ lrs })` takes, their defaults, and how `PULSEKIT_LRS_*` and
 * `PULSEKIT_XAPI_*` are read from the environment (server/config.ts calls `lrsFromEnv`).
 */
import { checkXapiOptions } from '../../src/xapi.js';
import { ConfigError } from '../config-error.js';

/** Where statements go and how they are made. */
export interface LrsOptions {
  /** The LRS's xAPI endpoint; statements are POSTed to `<url>/statements`. `PULSEKIT_LRS_URL`. */
  url: string;
  /** HTTP Basic credentials (an LRS's key and secret). `PULSEKIT_LRS_USERNAME` / `PULSEKIT_LRS_PASSWORD`. */
  username?: string;
  password?: string;
  /** A bearer token instead of Basic credentials. `PULSEKIT_LRS_TOKEN`. */
  token?: string;
  /** Absolute IRI under which activity ids are made. Default `<server URL>/xapi`. `PULSEKIT_XAPI_BASE`. */
  baseIri?: string;
  /** `homePage` of participant accounts. Default: the base IRI. `PULSEKIT_XAPI_HOME_PAGE`. */
  homePage?: string;
  /** Statements per request. Default 50. `PULSEKIT_LRS_BATCH`. */
  batchSize?: number;
  /** How long one request may take before it counts as failed. Default 30,000 ms. */
  timeoutMs?: number;
  /** Backoff while the LRS is unavailable: first delay and ceiling (ms). Default 1,000 / 300,000. `PULSEKIT_LRS_RETRY`. */
  retry?: { baseMs?: number; capMs?: number };
  /** How often an idle forwarder looks for statements (other processes', or after a restart). Default 2,000 ms. */
  idlePollMs?: number;
}

export const LRS_DEFAULTS = { batchSize: 50, timeoutMs: 30_000, baseMs: 1000, capMs: 300_000, idlePollMs: 2000 } as const;

/** Most statements per request (Learning Locker takes 5 MB bodies; a statement is 1–3 KB). */
export const MAX_BATCH = 1000;

/** Throws a specific error for settings that cannot work. */
export function checkLrsOptions(o: LrsOptions): void {
  let url: URL;
  try {
    url = new URL(o.url);
  } catch {
    throw new ConfigError(`PULSEKIT_LRS_URL="${o.url}" is not a URL (for example https://lrs.example/xapi/).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(`PULSEKIT_LRS_URL="${o.url}" must be an http or https URL.`);
  if (url.username || url.password)
    throw new ConfigError('PULSEKIT_LRS_URL must not hold credentials: set PULSEKIT_LRS_USERNAME and PULSEKIT_LRS_PASSWORD.');
  if (o.token && (o.username || o.password)) throw new ConfigError('Set PULSEKIT_LRS_TOKEN or PULSEKIT_LRS_USERNAME/PASSWORD, not both.');
  if ((o.username === undefined) !== (o.password === undefined))
    throw new ConfigError('PULSEKIT_LRS_USERNAME and PULSEKIT_LRS_PASSWORD go together.');
  if (o.batchSize !== undefined && !(Number.isSafeInteger(o.batchSize) && o.batchSize >= 1 && o.batchSize <= MAX_BATCH)) {
    throw new ConfigError(`PULSEKIT_LRS_BATCH="${o.batchSize}" must be a whole number from 1 to ${MAX_BATCH}.`);
  }
  try {
    if (o.baseIri !== undefined || o.homePage !== undefined)
      checkXapiOptions({ baseIri: o.baseIri ?? 'https://placeholder.invalid/', homePage: o.homePage });
  } catch (err) {
    throw new ConfigError(
      `${(err as Error).message.replace('xAPI baseIri', 'PULSEKIT_XAPI_BASE').replace('xAPI homePage', 'PULSEKIT_XAPI_HOME_PAGE')}`,
    );
  }
}

/** `PULSEKIT_LRS_RETRY`: `1000/300000` (first delay / ceiling, ms). */
export function parseRetry(raw: string): { baseMs: number; capMs: number } {
  const m = /^\s*(\d+)\s*[/,]\s*(\d+)\s*$/.exec(raw);
  const baseMs = m ? Number(m[1]) : NaN;
  const capMs = m ? Number(m[2]) : NaN;
  if (!m || baseMs < 1 || capMs < baseMs)
    throw new ConfigError(
      `PULSEKIT_LRS_RETRY="${raw}" must look like 1000/300000 (first delay / ceiling in ms, the ceiling at least the first).`,
    );
  return { baseMs, capMs };
}

/** The LRS settings in the environment, or undefined without `PULSEKIT_LRS_URL` (then no other LRS setting may be set). */
export function lrsFromEnv(env: Record<string, string | undefined>): LrsOptions | undefined {
  const get = (name: string) => (env[name]?.trim() ? env[name]!.trim() : undefined);
  const url = get('PULSEKIT_LRS_URL');
  if (!url) {
    const stray = [
      'PULSEKIT_LRS_USERNAME',
      'PULSEKIT_LRS_PASSWORD',
      'PULSEKIT_LRS_TOKEN',
      'PULSEKIT_LRS_BATCH',
      'PULSEKIT_LRS_RETRY',
      'PULSEKIT_XAPI_BASE',
      'PULSEKIT_XAPI_HOME_PAGE',
    ].find(get);
    if (stray) throw new ConfigError(`${stray} is set but PULSEKIT_LRS_URL is not: statements are only forwarded to an LRS.`);
    return undefined;
  }
  const o: LrsOptions = { url };
  const username = get('PULSEKIT_LRS_USERNAME');
  const password = env.PULSEKIT_LRS_PASSWORD; // a password may have spaces at either end
  if (username !== undefined) o.username = username;
  if (password) o.password = password;
  const token = get('PULSEKIT_LRS_TOKEN');
  if (token) o.token = token;
  const base = get('PULSEKIT_XAPI_BASE');
  if (base) o.baseIri = base;
  const homePage = get('PULSEKIT_XAPI_HOME_PAGE');
  if (homePage) o.homePage = homePage;
  const batch = get('PULSEKIT_LRS_BATCH');
  if (batch !== undefined) o.batchSize = Number(batch);
  const retry = get('PULSEKIT_LRS_RETRY');
  if (retry) o.retry = parseRetry(retry);
  checkLrsOptions(o);
  return o;
}
