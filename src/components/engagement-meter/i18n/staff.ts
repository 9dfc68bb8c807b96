import { defineCatalog } from '../../../core/i18n/catalogs.js';
import type { Fmt } from '../../../core/i18n/format.js';
import type { LocalizeController, Say } from '../../../core/lit/localize-controller.js';
import { ar, de, es, fr, ja, nl, pt } from './staff-translations.js';

/**
 * Strings of <pk-engagement-meter> that only facilitators and producers see (the pulse, alerts,
 * timeline, hand queue and controls), every shipped language in one module. Only the facilitator
 * view's chunk imports it, and only staff load that chunk: participants never download these, in
 * any language, and a facilitator gets them all with the view (no second request).
 */
const en = {
  meterClearedAll: 'All signals cleared.',
  meterPulse: 'Class pulse',
  meterPresent: (p: { n: number }, f: Fmt) => f.plural(p.n, { one: '# participant present', other: '# participants present' }),
  meterPresentUnknown: 'Presence unknown',
  meterBase: (p: { n: number }, f: Fmt) => f.plural(p.n, { one: 'shares of # participant', other: 'shares of # participants' }),
  meterIndex: (p: { n: number }, f: Fmt) => `Engagement index ${f.num(p.n)} of 100`,
  meterHidden: (p: { n: number }, f: Fmt) =>
    f.plural(p.n, {
      one: 'Shares appear once # participant is present (privacy).',
      other: 'Shares appear once # participants are present (privacy).',
    }),
  meterStatesHeading: 'States',
  meterCount: (p: { n: number; percent: string }, f: Fmt) => `${f.num(p.n)} · ${p.percent}`,
  meterRecentReactions: 'Recent reactions',
  meterNoReactions: 'none',
  meterPause: 'Pause live numbers',
  meterPaused: 'Live numbers paused.',
  meterAlert: (p: { state: string; percent: string; threshold: string }) =>
    `Alert: ${p.percent} of the class report "${p.state}" (threshold ${p.threshold}).`,
  meterAlertEnded: (p: { state: string }) => `The "${p.state}" alert has ended.`,
  meterTimeline: 'Timeline',
  meterSparkTitle: (p: { state: string }) => `Engagement index and ${p.state} share over time`,
  meterSparkNow: (p: { index: string; state: string; share: string }) => `Now: index ${p.index}; ${p.state} ${p.share}.`,
  meterNoSamples: 'The timeline starts with the first sample.',
  meterLegendIndex: 'Engagement index',
  meterLegendShare: (p: { state: string }) => `${p.state} (share)`,
  meterMarkers: 'Markers',
  meterMarkerLabel: 'Marker label',
  meterMarkerPlaceholder: 'Slide 12, break…',
  meterDropMarker: 'Drop marker',
  meterDownloadCsv: 'Download CSV',
  meterDownloadJson: 'Download JSON',
  meterHands: (p: { n: number }, f: Fmt) => `Raised hands (${f.num(p.n)})`,
  meterNoHands: 'No hands raised.',
  meterHandAnon: (p: { n: number }, f: Fmt) => `Raised hand ${f.num(p.n)}`,
  meterHandUnnamed: 'Unnamed participant',
  meterWaiting: (p: { time: string }) => `waiting ${p.time}`,
  meterLower: 'Lower',
  meterLowerHand: (p: { who: string }) => `Lower hand: ${p.who}`,
  meterHandsAnnounce: (p: { n: number }, f: Fmt) => f.plural(p.n, { one: '# hand raised', other: '# hands raised' }),
  meterControls: 'Facilitator controls',
  meterNamedMode: 'Named mode',
  meterNamedHelp: 'Shows names with the signals given while it is on; participants are told. Switching it clears current signals.',
  meterClearAll: 'Clear all states',
  meterClearConfirm: 'Clear every state, reaction and raised hand?',
  meterCancel: 'Cancel',
};

/** Shape of the meter's staff strings, in every locale. */
export type MeterStaffStrings = typeof en;

/**
 * The staff strings in every shipped language, bundled (a test checks every shipped locale is
 * here), with what hosts register for 'engagement-meter' merged in like every catalog.
 */
export const staffStrings = defineCatalog('engagement-meter', en, {}, { nl, de, fr, es, pt, ar, ja });

/** The staff strings in the element's language, read the way the element reads its own. */
export interface StaffText {
  /** A localized staff string; `params` for those that take them. */
  readonly t: Say<MeterStaffStrings>;
  /** Formatting helpers for the element's language. */
  readonly f: Fmt;
  /** The element's resolved language. */
  readonly lang: string;
  /** The language of text participants or the author wrote, when it differs (see LocalizeController). */
  readonly contentLang: string | undefined;
}

/**
 * The staff strings in the catalog the element's own strings use right now (`nl` for `nl-BE` once
 * loaded, else English), so one widget never mixes two languages.
 */
export function staffText(t: LocalizeController<object>): StaffText {
  return { t: t.tOf(staffStrings), f: t.f, lang: t.lang, contentLang: t.contentLang };
}
