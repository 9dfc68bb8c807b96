import type { Presence } from './transport.js';

/**
 * Participants present: distinct people with the role `participant`. Facilitators and producers run
 * the session and are never expected to answer, so every widget counts this, and only this, as the
 * people present ("3 of 5 responded", the meter's "5 participants present", a survey's response rate).
 * Null when the transport reports no presence. A transport that gives only the total `count` (one
 * written before `participantCount`) is taken at its word, staff included: the best it knows.
 */
export function presentParticipants(presence: Presence | null | undefined): number | null {
  if (!presence) return null;
  if (presence.participants) return new Set(presence.participants.filter((a) => a.role === 'participant').map((a) => a.id)).size;
  return presence.participantCount ?? presence.count;
}
