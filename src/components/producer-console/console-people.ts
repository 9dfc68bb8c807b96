import type { Actor, Role } from '../../core/protocol/wire.js';
import type { HelpState } from '../help-button/help-types.js';

/** Most people one render lists: a class of 2,000 stays cheap; the filter finds the rest. */
export const PEOPLE_SHOWN = 200;

/** How the list of people is ordered. */
export type PeopleSort = 'name' | 'role';

/** One person in the room as the console lists them. */
export interface PersonRow {
  id: string;
  name: string;
  role: Role;
  /** Status of their latest help request that is still open, else null. */
  help: 'open' | 'acknowledged' | null;
}

const ROLE_ORDER: Record<Role, number> = { producer: 0, facilitator: 1, participant: 2 };

/**
 * The people present, filtered by name (case- and accent-insensitive), sorted, and cut to
 * `PEOPLE_SHOWN`: `rows` to render and `total` matching. One pass over the help queue, so the cost
 * stays linear in the class and the queue.
 */
export function peopleRows(
  present: readonly Actor[],
  help: HelpState | null,
  filter: string,
  sort: PeopleSort,
): { rows: PersonRow[]; total: number } {
  const openHelp = new Map<string, 'open' | 'acknowledged'>();
  for (const r of help?.requests ?? []) if (r.status === 'open' || r.status === 'acknowledged') openHelp.set(r.who.id, r.status);
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const needle = fold(filter.trim());
  const matching = present.filter((a) => !needle || fold(a.name).includes(needle));
  const byName = (a: Actor, b: Actor) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  matching.sort(sort === 'role' ? (a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || byName(a, b) : byName);
  const rows = matching.slice(0, PEOPLE_SHOWN).map((a) => ({ id: a.id, name: a.name, role: a.role, help: openHelp.get(a.id) ?? null }));
  return { rows, total: matching.length };
}
