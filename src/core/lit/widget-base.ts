import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { AnnouncerController } from './announcer.js';
import type { Strings } from '../i18n/catalogs.js';
import type { CoreCatalog } from '../i18n/en.js';
import { LocalizeController, sharedT } from './localize-controller.js';
import type { TopicModel } from '../protocol/model.js';
import { SessionController } from './session-controller.js';
import { authoringErrorView } from './widget-views.js';
import { canModerate, topicOf, type Role } from '../protocol/wire.js';
import { ActController, type Action, type ActOutcome } from './act-controller.js';
import type { AuthorityClock } from './authority-clock.js';
import { firstOf, FocusKeeper } from './focus-keeper.js';
import { NoticeStrip } from './notice-strip.js';

/** What a widget tells its base: its topic and strings. */
export interface WidgetSpec<S, C extends CoreCatalog> {
  /** Topic kind (`poll`): the topic is `<kind>:<id>`; authoring errors call the widget so ("The poll needs…"). */
  kind: string;
  /** The id attribute (`poll-id`), named in authoring errors. */
  idAttribute: string;
  /** The topic's model. */
  model: TopicModel<S>;
  /** The widget's catalog (core strings included). */
  strings: Strings<C>;
  /**
   * A session controller of the widget's own (one that follows more topics); `onChange` must be
   * called on every change. Default: the core SessionController.
   */
  session?: (host: PkWidget<S, C>, topic: () => string | null, onChange: () => void) => SessionController<S>;
  /**
   * The authority's clock (`new AuthorityClock()`), for a widget that reads deadlines or stamps
   * times (a countdown, a signal's expiry, an export's date). Default: this device's clock, so a
   * widget without deadlines does not carry the skew estimator.
   */
  clock?: WidgetClock;
  /**
   * Whether the widget shows the room's notices at its top when no `<pk-notices>` shows them
   * (default true; false for elements that are not a place to read them: a button, the console).
   */
  notices?: boolean;
}

/** What a widget reads the time from: the authority's clock, or this device's. */
export type WidgetClock = Pick<AuthorityClock, 'now' | 'follow'>;

/** This device's clock, for widgets that read no deadlines (the authority decides on its own clock either way). */
const deviceClock: WidgetClock = { now: () => Date.now(), follow: () => {} };

/** The `detail` type of a Pulsekit event declared on `GlobalEventHandlersEventMap`. */
export type DetailOf<K extends keyof GlobalEventHandlersEventMap> = GlobalEventHandlersEventMap[K] extends CustomEvent<infer D> ? D : never;

/**
 * The base of every Pulsekit widget: owns once what each widget used to rebuild.
 *
 * - the id-to-topic binding and its authoring error (`topicName`, `idProblem`, `renderAuthoringError`),
 *   re-bound whenever the id changes;
 * - session and handle (`ctl`, `handle`, `session`, `userRole`, `staff`), and the clock (`clock`: the
 *   authority's, with skew correction, for a widget that asks for it in its spec);
 * - locale readiness (`i18n`, `localeReady`);
 * - typed events (`emit`) and change events fired once per real change (`emitChange`);
 * - the one action path (`act`): pre-check, cancelable event, send, focus placement, polite
 *   confirmation, and waiting for a session still on its way (src/core/lit/act-controller.ts);
 * - the polite live region (`announcer`, `renderLiveRegion`), and focus kept inside the widget
 *   when a render removes the focused control (`focusFallback`);
 * - the room's notices at its top, when no `<pk-notices>` shows them (`NoticeStrip`).
 *
 * A subclass passes its spec to `super()`, implements `widgetId` and renders. Read the state through
 * `handle` (or `ctl.handle`), never keep a copy.
 */
export abstract class PkWidget<S, C extends CoreCatalog = CoreCatalog> extends LitElement {
  /** Strings and formatting in the widget's language. */
  protected readonly i18n: LocalizeController<C>;
  /** The widget's polite live region, throttled. */
  protected readonly announcer: AnnouncerController;
  /** The authority's clock as estimated from this widget's events (see `WidgetSpec.clock`): read deadlines with `clock.now()`. */
  readonly clock: WidgetClock;
  /** The session link: the session and the handle on the widget's topic. */
  readonly ctl: SessionController<S>;
  /** Keeps focus inside the widget when a render removes the focused control. */
  protected readonly focusKeeper: FocusKeeper;
  /** The one action path. */
  protected readonly actions: ActController<S>;
  readonly #spec: WidgetSpec<S, C>;
  #boundTopic: string | null = null;
  #signatures = new Map<string, string>();

  constructor(spec: WidgetSpec<S, C>) {
    super();
    this.#spec = spec;
    this.clock = spec.clock ?? deviceClock;
    this.i18n = new LocalizeController(this, spec.strings);
    this.announcer = new AnnouncerController(this);
    const topic = () => this.topicName();
    const onChange = () => this.topicChanged();
    this.ctl = spec.session ? spec.session(this, topic, onChange) : new SessionController(this, topic, spec.model, onChange);
    this.focusKeeper = new FocusKeeper(this, () => this.focusFallback());
    this.actions = new ActController(this, {
      session: this.ctl,
      announcer: this.announcer,
      focus: this.focusKeeper,
      say: (key) => sharedT(this.i18n)(key),
      now: () => this.clock.now(),
    });
    if (spec.notices !== false) {
      new NoticeStrip(this, { ctl: this.ctl, i18n: this.i18n, announcer: this.announcer });
    }
  }

  /** The widget's id as the author set it (`pollId`). */
  protected abstract get widgetId(): string;

  /** Resolves when the strings for the element's language are loaded. */
  get localeReady(): Promise<unknown> {
    return this.i18n.ready();
  }

  /** The widget's topic name, or null while the id is missing or unusable. */
  protected topicName(): string | null {
    try {
      return this.widgetId ? topicOf(this.#spec.kind, this.widgetId) : null;
    } catch {
      return null;
    }
  }

  /** The authoring error of the id (missing, unusable), in English for the page's author; null when fine. */
  protected idProblem(): string | null {
    const attr = this.#spec.idAttribute;
    if (!this.widgetId) return `The ${this.#spec.kind} needs a ${attr} attribute.`;
    if (!this.topicName()) return `The ${attr} "${this.widgetId}" is not usable: use 1-128 letters, digits, "_", ".", "~" or "-".`;
    return null;
  }

  /** Shows an authoring mistake in the element (and logs it once): `title` in the user's language. */
  protected renderAuthoringError(title: string, problem: string): TemplateResult {
    return authoringErrorView(this, this.i18n, title, [this.#spec.idAttribute, this.widgetId], problem);
  }

  /** The handle on the widget's topic, once the session is there. */
  get handle() {
    return this.ctl.handle;
  }

  /** The session in use, once resolved. */
  get session() {
    return this.ctl.session;
  }

  /** Role of the person at this browser (participant until the session says otherwise). */
  protected get userRole(): Role {
    return this.ctl.session?.identity.role ?? 'participant';
  }

  /** Whether this person runs the session (facilitator, producer). */
  protected get staff(): boolean {
    return canModerate(this.userRole);
  }

  /**
   * Called on every change of the session or the topic: feeds the clock, then renders. A widget that
   * paces its renders (a throttle) overrides it and calls `followClock()` itself.
   */
  protected topicChanged(): void {
    this.followClock();
    this.requestUpdate();
  }

  /** Lets the clock learn from the handle's latest event and my pending operations. */
  protected followClock(): void {
    const h = this.ctl.handle;
    if (h) this.clock.follow(h);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const topic = this.topicName();
    if (topic !== this.#boundTopic) {
      this.#boundTopic = topic;
      this.ctl.refresh();
    }
  }

  /** Fires a typed, bubbling, composed Pulsekit event; returns false when a cancelable one was cancelled. */
  emit<K extends keyof GlobalEventHandlersEventMap>(name: K, detail: DetailOf<K>, cancelable = false): boolean {
    return this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }));
  }

  /**
   * Fires `name` when `signature` (the values the event reports) differs from the last one fired.
   * Returns 'first' for the first firing, 'changed' for later ones, null when nothing changed.
   */
  protected emitChange<K extends keyof GlobalEventHandlersEventMap>(
    name: K,
    signature: unknown,
    detail: () => DetailOf<K>,
  ): 'first' | 'changed' | null {
    const sig = JSON.stringify(signature);
    const last = this.#signatures.get(name);
    if (sig === last) return null;
    this.#signatures.set(name, sig);
    this.emit(name, detail());
    return last === undefined ? 'first' : 'changed';
  }

  /** Runs one user action through the widget's one action path (see ActController); resolves with how it ended and the ack. */
  protected act<D>(action: Action<D>): Promise<ActOutcome> {
    return this.actions.act(action);
  }

  /**
   * Where focus goes when a render removed the focused control and no action named a place: by
   * default the error's button, else the element marked `data-focus`, else the status line.
   */
  protected focusFallback(): HTMLElement | null {
    return firstOf(this.renderRoot, ['[part~="error"] button', '[data-focus]', '[part~="status"]']);
  }

  /** The polite live region (throttled announcements) and the refusal of an action that found no session. */
  protected renderLiveRegion(): TemplateResult {
    const refusal = this.actions.refusal;
    return html`${refusal ? html`<p part="error" role="alert">${refusal}</p>` : nothing}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcer.text}</div>`;
  }
}
