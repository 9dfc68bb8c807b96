import type { SessionClient } from '../../core/client/session-client.js';
import { DIAG_STATES, DIAG_TRANSPORTS, type HelpDiagnostics } from './help-types.js';

/**
 * A browser's family from its user-agent string. Only the family leaves the browser, never the
 * string (it can tell a person apart from the class). Order matters: Edge and Opera say "Chrome" too,
 * Chrome says "Safari".
 */
export function browserFamily(ua: string): HelpDiagnostics['browser'] {
  if (/\bEdg(e|A|iOS)?\//.test(ua)) return 'edge';
  if (/\bOPR\/|\bOpera\b/.test(ua)) return 'opera';
  if (/\bSamsungBrowser\//.test(ua)) return 'samsung';
  if (/\bFirefox\/|\bFxiOS\//.test(ua)) return 'firefox';
  if (/\b(Headless)?Chrome\/|\bChromium\/|\bCriOS\//.test(ua)) return 'chrome';
  if (/\bSafari\//.test(ua)) return 'safari';
  return 'other';
}

/** The diagnostics of this browser and session, as a help request would carry them with consent. */
export function collectDiagnostics(session: SessionClient): HelpDiagnostics {
  const kind = session.transport.kind;
  const language = typeof navigator !== 'undefined' ? navigator.language : '';
  return {
    state: DIAG_STATES.includes(session.status) ? session.status : 'closed',
    transport: DIAG_TRANSPORTS.includes(kind as never) ? (kind as HelpDiagnostics['transport']) : 'other',
    queued: Math.min(session.queued, 1_000_000),
    language: /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(language) && language.length <= 35 ? language : 'und',
    browser: browserFamily(typeof navigator !== 'undefined' ? navigator.userAgent : ''),
  };
}
