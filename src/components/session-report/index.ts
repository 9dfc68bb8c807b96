import { defineElement, type DefineOptions } from '../../core/lit/define.js';
import { PkSessionReport } from './pk-session-report.js';

/** `<pk-session-report>` and its pure report model. Side-effect free; import ./define.js to register. */
export { PkSessionReport };
export type { PkReportExportDetail } from './pk-session-report.js';
export { buildReport, addAttendance, REPORT_MODELS, TIMELINE_POINTS } from './report-model.js';
export type * from './report-model.js';
export { parseReportTopics, REPORT_KINDS, type ReportKind } from './report-topics.js';
export { tablesWithRows, type ReportTable, type ReportTableId } from './report-tables.js';
export { tableCsv, reportJson } from './report-csv.js';

/** Registers `<pk-session-report>` (or `<prefix-session-report>`). Safe to call twice. */
export function defineSessionReport(options?: DefineOptions): string {
  return defineElement('session-report', PkSessionReport, options);
}

// Types only: document.querySelector('pk-…') and friends know every element class.
export type {} from '../../tag-name-map.js';
