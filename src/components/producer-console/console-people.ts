import type { Actor, Role } from '../../core/protocol/wire.js';
import type { HelpState } from '../help-button/help-types.js';
import type { PersonStatus, StatusState } from '../help-button/status-model.js';

/** Most people one render lists: a class of 2,000 stays cheap; the filter finds the rest. */
export const PEOPLE_SHOWN = 200;

/** How the list of people is ordered. */
export type PeopleSort = 'name' | 'role' | 'connection';

/** One person in the room as the console lists them. */
export interface PersonRow {
  id: string;
  name: string;
  role: Role;
  /** Whether the transport's presence lists them now. */
  present: boolean;
  /** Their latest connection report (pages with `<pk-help-button report-status>`), else null. */
  status: PersonStatus | null;
  /** Status of their latest help request that is still open, else null. */
  help: 'open' | 'acknowledged' | null;
}

const ROLE_ORDER: Record<Role, number> = { producer: 0, facilitator: 1, participant: 2 };

/** Trouble first: gone, then waiting actions, then everyone else. */
const trouble = (p: PersonRow) => (!p.present ? 0 : p.status && p.status.queued > 0 ? 1 : 2);

/**
 * Everyone present or known from a connection report, filtered by name (case- and
 * accent-insensitive), sorted, and cut to `PEOPLE_SHOWN`: `rows` to render and `total` matching.
 * One pass over each source, so the cost stays linear in the class and the queue.
 */
export function peopleRows(
  present: readonly Actor[],
  help: HelpState | null,
  status: StatusState | null,
  filter: string,
  sort: PeopleSort,
): { rows: PersonRow[]; total: number } {
  const openHelp = new Map<string, 'open' | 'acknowledged'>();
  for (const r of help?.requests ?? []) if (r.status === 'open' || r.status === 'acknowledged') openHelp.set(r.who.id, r.status);
  const reports = status?.people ?? {};
  const people = new Map<string, PersonRow>();
  for (const a of present)
    people.set(a.id, {
      id: a.id,
      name: a.name,
      role: a.role,
      present: true,
      status: Object.hasOwn(reports, a.id) ? reports[a.id]! : null,
      help: null,
    });
  for (const [id, s] of Object.entries(reports))
    if (!people.has(id)) people.set(id, { id, name: s.name, role: s.role, present: false, status: s, help: null });
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const needle = fold(filter.trim());
  const matching = [...people.values()].filter((p) => !needle || fold(p.name).includes(needle));
  const byName = (a: PersonRow, b: PersonRow) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  const order: Record<PeopleSort, (a: PersonRow, b: PersonRow) => number> = {
    name: byName,
    role: (a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || byName(a, b),
    connection: (a, b) => trouble(a) - trouble(b) || byName(a, b),
  };
  matching.sort(order[sort] ?? byName);
  const rows = matching.slice(0, PEOPLE_SHOWN);
  for (const row of rows) row.help = openHelp.get(row.id) ?? null;
  return { rows, total: matching.length };
}
