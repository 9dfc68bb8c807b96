import { csvCell } from '../../core/protocol/csv.js';
import type { SessionReport } from './report-model.js';
import type { ReportTableId } from './report-tables.js';

const iso = (at: number) => new Date(at).toISOString();
const line = (cells: Array<string | number | null | undefined>) => cells.map(csvCell).join(',');
const rate = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 1000);

/**
 * One table of the report as CSV (RFC 4180, formula-safe through the core's `csvCell`), with a
 * header row of stable English column names (spreadsheets and scripts key on them).
 */
export function tableCsv(report: SessionReport, id: ReportTableId): string {
  const rows: Array<Array<string | number | null | undefined>> = [];
  switch (id) {
    case 'attendance':
      rows.push(['time', 'present']);
      for (const s of report.attendance.samples) rows.push([iso(s.at), s.present]);
      break;
    case 'participation':
      rows.push(['topic', 'kind', 'participants', 'exact', 'present', 'rate']);
      for (const p of report.participation)
        rows.push([p.topic, p.kind, p.participants, p.exact ? 'yes' : 'at least', report.present, rate(p.rate)]);
      break;
    case 'polls':
      rows.push(['topic', 'round', 'question', 'kind', 'responded', 'answer', 'count', 'percent']);
      for (const r of report.polls) {
        if (r.rows.length === 0) rows.push([r.topic, r.round, r.question, r.kind, r.responded, null, null, null]);
        for (const a of r.rows)
          rows.push([r.topic, r.round, r.question, r.kind, r.responded, a.label, a.count, Math.round(a.percent * 10) / 10]);
      }
      break;
    case 'engagement':
      rows.push(['topic', 'time', 'index', 'marker']);
      for (const e of report.engagement) {
        const events = [
          ...e.points.map((p) => ({ at: p.at, index: p.index, marker: null as string | null })),
          ...e.markers.map((m) => ({ at: m.at, index: null, marker: m.label })),
        ];
        for (const x of events.sort((a, b) => a.at - b.at)) rows.push([e.topic, iso(x.at), x.index, x.marker]);
      }
      break;
    case 'surveys':
      rows.push(['topic', 'responses', 'rate', 'closed', 'question', 'type', 'answers', 'average', 'nps']);
      for (const s of report.surveys) {
        const head = [s.topic, s.responses, rate(s.rate), s.closed ? 'yes' : 'no'];
        if (!s.questions?.length) rows.push([...head, null, null, null, null, null]);
        for (const q of s.questions ?? [])
          rows.push([...head, q.title, q.type, q.answers, q.average === null ? null : Math.round(q.average * 100) / 100, q.nps]);
      }
      break;
    case 'threads':
      rows.push(['topic', 'posts', 'replies', 'questions', 'answered', 'unanswered', 'open question', 'upvotes']);
      for (const t of report.threads) {
        const head = [t.topic, t.posts, t.replies, t.questions, t.answered, t.unanswered.length];
        if (t.unanswered.length === 0) rows.push([...head, null, null]);
        for (const q of t.unanswered) rows.push([...head, q.body, q.votes]);
      }
      break;
  }
  return rows.map(line).join('\r\n') + '\r\n';
}

/** The whole report as one JSON document. */
export const reportJson = (report: SessionReport): string =>
  JSON.stringify({ format: 'pulsekit-session-report', version: 1, ...report }, null, 2);
