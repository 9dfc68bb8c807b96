import type { LocalizeController } from '../../core/lit/localize-controller.js';
import type { pollStrings } from './i18n/index.js';
import type { PkPollChangeDetail } from './poll-events.js';
import { resultRows } from './poll-model.js';
import type { PollConfig, PollState } from './poll-types.js';

/** A sentence for the live region, and whether it interrupts (assertive) or waits its turn. */
export interface PollSentence {
  text: string;
  assertive: boolean;
}

/**
 * What a screen reader hears when a poll changes from `prev` to `now`: that it opened or closed (at
 * once, with the results when `visible`), a new round, or the results as they move (politely, not
 * while the viewer paused live numbers). Null when nothing worth saying changed.
 */
export function pollChangeSentence(
  t: LocalizeController<typeof pollStrings.en>,
  s: PollState,
  cfg: PollConfig,
  prev: PkPollChangeDetail,
  now: PkPollChangeDetail,
  { visible, paused }: { visible: boolean; paused: boolean },
): PollSentence | null {
  const rows = resultRows(s, cfg)
    .filter((r) => r.count > 0)
    .slice(0, 3);
  const summary = [t.t('pollResponded', { n: s.responded }), ...rows.map((r) => `${r.label} ${t.f.percent(r.percent / 100)}`)].join(', ');
  if (now.closed && !prev.closed)
    return {
      text: visible && s.responded ? `${t.t('pollClosed')} ${t.t('pollAnnounce', { summary })}` : t.t('pollClosed'),
      assertive: true,
    };
  if (!now.closed && (prev.closed || (now.status === 'open' && prev.status !== 'open')))
    return { text: t.t('pollOpened'), assertive: true };
  if (now.round !== prev.round) return { text: t.t('pollRound', { n: now.round }), assertive: false };
  if (visible && !paused && (now.responded !== prev.responded || now.revealed !== prev.revealed))
    return { text: t.t('pollAnnounce', { summary }), assertive: false };
  return null;
}
