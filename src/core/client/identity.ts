import { newOpId } from '../protocol/ids.js';
import { isRole, type Actor, type Role } from '../protocol/wire.js';

/** What a host may say about the person at this browser. */
export interface IdentityInit {
  /** Participant id from the host (SSO); otherwise a stable id per browser and room is made. */
  id?: string;
  /** Display name. */
  name?: string;
  /** Role in the room; defaults to participant. */
  role?: Role;
}

const memoryIds = new Map<string, string>();

/**
 * A stable participant id for this browser and room, kept in localStorage. Where storage is
 * blocked (sandboxed iframes, strict privacy modes) the id lives for the page only.
 */
export function participantIdFor(room: string): string {
  const key = `pulsekit:v1:participant:${room}`;
  try {
    const existing = localStorage.getItem(key);
    if (existing) return existing;
    const id = newOpId();
    localStorage.setItem(key, id);
    return id;
  } catch {
    let id = memoryIds.get(key);
    if (!id) memoryIds.set(key, (id = newOpId()));
    return id;
  }
}

/** Resolves a full actor for a room from what the host gave. */
export function resolveIdentity(room: string, init: IdentityInit = {}): Actor {
  const role: Role = isRole(init.role) ? init.role : 'participant';
  return { id: init.id || participantIdFor(room), name: (init.name ?? '').slice(0, 80), role };
}
