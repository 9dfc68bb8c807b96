import type { Actor, Role } from '../../core/protocol/wire.js';
import type { HelpState } from '../help-button/help-types.js';
import type { PersonStatus, StatusState } from '../help-button/status-model.js';

/** Rows rendered before the virtualizer has loaded (or when it could not): a screenful and more, never the class. */
export const PEOPLE_SHOWN = 200;

/** Columns the list of people can be ordered by. */
export const PEOPLE_COLUMNS = ['name', 'role', 'language', 'connection', 'queued', 'active', 'widgets', 'help'] as const;

/** A column to order by, ascending; prefixed with `-` for descending (`-active`: the latest activity first). */
export type PeopleSort = (typeof PEOPLE_COLUMNS)[number] | `-${(typeof PEOPLE_COLUMNS)[number]}`;

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
const HELP_ORDER = { open: 0, acknowledged: 1 } as const;

/** Trouble first: gone, then reconnecting, then waiting actions, then everyone else. */
const trouble = (p: PersonRow) => (!p.present ? 0 : p.status && p.status.state !== 'open' ? 1 : p.status && p.status.queued > 0 ? 2 : 3);

/** Sort keys per column; people without the datum go last in either direction. */
const KEYS: Record<(typeof PEOPLE_COLUMNS)[number], (p: PersonRow) => string | number | null> = {
  name: () => null,
  role: (p) => ROLE_ORDER[p.role],
  language: (p) => p.status?.language ?? null,
  connection: trouble,
  queued: (p) => p.status?.queued ?? null,
  active: (p) => p.status?.active ?? null,
  widgets: (p) => p.status?.widgets?.length ?? null,
  help: (p) => (p.help ? HELP_ORDER[p.help] : null),
};

/** The column and direction a `sort` value names (an unknown one: by name). */
export function parseSort(sort: string): { column: (typeof PEOPLE_COLUMNS)[number]; descending: boolean } {
  const descending = sort.startsWith('-');
  const column = (descending ? sort.slice(1) : sort) as (typeof PEOPLE_COLUMNS)[number];
  return (PEOPLE_COLUMNS as readonly string[]).includes(column) ? { column, descending } : { column: 'name', descending: false };
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * Everyone present or known from a connection report, filtered (name, language or a widget they
 * took part in; case- and accent-insensitive) and sorted: `rows` to render (all of them: the view
 * virtualizes) and `total` in the room. Linear passes plus one sort, so 2,000 people cost a few
 * milliseconds, and the console computes it at most once a second.
 */
export function peopleRows(
  present: readonly Actor[],
  help: HelpState | null,
  status: StatusState | null,
  filter: string,
  sort: string,
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
      help: openHelp.get(a.id) ?? null,
    });
  for (const [id, s] of Object.entries(reports))
    if (!people.has(id)) people.set(id, { id, name: s.name, role: s.role, present: false, status: s, help: openHelp.get(id) ?? null });
  const needle = fold(filter.trim());
  const matches = (p: PersonRow) =>
    !needle || [p.name, p.status?.language ?? '', ...(p.status?.widgets ?? [])].some((text) => fold(text).includes(needle));
  const rows = [...people.values()].filter(matches);
  const { column, descending } = parseSort(sort);
  const key = KEYS[column];
  const byName = (a: PersonRow, b: PersonRow) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  const sign = descending ? -1 : 1;
  rows.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka === kb || column === 'name') return sign * byName(a, b);
    if (ka === null) return 1;
    if (kb === null) return -1;
    return sign * (typeof ka === 'number' && typeof kb === 'number' ? ka - kb : String(ka).localeCompare(String(kb))) || byName(a, b);
  });
  return { rows, total: people.size };
}
