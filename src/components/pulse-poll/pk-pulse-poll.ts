import { html, nothing, type TemplateResult } from 'lit';
import { presentParticipants } from '../../core/protocol/presence.js';
import { baseStyles, frameStyles } from '../../core/lit/base-styles.js';
import { textFieldStyles } from '../../core/lit/field-styles.js';
import { LazyModule, LazyModuleController } from '../../core/lit/lazy-module.js';
import { firstOf } from '../../core/lit/focus-keeper.js';
import { AuthorityClock } from '../../core/lit/authority-clock.js';
import { PkWidget } from '../../core/lit/widget-base.js';
import { pollStrings, POLL_ERRORS } from './i18n/index.js';
import { connectionLines, rejectionView, statusLine } from '../../core/lit/widget-views.js';
import { configFromAuthoring, optionsFromChildren } from './poll-authoring.js';
import {
  canSeeResults,
  initialPollState,
  isClosed,
  myChoices,
  pollModel,
  pollRules,
  readableConfig,
  resultRows,
  rulesOf,
  validatePollConfig,
  voteData,
} from './poll-model.js';
import { PollChoices } from './poll-choices.js';
import { PollTimer } from './poll-timer.js';
import { pollChangeSentence } from './poll-announcements.js';
import { parseQuorum } from './poll-quorum.js';
import { renderForm, renderMine, renderResults, renderUnsent } from './poll-views.js';
import type { PollConfig, PollKind, PollOption, PollResultRow, PollResultsMode, PollState } from './poll-types.js';
import type { PkPollExportDetail } from './poll-export.js';
import { pollStyles } from './pulse-poll.styles.js';

/**
 * The facilitator controls: a dynamic import, their own chunk (participants never download it),
 * one module for every poll on the page. If it fails to load (a flaky connection) the poll keeps
 * working and the facilitator is told to reload (see LazyModule).
 */
const controlsModule = new LazyModule(() => import('./poll-controls.js'), 'the poll controls');

export type { PkPollChangeDetail, PkVoteDetail } from './poll-events.js';
import type { PkPollChangeDetail, PkVoteDetail } from './poll-events.js';

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
 * @csspart notices - The room's notices at the top, when no `<pk-notices>` shows them.
 * @csspart notice - One notice.
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
  static override styles = [baseStyles, frameStyles, textFieldStyles, pollStyles];

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
    warnBefore: { attribute: 'warn-before', type: Number },
    moreTime: { attribute: 'more-time', type: Number },
    quorum: {},
    // Internal state (`private` fields below). Spread in: the manifest analyzer ignores `state: true`
    // and would list these as attributes.
    ...{ paused: { state: true }, viewRound: { state: true } },
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
  /** Seconds before the timer ends at which participants who have not answered are warned (default 20; 0: no warning). */
  warnBefore = 20;
  /**
   * Seconds a participant may add to the running timer by asking for more time (0, the default: they
   * cannot ask). The facilitator's timer carries it; each timer grants at most ten requests.
   */
  moreTime = 0;
  /**
   * Closes the poll once enough participants have answered: a number ("12") or a share of the
   * participants present ("80%"); the timer still closes it if it comes first. The facilitator's
   * `open` carries it; the authority decides the close (decisions §48). Empty (default): no quorum.
   */
  quorum = '';

  private paused: { rows: PollResultRow[]; responded: number } | null = null;
  private viewRound: number | null = null;

  /** What the participant picked or typed and has not sent: kept when the poll closes under them. */
  readonly #choices = new PollChoices(this);
  /** The countdown, its warning and the offer of more time. */
  readonly #timer = new PollTimer(this, {
    answering: () => !this.staff && (!this.#mine() || this.#choices.changing),
    warn: (seconds) => this.announcer.say(this.i18n.t('pollClosingSoon', { time: this.i18n.f.duration(seconds) }), true),
  });
  readonly #controls = new LazyModuleController(this, controlsModule);
  #childObserver: MutationObserver | null = null;
  /** The change reported last (to say what changed, not just "updated"). */
  #prev: PkPollChangeDetail | null = null;

  constructor() {
    super({ kind: 'poll', idAttribute: 'poll-id', model: pollModel, strings: pollStrings, clock: new AuthorityClock() });
  }

  protected get widgetId(): string {
    return this.pollId;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#childObserver = new MutationObserver(() => this.requestUpdate());
    this.#childObserver.observe(this, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['value'],
    });
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

  protected override render(): TemplateResult {
    const quorum = parseQuorum(this.quorum);
    const problem = this.idProblem() ?? validatePollConfig(this.authoredConfig) ?? (typeof quorum === 'string' ? quorum : null);
    if (problem) return this.renderAuthoringError(this.i18n.t('pollCannotShow'), problem);
    const t = this.i18n;
    const handle = this.ctl.handle;
    const s = this.pollState;
    const cfg = readableConfig(s.config ?? this.authoredConfig);
    const now = this.clock.now();
    const mine = this.#mine();
    const { selected, changing } = this.#choices;
    const closed = isClosed(s, now);
    const waiting = this.draft && s.status === 'new';
    const pendingVote = handle?.pending.find((p) => p.op.type === 'vote');
    const seeResults = canSeeResults(s, cfg, { role: this.userRole, voted: !!mine || !!pendingVote, now });
    // Staff run the poll: the question, the results and the controls, never a vote form (decisions §28).
    const staff = this.staff;
    const voted = (mine || pendingVote) && !changing;
    const unsent = !staff && closed && !mine && !pendingVote && selected.some(Boolean);
    const canChange = (rulesOf(s) ?? pollRules(cfg)).allowChange && !closed && !changing;
    return html`
      <div part="base" lang=${t.lang} dir=${t.dir}>
        ${this.#renderStatus(s, closed, waiting && !staff, !staff && !voted)}
        ${
          staff || waiting || closed || voted
            ? html`<p part="question" id="q" tabindex="-1" dir="auto" lang=${t.contentLang ?? nothing}>${cfg.question}</p>`
            : renderForm(t, cfg, changing && selected.length === 0 && mine ? mine : selected, this.#choices)
        }
        ${
          !staff && (mine || pendingVote)
            ? renderMine(
                t,
                cfg,
                mine ?? (pendingVote?.op.data as { choices?: string[] } | undefined)?.choices ?? [],
                pendingVote,
                canChange,
                () => this.#changeVote(mine ?? []),
              )
            : unsent
              ? renderUnsent(t, cfg, selected.filter(Boolean))
              : nothing
        }
        ${rejectionView(t, handle, POLL_ERRORS)}
        ${
          // The results area says what the authority's state holds: until it is in, "0 responses" would
          // be a guess (there may be thirty), and formatting it built the page's first Intl.NumberFormat
          // (20-90 ms here) before the form could be answered. It comes with the state (decisions §58).
          (waiting && !staff) || !handle?.loaded
            ? nothing
            : seeResults
              ? this.#renderResults(s, cfg, closed)
              : html`<p class="note" part="results">${t.t(RESULTS_HINT[cfg.results] ?? 'pollHiddenResults')}</p>`
        }
        ${staff ? this.#renderControls(s, closed) : nothing}
        ${this.renderLiveRegion()}
      </div>
    `;
  }

  #renderStatus(s: PollState, closed: boolean, waiting: boolean, answering: boolean) {
    const t = this.i18n;
    const lines: string[] = [];
    const left = this.#timer.left();
    if (waiting) lines.push(t.t('pollWaiting'));
    else if (closed) lines.push(t.t('pollClosed'));
    else if (left !== null)
      lines.push(t.t(answering && this.#timer.warning(left) ? 'pollClosingSoon' : 'pollClosesIn', { time: t.f.duration(left / 1000) }));
    const q = s.quorum;
    if (q && !waiting && !closed)
      lines.push('count' in q ? t.t('pollQuorumCount', { n: q.count }) : t.t('pollQuorumShare', { percent: t.f.percent(q.share / 100) }));
    const more = this.#timer.moreTimeOffer(closed, answering);
    return html`${statusLine([...lines, ...connectionLines(t, this.ctl.session)])}
    ${more ? html`<div class="actions"><button type="button" data-control="more-time" @click=${() => void this.askMoreTime()}>${t.t('pollMoreTime', { time: t.f.duration(more) })}</button></div>` : nothing}`;
  }

  #renderResults(s: PollState, cfg: PollConfig, closed: boolean) {
    const t = this.i18n;
    const past = this.viewRound !== null ? s.history.find((h) => h.round === this.viewRound) : undefined;
    const view = past ? { ...s, tally: past.tally, responded: past.responded, texts: past.texts } : s;
    const live = { rows: resultRows(view, past ? (past.config ?? cfg) : cfg), responded: view.responded };
    const shown = this.paused && !past ? this.paused : live;
    const present = presentParticipants(this.ctl.session?.presence) ?? 0;
    return renderResults(t, {
      rows: shown.rows,
      count:
        present >= shown.responded && present > 0
          ? t.t('pollRespondedOf', { n: shown.responded, m: present })
          : t.t('pollResponded', { n: shown.responded }),
      pastRound: past?.round ?? null,
      rounds: s.history.map((h) => h.round),
      paused: !!this.paused,
      pausable: !past && !closed,
      on: { round: (n) => (this.viewRound = n), pause: () => (this.paused = this.paused ? null : live) },
    });
  }

  #renderControls(s: PollState, closed: boolean) {
    return (
      this.#controls.render({
        loaded: (controls) => controls.renderControls(this, this.i18n, s, closed, this.#timer.left() !== null),
        failed: () => html`<p part="error" role="alert">${this.i18n.t('pollControlsFailed')}</p>`,
      }) ?? nothing
    );
  }

  /**
   * Runs a facilitator control (`open`, `close`, `reveal`, `reset`, `timer`, `extend`, `quorum`); the
   * authority refuses it from anyone else. For staff, where focus goes and what is confirmed come
   * with the controls' chunk (loaded already when its buttons call this; without it the control
   * still goes). A participant's page never loads it for a control it cannot send.
   */
  async control(type: string, data: unknown): Promise<void> {
    if (this.staff) await controlsModule.load();
    await this.act({ type, data, ...controlsModule.value?.controlFeedback(this, this.i18n, type, data) });
  }

  /** Asks for more time on the running timer (participants, where the facilitator's timer allows it). */
  async askMoreTime(): Promise<void> {
    const seconds = this.pollState.moreTime ?? 0;
    await this.act({ type: 'more-time', data: {}, confirm: this.i18n.t('pollMoreTimeGiven', { time: this.i18n.f.duration(seconds) }) });
  }

  #changeVote(mine: string[]): void {
    this.#choices.change(mine);
    this.focusKeeper.prefer(() => firstOf(this.renderRoot, ['form input:checked', 'form input']));
  }

  /** My choices this round, as the authority confirmed them (null before I answer). */
  #mine(): string[] | null {
    return myChoices(this.pollState, this.ctl.session?.identity.id ?? '');
  }

  /** Casts a vote for `choices` (option values, a scale point, or one text answer). */
  async vote(choices: string[]): Promise<void> {
    await this.act({
      type: 'vote',
      data: (s) => voteData((s as PollState).round, choices, (s as PollState).config ?? this.authoredConfig),
      event: { name: 'pk-vote', detail: (opId, data) => ({ pollId: this.pollId, round: data.round, choices, opId }) },
      // After a vote: Change vote when there is one, else the line that says what I voted.
      focus: () => firstOf(this.renderRoot, ['[data-focus=change]', '#mine']),
      confirm: this.i18n.t('pollVoteRecorded'),
      onSend: () => this.#choices.sent(),
    });
  }

  /** After a render took focus away (the poll closed, the timer ended): the unsent choice, my vote, the status. */
  protected override focusFallback(): HTMLElement | null {
    return firstOf(this.renderRoot, ['[part~=error] button', '#mine', '[part~=status]', '#q']);
  }

  protected override updated(): void {
    const s = this.pollState;
    const closed = isClosed(s, this.clock.now());
    if (!this.ctl.handle?.loaded) return;
    const detail: PkPollChangeDetail = {
      pollId: this.pollId,
      status: s.status,
      closed,
      round: s.round,
      responded: s.responded,
      revealed: s.revealed,
    };
    const prev = this.#prev;
    if (!this.emitChange('pk-poll-change', [s.status, closed, s.round, s.responded, s.revealed], () => detail)) return;
    this.#prev = detail;
    if (prev) this.#announce(s, prev, detail);
  }

  /** Says what changed: opened, closed, a new round, or the results (when this viewer may see them). */
  #announce(s: PollState, prev: PkPollChangeDetail, now: PkPollChangeDetail): void {
    const cfg = s.config ?? this.authoredConfig;
    const voted = !!this.#mine();
    const visible = canSeeResults(s, cfg, { role: this.userRole, voted, now: this.clock.now() });
    const said = pollChangeSentence(this.i18n, s, cfg, prev, now, { visible, paused: !!this.paused });
    if (said) this.announcer.say(said.text, said.assertive);
  }
}

/** The note shown instead of results the viewer may not see yet. */
const RESULTS_HINT: Partial<Record<PollResultsMode, 'pollAfterVote' | 'pollAfterClose'>> = {
  'after-vote': 'pollAfterVote',
  'after-close': 'pollAfterClose',
};

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
