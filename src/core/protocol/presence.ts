import type { Presence } from './transport.js';

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
