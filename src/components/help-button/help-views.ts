import { html, type TemplateResult } from 'lit';
import type { HelpStrings } from './i18n/en.js';
import type { HelpDiagnostics, HelpKind, HelpRequest } from './help-types.js';

/** The catalog key of each kind's label. */
export const KIND_LABELS: Record<HelpKind, keyof HelpStrings> = {
  cant_hear: 'helpKindCantHear',
  cant_see_screen: 'helpKindCantSeeScreen',
  answers_not_going_through: 'helpKindAnswersNotGoingThrough',
  other: 'helpKindOther',
};

/** Reject codes of the help queue and the strings that explain them. */
export const HELP_ERRORS: Readonly<Record<string, keyof HelpStrings>> = { text_required: 'helpTextRequired' };

/** A catalog's `t`, loosely typed so both help elements' catalogs fit. */
export type Say = (key: string, params?: Record<string, unknown>) => string;

/** What the person who asked reads about where their request stands. */
export function statusText(t: Say, r: HelpRequest): string {
  if (r.status === 'acknowledged') return t('helpStatusAcknowledged', { name: r.handler?.name ?? '' });
  if (r.status === 'resolved') return t('helpStatusResolved');
  if (r.status === 'withdrawn') return t('helpStatusWithdrawn');
  return t('helpStatusOpen');
}

/** The diagnostics as a list of labels and values (what is, or would be, shared). */
export function diagnosticsList(say: Say, d: HelpDiagnostics): TemplateResult {
  return html`<dl>
    <dt>${say('helpDiagState')}</dt>
    <dd>${d.state}</dd>
    <dt>${say('helpDiagTransport')}</dt>
    <dd>${d.transport}</dd>
    <dt>${say('helpDiagQueued')}</dt>
    <dd>${d.queued}</dd>
    <dt>${say('helpDiagLanguage')}</dt>
    <dd>${d.language}</dd>
    <dt>${say('helpDiagBrowser')}</dt>
    <dd>${d.browser}</dd>
  </dl>`;
}
