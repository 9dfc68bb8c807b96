import { html, LitElement, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { cssProps } from '../../core/css-props.js';
import { presentParticipants } from '../../core/presence.js';
import { AnnouncerController } from '../../core/announcer.js';
import { baseStyles, frameStyles } from '../../core/base-styles.js';
import { LocalizeController } from '../../core/i18n/localize-controller.js';
import { meterStrings, METER_ERRORS } from './i18n/index.js';
import { canModerate, type Role } from '../../core/wire.js';
import { meterStyles } from './engagement-meter.styles.js';
import { AuthorityClock } from '../../core/lit/authority-clock.js';
import { aggregate, initialMeterState, METER_LIMITS, meterModel, meterTopic, myEntry, myHandPosition, myReactions, nextAlert, slotOf, meterViewState } from './meter-model.js';
import { MeterSessionController, parseRelated } from './meter-session.js';
import { authoringErrorView, connectionLines, rejectionView, statusLine, unsafeNote } from '../../core/widget-views.js';
import { DEFAULT_SIGNALS, pickLabel, resolveSignals, type ResolvedSignal, type SignalSet } from './meter-signals.js';
import { ThrottleController } from '../../core/lit/render-throttle.js';
import { addSample, sampleOf, sparkline, timelineCsv, timelineJson, type TimelineSample } from './meter-timeline.js';
import type { MeterAggregate, MeterSignal, MeterState } from './meter-types.js';
import { stripBidi } from '../../core/text.js';

/** Detail of `pk-engagement-signal`. */
export interface PkEngagementSignalDetail {

  /** The meter's id. */
  meterId: string;
  /** What the participant did. */
  kind: 'state' | 'reaction' | 'hand';
  /** The state (null: withdrawn), the reaction, or whether the hand is now raised. */
  value: string | null | boolean;
}

/** Detail of `pk-engagement-change` (facilitator and producer views, at most four a second). */
export interface PkEngagementChangeDetail {
  /** The meter's id. */
  meterId: string;
  /** The aggregate just shown. */
  aggregate: MeterAggregate;
}

/** Detail of `pk-engagement-alert`. */
export interface PkEngagementAlertDetail {
  /** The meter's id. */
  meterId: string;
  /** State whose share crossed the threshold (`confused`, `too-fast`, …). */
  signal: string;
  /** Its share of the class now, 0..1 (null when withheld). */
  share: number | null;
  /** Threshold it crossed. */
  threshold: number;
  /** True when the alert starts, false when it ends. */
  active: boolean;
}

const storageKey = (room: string, id: string) => `pulsekit:v1:meter-timeline:${room}:${id}`;

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
export class PkEngagementMeter extends LitElement {
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
    // Internal state, spread in so the manifest does not take these for attributes.
    ...Object.fromEntries('paused confirmClear roving'.split(' ').map((k) => [k, { state: true }])),
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

  private paused: MeterAggregate | null = null;
  private confirmClear = false;
  private roving: Record<string, number> = {};

  readonly #i18n = new LocalizeController(this, meterStrings);
  readonly #announcer = new AnnouncerController(this);
  /** Gate of every automatic re-render: at most four a second. */
  readonly throttle = new ThrottleController(this, 250);
  /** The authority's clock, estimated from received events. */
  readonly clock = new AuthorityClock();
  /** The session link: the meter topic's handle, and read-only handles on related topics. */
  readonly ctl = new MeterSessionController(
    this,
    () => this.#topic(),
    (session) => (canModerate(session.identity.role) ? parseRelated(this.related).topics : []),
    meterModel,
    () => this.#changed(),
  );

  #agg: MeterAggregate | null = null;
  #signalCache: { from: unknown; set: SignalSet } | null = null;
  #alerts = new Map<string, boolean>();
  #alertEvents: PkEngagementAlertDetail[] = [];
  #samples: TimelineSample[] = [];
  #samplesKey = '';
  #lastChange = '';
  #lastHands = -1;
  #lastNamed: boolean | null = null;
  #lastCleared: number | null | undefined = undefined;

  #changed(): void {
    const h = this.ctl.handle;
    if (h) {
      this.clock.track(h.pending);
      this.clock.seen(h.confirmed.lastAt, h.confirmed.lastOpId);
    }
    this.throttle.request();
  }

  get #role(): Role {
    return this.ctl?.session?.identity.role ?? 'participant';
  }

  #topic(): string | null {
    try {
      return this.meterId ? meterTopic(this.meterId) : null;
    } catch {
      return null;
    }
  }

  /** Resolves when the strings for the element's language are loaded. */
  get localeReady(): Promise<unknown> {
    return this.#i18n.ready();
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

  /** The pulse now (facilitator and producer views; null for participants). */
  get pulse(): MeterAggregate | null {
    return this.#agg;
  }

  /** The timeline sampled so far (facilitator and producer views). */
  get timeline(): readonly TimelineSample[] {
    return this.#samples;
  }

  /** The signal set in use. */
  get signalSet(): SignalSet {
    if (this.#signalCache?.from !== this.signals) this.#signalCache = { from: this.signals, set: resolveSignals(this.signals) };
    return this.#signalCache.set;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('meterId') || changed.has('related')) this.ctl.refresh();
    const h = this.ctl.handle;
    const set = this.signalSet;
    if (!h || !canModerate(this.#role) || set.problem) {
      this.#agg = null;
      return;
    }
    const now = this.clock.now();
    const agg = aggregate(h.state, now, {
      states: set.states.map((s) => ({ name: s.name, weight: s.weight })),
      present: this.#present(),
      minGroup: this.minGroup,
      participation: this.ctl.participation(),
    });
    this.#agg = agg;
    // Before the first presence report every share is taken of whoever signalled (one confused
    // person of one is 100 %): alerts and the timeline wait for presence, as a facilitator would.
    if (!this.#presenceKnown()) return;
    for (const name of this.#alertNames(set)) {
      const was = this.#alerts.get(name) ?? false;
      const share = agg.hidden ? null : (agg.shares[name] ?? 0);
      const is = nextAlert(was, share, this.alertThreshold, this.alertMargin);
      if (is !== was) {
        this.#alerts.set(name, is);
        this.#alertEvents.push({ meterId: this.meterId, signal: name, share, threshold: this.alertThreshold, active: is });
      }
    }
    if (h.loaded) this.#sample(now, agg);
  }

  /** Presence has been reported, or never will be (a transport without presence: "unknown" is the truth). */
  #presenceKnown(): boolean {
    const session = this.ctl.session;
    return !!session && (session.presence !== null || !session.transport.onPresence);
  }

  #present(): number | null {
    return presentParticipants(this.ctl.session?.presence);
  }

  #alertNames(set: SignalSet): string[] {
    const states = new Set(set.states.map((s) => s.name));
    return (this.alertSignals ?? 'confused').split(/\s+/).filter((n) => states.has(n));
  }

  #sample(now: number, agg: MeterAggregate): void {
    const key = this.ctl.session ? storageKey(this.ctl.session.room, this.meterId) : '';
    if (key !== this.#samplesKey) {
      this.#samplesKey = key;
      this.#samples = this.#loadSamples(key);
    }
    const every = Math.max(1, Number.isFinite(this.sampleSeconds) ? this.sampleSeconds : 10) * 1000;
    const next = addSample(this.#samples, sampleOf(now, agg), every);
    if (next !== this.#samples) {
      this.#samples = next;
      try {
        if (key) localStorage.setItem(key, JSON.stringify(next));
      } catch {
        // No storage (private mode, quota): the timeline lives as long as the page.
      }
    }
  }

  #loadSamples(key: string): TimelineSample[] {
    try {
      const raw = key ? localStorage.getItem(key) : null;
      const list: unknown = raw ? JSON.parse(raw) : [];
      // Storage is outside our control: keep only well-formed samples.
      const isRec = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
      const ok = (s: unknown): s is TimelineSample => {
        if (!isRec(s)) return false;
        const x = s as TimelineSample;
        return Number.isFinite(x.at) && (x.index === null || Number.isFinite(x.index)) && isRec(x.shares) && isRec(x.counts);
      };
      return Array.isArray(list) ? list.filter(ok) : [];
    } catch {
      return [];
    }
  }

  #authoringError(set: SignalSet): string | null {
    if (!this.meterId) return 'The meter needs a meter-id attribute.';
    if (!this.#topic()) return `The meter-id "${this.meterId}" is not usable: use 1-128 letters, digits, "_", ".", "~" or "-".`;
    if (set.problem) return set.problem;
    const { minTtl, maxTtl, minFade, maxFade } = METER_LIMITS;
    if (!Number.isFinite(this.stateTtl) || this.stateTtl < minTtl || this.stateTtl > maxTtl) return `state-ttl must be ${minTtl}-${maxTtl} seconds (got ${this.stateTtl}).`;
    if (!Number.isFinite(this.reactionFade) || this.reactionFade < minFade || this.reactionFade > maxFade) return `reaction-fade must be ${minFade}-${maxFade} seconds (got ${this.reactionFade}).`;
    if (!Number.isInteger(this.minGroup) || this.minGroup < 1) return `min-group must be a whole number of at least 1 (got ${this.minGroup}).`;
    if (!(this.alertThreshold > 0 && this.alertThreshold <= 1)) return `alert-threshold must be a share above 0 and at most 1, like 0.33 (got ${this.alertThreshold}).`;
    if (!(this.alertMargin >= 0 && this.alertMargin < this.alertThreshold)) return `alert-margin must be at least 0 and below alert-threshold (got ${this.alertMargin}).`;
    const states = new Set(set.states.map((s) => s.name));
    // Only names the author wrote are checked; the unset default adapts to the states offered.
    for (const a of (this.alertSignals ?? '').split(/\s+/).filter(Boolean)) {
      if (!states.has(a)) return `alert-signals: "${a}" is not one of this meter's states (${[...states].join(', ') || 'none'}).`;
    }
    if (this.timelineSignal && !states.has(this.timelineSignal)) return `timeline-signal: "${this.timelineSignal}" is not one of this meter's states.`;
    return null;
  }

  #label(s: ResolvedSignal): string {
    if (s.label !== undefined) return pickLabel(s.label, this.#i18n.lang);
    if (s.key) return this.#i18n.t(s.key as 'meterStateGotIt');
    return s.name;
  }

  #labelOf(name: string): string {
    const set = this.signalSet;
    const s = [...set.states, ...set.reactions].find((x) => x.name === name);
    return s ? this.#label(s) : name;
  }

  protected override render(): TemplateResult {
    const set = this.signalSet;
    const problem = this.#authoringError(set);
    if (problem) return authoringErrorView(this, this.#i18n, this.#i18n.t('meterCannotShow'), ['meter-id', this.meterId], problem);
    const moderator = canModerate(this.#role);
    const h = this.ctl.handle;
    const s = h?.state ?? initialMeterState();
    const now = this.clock.now();
    return html`<div part="base" lang=${this.#i18n.lang} dir=${this.#i18n.dir}>
      ${this.#renderStatus()}
      ${moderator ? this.#renderFacilitator(set, s, now) : this.#renderParticipant(set, s, now)} ${rejectionView(this.#i18n, this.ctl.handle, METER_ERRORS)}
      <div class="visually-hidden" role="status" aria-live="polite">${this.#announcer.text}</div>
    </div>`;
  }

  /** Expiry and fading happen without events: tick (through the throttle) while something can change by itself. */
  #tick(): void {
    const h = this.ctl.handle;
    if (!h || !this.isConnected) return this.throttle.ticking(false);
    if (canModerate(this.#role)) return this.throttle.ticking(true);
    const now = this.clock.now();
    const me = h.me.id;
    this.throttle.ticking(!!myEntry(h.state, me, now) || myReactions(h.state, me, now).length > 0);
  }


  #renderStatus() {
    const t = this.#i18n;
    const session = this.ctl.session;
    return statusLine(connectionLines(t, session));
  }


  // -------------------------------------------------------------------------------------------
  // participant view

  #rovingButtons(group: string, items: Array<{ pressed: boolean }>, i: number): number {
    const want = this.roving[group];
    const current = want !== undefined && want < items.length ? want : Math.max(0, items.findIndex((x) => x.pressed));
    return current === i ? 0 : -1;
  }

  #onRovingKey = (e: KeyboardEvent): void => {
    const group = e.currentTarget as HTMLElement;
    const buttons = [...group.querySelectorAll<HTMLButtonElement>('button')];
    const i = buttons.indexOf(e.target as HTMLButtonElement);
    if (i < 0) return;
    const rtl = this.#i18n.dir === 'rtl';
    const step: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 };
    let j: number;
    if (e.key in step) j = (i + step[e.key]! + buttons.length) % buttons.length;
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = buttons.length - 1;
    else return;
    e.preventDefault();
    this.roving = { ...this.roving, [group.dataset.group!]: j };
    buttons[j]!.focus();
  };

  #renderParticipant(set: SignalSet, s: MeterState, now: number) {
    const t = this.#i18n;
    const me = this.ctl.handle?.me.id ?? '';
    const entry = myEntry(s, me, now);
    const pendingState = this.ctl.handle?.pending.find((p) => p.op.type === 'state' || p.op.type === 'hand' || p.op.type === 'react');
    const position = myHandPosition(s, me);
    const mine = myReactions(s, me, now);
    const states = set.states.map((x) => ({ ...x, pressed: entry?.state === x.name }));
    const reactions = set.reactions.map((x) => ({ ...x, pressed: false }));
    const minutes = entry ? Math.max(1, Math.ceil((entry.expiresAt - now) / 60_000)) : 0;
    return html`
      ${s.named ? html`<p part="notice" role="note">${t.t('meterNamedNotice')}</p>` : nothing}
      <section part="signals" aria-labelledby="signals-h">
        <h3 id="signals-h">${t.t('meterYourSignals')}</h3>
        ${states.length
          ? html`<div class="row" role="group" aria-label=${t.t('meterStatesLabel')} data-group="states" @keydown=${this.#onRovingKey}>
              ${states.map(
                (x, i) => html`<button
                  type="button"
                  aria-pressed=${x.pressed ? 'true' : 'false'}
                  tabindex=${this.#rovingButtons('states', states, i)}
                  @focus=${() => (this.roving = { ...this.roving, states: i })}
                  @click=${() => void this.setState(x.pressed ? null : x.name)}
                >
                  ${this.#label(x)}
                </button>`,
              )}
            </div>
            <p class="note" part="mine">
              ${entry ? html`${t.t('meterYourState', { state: this.#labelOf(entry.state) })} · ${t.t('meterExpiresIn', { minutes })}` : t.t('meterNoState')}
              ${unsafeNote(t, pendingState) ? html` · ${unsafeNote(t, pendingState)}` : pendingState?.status === 'queued' ? html` · ${t.t('meterQueued')}` : nothing}
            </p>`
          : nothing}
        ${reactions.length
          ? html`<div class="row" role="group" aria-label=${t.t('meterReactionsLabel')} data-group="reactions" @keydown=${this.#onRovingKey}>
              ${reactions.map(
                (x, i) => html`<button
                  type="button"
                  class="react"
                  tabindex=${this.#rovingButtons('reactions', reactions, i)}
                  title=${this.#label(x)}
                  @focus=${() => (this.roving = { ...this.roving, reactions: i })}
                  @click=${() => void this.react(x.name)}
                >
                  ${x.symbol ? html`<span class="symbol" aria-hidden="true">${x.symbol}</span><span class="visually-hidden">${this.#label(x)}</span>` : this.#label(x)}
                </button>`,
              )}
              ${mine.length
                ? html`<span class="sent note" style=${cssProps({ '--_fade': `${this.reactionFade}s` })}>${t.t('meterReactionSent', { reaction: this.#labelOf(mine[mine.length - 1]!.reaction) })}</span>`
                : nothing}
            </div>`
          : nothing}
        <div class="row">
          <button type="button" part="hand" @click=${() => void this.raiseHand(!position)}>
            ${position ? t.t('meterLowerMyHand') : t.t('meterRaiseHand')}
          </button>
          ${position ? html`<span class="note">${t.t('meterHandPosition', { n: position, m: s.hands.length })}</span>` : nothing}
        </div>
        <p class="note">${t.t('meterPrivacyNote')}</p>
      </section>
    `;
  }

  /** Sets my sticky state (null withdraws it). Participants only; the authority refuses others. */
  async setState(name: string | null): Promise<void> {
    await this.#signal('state', name, { state: name, ttl: this.stateTtl });
  }

  /** Sends a quick reaction that fades. */
  async react(name: string): Promise<void> {
    await this.#signal('reaction', name, { reaction: name, fade: this.reactionFade });
  }

  /** Raises (true) or lowers (false) my hand. */
  async raiseHand(raised = true): Promise<void> {
    await this.#signal('hand', raised, { raised });
  }

  async #signal(kind: PkEngagementSignalDetail['kind'], value: PkEngagementSignalDetail['value'], data: unknown): Promise<void> {
    const handle = this.ctl.handle;
    if (!handle) return;
    const detail: PkEngagementSignalDetail = { meterId: this.meterId, kind, value };
    const ev = new CustomEvent<PkEngagementSignalDetail>('pk-engagement-signal', { detail, bubbles: true, composed: true, cancelable: true });
    if (!this.dispatchEvent(ev)) return;
    await handle.send(kind === 'reaction' ? 'react' : kind, data);
  }

  // -------------------------------------------------------------------------------------------
  // facilitator / producer view

  #renderFacilitator(set: SignalSet, s: MeterState, now: number) {
    const related = parseRelated(this.related);
    return html`
      ${related.problem ? html`<p part="error" role="alert"><span lang="en" dir="ltr">${related.problem}</span></p>` : nothing}
      ${this.#renderAlerts()} ${this.#renderSummary(set)} ${this.#renderTimeline(set, s)} ${this.#renderHands(s, now)} ${this.#renderControls(s)}
    `;
  }

  #renderAlerts() {
    const active = [...this.#alerts].filter(([, on]) => on).map(([name]) => name);
    const agg = this.#agg;
    // The container stays in the DOM so screen readers announce alerts added to it.
    return html`<div role="alert" class="alerts">
      ${agg
        ? active.map(
            (name) =>
              html`<p part="alert">${this.#i18n.t('meterAlert', { state: this.#labelOf(name), percent: this.#i18n.f.percent(agg.shares[name] ?? 0), threshold: this.#i18n.f.percent(this.alertThreshold) })}</p>`,
          )
        : nothing}
    </div>`;
  }

  #renderSummary(set: SignalSet) {
    const t = this.#i18n;
    const live = this.#agg;
    if (!live) return nothing;
    const a = this.paused ?? live;
    const alerting = new Set([...this.#alerts].filter(([, on]) => on).map(([n]) => n));
    return html`<section part="summary" aria-labelledby="pulse-h">
      <h3 id="pulse-h">${t.t('meterPulse')}</h3>
      <div class="headline">
        <span
          >${a.present === null ? t.t('meterPresentUnknown') : t.t('meterPresent', { n: a.present })}${a.base !== a.present && !a.hidden
            ? html` · ${t.t('meterBase', { n: a.base })}`
            : nothing}</span
        >
        ${a.index !== null ? html`<span class="index" part="index">${t.t('meterIndex', { n: a.index })}</span>` : nothing}
      </div>
      ${a.hidden
        ? html`<p class="note">${t.t('meterHidden', { n: this.minGroup })}</p>`
        : html`<ul aria-label=${t.t('meterStatesHeading')}>
              ${set.states.map((st) => {
                const n = a.counts[st.name] ?? 0;
                const share = a.shares[st.name] ?? 0;
                return html`<li class="state-row">
                  <span>${this.#label(st)}</span>
                  <div part="bar" class=${alerting.has(st.name) ? 'alerting' : ''} aria-hidden="true" style=${cssProps({ '--_pct': `${Math.round(Math.min(1, share) * 1000) / 10}%` })}></div>
                  <span class="count">${t.t('meterCount', { n, percent: t.f.percent(share) })}</span>
                  ${this.#renderNames(a.names[st.name])}
                </li>`;
              })}
            </ul>
            ${set.reactions.length
              ? html`<p class="note">
                  ${t.t('meterRecentReactions')}:
                  ${Object.keys(a.reactions).length
                    ? new Intl.ListFormat(t.lang, { style: 'short', type: 'unit' }).format(
                        set.reactions.filter((r) => a.reactions[r.name]).map((r) => `${this.#label(r)} ${t.f.num(a.reactions[r.name]!)}`),
                      )
                    : t.t('meterNoReactions')}
                </p>`
              : nothing}`}
      ${a.hidden && !this.paused
        ? nothing
        : html`<div class="row">
            <button type="button" aria-pressed=${this.paused ? 'true' : 'false'} @click=${() => (this.paused = this.paused ? null : live)}>
              ${this.paused ? t.t('meterResume') : t.t('meterPause')}
            </button>
            ${this.paused ? html`<span class="note">${t.t('meterPaused')}</span>` : nothing}
          </div>`}
    </section>`;
  }

  /** Who is in a state, in named mode: the names as a localized list, each isolated (bidi). */
  #renderNames(names: string[] | undefined) {
    if (!names?.length) return nothing;
    const t = this.#i18n;
    const shown = names.map((n) => n.trim() || t.t('meterHandUnnamed'));
    const parts = new Intl.ListFormat(t.lang, { style: 'long', type: 'conjunction' }).formatToParts(shown);
    return html`<span part="names" class="note">${parts.map((p) => (p.type === 'element' ? html`<bdi>${p.value}</bdi>` : p.value))}</span>`;
  }

  #trackedSignal(set: SignalSet): string {
    return this.timelineSignal || this.#alertNames(set)[0] || set.states[0]?.name || '';
  }

  #renderTimeline(set: SignalSet, s: MeterState) {
    const t = this.#i18n;
    const tracked = this.#trackedSignal(set);
    const trackedLabel = tracked ? this.#labelOf(tracked) : '';
    const geo = sparkline(this.#samples, s.markers, tracked);
    const last = this.#samples[this.#samples.length - 1];
    const time = new Intl.DateTimeFormat(t.lang, { hour: '2-digit', minute: '2-digit' });
    const nowText =
      last && last.index !== null
        ? t.t('meterSparkNow', { index: t.f.num(last.index), state: trackedLabel, share: t.f.percent(last.shares[tracked] ?? 0) })
        : t.t('meterNoSamples');
    return html`<section part="timeline" aria-labelledby="timeline-h">
      <h3 id="timeline-h">${t.t('meterTimeline')}</h3>
      <svg part="sparkline" viewBox="0 0 ${geo.width} ${geo.height}" preserveAspectRatio="none" role="img" aria-labelledby="spark-title spark-desc">
        <title id="spark-title">${t.t('meterSparkTitle', { state: trackedLabel })}</title>
        <desc id="spark-desc">${nowText}</desc>
        ${geo.index.map((pts) => svg`<polyline class="line-index" points=${pts}></polyline>`)}
        ${geo.share.map((pts) => svg`<polyline class="line-share" points=${pts}></polyline>`)}
        ${geo.markers.map((m) => svg`<line class="line-marker" x1=${m.x} x2=${m.x} y1="0" y2=${geo.height}><title>${m.label}</title></line>`)}
      </svg>
      <div class="legend" aria-hidden="true">
        <span><span class="swatch"></span>${t.t('meterLegendIndex')}</span>
        <span><span class="swatch share"></span>${t.t('meterLegendShare', { state: trackedLabel })}</span>
      </div>
      <p class="note">${nowText}</p>
      ${s.markers.length
        ? html`<ol aria-label=${t.t('meterMarkers')}>
            ${s.markers.map((m) => html`<li><time datetime=${new Date(m.at).toISOString()}>${time.format(m.at)}</time> · <span dir="auto" lang=${t.contentLang ?? nothing}>${stripBidi(m.label)}</span></li>`)}
          </ol>`
        : nothing}
      <form class="row" @submit=${this.#onMark}>
        <label class="visually-hidden" for="marker">${t.t('meterMarkerLabel')}</label>
        <input id="marker" name="marker" type="text" maxlength=${METER_LIMITS.maxLabelLength} autocomplete="off" placeholder=${t.t('meterMarkerPlaceholder')} />
        <button type="submit">${t.t('meterDropMarker')}</button>
      </form>
      <div class="row">
        <button type="button" @click=${() => this.downloadTimeline('csv')}>${t.t('meterDownloadCsv')}</button>
        <button type="button" @click=${() => this.downloadTimeline('json')}>${t.t('meterDownloadJson')}</button>
      </div>
    </section>`;
  }

  #onMark = (e: SubmitEvent): void => {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).querySelector('input')!;
    const label = input.value.trim();
    if (!label) return;
    input.value = '';
    void this.mark(label);
  };

  #renderHands(s: MeterState, now: number) {
    const t = this.#i18n;
    return html`<section part="hands" aria-labelledby="hands-h">
      <h3 id="hands-h">${t.t('meterHands', { n: s.hands.length })}</h3>
      ${s.hands.length === 0
        ? html`<p class="note">${t.t('meterNoHands')}</p>`
        : html`<ol>
            ${s.hands.map((hand, i) => {
              const who = s.named && hand.name !== undefined ? stripBidi(hand.name) || t.t('meterHandUnnamed') : t.t('meterHandAnon', { n: i + 1 });
              return html`<li class="hand">
                <span><span dir="auto">${who}</span> <span class="note">· ${t.t('meterWaiting', { time: t.f.duration((now - hand.at) / 1000) })}</span></span>
                <button type="button" aria-label=${t.t('meterLowerHand', { who })} @click=${() => void this.lowerHand(hand.slot)}>${t.t('meterLower')}</button>
              </li>`;
            })}
          </ol>`}
    </section>`;
  }

  #renderControls(s: MeterState) {
    const t = this.#i18n;
    return html`<section part="controls" aria-labelledby="controls-h">
      <h3 id="controls-h">${t.t('meterControls')}</h3>
      <div class="row">
        <button type="button" aria-pressed=${s.named ? 'true' : 'false'} aria-describedby="named-help" @click=${() => void this.setNamed(!s.named)}>${t.t('meterNamedMode')}</button>
        <span class="note" id="named-help">${t.t('meterNamedHelp')}</span>
      </div>
      <div class="row">
        ${this.confirmClear
          ? html`<span>${t.t('meterClearConfirm')}</span>
              <button type="button" class="primary" @click=${() => void this.clearAll()}>${t.t('meterClearAll')}</button>
              <button type="button" @click=${() => (this.confirmClear = false)}>${t.t('meterCancel')}</button>`
          : html`<button type="button" @click=${() => (this.confirmClear = true)}>${t.t('meterClearAll')}</button>`}
      </div>
    </section>`;
  }

  /** Lowers the hand in `slot` (facilitator, producer). */
  async lowerHand(slot: number): Promise<void> {
    await this.ctl.handle?.send('lower', { slot });
  }

  /** Clears every state, reaction and raised hand (facilitator, producer; the authority refuses participants). */
  async clearAll(): Promise<void> {
    this.confirmClear = false;
    await this.ctl.handle?.send('clear', {});
  }

  /** Turns named mode on or off (facilitator, producer). Participants are told while it is on. */
  async setNamed(named: boolean): Promise<void> {
    await this.ctl.handle?.send('named', { named });
  }

  /** Drops a marker on the timeline ("slide 12", "break"). */
  async mark(label: string): Promise<void> {
    await this.ctl.handle?.send('mark', { label });
  }

  /** The timeline as CSV (one row per sample and per marker; formula-safe). */
  timelineCsv(): string {
    const set = this.signalSet;
    return timelineCsv(this.#samples, this.ctl.handle?.state.markers ?? [], set.states.map((s) => s.name));
  }

  /** The timeline as JSON. */
  timelineJson(): string {
    const set = this.signalSet;
    return timelineJson({
      meterId: this.meterId,
      room: this.ctl.session?.room ?? '',
      exportedAt: Math.round(this.clock.now()),
      states: set.states.map((s) => s.name),
      samples: this.#samples,
      markers: this.ctl.handle?.state.markers ?? [],
    });
  }

  /** Downloads the timeline as `engagement-<meter-id>-<date>.csv` or `.json`. */
  downloadTimeline(format: 'csv' | 'json'): void {
    const body = format === 'csv' ? this.timelineCsv() : this.timelineJson();
    const type = format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json';
    const url = URL.createObjectURL(new Blob([format === 'csv' ? '\ufeff' + body : body], { type }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `engagement-${this.meterId}-${new Date(this.clock.now()).toISOString().slice(0, 10)}.${format}`;
    this.renderRoot.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  protected override updated(): void {
    this.#tick();
    for (const detail of this.#alertEvents.splice(0)) {
      this.dispatchEvent(new CustomEvent<PkEngagementAlertDetail>('pk-engagement-alert', { detail, bubbles: true, composed: true }));
      if (!detail.active) this.#announcer.say(this.#i18n.t('meterAlertEnded', { state: this.#labelOf(detail.signal) }));
    }
    const h = this.ctl.handle;
    if (!h?.loaded) return;
    const s = h.state;
    if (this.#agg) {
      const a = this.#agg;
      const sig = JSON.stringify([a.present, a.hidden, a.counts, a.index, a.hands, a.reactors, a.participation]);
      if (sig !== this.#lastChange) {
        this.#lastChange = sig;
        this.dispatchEvent(new CustomEvent<PkEngagementChangeDetail>('pk-engagement-change', { detail: { meterId: this.meterId, aggregate: a }, bubbles: true, composed: true }));
      }
      if (this.#lastHands >= 0 && s.hands.length > this.#lastHands) this.#announcer.say(this.#i18n.t('meterHandsAnnounce', { n: s.hands.length }));
      this.#lastHands = s.hands.length;
    } else {
      if (this.#lastNamed !== null && s.named !== this.#lastNamed && s.named) this.#announcer.say(this.#i18n.t('meterNamedNotice'));
      this.#lastNamed = s.named;
      if (this.#lastCleared !== undefined && s.clearedAt !== this.#lastCleared && slotOf(s, h.me.id) === undefined) this.#announcer.say(this.#i18n.t('meterCleared'));
      this.#lastCleared = s.clearedAt;
    }
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    /** A participant gave a signal in a `<pk-engagement-meter>`. */
    'pk-engagement-signal': CustomEvent<PkEngagementSignalDetail>;
    /** The pulse shown by a `<pk-engagement-meter>` (facilitator or producer view) changed. */
    'pk-engagement-change': CustomEvent<PkEngagementChangeDetail>;
    /** An alert of a `<pk-engagement-meter>` started or ended. */
    'pk-engagement-alert': CustomEvent<PkEngagementAlertDetail>;
  }
}
