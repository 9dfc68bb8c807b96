import { SessionClient } from './session-client.js';
import { LocalTransport } from './transports/local-transport.js';
import { VERSION } from './version.js';

/** The room widgets use when no `<pk-session>` says otherwise. */
export const DEFAULT_ROOM = 'default';

type Registry = Map<string, SessionClient>;
// Page-wide, but keyed by version: two Pulsekit copies on one page never share a session.
const KEY = `__pulsekit_default_sessions_${VERSION}`;

/**
 * The embedded default: a session on the local transport (IndexedDB + BroadcastChannel), shared by
 * every widget of the room on this page, live across the browser's tabs.
 */
export function defaultSession(room = DEFAULT_ROOM): SessionClient {
  const g = globalThis as unknown as Record<string, Registry | undefined>;
  const registry = (g[KEY] ??= new Map());
  let session = registry.get(room);
  if (!session) {
    session = new SessionClient({ room, transport: new LocalTransport() });
    registry.set(room, session);
    void session.start();
  }
  return session;
}
