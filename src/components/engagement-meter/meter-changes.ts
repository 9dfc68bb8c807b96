import type { LocalizeController } from '../../core/lit/localize-controller.js';
import type { meterStrings } from './i18n/index.js';
import { myHandPosition, slotOf } from './meter-model.js';
import type { MeterState } from './meter-types.js';

type Strings = LocalizeController<typeof meterStrings.en>;

/**
 * What the meter says politely to a participant when its state changes under them, remembering
 * what they saw last so each change is said once: that named mode came on, that a facilitator
 * cleared everything, and their place in the hand queue when it changes (raised, or moved up as
 * others were lowered). What staff hear lives with their view (meter-staff.ts).
 */
export class MeterChanges {
  #named: boolean | null = null;
  #cleared: number | null | undefined = undefined;
  #position: number | undefined = undefined;

  /** Sentences for participant `me` looking at `s`, with `queued` of their actions not yet confirmed. */
  forParticipant(t: Strings, s: MeterState, me: string, queued: number): string[] {
    const said: string[] = [];
    if (this.#named !== null && s.named !== this.#named && s.named) said.push(t.t('meterNamedNotice'));
    this.#named = s.named;
    if (this.#cleared !== undefined && s.clearedAt !== this.#cleared && slotOf(s, me) === undefined) said.push(t.t('meterCleared'));
    this.#cleared = s.clearedAt;
    const position = myHandPosition(s, me);
    // Said once the authority placed the hand (nothing of mine still queued), not from my own guess.
    if (position && position !== this.#position && queued === 0) said.push(t.t('meterHandPosition', { n: position, m: s.hands.length }));
    this.#position = position;
    return said;
  }
}
