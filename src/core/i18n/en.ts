import type { Fmt } from './format.js';

/**
 * English strings every widget shares (connection status, generic errors): the source catalog of the
 * core. Its shape is the `CoreCatalog` type every other locale must satisfy.
 */
export const en = {
  statusConnecting: 'Connecting…',
  statusOffline: 'Offline: your actions are saved and will be sent when you are back.',
  statusFailed: 'Cannot reach the session.',
  queued: (p: { n: number }, f: Fmt) => f.plural(p.n, { one: '# action waiting to be sent', other: '# actions waiting to be sent' }),
  actNoSession: 'Not connected to the session yet: nothing was sent. Try again in a moment.',
  dismiss: 'Dismiss',
  pendingSaving: 'Saving…',
  pendingNotSaved: 'Not saved on this device: keep this page open until it is sent.',
  errForbidden: 'Only a facilitator can do that.',
  errRateLimited: 'You are going a bit fast; your action will be retried.',
  errOutboxFull: 'Too many actions are waiting to be sent; please wait for the connection.',
  errGeneric: (p: { message: string }) => `Your action was not accepted: ${p.message}`,
};

/** Shape of the core strings, in every locale. */
export type CoreCatalog = typeof en;
