import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { virtualize as Virtualize } from '@lit-labs/virtualizer/virtualize.js';
import { parseSort, PEOPLE_COLUMNS, PEOPLE_SHOWN, type PersonRow } from './console-people.js';

type Column = (typeof PEOPLE_COLUMNS)[number];

/** What the table of people needs from the console. */
export interface PeopleView {
  rows: PersonRow[];
  sort: string;
  /** The virtualizer's directive once loaded; undefined while loading or when it failed (then the first rows only). */
  virtualize: typeof Virtualize | undefined;
  /** Column headings, in the console's language. */
  heading: Record<Column, string>;
  /** A person's cells other than name and role headings, already in words. */
  cell: Record<Exclude<Column, 'name'>, (p: PersonRow) => string>;
  more: (n: number) => string;
  sortBy: (column: Column) => void;
}

/**
 * The table of people (ARIA table roles on a grid, since the virtualizer positions its rows): a
 * heading per column that sorts by it (again: the other way), and only the rows in view rendered,
 * so 2,000 people keep a few dozen rows in the DOM. Before the virtualizer loads, or if it cannot,
 * the first `PEOPLE_SHOWN` rows.
 */
export function renderPeople(v: PeopleView): TemplateResult {
  const { column, descending } = parseSort(v.sort);
  const row = (p: PersonRow, i: number) =>
    html`<div role="row" class="row" aria-rowindex=${i + 2} data-id=${p.id}>
      <div role="cell"><bdi>${p.name}</bdi></div>
      ${PEOPLE_COLUMNS.slice(1).map((c) => html`<div role="cell">${v.cell[c as Exclude<Column, 'name'>](p)}</div>`)}
    </div>`;
  const shown = v.virtualize ? v.rows : v.rows.slice(0, PEOPLE_SHOWN);
  return html`<div role="table" part="people" aria-labelledby="people-title" aria-rowcount=${v.rows.length + 1}>
      <div role="rowgroup">
        <div role="row" class="row head-row" aria-rowindex="1">
          ${PEOPLE_COLUMNS.map(
            (c) =>
              html`<div role="columnheader" aria-sort=${c === column ? (descending ? 'descending' : 'ascending') : 'none'}>
                <button type="button" data-sort=${c} @click=${() => v.sortBy(c)}>${v.heading[c]}</button>
              </div>`,
          )}
        </div>
      </div>
      <div role="rowgroup" class="rows" tabindex="0" aria-labelledby="people-title">
        ${v.virtualize ? v.virtualize({ items: shown, renderItem: row, keyFunction: (p) => p.id, scroller: true }) : repeat(shown, (p) => p.id, row)}
      </div>
    </div>
    ${v.rows.length > shown.length ? html`<p class="note">${v.more(v.rows.length - shown.length)}</p>` : nothing}`;
}
