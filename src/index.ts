/** Pulsekit: side-effect free entry. Import `pulsekit/define` (or call defineAll) to register. */
import type { DefineOptions } from './core/lit/define.js';
import { definePulsePoll } from './components/pulse-poll/index.js';
import { defineSession } from './components/session/index.js';
import { defineEngagementMeter } from './components/engagement-meter/index.js';
import { defineSessionSurvey } from './components/session-survey/index.js';
import { defineDiscussionThread } from './components/discussion-thread/index.js';

export * from './core/index.js';
export * from './components/session/index.js';
export * from './components/pulse-poll/index.js';
export * from './components/engagement-meter/index.js';
export * from './components/session-survey/index.js';
export * from './components/discussion-thread/index.js';
// Types only: the staff-only report is its own entry (pulsekit/session-report), never in pulsekit.js.
export type { PkSessionReport, PkReportExportDetail } from './components/session-report/index.js';
// Types only: the help button and the staff-only console are their own entries (pulsekit/help-button,
// pulsekit/producer-console), never in pulsekit.js.
export type { PkHelpButton, PkHelpRequestDetail } from './components/help-button/index.js';
export type { PkProducerConsole } from './components/producer-console/index.js';
// Types only: <pk-notices> is its own entry (pulsekit/notices); every widget shows notices without it.
export type { PkNotices } from './components/notices/index.js';

/** Registers every Pulsekit element, optionally under another prefix. Safe to call twice. */
export function defineAll(options?: DefineOptions): string[] {
  // The provider first, so widgets find their session as soon as they upgrade.
  return [
    defineSession(options),
    definePulsePoll(options),
    defineEngagementMeter(options),
    defineSessionSurvey(options),
    defineDiscussionThread(options),
  ];
}

// Types only: document.querySelector('pk-…') and friends know every element class.
export type {} from './tag-name-map.js';
