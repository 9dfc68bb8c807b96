/** CSV export of survey responses: pure, so it is tested without a browser download. */
import { csvCell } from '../../core/protocol/csv.js';
import { allQuestions, fitting } from './survey-stats.js';
import type { SurveyDefinition, SurveyResponse } from './survey-types.js';

/** One CSV cell, formulas defused (shared by every widget's export). */
export { csvCell };

const iso = (ms: number | undefined): string => (typeof ms === 'number' && Number.isFinite(ms) ? new Date(ms).toISOString() : '');

/**
 * Every response as CSV (RFC 4180, CRLF line ends), oldest first. Columns: response id, submitted
 * and updated times (ISO 8601, UTC), room, session, one column per hidden field, participant id and
 * name (only when some response carries them), then one column per question (`id`, or `id.row` for
 * matrix rows). Multiple choices are joined with "; ", rankings with " > ", best first.
 */
export function toCsv(def: SurveyDefinition, responses: SurveyResponse[]): string {
  const list = [...responses].sort((a, b) => a.at - b.at || (a.rid < b.rid ? -1 : 1));
  const hidden = [...new Set(list.flatMap((r) => Object.keys(r.context?.hidden ?? {})))].sort();
  const named = list.some((r) => r.who);
  const qs = allQuestions(def);
  const head = [
    'response',
    'submitted_at',
    'updated_at',
    'room',
    'session',
    ...hidden.map((h) => `hidden.${h}`),
    ...(named ? ['participant_id', 'participant_name'] : []),
  ];
  for (const q of qs) {
    if (q.type === 'matrix') for (const row of q.rows!) head.push(`${q.id}.${row.id}`);
    else head.push(q.id);
  }
  const lines = [head.map(csvCell).join(',')];
  for (const r of list) {
    const cells: Array<string | number | undefined> = [r.rid, iso(r.at), iso(r.updatedAt), r.context?.room, r.context?.session];
    for (const h of hidden) cells.push(r.context?.hidden && Object.hasOwn(r.context.hidden, h) ? r.context.hidden[h] : '');
    if (named) cells.push(r.who?.id ?? '', r.who?.name ?? '');
    for (const q of qs) {
      const a = fitting(q, r);
      if (q.type === 'matrix')
        for (const row of q.rows!) cells.push(a && Object.hasOwn(a as object, row.id) ? (a as Record<string, number>)[row.id] : '');
      else cells.push(Array.isArray(a) ? a.join(q.type === 'ranking' ? ' > ' : '; ') : (a as string | number | undefined));
    }
    lines.push(cells.map(csvCell).join(','));
  }
  const crlf = '\r\n';
  return lines.join(crlf) + crlf;
}
