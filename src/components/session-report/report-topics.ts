import { kindOf } from '../../core/protocol/model.js';
import { isTopic } from '../../core/protocol/wire.js';

/** Kinds of topic a session report can read. */
export const REPORT_KINDS = ['poll', 'meter', 'survey', 'thread'] as const;

/** One of `REPORT_KINDS`. */
export type ReportKind = (typeof REPORT_KINDS)[number];

/** The kind of a topic the report can read, or null. */
export function reportKindOf(topic: string): ReportKind | null {
  const kind = kindOf(topic);
  return (REPORT_KINDS as readonly string[]).includes(kind) ? (kind as ReportKind) : null;
}

/**
 * Splits a `topics` attribute (`poll:warmup meter:class survey:after thread:qa`) into topic names,
 * in the author's order without repeats, or names the first one the report cannot read.
 */
export function parseReportTopics(value: string): { topics: string[]; problem: string | null } {
  const topics = [...new Set(value.split(/\s+/).filter(Boolean))];
  if (topics.length === 0)
    return {
      topics,
      problem: 'The session report needs a topics attribute listing the widgets to report on, like topics="poll:warmup meter:class".',
    };
  for (const t of topics) {
    if (!isTopic(t)) return { topics: [], problem: `topics: "${t}" is not a topic name like poll:warmup or thread:qa.` };
    if (!reportKindOf(t))
      return { topics: [], problem: `topics: the report cannot read "${kindOf(t)}" topics (it reads ${REPORT_KINDS.join(', ')}).` };
  }
  return { topics, problem: null };
}
