import { html, type PropertyValues, type TemplateResult } from 'lit';
import { baseStyles, frameStyles } from '../../core/lit/base-styles.js';
import { ThrottleController } from '../../core/lit/render-throttle.js';
import { LazyModule, LazyModuleController } from '../../core/lit/lazy-module.js';
import { AuthorityClock } from '../../core/lit/authority-clock.js';
import { PkWidget } from '../../core/lit/widget-base.js';
import { statusLine, connectionLines, rejectionView } from '../../core/lit/widget-views.js';
import { meterStrings, METER_ERRORS } from './i18n/index.js';
import { meterStyles } from './engagement-meter.styles.js';
import { MeterChanges } from './meter-changes.js';
import { meterAuthoringProblem } from './meter-authoring.js';
import { initialMeterState, METER_LIMITS, meterModel, meterViewState, myEntry, myReactions } from './meter-model.js';
import { renderParticipant, rovingTarget, tabStop } from './meter-participant-view.js';
import { MeterSessionController } from './meter-session.js';
import { DEFAULT_SIGNALS, pickLabel, resolveSignals, type ResolvedSignal, type SignalSet } from './meter-signals.js';
import type { MeterStaff } from './meter-staff.js';
import type { TimelineSample } from './meter-timeline.js';
import type { MeterAggregate, MeterSignal, MeterState } from './meter-types.js';

export type { PkEngagementAlertDetail, PkEngagementChangeDetail, PkEngagementSignalDetail } from './meter-events.js';
import type { PkEngagementSignalDetail } from './meter-events.js';

/**
 * The facilitator and producer view with everything only staff run (the pulse, alerts, timeline,
 * hand queue, their strings): a dynamic import, its own chunk, so participants never download it
 * (docs/decisions.md §12, §57). If it cannot load, the facilitator is told to reload.
 */
const staffModule = new LazyModule(() => import('./meter-staff.js'), 'the meter facilitator view');

/**
 * Takes the pulse of a live class. Participants get a compact bar of signals (sticky states that
 * expire, quick reactions that fade, a raised hand) and see only their own. Facilitators and
 * producers get the pulse: presence, counts and shares per state, an engagement index, a timeline
 * with markers, the hand queue, alerts with hysteresis, named mode and "clear all".
 *
 * @summary Live engagement meter for facilitators and producers.
 * @fires {CustomEvent<PkEngagementSignalDetail>} pk-engagement-signal - A participant gave a signal (cancelable: cancel to stop it being sent).
 * @fires {CustomEvent<PkEngagementChangeDetail>} pk-engagement-change - The pulse shown to a facilitator or producer changed (at most four a second).
 * @fires {CustomEvent<PkEngagementAlertDetail>} pk-engagement-alert - The share of an alert state crossed its threshold (`active: true`) or fell back below threshold minus margin (`active: false`).
 * @csspart base - The meter's frame.
 * @csspart status - Status line (connection, queued actions).
 * @csspart error - An error message.
 * @csspart notice - The named-mode notice participants see.
 * @csspart signals - The participant's signal bar.
 * @csspart mine - The participant's own state line.
 * @csspart hand - The participant's raise/lower hand button.
 * @csspart summary - The facilitator's pulse: presence, index, states, reactions.
 * @csspart index - The engagement index.
 * @csspart bar - One share bar.
 * @csspart names - In named mode, who is in a state (facilitators and producers only).
 * @csspart alert - A raised alert.
 * @csspart timeline - Timeline section (sparkline, markers, downloads).
 * @csspart sparkline - The inline SVG sparkline.
 * @csspart hands - The hand-raise queue.
 * @csspart controls - Facilitator controls (never shown to participants).
 * @csspart notices - The room's notices at the top, when no `<pk-notices>` shows them.
 * @csspart notice - One notice.
 * @cssprop --pk-font-size - Base size; everything scales from it (default 1em: the surrounding text size, never the page's root size).
 * @cssprop --pk-font-family - Font stack.
 * @cssprop --pk-color-text - Text colour.
 * @cssprop --pk-color-muted - Secondary text colour.
 * @cssprop --pk-color-surface - Background.
 * @cssprop --pk-color-border - Borders.
 * @cssprop --pk-color-accent - Pressed signals, bars and the index line.
 * @cssprop --pk-color-on-accent - Text on accent.
 * @cssprop --pk-color-danger - Errors.
 * @cssprop --pk-color-warning - Alerts and the tracked state's line.
 * @cssprop --pk-color-warning-surface - Background of alerts.
 * @cssprop --pk-color-track - Background of bars and the sparkline.
 * @cssprop --pk-radius - Corner radius.
 * @cssprop --pk-space - Spacing unit.
 */
export class PkEngagementMeter extends PkWidget<MeterState, typeof meterStrings.en> {
  static override styles = [baseStyles, frameStyles, meterStyles];

  // One static object instead of a decorator per property: no decorator helpers in the bundle.
  static override properties = {
    meterId: { attribute: 'meter-id', reflect: true },
    signals: {},
    related: {},
    alertSignals: { attribute: 'alert-signals' },
    alertThreshold: { attribute: 'alert-threshold', type: Number },
    alertMargin: { attribute: 'alert-margin', type: Number },
    minGroup: { attribute: 'min-group', type: Number },
    stateTtl: { attribute: 'state-ttl', type: Number },
    reactionFade: { attribute: 'reaction-fade', type: Number },
    sampleSeconds: { attribute: 'sample-seconds', type: Number },
    timelineSignal: { attribute: 'timeline-signal' },
    // Internal state (`private` fields below). Spread in: the manifest analyzer ignores `state: true`
    // and would list these as attributes.
    ...{ roving: { state: true } },
  };

  /** Meter id, unique in the room; the topic is `meter:<id>`. */
  meterId = '';
  /** Signals offered: space-separated built-in names, or (property) a list of names and `MeterSignal` objects with labels. */
  signals: string | Array<string | MeterSignal> = DEFAULT_SIGNALS;
  /** Other widgets' topics whose participation feeds the index, e.g. `poll:warmup thread:qa`. */
  related = '';
  /**
   * States that raise an alert when their share crosses the threshold (space-separated). Unset, it is
   * `confused` when the meter offers that state and nothing otherwise, so `signals` alone never breaks it.
   */
  alertSignals: string | null = null;
  /** Share (0..1) at which an alert starts. */
  alertThreshold = 0.33;
  /** An alert ends only below threshold minus this margin (hysteresis). */
  alertMargin = 0.1;
  /** Fewest participants for which shares, counts and the index are shown (privacy). */
  minGroup = 5;
  /** Seconds a sticky state lasts unless changed (default 600). */
  stateTtl: number = METER_LIMITS.defaultTtl;
  /** Seconds a reaction counts as recent (default 10). */
  reactionFade: number = METER_LIMITS.defaultFade;
  /** Seconds between timeline samples (default 10). */
  sampleSeconds = 10;
  /** State drawn on the timeline beside the index (default: the first alert state). */
  timelineSignal = '';

  private roving: Record<string, number> = {};

  /** Gate of every automatic re-render: at most four a second. */
  readonly throttle = new ThrottleController(this, 250);
  declare readonly ctl: MeterSessionController;

  #signalCache: { from: unknown; set: SignalSet } | null = null;
  readonly #staffView = new LazyModuleController(this, staffModule);
  /** The staff controller, once its chunk is in and the viewer is staff. */
  #staff: MeterStaff | null = null;
  readonly #changes = new MeterChanges();

  constructor() {
    super({
      kind: 'meter',
      idAttribute: 'meter-id',
      model: meterModel,
      strings: meterStrings,
      clock: new AuthorityClock(),
      // The meter topic's handle; the staff side adds read-only handles on related topics.
      session: (host, topic, onChange) => new MeterSessionController(host, topic, meterModel, onChange),
    });
  }

  protected get widgetId(): string {
    return this.meterId;
  }

  /**
   * Also waits for the facilitator view, which arrives in its own chunk a moment after the first
   * render: `await el.updateComplete` then finds it (or the notice that it could not load).
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    if (this.#staffView.status !== 'pending') return done;
    await this.#staffView.settled();
    return super.getUpdateComplete();
  }

  /** Every change goes through the throttle: a class signalling at once renders four times a second at most. */
  protected override topicChanged(): void {
    this.followClock();
    this.throttle.request();
  }

  /**
   * The meter's state as this viewer may see it: a participant gets only their own entry and
   * reactions (and the hand queue without names); facilitators and producers get the pulse.
   */
  get meterState(): MeterState {
    const h = this.ctl.handle;
    if (!h) return initialMeterState();
    return meterViewState(h.state, h.me);
  }

  /** The pulse now (facilitator and producer views, once they loaded; null for participants). */
  get pulse(): MeterAggregate | null {
    return this.#staff?.pulse ?? null;
  }

  /** The timeline sampled so far (facilitator and producer views, once they loaded). */
  get timeline(): readonly TimelineSample[] {
    return this.#staff?.samples ?? [];
  }

  /** The signal set in use. */
  get signalSet(): SignalSet {
    if (this.#signalCache?.from !== this.signals) this.#signalCache = { from: this.signals, set: resolveSignals(this.signals) };
    return this.#signalCache.set;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('related')) this.ctl.refresh();
    this.#staffController()?.update();
  }

  /** The staff controller, created the first time a staff viewer has the chunk. */
  #staffController(): MeterStaff | null {
    const staff = this.#staffView.module.value;
    if (this.#staff || !staff || !this.staff) return this.#staff;
    this.#staff = new staff.MeterStaff(this, {
      i18n: this.i18n,
      isStaff: () => this.staff,
      act: (action) => this.act(action),
      changed: (signature, detail) => void this.emitChange('pk-engagement-change', signature, detail),
      say: (sentence) => this.announcer.say(sentence),
      preferFocus: (find) => this.focusKeeper.prefer(find),
      label: (signal) => this.#label(signal),
      labelOf: (name) => this.#labelOf(name),
    });
    return this.#staff;
  }

  #label(s: ResolvedSignal): string {
    if (s.label !== undefined) return pickLabel(s.label, this.i18n.lang);
    if (s.key) return this.i18n.t(s.key as 'meterStateGotIt');
    return s.name;
  }

  #labelOf(name: string): string {
    const set = this.signalSet;
    const s = [...set.states, ...set.reactions].find((x) => x.name === name);
    return s ? this.#label(s) : name;
  }

  protected override render(): TemplateResult {
    const set = this.signalSet;
    const problem = this.idProblem() ?? meterAuthoringProblem(this, set);
    if (problem) return this.renderAuthoringError(this.i18n.t('meterCannotShow'), problem);
    const h = this.ctl.handle;
    const s = h?.state ?? initialMeterState();
    const now = this.clock.now();
    return html`<div part="base" lang=${this.i18n.lang} dir=${this.i18n.dir}>
      ${statusLine(connectionLines(this.i18n, this.ctl.session))}
      ${this.staff ? this.#renderFacilitator() : this.#renderParticipant(set, s, now)} ${rejectionView(this.i18n, this.ctl.handle, METER_ERRORS)}
      ${this.renderLiveRegion()}
    </div>`;
  }

  /** Expiry and fading happen without events: tick (through the throttle) while something can change by itself. */
  #tick(): void {
    const h = this.ctl.handle;
    if (!h || !this.isConnected) return this.throttle.ticking(false);
    if (this.staff) return this.throttle.ticking(true);
    const now = this.clock.now();
    const me = h.me.id;
    this.throttle.ticking(!!myEntry(h.state, me, now) || myReactions(h.state, me, now).length > 0);
  }

  // -------------------------------------------------------------------------------------------
  // participant view

  #onRovingKey = (e: KeyboardEvent): void => {
    const group = e.currentTarget as HTMLElement;
    const buttons = [...group.querySelectorAll<HTMLButtonElement>('button')];
    const i = buttons.indexOf(e.target as HTMLButtonElement);
    const j = i < 0 ? null : rovingTarget(e.key, i, buttons.length, this.i18n.dir === 'rtl');
    if (j === null) return;
    e.preventDefault();
    this.roving = { ...this.roving, [group.dataset.group!]: j };
    buttons[j]!.focus();
  };

  #renderParticipant(set: SignalSet, s: MeterState, now: number) {
    return renderParticipant({
      t: this.i18n,
      set,
      s,
      now,
      me: this.ctl.handle?.me.id ?? '',
      reactionFade: this.reactionFade,
      pending: this.ctl.handle?.pending.find((p) => p.op.type === 'state' || p.op.type === 'hand' || p.op.type === 'react'),
      label: (x) => this.#label(x),
      labelOf: (n) => this.#labelOf(n),
      tabStop: (group, items, i) => tabStop(this.roving[group], items, i),
      on: {
        key: this.#onRovingKey,
        focus: (group, i) => (this.roving = { ...this.roving, [group]: i }),
        state: (name) => void this.setState(name),
        react: (name) => void this.react(name),
        hand: (raise) => void this.raiseHand(raise),
      },
    });
  }

  /** Sets my sticky state (null withdraws it). Participants only; the authority refuses others. */
  async setState(name: string | null): Promise<void> {
    const confirm = name ? this.i18n.t('meterYourState', { state: this.#labelOf(name) }) : this.i18n.t('meterNoState');
    await this.#signal('state', name, { state: name, ttl: this.stateTtl }, confirm);
  }

  /** Sends a quick reaction that fades. */
  async react(name: string): Promise<void> {
    await this.#signal(
      'reaction',
      name,
      { reaction: name, fade: this.reactionFade },
      this.i18n.t('meterReactionSent', { reaction: this.#labelOf(name) }),
    );
  }

  /** Raises (true) or lowers (false) my hand. */
  async raiseHand(raised = true): Promise<void> {
    // Raised, the queue position is announced once it is known (see updated()).
    await this.#signal('hand', raised, { raised }, raised ? undefined : this.i18n.t('meterHandLowered'));
  }

  async #signal(
    kind: PkEngagementSignalDetail['kind'],
    value: PkEngagementSignalDetail['value'],
    data: unknown,
    confirm?: string,
  ): Promise<void> {
    await this.act({
      type: kind === 'reaction' ? 'react' : kind,
      data,
      event: { name: 'pk-engagement-signal', detail: () => ({ meterId: this.meterId, kind, value }) },
      confirm,
    });
  }

  // -------------------------------------------------------------------------------------------
  // facilitator / producer view

  #renderFacilitator() {
    return this.#staffView.render({
      loaded: () => this.#staffController()?.render(),
      failed: () => html`<p part="error" role="alert">${this.i18n.t('meterStaffViewFailed')}</p>`,
    });
  }

  /** The staff controller, loading its chunk first when nobody has yet; null when it could not load. */
  async #loadStaff(): Promise<MeterStaff | null> {
    await this.#staffView.module.load();
    return this.#staffController();
  }

  /** Lowers the hand in `slot` (facilitator, producer). Focus moves to the next hand in the queue. */
  async lowerHand(slot: number): Promise<void> {
    await (await this.#loadStaff())?.lowerHand(slot);
  }

  /** Clears every state, reaction and raised hand (facilitator, producer; the authority refuses participants). */
  async clearAll(): Promise<void> {
    await (await this.#loadStaff())?.clearAll();
  }

  /** Turns named mode on or off (facilitator, producer). Participants are told while it is on. */
  async setNamed(named: boolean): Promise<void> {
    await this.act({ type: 'named', data: { named } });
  }

  /** Drops a marker on the timeline ("slide 12", "break"). */
  async mark(label: string): Promise<void> {
    await this.act({ type: 'mark', data: { label } });
  }

  /**
   * The timeline as CSV (one row per sample and per marker; formula-safe), loading the staff side
   * first when it is not in yet. Empty for a participant, who has no timeline.
   */
  async timelineCsv(): Promise<string> {
    return (await this.#timelineKeeper())?.csv() ?? '';
  }

  /** The timeline as JSON, loading the staff side first when it is not in yet. Empty for a participant. */
  async timelineJson(): Promise<string> {
    return (await this.#timelineKeeper())?.json() ?? '';
  }

  /** Downloads the timeline as `engagement-<meter-id>-<date>.csv` or `.json` (staff; loads the staff side first). */
  async downloadTimeline(format: 'csv' | 'json'): Promise<void> {
    (await this.#timelineKeeper())?.download(format);
  }

  /**
   * The staff side that keeps the timeline, loaded first; null for a participant. Rejects when staff
   * ask and it cannot load: an empty export would look like a meter that recorded nothing.
   */
  async #timelineKeeper(): Promise<MeterStaff | null> {
    const staff = await this.#loadStaff();
    if (!staff && this.staff) throw new Error('[pulsekit] the meter timeline could not load: check the connection, then reload the page');
    return staff;
  }

  protected override updated(): void {
    this.#tick();
    const h = this.ctl.handle;
    if (this.staff) this.#staff?.updated();
    else if (h?.loaded)
      for (const sentence of this.#changes.forParticipant(this.i18n, h.state, h.me.id, h.queued)) this.announcer.say(sentence);
  }
}
