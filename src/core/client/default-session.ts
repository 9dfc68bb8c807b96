import { pageSingleton } from '../protocol/page-singleton.js';
import { SessionClient } from './session-client.js';
import { LocalTransport } from '../transports/local-transport.js';

/** The room widgets use when no `<pk-session>` says otherwise. */
export const DEFAULT_ROOM = 'default';

/** How long an unused default session stays open, so a widget moved or re-rendered keeps it. */
const LINGER_MS = 1000;

interface Entry {
  session: SessionClient;
  /** Widgets using it now. */
  leases: number;
  /** Kept for good: host code asked for it through `defaultSession()`. */
  pinned: boolean;
  closing?: ReturnType<typeof setTimeout>;
}

// Page-wide, so every copy of this version on the page shares one session per room.
const registry = (): Map<string, Entry> => pageSingleton('default-sessions', () => new Map());

function entryFor(room: string): Entry {
  const sessions = registry();
  let entry = sessions.get(room);
  if (!entry) {
    entry = { session: new SessionClient({ room, transport: new LocalTransport() }), leases: 0, pinned: false };
    sessions.set(room, entry);
    void entry.session.start();
  }
  clearTimeout(entry.closing);
  return entry;
}

/**
 * The embedded default: a session on the local transport (IndexedDB + BroadcastChannel), shared by
 * every widget of the room on this page, live across the browser's tabs. Stays open for the page's
 * life once asked for here.
 */
export function defaultSession(room = DEFAULT_ROOM): SessionClient {
  const entry = entryFor(room);
  entry.pinned = true;
  return entry.session;
}

/** A widget's use of the default session; `release()` when it joins a provider or leaves the page. */
export interface DefaultSessionLease {
  readonly session: SessionClient;
  release(): void;
}

/**
 * The default session for a widget that has no `<pk-session>`. When the last widget lets go (its
 * provider arrived, or it left the page) the session closes, and with it the local database, so a
 * page whose provider was only late keeps nothing open it did not ask for.
 */
export function leaseDefaultSession(room = DEFAULT_ROOM): DefaultSessionLease {
  const entry = entryFor(room);
  entry.leases++;
  let released = false;
  return {
    session: entry.session,
    release() {
      if (released) return;
      released = true;
      if (--entry.leases > 0 || entry.pinned) return;
      entry.closing = setTimeout(() => {
        if (entry.leases > 0 || entry.pinned || registry().get(room) !== entry) return;
        registry().delete(room);
        void entry.session.close();
      }, LINGER_MS);
    },
  };
}
