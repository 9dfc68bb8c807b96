import { html, nothing, type TemplateResult } from 'lit';
import { cssProps } from '../../core/lit/css-props.js';
import { presentParticipants } from '../../core/protocol/presence.js';
import { baseStyles, frameStyles } from '../../core/lit/base-styles.js';
import { ClockController } from '../../core/lit/clock-controller.js';
import { LazyModule, LazyModuleController } from '../../core/lit/lazy-module.js';
import { PkWidget } from '../../core/lit/widget-base.js';
import { pollStrings, POLL_ERRORS } from './i18n/index.js';
import { connectionLines, rejectionView, statusLine, unsafeNote } from '../../core/lit/widget-views.js';
import { stripBidi } from '../../core/protocol/text.js';
import type { PendingOp } from '../../core/client/topic-handle.js';
import { configFromAuthoring, optionsFromChildren } from './poll-authoring.js';
import { canSeeResults, initialPollState, isClosed, myChoices, pollModel, pollRules, readableConfig, resultRows, rulesOf, scalePoints, textKey, timeLeft, validatePollConfig, voteData } from './poll-model.js';
import type { PollConfig, PollKind, PollOption, PollResultRow, PollResultsMode, PollState } from './poll-types.js';
import type { Lit } from './poll-controls.js';
import type { PkPollExportDetail } from './poll-export.js';
import { pollStyles } from './pulse-poll.styles.js';

const lit: Lit = { html, nothing, resultRows };
/**
 * The facilitator controls: a dynamic import, their own chunk (participants never download it),
 * one module for every poll on the page. If it fails to load (a flaky connection) the poll keeps
 * working and the facilitator is told to reload (see LazyModule).
 */
const controlsModule = new LazyModule(() => import('./poll-controls.js'), 'the poll controls');

/** Detail of `pk-vote`. */
export interface PkVoteDetail {
  /** The poll's id. */
  pollId: string;
  /** Round voted in. */
  round: number;
  /** Chosen option values, scale point or text answer. */
  choices: string[];
  /** Operation id (matches the ack and the stored event). */
  opId: string;
}

/** Detail of `pk-poll-change`. */
export interface PkPollChangeDetail {
  /** The poll's id. */
  pollId: string;
  /** new (never opened), open or closed. */
  status: PollState['status'];
  /** True when the poll takes no votes now (closed or timer ran out). */
  closed: boolean;
  /** Current round. */
  round: number;
  /** People who answered this round. */
  responded: number;
  /** Whether a facilitator revealed the results. */
  revealed: boolean;
}

/**
 * A live pulse poll: single or multiple choice, a rating scale, or short text answers, with a live
 * tally. Works alone on a page (local session) or inside `<pk-session>`.
 *
 * @summary Live poll for training sessions.
 * @slot - `<option value="…">Label</option>` elements giving the choices.
 * @fires {CustomEvent<PkVoteDetail>} pk-vote - The participant cast a vote (cancelable: cancel to stop it being sent).
 * @fires {CustomEvent<PkPollChangeDetail>} pk-poll-change - Status, round, response count or reveal changed.
 * @fires {CustomEvent<PkPollExportDetail>} pk-poll-export - A facilitator exported every round as CSV or JSON (cancelable: cancel to handle the file yourself).
 * @csspart base - The poll's frame.
 * @csspart question - The question.
 * @csspart choices - The group of choices.
 * @csspart results - The results area.
 * @csspart bar - One result bar.
 * @csspart status - Status line (waiting, closed, countdown, connection).
 * @csspart error - An error message.
 * @csspart controls - Facilitator controls (never shown to participants).
 * @cssprop --pk-font-size - Base size; everything scales from it (default 1em: the surrounding text size, never the page's root size).
 * @cssprop --pk-font-family - Font stack.
 * @cssprop --pk-color-text - Text colour.
 * @cssprop --pk-color-muted - Secondary text colour.
 * @cssprop --pk-color-surface - Background.
 * @cssprop --pk-color-border - Borders.
 * @cssprop --pk-color-accent - Selection, bars and primary buttons.
 * @cssprop --pk-color-on-accent - Text on accent.
 * @cssprop --pk-color-danger - Errors.
 * @cssprop --pk-radius - Corner radius.
 * @cssprop --pk-space - Spacing unit.
 */
export class PkPulsePoll extends PkWidget<PollState, typeof pollStrings.en> {
  static override styles = [baseStyles, frameStyles, pollStyles];

  // One static object instead of a decorator per property: the bundle then carries no decorator
  // helpers (about 0.5 KB gzip on a page with only this widget).
  static override properties = {
    pollId: { attribute: 'poll-id', reflect: true },
    question: {},
    kind: {},
    options: { attribute: false },
    maxChoices: { attribute: 'max-choices', type: Number },
    min: { type: Number },
    max: { type: Number },
    minLabel: { attribute: 'min-label' },
    maxLabel: { attribute: 'max-label' },
    results: {},
    allowChange: { attribute: 'allow-change', type: Boolean },
    anonymous: { converter: { fromAttribute: (v: string | null) => v !== 'false', toAttribute: (v: boolean) => String(v) } },
    draft: { type: Boolean },
    timerSeconds: { attribute: 'timer-seconds', type: Number },
    // Internal state, spread in so the manifest does not take these for attributes.
    ...Object.fromEntries('paused viewRound selected changing'.split(' ').map((k) => [k, { state: true }])),
  };

  /** Poll id, unique in the room; the topic is `poll:<id>`. */
  pollId = '';
  /** The question. */
  question = '';
  /** single (default), multiple, scale or text. */
  kind: PollKind = 'single';
  /** Choices as data, instead of `<option>` children. */
  options: PollOption[] | null = null;
  /** kind=multiple: most options one person may pick; kind=text: answers (fields) per person. */
  maxChoices: number | null = null;
  /** kind=scale: lowest point (default 1). */
  min: number | null = null;
  /** kind=scale: highest point (default 5). */
  max: number | null = null;
  /** kind=scale: label of the lowest point. */
  minLabel = '';
  /** kind=scale: label of the highest point. */
  maxLabel = '';
  /** When participants see results: live (default), after-vote, after-close or hidden. */
  results: PollResultsMode = 'live';
  /** Lets participants change their answer while the poll is open. */
  allowChange = false;
  /** Hides who voted from everyone (default). Set `anonymous="false"` to record names. */
  anonymous = true;
  /** Waits for a facilitator to open the poll instead of taking votes at once. */
  draft = false;
  /** Length in seconds of the facilitator's timer (default 60). */
  timerSeconds = 60;

  private paused: { rows: PollResultRow[]; responded: number } | null = null;
  private viewRound: number | null = null;
  private selected: string[] = [];
  private changing = false;

  // Drives the countdown (on the authority's clock); held so it lives as long as the element.
  protected readonly countdown = new ClockController(this, () => {
    const s = this.ctl.handle?.state;
    return !!s && timeLeft(s, this.clock.now()) !== null;
  });
  readonly #controls = new LazyModuleController(this, controlsModule);
  #childObserver: MutationObserver | null = null;

  constructor() {
    super({ kind: 'poll', idAttribute: 'poll-id', model: pollModel, strings: pollStrings });
  }

  protected get widgetId(): string {
    return this.pollId;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#childObserver = new MutationObserver(() => this.requestUpdate());
    this.#childObserver.observe(this, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['value'] });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#childObserver?.disconnect();
    this.#childObserver = null;
  }

  /** The poll's live state (confirmed by the authority, with my pending actions applied). */
  get pollState(): PollState {
    return this.ctl.handle?.state ?? initialPollState();
  }

  /**
   * Also waits for a facilitator's controls, which arrive in their own chunk a moment after the first
   * render: `await el.updateComplete` then finds them (or the notice that they could not load).
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    if (this.#controls.status !== 'pending') return done;
    await this.#controls.settled();
    return super.getUpdateComplete();
  }

  /** The configuration the author wrote (attributes and options), before any facilitator change. */
  get authoredConfig(): PollConfig {
    return configFromAuthoring(this, this.options ?? optionsFromChildren(this));
  }

  #authoringError(): string | null {
    return this.idProblem() ?? validatePollConfig(this.authoredConfig);
  }

  protected override render(): TemplateResult {
    const problem = this.#authoringError();
    if (problem) return this.renderAuthoringError(this.i18n.t('pollCannotShow'), problem);
    const handle = this.ctl.handle;
    const session = this.ctl.session;
    const s = this.pollState;
    const cfg = readableConfig(s.config ?? this.authoredConfig);
    const now = this.clock.now();
    const role = this.userRole;
    const me = session?.identity.id ?? '';
    const mine = myChoices(s, me);
    const closed = isClosed(s, now);
    const waiting = this.draft && s.status === 'new';
    const pendingVote = handle?.pending.find((p) => p.op.type === 'vote');
    const seeResults = canSeeResults(s, cfg, { role, voted: !!mine || !!pendingVote, now });
    // Staff run the poll: the question, the results and the controls, never a vote form (decisions §28).
    const staff = this.staff;
    return html`
      <div part="base" lang=${this.i18n.lang} dir=${this.i18n.dir}>
        ${this.#renderStatus(s, closed, waiting && !staff, now)}
        ${staff || waiting || closed || (mine && !this.changing) || (pendingVote && !this.changing) ? this.#renderQuestion(cfg) : this.#renderForm(cfg, mine)}
        ${!staff && (mine || pendingVote) ? this.#renderMine(cfg, mine ?? (pendingVote?.op.data as { choices?: string[] } | undefined)?.choices ?? [], pendingVote, closed) : nothing}
        ${rejectionView(this.i18n, this.ctl.handle, POLL_ERRORS)}
        ${waiting && !staff ? nothing : seeResults ? this.#renderResults(s, cfg, closed) : this.#renderResultsHint(cfg)}
        ${staff ? this.#renderControls(s, closed, now) : nothing}
        ${this.renderLiveRegion()}
      </div>
    `;
  }


  #renderStatus(s: PollState, closed: boolean, waiting: boolean, now: number) {
    const t = this.i18n;
    const session = this.ctl.session;
    const lines: string[] = [];
    if (waiting) lines.push(t.t('pollWaiting'));
    else if (closed) lines.push(t.t('pollClosed'));
    else {
      const left = timeLeft(s, now);
      if (left !== null) lines.push(t.t('pollClosesIn', { time: t.f.duration(left / 1000) }));
    }
    return statusLine([...lines, ...connectionLines(t, session)]);
  }

  #renderQuestion(cfg: PollConfig) {
    return html`<p part="question" id="q" dir="auto" lang=${this.i18n.contentLang ?? nothing}>${cfg.question}</p>`;
  }

  #renderForm(cfg: PollConfig, mine: string[] | null) {
    const t = this.i18n;
    const selected = this.changing && this.selected.length === 0 && mine ? mine : this.selected;
    const choice = (value: string, label: string, type: 'radio' | 'checkbox', extraLabel?: string) => {
      const isChecked = selected.includes(value);
      const atMax = type === 'checkbox' && cfg.maxChoices !== undefined && selected.length >= cfg.maxChoices && !isChecked;
      return html`<label class="choice">
        <input type=${type} name="choice" .value=${value} .checked=${isChecked} ?disabled=${atMax} @change=${this.#onPick} aria-label=${extraLabel ?? nothing} />
        <span dir="auto" lang=${t.contentLang ?? nothing}>${label}</span>
      </label>`;
    };
    let body: unknown;
    let hint: unknown = nothing;
    if (cfg.kind === 'text') {
      // One field per answer the poll takes (max-choices, default 1): "three words for today".
      const n = cfg.maxChoices ?? 1;
      const field = (i: number) => html`<label class="visually-hidden" for=${`answer${i}`}>${n > 1 ? t.t('pollAnswerN', { n: i + 1, m: n }) : t.t('pollYourAnswer')}</label>
        <input id=${`answer${i}`} type="text" name="choice" maxlength="140" autocomplete="off" .value=${mine?.[i] ?? ''} />`;
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
    return html`<form @submit=${this.#onSubmit} novalidate>
      <fieldset aria-describedby=${cfg.kind === 'scale' && (cfg.minLabel || cfg.maxLabel) ? 'scale-labels' : nothing}>
        <legend part="question" dir="auto" lang=${t.contentLang ?? nothing}>${cfg.question}</legend>
        ${hint} ${body}
      </fieldset>
      <div class="actions"><button class="primary" type="submit">${submitLabel}</button></div>
    </form>`;
  }

  #renderMine(cfg: PollConfig, choices: string[], pendingOp: PendingOp | undefined, closed: boolean) {
    const t = this.i18n;
    const pending = pendingOp?.status;
    const unsafe = unsafeNote(t, pendingOp);
    const labels = choices.map((c) => cfg.options.find((o) => o.value === c)?.label ?? stripBidi(c)).join(', ');
    return html`<div class="actions">
      <p class="note">${t.t('pollYourVote', { choice: labels })}</p>
      ${unsafe ? html`<span class="badge">${unsafe}</span>` : pending === 'queued' ? html`<span class="badge">${t.t('pollQueued')}</span>` : pending === 'sending' ? html`<span class="badge">${t.t('pollSending')}</span>` : nothing}
      ${(rulesOf(this.pollState) ?? pollRules(cfg)).allowChange && !closed && !this.changing && !pending
        ? html`<button type="button" @click=${() => {
            this.changing = true;
            this.selected = [...choices];
          }}>${t.t('pollChangeVote')}</button>`
        : nothing}
    </div>`;
  }

  #renderResultsHint(cfg: PollConfig) {
    const t = this.i18n;
    const key = cfg.results === 'after-vote' ? 'pollAfterVote' : cfg.results === 'after-close' ? 'pollAfterClose' : 'pollHiddenResults';
    return html`<p class="note" part="results">${t.t(key)}</p>`;
  }

  #renderResults(s: PollState, cfg: PollConfig, closed: boolean) {
    const t = this.i18n;
    const past = this.viewRound !== null ? s.history.find((h) => h.round === this.viewRound) : undefined;
    const view = past ? { ...s, tally: past.tally, responded: past.responded, texts: past.texts } : s;
    const viewCfg = past ? (past.config ?? cfg) : cfg;
    const live = { rows: resultRows(view, viewCfg), responded: view.responded };
    const shown = this.paused && !past ? this.paused : live;
    const present = presentParticipants(this.ctl.session?.presence) ?? 0;
    const count =
      present >= shown.responded && present > 0 ? t.t('pollRespondedOf', { n: shown.responded, m: present }) : t.t('pollResponded', { n: shown.responded });
    return html`<section part="results" aria-labelledby="results-h">
      <div class="actions">
        <strong id="results-h">${t.t('pollResults')}${past ? html` · ${t.t('pollRound', { n: past.round })}` : nothing}</strong>
        <span class="note">${count}</span>
      </div>
      ${s.history.length
        ? html`<label>${t.t('pollEarlierRounds')}
            <select @change=${(e: Event) => {
              const v = (e.target as HTMLSelectElement).value;
              this.viewRound = v ? Number(v) : null;
            }}>
              <option value="" ?selected=${this.viewRound === null}>${t.t('pollCurrentRound')}</option>
              ${s.history.map((h) => html`<option value=${h.round} ?selected=${this.viewRound === h.round}>${t.t('pollRound', { n: h.round })}</option>`)}
            </select></label
          >`
        : nothing}
      ${shown.rows.length === 0
        ? html`<p class="note">${t.t('pollNoAnswers')}</p>`
        : html`<ol>
            ${shown.rows.map(
              (r) => html`<li>
                <div class="row-label"><span dir="auto" lang=${t.contentLang ?? nothing}>${r.label}</span><span class="count">${t.t('pollVotes', { n: r.count })} · ${t.f.percent(r.percent / 100)}</span></div>
                <div part="bar" aria-hidden="true" style=${cssProps({ '--_pct': `${Math.min(100, r.percent)}%` })}></div>
              </li>`,
            )}
          </ol>`}
      ${past || closed
        ? nothing
        : html`<button type="button" aria-pressed=${this.paused ? 'true' : 'false'} @click=${() => (this.paused = this.paused ? null : live)}>
            ${this.paused ? t.t('pollResume') : t.t('pollPause')}
          </button>${this.paused ? html` <span class="note">${t.t('pollPaused')}</span>` : nothing}`}
    </section>`;
  }

  #renderControls(s: PollState, closed: boolean, now: number) {
    return this.#controls.render({
      loaded: (controls) => controls.renderControls(lit, this, this.i18n, s, closed, timeLeft(s, now) !== null),
      failed: () => html`<p part="error" role="alert">${this.i18n.t('pollControlsFailed')}</p>`,
    }) ?? nothing;
  }

  /** Runs a facilitator control (`open`, `close`, `reveal`, `reset`, `timer`, `extend`); the authority refuses it from anyone else. */
  async control(type: string, data: unknown): Promise<void> {
    await this.act({ type, data });
  }

  #onPick = (e: Event): void => {
    const input = e.target as HTMLInputElement;
    if (input.type === 'radio') this.selected = [input.value];
    else this.selected = input.checked ? [...new Set([...this.selected, input.value])] : this.selected.filter((v) => v !== input.value);
  };

  #onSubmit = (e: SubmitEvent): void => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const cfg = this.pollState.config ?? this.authoredConfig;
    let choices: string[];
    if (cfg.kind === 'text') {
      // Blank fields are skipped, and the same answer typed twice ("Fun", "fun ") is sent once.
      const byKey = new Map<string, string>();
      for (const i of form.querySelectorAll<HTMLInputElement>('input[name=choice]')) {
        const text = i.value.trim();
        const key = textKey(text);
        if (text && !byKey.has(key)) byKey.set(key, text);
      }
      choices = [...byKey.values()];
    } else {
      choices = [...form.querySelectorAll<HTMLInputElement>('input[name=choice]:checked')].map((i) => i.value);
    }
    if (choices.length === 0) return;
    this.vote(choices);
  };

  /** Casts a vote for `choices` (option values, a scale point, or one text answer). */
  async vote(choices: string[]): Promise<void> {
    await this.act({
      type: 'vote',
      data: (s) => voteData((s as PollState).round, choices, (s as PollState).config ?? this.authoredConfig),
      event: { name: 'pk-vote', detail: (opId, data) => ({ pollId: this.pollId, round: data.round, choices, opId }) },
      onSend: () => {
        this.changing = false;
        this.selected = [];
      },
    });
  }

  protected override updated(): void {
    const s = this.pollState;
    const closed = isClosed(s, this.clock.now());
    if (!this.ctl.handle?.loaded) return;
    const detail = { pollId: this.pollId, status: s.status, closed, round: s.round, responded: s.responded, revealed: s.revealed };
    const fired = this.emitChange('pk-poll-change', [s.status, closed, s.round, s.responded, s.revealed], () => detail);
    if (fired === 'changed' && !this.paused) this.#announce(s);
  }

  #announce(s: PollState): void {
    const cfg = s.config ?? this.authoredConfig;
    const voted = !!myChoices(s, this.ctl.session?.identity.id ?? '');
    if (!canSeeResults(s, cfg, { role: this.userRole, voted, now: this.clock.now() })) return;
    const t = this.i18n;
    const rows = resultRows(s, cfg).filter((r) => r.count > 0).slice(0, 3);
    const summary = [t.t('pollResponded', { n: s.responded }), ...rows.map((r) => `${r.label} ${t.f.percent(r.percent / 100)}`)].join(', ');
    this.announcer.say(t.t('pollAnnounce', { summary }));
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    /** A participant cast a vote in a `<pk-pulse-poll>`. */
    'pk-vote': CustomEvent<PkVoteDetail>;
    /** A `<pk-pulse-poll>`'s status, round, response count or reveal changed. */
    'pk-poll-change': CustomEvent<PkPollChangeDetail>;
    /** A facilitator exported a `<pk-pulse-poll>`'s rounds. */
    'pk-poll-export': CustomEvent<PkPollExportDetail>;
  }
}
