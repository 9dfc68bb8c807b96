import { html, nothing } from 'lit';
import { cssProps } from '../../core/lit/css-props.js';
import type { LocalizeController } from '../../core/lit/localize-controller.js';
import { stripBidi } from '../../core/protocol/text.js';
import type { PendingOp } from '../../core/client/topic-handle.js';
import { unsafeNote } from '../../core/lit/widget-views.js';
import type { pollStrings } from './i18n/index.js';
import { scalePoints } from './poll-model.js';
import type { PollConfig, PollResultRow } from './poll-types.js';

/**
 * The participant's parts of `<pk-pulse-poll>` (the form, "your vote", an unsent choice) and the
 * results, as pure templates of what the element hands over. Actions go back through callbacks.
 */
type T = LocalizeController<typeof pollStrings.en>;

/** The vote form: a radio or checkbox group, a scale, or text fields; `selected` as the user left it. */
export function renderForm(
  t: T,
  cfg: PollConfig,
  selected: string[],
  on: { pick(e: Event): void; type(e: Event): void; submit(e: SubmitEvent): void },
) {
  const choice = (value: string, label: string, type: 'radio' | 'checkbox', extraLabel?: string) => {
    const isChecked = selected.includes(value);
    const atMax = type === 'checkbox' && cfg.maxChoices !== undefined && selected.length >= cfg.maxChoices && !isChecked;
    return html`<label class="choice">
      <input type=${type} name="choice" .value=${value} .checked=${isChecked} ?disabled=${atMax} @change=${on.pick} aria-label=${extraLabel ?? nothing} />
      <span dir="auto" lang=${t.contentLang ?? nothing}>${label}</span>
    </label>`;
  };
  let body: unknown;
  let hint: unknown = nothing;
  if (cfg.kind === 'text') {
    // One field per answer the poll takes (max-choices, default 1): "three words for today".
    const n = cfg.maxChoices ?? 1;
    const field = (
      i: number,
    ) => html`<label class="visually-hidden" for=${`answer${i}`}>${n > 1 ? t.t('pollAnswerN', { n: i + 1, m: n }) : t.t('pollYourAnswer')}</label>
      <input id=${`answer${i}`} type="text" name="choice" maxlength="140" autocomplete="off" .value=${selected[i] ?? ''} @input=${on.type} />`;
    body = html`<div part="choices" class="answers">${Array.from({ length: n }, (_, i) => field(i))}</div>`;
    if (n > 1) hint = html`<p class="note">${t.t('pollAnswerUpTo', { n })}</p>`;
  } else if (cfg.kind === 'scale') {
    body = html`<div class="scale" part="choices">${scalePoints(cfg).map((v) => choice(String(v), t.f.num(v), 'radio', t.t('pollScaleChoice', { value: t.f.num(v) })))}</div>
      ${cfg.minLabel || cfg.maxLabel ? html`<div class="scale-labels" id="scale-labels" lang=${t.contentLang ?? nothing}><span>${cfg.minLabel ?? ''}</span><span>${cfg.maxLabel ?? ''}</span></div>` : nothing}`;
  } else {
    const type = cfg.kind === 'multiple' ? 'checkbox' : 'radio';
    body = html`<div part="choices" class="choices">${cfg.options.map((o) => choice(o.value, o.label, type))}</div>`;
    if (cfg.kind === 'multiple') hint = html`<p class="note">${t.t('pollChooseUpTo', { n: cfg.maxChoices ?? cfg.options.length })}</p>`;
  }
  const submitLabel = cfg.kind === 'text' ? t.t('pollSendAnswer') : cfg.kind === 'multiple' ? t.t('pollSubmit') : t.t('pollVote');
  return html`<form @submit=${on.submit} novalidate>
    <fieldset aria-describedby=${cfg.kind === 'scale' && (cfg.minLabel || cfg.maxLabel) ? 'scale-labels' : nothing}>
      <legend part="question" dir="auto" lang=${t.contentLang ?? nothing}>${cfg.question}</legend>
      ${hint} ${body}
    </fieldset>
    <div class="actions"><button class="primary" type="submit">${submitLabel}</button></div>
  </form>`;
}

/** Labels of choices, as the poll shows them (option labels; typed answers stripped of bidi controls). */
export const choiceLabels = (cfg: PollConfig, choices: string[]): string =>
  choices.map((c) => cfg.options.find((o) => o.value === c)?.label ?? stripBidi(c)).join(', ');

/** "Your vote: …", its delivery state, and Change vote when allowed. Focus lands here after a vote. */
export function renderMine(
  t: T,
  cfg: PollConfig,
  choices: string[],
  pendingOp: PendingOp | undefined,
  canChange: boolean,
  change: () => void,
) {
  const pending = pendingOp?.status;
  const unsafe = unsafeNote(t, pendingOp);
  return html`<div class="actions">
    <p class="note" id="mine" tabindex="-1">${t.t('pollYourVote', { choice: choiceLabels(cfg, choices) })}</p>
    ${unsafe ? html`<span class="badge">${unsafe}</span>` : pending === 'queued' ? html`<span class="badge">${t.t('pollQueued')}</span>` : pending === 'sending' ? html`<span class="badge">${t.t('pollSending')}</span>` : nothing}
    ${canChange && !pending ? html`<button type="button" data-focus="change" @click=${change}>${t.t('pollChangeVote')}</button>` : nothing}
  </div>`;
}

/** A choice made but not sent when the poll closed: kept and shown, never thrown away (WCAG 2.2.1). */
export function renderUnsent(t: T, cfg: PollConfig, choices: string[]) {
  return html`<p class="note" id="mine" tabindex="-1" data-focus="unsent">${t.t('pollUnsent', { choice: choiceLabels(cfg, choices) })}</p>`;
}

/** What the results section shows: rows and count, the round viewed, the earlier rounds to pick from. */
export interface ResultsView {
  rows: PollResultRow[];
  count: string;
  /** An earlier round being viewed, or null for the current one. */
  pastRound: number | null;
  rounds: number[];
  paused: boolean;
  /** Whether live results can be paused (the current round of an open poll). */
  pausable: boolean;
  on: { round(value: number | null): void; pause(): void };
}

/** The results: bars with counts and shares, a round picker, and the pause toggle (WCAG 2.2.2). */
export function renderResults(t: T, v: ResultsView) {
  return html`<section part="results" aria-labelledby="results-h">
    <div class="actions">
      <strong id="results-h">${t.t('pollResults')}${v.pastRound !== null ? html` · ${t.t('pollRound', { n: v.pastRound })}` : nothing}</strong>
      <span class="note">${v.count}</span>
    </div>
    ${
      v.rounds.length
        ? html`<label>${t.t('pollEarlierRounds')}
          <select @change=${(e: Event) => v.on.round((e.target as HTMLSelectElement).value ? Number((e.target as HTMLSelectElement).value) : null)}>
            <option value="" ?selected=${v.pastRound === null}>${t.t('pollCurrentRound')}</option>
            ${v.rounds.map((n) => html`<option value=${n} ?selected=${v.pastRound === n}>${t.t('pollRound', { n })}</option>`)}
          </select></label
        >`
        : nothing
    }
    ${
      v.rows.length === 0
        ? html`<p class="note">${t.t('pollNoAnswers')}</p>`
        : html`<ol>
          ${v.rows.map(
            (r) => html`<li>
              <div class="row-label"><span dir="auto" lang=${t.contentLang ?? nothing}>${r.label}</span><span class="count">${t.t('pollVotes', { n: r.count })} · ${t.f.percent(r.percent / 100)}</span></div>
              <div part="bar" aria-hidden="true" style=${cssProps({ '--_pct': `${Math.min(100, r.percent)}%` })}></div>
            </li>`,
          )}
        </ol>`
    }
    ${
      v.pausable
        ? html`<button type="button" aria-pressed=${v.paused ? 'true' : 'false'} @click=${v.on.pause}>${t.t('pollPause')}</button>${v.paused ? html` <span class="note">${t.t('pollPaused')}</span>` : nothing}`
        : nothing
    }
  </section>`;
}
