import type { SessionReport } from './report-model.js';

/** Ids of the report's tables, each its own CSV download. */
export type ReportTableId = 'attendance' | 'participation' | 'polls' | 'engagement' | 'surveys' | 'threads';

/** A table the report offers as CSV: its id (the file name's) and its heading in the user's language. */
export interface ReportTable {
  id: ReportTableId;
  title: string;
}

/** Which tables have rows in this report, in the report's order. */
export function tablesWithRows(report: SessionReport): ReportTableId[] {
  const ids: ReportTableId[] = [];
  if (report.attendance.samples.length) ids.push('attendance');
  if (report.participation.length) ids.push('participation');
  if (report.polls.length) ids.push('polls');
  if (report.engagement.some((e) => e.points.length || e.markers.length)) ids.push('engagement');
  if (report.surveys.length) ids.push('surveys');
  if (report.threads.length) ids.push('threads');
  return ids;
}
