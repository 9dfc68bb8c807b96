import { html, nothing } from 'lit';
import { cssProps } from '../../core/lit/css-props.js';
import type { LocalizeController } from '../../core/lit/localize-controller.js';
import type { PendingOp } from '../../core/client/topic-handle.js';
import { unsafeNote } from '../../core/lit/widget-views.js';
import type { meterStrings } from './i18n/index.js';
import { myEntry, myHandPosition, myReactions } from './meter-model.js';
import type { ResolvedSignal, SignalSet } from './meter-signals.js';
import type { MeterState } from './meter-types.js';

/** What the participant view of `<pk-engagement-meter>` renders from; actions go back through `on`. */
export interface ParticipantView {
  t: LocalizeController<typeof meterStrings.en>;
  set: SignalSet;
  s: MeterState;
  me: string;
  now: number;
  reactionFade: number;
  pending: PendingOp | undefined;
  label(signal: ResolvedSignal): string;
  labelOf(name: string): string;
  /** The roving tab stop of a button group: 0 for the one that takes Tab, -1 for the others. */
  tabStop(group: string, items: Array<{ pressed: boolean }>, i: number): number;
  on: {
    key(e: KeyboardEvent): void;
    focus(group: string, i: number): void;
    state(name: string | null): void;
    react(name: string): void;
    hand(raise: boolean): void;
  };
}

/** The participant's signal bar: states (toggles), reactions, the hand; only their own signals. */
export function renderParticipant(v: ParticipantView) {
  const { t, s, me, now } = v;
  const entry = myEntry(s, me, now);
  const position = myHandPosition(s, me);
  const mine = myReactions(s, me, now);
  const states = v.set.states.map((x) => ({ ...x, pressed: entry?.state === x.name }));
  const reactions = v.set.reactions.map((x) => ({ ...x, pressed: false }));
  const minutes = entry ? Math.max(1, Math.ceil((entry.expiresAt - now) / 60_000)) : 0;
  const unsafe = unsafeNote(t, v.pending);
  return html`
    ${s.named ? html`<p part="notice" role="note">${t.t('meterNamedNotice')}</p>` : nothing}
    <section part="signals" aria-labelledby="signals-h">
      <h3 id="signals-h">${t.t('meterYourSignals')}</h3>
      ${
        states.length
          ? html`<div class="row" role="group" aria-label=${t.t('meterStatesLabel')} data-group="states" @keydown=${v.on.key}>
              ${states.map(
                (x, i) => html`<button
                  type="button"
                  aria-pressed=${x.pressed ? 'true' : 'false'}
                  tabindex=${v.tabStop('states', states, i)}
                  @focus=${() => v.on.focus('states', i)}
                  @click=${() => v.on.state(x.pressed ? null : x.name)}
                >
                  ${v.label(x)}
                </button>`,
              )}
            </div>
            <p class="note" part="mine">
              ${entry ? html`${t.t('meterYourState', { state: v.labelOf(entry.state) })} · ${t.t('meterExpiresIn', { minutes })}` : t.t('meterNoState')}
              ${unsafe ? html` · ${unsafe}` : v.pending?.status === 'queued' ? html` · ${t.t('meterQueued')}` : nothing}
            </p>`
          : nothing
      }
      ${
        reactions.length
          ? html`<div class="row" role="group" aria-label=${t.t('meterReactionsLabel')} data-group="reactions" @keydown=${v.on.key}>
            ${reactions.map(
              (x, i) => html`<button
                type="button"
                class="react"
                tabindex=${v.tabStop('reactions', reactions, i)}
                title=${v.label(x)}
                @focus=${() => v.on.focus('reactions', i)}
                @click=${() => v.on.react(x.name)}
              >
                ${x.symbol ? html`<span class="symbol" aria-hidden="true">${x.symbol}</span><span class="visually-hidden">${v.label(x)}</span>` : v.label(x)}
              </button>`,
            )}
            ${
              mine.length
                ? html`<span class="sent note" style=${cssProps({ '--_fade': `${v.reactionFade}s` })}>${t.t('meterReactionSent', { reaction: v.labelOf(mine[mine.length - 1]!.reaction) })}</span>`
                : nothing
            }
          </div>`
          : nothing
      }
      <div class="row">
        <button type="button" part="hand" aria-pressed=${position ? 'true' : 'false'} @click=${() => v.on.hand(!position)}>${t.t('meterRaiseHand')}</button>
        ${position ? html`<span class="note">${t.t('meterHandPosition', { n: position, m: s.hands.length })}</span>` : nothing}
      </div>
      <p class="note">${t.t('meterPrivacyNote')}</p>
    </section>
  `;
}

/** The roving tab stop of a button group: the button the user last moved to, else the pressed one, else the first. */
export function tabStop(want: number | undefined, items: Array<{ pressed: boolean }>, i: number): number {
  const current =
    want !== undefined && want < items.length
      ? want
      : Math.max(
          0,
          items.findIndex((x) => x.pressed),
        );
  return current === i ? 0 : -1;
}

/** Arrow keys, Home and End inside a button group: the index to move to, or null for other keys. */
export function rovingTarget(key: string, i: number, count: number, rtl: boolean): number | null {
  const step: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 };
  if (key in step) return (i + step[key]! + count) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}
