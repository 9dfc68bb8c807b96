/**
 * Pure builders for the facilitator's poll export: every round the poll keeps (the finished ones in
 * `history` and the current one), as CSV for spreadsheets and JSON for other tools. One row per
 * option, scale point or (text polls) distinct answer, with its votes and its share of the people
 * who answered that round. Counts only: the export names nobody. Nothing here touches the DOM.
 */

import { csvCell } from '../../core/protocol/csv.js';
import type { PollConfig, PollKind, PollResultRow, PollState } from './poll-types.js';

/** What an export is about. */
export interface PollExportInfo {
  /** The poll's id. */
  pollId: string;
  /** When the export was made (ms since epoch). */
  exportedAt: number;
  /**
   * The page's own configuration (question, options), for rounds of a self-serve poll that no
   * facilitator opened: their state has no configuration of its own.
   */
  fallback?: PollConfig | null;
  /**
   * The model's `resultRows` (from `pulsekit/pulse-poll`). Passed in rather than imported: the
   * facilitator chunk that exports then imports nothing from the widget's file at run time, which
   * would make the bundler split that file (docs/decisions.md §12).
   */
  rowsOf: (state: PollState, config: PollConfig | null) => PollResultRow[];
}

/** One option (scale point, text answer) of one round. */
export interface PollExportOption {
  /** Option value, scale point, or a text answer's normalized (lowercase) form. */
  value: string;
  /** Text people read: the option's label, or the text answer as first written. */
  label: string;
  votes: number;
  /** Share of the people who answered this round, in percent (0-100, one decimal). */
  share: number;
}

/** One round. */
export interface PollExportRound {
  round: number;
  question: string;
  kind: PollKind | null;
  /** People who answered. */
  responded: number;
  /** True for the round still running. */
  current: boolean;
  options: PollExportOption[];
}

/** The JSON export document. */
export interface PollExport {
  format: 'pulsekit-poll';
  version: 1;
  pollId: string;
  /** ISO 8601 (UTC). */
  exportedAt: string;
  rounds: PollExportRound[];
}

const share = (votes: number, responded: number): number => (responded > 0 ? Math.round((votes / responded) * 1000) / 10 : 0);

/** Builds the export document of a poll: its rounds, oldest first. */
export function pollExport(state: PollState, info: PollExportInfo): PollExport {
  const current = { round: state.round, config: state.config, tally: state.tally, responded: state.responded, texts: state.texts };
  const rounds = [...state.history, current].map((r): PollExportRound => {
    const config = r.config ?? info.fallback ?? null;
    // resultRows reads only the round's own numbers (tally, texts, responded) from the state.
    const rows = info.rowsOf({ ...state, ...r }, config);
    return {
      round: r.round,
      question: config?.question ?? '',
      kind: config?.kind ?? null,
      responded: r.responded,
      current: r === current,
      options: rows.map((row) => ({ value: row.value, label: row.label, votes: row.count, share: share(row.count, r.responded) })),
    };
  });
  return { format: 'pulsekit-poll', version: 1, pollId: info.pollId, exportedAt: new Date(info.exportedAt).toISOString(), rounds };
}

/** The poll as a JSON string (pretty-printed). */
export function pollToJson(state: PollState, info: PollExportInfo): string {
  return `${JSON.stringify(pollExport(state, info), null, 2)}\n`;
}

/**
 * The poll as CSV (RFC 4180, CRLF line ends), one row per option of each round, oldest round first.
 * Columns: round, question, kind, option (value), label, votes, share (percent of respondents),
 * responded. Cells a spreadsheet would run as formulas are defused (`csvCell`).
 */
export function pollToCsv(state: PollState, info: PollExportInfo): string {
  const rows: Array<Array<string | number>> = [['round', 'question', 'kind', 'option', 'label', 'votes', 'share', 'responded']];
  for (const r of pollExport(state, info).rounds) {
    for (const o of r.options) rows.push([r.round, r.question, r.kind ?? '', o.value, o.label, o.votes, o.share, r.responded]);
  }
  return rows.map((cells) => cells.map((c) => csvCell(c)).join(',')).join('\r\n') + '\r\n';
}

/** Detail of `pk-poll-export` (cancelable: cancel to handle the file yourself). */
export interface PkPollExportDetail {
  /** The poll's id. */
  pollId: string;
  format: 'csv' | 'json';
  /** Suggested file name, for example `poll-warmup.csv`. */
  filename: string;
  /** The file's text. */
  content: string;
}
