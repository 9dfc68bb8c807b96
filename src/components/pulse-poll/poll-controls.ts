/**
 * The facilitator controls of `<pk-pulse-poll>` (open, close, reveal, new round, timer), loaded on
 * demand (dynamic import) only for facilitators and producers, so participants never download them.
 * The authority refuses these operations from anyone else whatever the page shows.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { LocalizeController } from '../../core/lit/localize-controller.js';
import type { Action } from '../../core/lit/act-controller.js';
import { downloadText } from '../../core/lit/download.js';
import { controlsStrings } from './i18n/controls.js';
import { pollToCsv, pollToJson, type PkPollExportDetail } from './poll-export.js';
import type { pollStrings } from './i18n/index.js';
import type { PkPulsePoll } from './pk-pulse-poll.js';
import type { PollState } from './poll-types.js';
import { resultRows } from './poll-model.js';
import { parseQuorum } from './poll-quorum.js';

/** What the controls read from the element. */
type Host = Pick<
  PkPulsePoll,
  'ctl' | 'control' | 'draft' | 'timerSeconds' | 'moreTime' | 'quorum' | 'authoredConfig' | 'pollId' | 'dispatchEvent' | 'shadowRoot'
>;

type PollLocalize = LocalizeController<typeof pollStrings.en>;

/** The controls (`part="controls"`) for poll state `s`; `running`: a timer is counting down. */
export function renderControls(el: Host, t: PollLocalize, s: PollState, closed: boolean, running: boolean): TemplateResult {
  // The controls' strings follow the poll's own (`nl` for `nl-BE` once loaded, else English).
  const c = t.tOf(controlsStrings);
  adoptControlStyles(el.shadowRoot);
  const send = (type: string, data: unknown) => () => void el.control(type, data);
  // The label says the real length: "Start 2-minute timer", or "Start timer (0:30)" off the minute.
  const seconds = el.timerSeconds > 0 ? el.timerSeconds : 60;
  // A self-serve poll (never opened, not a draft) already takes votes: offer to close it.
  const isOpen = !closed && (s.status === 'open' || (s.status === 'new' && !el.draft));
  return html`<section part="controls" aria-labelledby="controls-h">
    <h3 id="controls-h">${c('pollControls')} · ${t.t('pollRound', { n: s.round })}</h3>
    <div class="row">
      ${
        isOpen
          ? html`<button type="button" data-control="open-close" @click=${send('close', {})}>${c('pollClose')}</button>`
          : html`<button type="button" class="primary" data-control="open-close" @click=${() => send('open', { config: el.authoredConfig, seconds: null, quorum: authoredQuorum(el) })()}>${c('pollOpen')}</button>`
      }
      <button type="button" aria-pressed=${s.revealed ? 'true' : 'false'} @click=${send('reveal', { revealed: !s.revealed })}>${c('pollReveal')}</button>
      <button type="button" @click=${send('reset', {})}>${c('pollReset')}</button>
    </div>
    ${s.status === 'new' && el.draft && !closed ? html`<p class="note">${c('pollDraftNote')}</p>` : nothing}
    ${
      isOpen
        ? html`<div class="row">
          ${
            running
              ? html`<button type="button" @click=${send('extend', { seconds: 60 })}>${c('pollExtend')}</button>
                <button type="button" data-control="timer" @click=${send('timer', { seconds: null })}>${c('pollTimerOff')}</button>`
              : html`<button type="button" data-control="timer" @click=${send('timer', { seconds, moreTime: moreTime(el) })}>
                ${seconds % 60 ? c('pollStartTimerExact', { time: t.f.duration(seconds) }) : c('pollStartTimer', { minutes: seconds / 60 })}
              </button>`
          }
        </div>
        <div class="row">
          <label>${c('pollQuorumLabel')} <input type="text" data-control="quorum" size="6" .value=${quorumText(s)} /></label>
          <button type="button" @click=${(e: Event) => setQuorum(el, e, c('pollQuorumInvalid'))}>${c('pollQuorumSet')}</button>
          ${s.quorum ? html`<button type="button" @click=${send('quorum', { quorum: null })}>${c('pollQuorumOff')}</button>` : nothing}
        </div>`
        : nothing
    }
    <div class="row">
      <button type="button" @click=${() => exportPoll(el, s, 'csv')}>${c('pollExportCsv')}</button>
      <button type="button" @click=${() => exportPoll(el, s, 'json')}>${c('pollExportJson')}</button>
    </div>
  </section>`;
}

/**
 * The controls' style rules, added to the poll's shadow root when they first render, so
 * participants never download them. A constructed sheet, as Lit's own are: a strict
 * Content-Security-Policy that refuses `<style>` elements allows it.
 */
let controlSheet: CSSStyleSheet | undefined;
function adoptControlStyles(root: ShadowRoot | null): void {
  if (!root) return;
  if (!controlSheet) {
    controlSheet = new CSSStyleSheet();
    controlSheet.replaceSync(`
      [part='controls'] {
        border-block-start: 0.0625em dashed var(--_border);
        padding-block-start: var(--_gap);
        display: grid;
        gap: 0.5em;
      }
      [part='controls'] h3 {
        margin: 0;
        font-size: 0.95em;
      }
      [part='controls'] .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5em;
        align-items: center;
      }
      /* The quorum field sits in a line of controls: as wide as "80%" needs. */
      input[data-control='quorum'] {
        inline-size: 6em;
      }`);
  }
  if (!root.adoptedStyleSheets.includes(controlSheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, controlSheet];
}

/**
 * What follows a control the element's `control()` sent: the button pressed may give way to its
 * opposite (Open/Close, Start timer/Turn off), so focus follows it; starting or stopping the timer
 * is confirmed politely.
 */
export function controlFeedback(el: Host, t: PollLocalize, type: string, data: unknown): Pick<Action, 'focus' | 'confirm'> {
  const slot = type === 'open' || type === 'close' ? 'open-close' : type === 'timer' || type === 'extend' ? 'timer' : null;
  const stopped = !!data && (data as { seconds: unknown }).seconds === null;
  return {
    focus: slot ? () => el.shadowRoot?.querySelector<HTMLElement>(`[data-control="${slot}"]`) : undefined,
    confirm: type === 'timer' ? t.tOf(controlsStrings)(stopped ? 'pollTimerStopped' : 'pollTimerStarted') : undefined,
  };
}

/** The quorum the author's `quorum` attribute sets (the element shows an authoring error instead of controls for a bad one). */
const authoredQuorum = (el: Host) => {
  const q = parseQuorum(el.quorum);
  return typeof q === 'string' ? null : q;
};

/** The running quorum as the facilitator writes it: "12" or "80%". */
const quorumText = (s: PollState): string => (!s.quorum ? '' : 'count' in s.quorum ? String(s.quorum.count) : `${s.quorum.share}%`);

/** Sends the quorum typed beside the pressed button, or says what to type instead (the field's own validity message). */
function setQuorum(el: Host, e: Event, invalid: string): void {
  const input = (e.currentTarget as HTMLElement).parentElement?.querySelector('input');
  if (!input) return;
  const q = parseQuorum(input.value);
  input.setCustomValidity(typeof q === 'string' ? invalid : '');
  if (typeof q === 'string') input.reportValidity();
  else void el.control('quorum', { quorum: q });
}

/** Seconds of "more time" a participant may ask for on this timer (`more-time`; 0: not allowed). */
const moreTime = (el: Host): number => (Number.isInteger(el.moreTime) && el.moreTime > 0 ? Math.min(el.moreTime, 300) : 0);

/**
 * Exports every round of the poll: fires the cancelable `pk-poll-export` and, unless it is
 * cancelled, downloads the file (CSV with a byte-order mark, so spreadsheets read it as UTF-8).
 */
export function exportPoll(el: Host, s: PollState, format: 'csv' | 'json'): void {
  const info = { pollId: el.pollId, exportedAt: Date.now(), fallback: el.authoredConfig, rowsOf: resultRows };
  const content = format === 'csv' ? pollToCsv(s, info) : pollToJson(s, info);
  const detail: PkPollExportDetail = { pollId: el.pollId, format, filename: `poll-${el.pollId}.${format}`, content };
  const event = new CustomEvent('pk-poll-export', { detail, bubbles: true, composed: true, cancelable: true });
  if (!el.dispatchEvent(event)) return;
  downloadText(detail.filename, content, format === 'csv' ? 'text/csv' : 'application/json');
}
