import type { Presence } from './transport.js';
import { canModerate, type Actor } from './wire.js';

/**
 * Participants present: distinct people with the role `participant`. Facilitators and producers run
 * the session and are never expected to answer, so every widget counts this, and only this, as the
 * people present ("3 of 5 responded", the meter's "5 participants present", a survey's response rate).
 * Null when the transport reports no presence. From a transport written before `participantCount`:
 * the participants in its list (facilitators see one), else its total `count`, staff included.
 */
export function presentParticipants(presence: Presence | null | undefined): number | null {
  if (!presence) return null;
  return presence.participantCount ?? presence.participants?.filter((a) => a.role === 'participant').length ?? presence.count;
}

/** Distinct participants among `present` (staff never counted): what an authority decides a quorum on. */
export function countParticipants(present: Iterable<Actor>): number {
  const ids = new Set<string>();
  for (const a of present) if (a.role === 'participant') ids.add(a.id);
  return ids.size;
}

/** Presence as `viewer` may see it: only facilitators and producers get the list of who is here. */
export function presenceFor(viewer: Actor, present: Iterable<Actor>): Presence {
  const byId = new Map<string, Actor>();
  for (const a of present) if (!byId.has(a.id)) byId.set(a.id, { id: a.id, name: a.name, role: a.role });
  const people = [...byId.values()];
  const presence: Presence = { count: byId.size, participantCount: people.filter((a) => a.role === 'participant').length };
  if (canModerate(viewer.role)) presence.participants = people;
  return presence;
}
