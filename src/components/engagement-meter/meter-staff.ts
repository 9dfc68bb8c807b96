import { html, nothing, type TemplateResult } from 'lit';
import type { ActOutcome, Action } from '../../core/lit/act-controller.js';
import { downloadText } from '../../core/lit/download.js';
import type { LocalizeController } from '../../core/lit/localize-controller.js';
import { presentParticipants } from '../../core/protocol/presence.js';
import { staffText } from './i18n/staff.js';
import { alertNames } from './meter-authoring.js';
import { aggregate } from './meter-aggregate.js';
import { MeterAlerts } from './meter-alerts.js';
import { parseRelated, RelatedTopics } from './meter-related.js';
import { staffStyles } from './meter-staff.styles.js';
import { textFieldStyles } from '../../core/lit/field-styles.js';
import type { PkEngagementChangeDetail } from './meter-events.js';
import { renderFacilitator } from './meter-facilitator-view.js';
import type { ResolvedSignal } from './meter-signals.js';
import { timelineCsv, timelineJson, type TimelineSample } from './meter-timeline.js';
import { TimelineStore } from './meter-timeline-store.js';
import type { MeterAggregate } from './meter-types.js';
import type { PkEngagementMeter } from './pk-engagement-meter.js';

/** What the staff controller reads from the element's public side. */
type Host = Pick<
  PkEngagementMeter,
  | 'meterId'
  | 'related'
  | 'alertSignals'
  | 'alertThreshold'
  | 'alertMargin'
  | 'minGroup'
  | 'sampleSeconds'
  | 'timelineSignal'
  | 'signalSet'
  | 'meterState'
  | 'ctl'
  | 'clock'
  | 'renderRoot'
  | 'emit'
  | 'requestUpdate'
>;

/** What the element lends the staff controller from its protected side. */
export interface StaffWiring {
  /** The element's strings (its language, formatting, and the catalog the staff strings follow). */
  i18n: LocalizeController<object>;
  /** The viewer is a facilitator or producer. */
  isStaff(): boolean;
  /** The element's one action path. */
  act(action: Action): Promise<ActOutcome>;
  /** Fires `pk-engagement-change` when the signature changed. */
  changed(signature: unknown[], detail: () => PkEngagementChangeDetail): void;
  /** Says a sentence politely. */
  say(sentence: string): void;
  /** Where focus goes when the next render takes the focused control away. */
  preferFocus(find: () => HTMLElement | null): void;
  /** A signal's label in the element's language, and the label of a signal by name. */
  label(signal: ResolvedSignal): string;
  labelOf(name: string): string;
}

/**
 * Everything of `<pk-engagement-meter>` that only facilitators and producers run, in the facilitator
 * view's chunk so participants never download it: the pulse (aggregate of the class), alerts with
 * their events and announcements, the timeline and its downloads, the hand queue's announcements,
 * pause and "clear all". The element creates it once the chunk is in and the viewer is staff.
 */
export class MeterStaff {
  /** The pulse now; null while it cannot be computed (no topic yet, a broken signal set). */
  pulse: MeterAggregate | null = null;
  #paused: MeterAggregate | null = null;
  #confirmClear = false;
  #hands = -1;
  readonly #alerts = new MeterAlerts();
  readonly #timeline = new TimelineStore();

  constructor(
    private readonly host: Host,
    private readonly wiring: StaffWiring,
  ) {
    // The view's own rules join the element's sheets once, as its staff side starts.
    const root = host.renderRoot;
    const sheets = [textFieldStyles.styleSheet, staffStyles.styleSheet].filter((sheet) => sheet !== undefined);
    if (root instanceof ShadowRoot) root.adoptedStyleSheets = [...root.adoptedStyleSheets, ...sheets];
    // The related topics feed the index: followed for staff only, through the meter's session.
    host.ctl.follow(new RelatedTopics((session) => (session.identity.role === 'participant' ? [] : parseRelated(host.related).topics)));
  }

  /** The timeline sampled so far. */
  get samples(): readonly TimelineSample[] {
    return this.#timeline.samples;
  }

  /** Recomputes the pulse, folds it into the alerts and samples the timeline (from the element's willUpdate). */
  update(): void {
    const { host } = this;
    const h = host.ctl.handle;
    const set = host.signalSet;
    if (!h || !this.wiring.isStaff() || set.problem) {
      this.pulse = null;
      return;
    }
    const now = host.clock.now();
    const session = host.ctl.session;
    const agg = aggregate(h.state, now, {
      states: set.states.map((s) => ({ name: s.name, weight: s.weight })),
      present: presentParticipants(session?.presence),
      minGroup: host.minGroup,
      participation: host.ctl.participation(),
    });
    this.pulse = agg;
    // Before the first presence report every share is taken of whoever signalled (one confused
    // person of one is 100 %): alerts and the timeline wait for presence, as a facilitator would.
    // A transport without presence never reports it: "unknown" is then the truth.
    if (!session || (session.presence === null && session.transport.onPresence)) return;
    this.#alerts.update(host.meterId, alertNames(host.alertSignals, set), agg, host.alertThreshold, host.alertMargin);
    const every = Math.max(1, Number.isFinite(host.sampleSeconds) ? host.sampleSeconds : 10) * 1000;
    if (h.loaded) this.#timeline.sample(session.room, host.meterId, now, agg, every);
  }

  /** Reports what the last update changed (from the element's updated): alert events, the change event, announcements. */
  updated(): void {
    const t = staffText(this.wiring.i18n);
    for (const detail of this.#alerts.take()) {
      this.host.emit('pk-engagement-alert', detail);
      if (!detail.active) this.wiring.say(t.t('meterAlertEnded', { state: this.wiring.labelOf(detail.signal) }));
    }
    const h = this.host.ctl.handle;
    if (!h?.loaded) return;
    const a = this.pulse;
    if (a) {
      this.wiring.changed([a.present, a.hidden, a.counts, a.index, a.hands, a.reactors, a.participation], () => ({
        meterId: this.host.meterId,
        aggregate: a,
      }));
    }
    // A hand went up: the queue's new length, said once.
    const hands = h.state.hands.length;
    if (this.#hands >= 0 && hands > this.#hands) this.wiring.say(t.t('meterHandsAnnounce', { n: hands }));
    this.#hands = hands;
  }

  /** The facilitator and producer view. */
  render(): TemplateResult {
    const { host, wiring } = this;
    const set = host.signalSet;
    const s = host.ctl.handle?.state ?? host.meterState;
    const related = parseRelated(host.related);
    return html`${related.problem ? html`<p part="error" role="alert"><span lang="en" dir="ltr">${related.problem}</span></p>` : nothing}
    ${renderFacilitator({
      t: staffText(wiring.i18n),
      set,
      s,
      now: host.clock.now(),
      live: this.pulse,
      paused: this.#paused,
      alerts: this.#alerts,
      threshold: host.alertThreshold,
      minGroup: host.minGroup,
      samples: this.#timeline.samples,
      tracked: host.timelineSignal || alertNames(host.alertSignals, set)[0] || set.states[0]?.name || '',
      confirmClear: this.#confirmClear,
      label: wiring.label,
      labelOf: wiring.labelOf,
      on: {
        pause: () => this.#set(() => (this.#paused = this.#paused ? null : this.pulse)),
        mark: this.#onMark,
        download: (format) => this.download(format),
        lower: (slot) => void this.lowerHand(slot),
        named: () => void wiring.act({ type: 'named', data: { named: !s.named } }),
        askClear: (confirm) => {
          this.#set(() => (this.#confirmClear = confirm));
          wiring.preferFocus(() => host.renderRoot.querySelector<HTMLElement>(confirm ? '[data-clear=confirm]' : '[data-clear=ask]'));
        },
        clear: () => void this.clearAll(),
      },
    })}`;
  }

  /** Changes view state and renders again. */
  #set(change: () => void): void {
    change();
    this.host.requestUpdate();
  }

  #onMark = (e: SubmitEvent): void => {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).querySelector('input')!;
    const label = input.value.trim();
    if (!label) return;
    input.value = '';
    void this.wiring.act({ type: 'mark', data: { label } });
  };

  /** Lowers the hand in `slot`; focus moves to the next hand in the queue (or the previous, or the queue's heading). */
  async lowerHand(slot: number): Promise<void> {
    const root = this.host.renderRoot;
    const hands = this.host.meterState.hands;
    const i = hands.findIndex((h) => h.slot === slot);
    const next = hands[i + 1] ?? hands[i - 1];
    const focus = () =>
      (next && root.querySelector<HTMLElement>(`[data-slot="${next.slot}"]`)) || root.querySelector<HTMLElement>('#hands-h');
    await this.wiring.act({
      type: 'lower',
      data: { slot },
      focus,
      confirm: staffText(this.wiring.i18n).t('meterHandsAnnounce', { n: Math.max(0, hands.length - 1) }),
    });
  }

  /** Clears every state, reaction and raised hand; focus returns to "Clear all states". */
  async clearAll(): Promise<void> {
    this.#set(() => (this.#confirmClear = false));
    await this.wiring.act({
      type: 'clear',
      data: {},
      focus: () => this.host.renderRoot.querySelector<HTMLElement>('[data-clear=ask]'),
      confirm: staffText(this.wiring.i18n).t('meterClearedAll'),
    });
  }

  /** The timeline as CSV. */
  csv(): string {
    const { host } = this;
    return timelineCsv(
      this.#timeline.samples,
      host.ctl.handle?.state.markers ?? [],
      host.signalSet.states.map((s) => s.name),
    );
  }

  /** The timeline as JSON. */
  json(): string {
    const { host } = this;
    return timelineJson({
      meterId: host.meterId,
      room: host.ctl.session?.room ?? '',
      exportedAt: Math.round(host.clock.now()),
      states: host.signalSet.states.map((s) => s.name),
      samples: this.#timeline.samples,
      markers: host.ctl.handle?.state.markers ?? [],
    });
  }

  /** Downloads the timeline as `engagement-<meter-id>-<date>.csv` or `.json`. */
  download(format: 'csv' | 'json'): void {
    const date = new Date(this.host.clock.now()).toISOString().slice(0, 10);
    downloadText(
      `engagement-${this.host.meterId}-${date}.${format}`,
      format === 'csv' ? this.csv() : this.json(),
      format === 'csv' ? 'text/csv' : 'application/json',
    );
  }
}
