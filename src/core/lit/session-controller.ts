import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { leaseDefaultSession, type DefaultSessionLease } from '../client/default-session.js';
import { watchForLateProviders } from './late-providers.js';
import { pageScriptsRan } from './page-ready.js';
import type { TopicModel } from '../protocol/model.js';
import type { SessionClient } from '../client/session-client.js';
import { SessionRequestEvent, type ProvidedSession } from './session-context.js';
import type { TopicHandle } from '../client/topic-handle.js';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * The closest ancestor (across shadow roots) that looks like a session provider not defined yet:
 * `<pk-session>`, or `<acme-session>` under another prefix, before its script ran.
 */
function undefinedProviderAbove(el: Element): Element | null {
  for (let node: Node | null = el.parentNode; node; node = node instanceof ShadowRoot ? node.host : node.parentNode) {
    if (node instanceof Element && node.localName.endsWith('-session') && !customElements.get(node.localName)) return node;
  }
  return null;
}

/**
 * Gives a widget its session (from the closest `<pk-session>`, else the default local one) and a
 * live handle on its topic. Re-renders the host on every change (or calls `onChange`, for a widget
 * that paces its renders) and lets go on disconnect. Subclasses open more handles in `bindMore`.
 *
 * The provider may come later than the widget (its script loads after, or it is inserted around
 * the widget): the widget then moves to it, and lets go of the default session it used meanwhile.
 */
export class SessionController<S> implements ReactiveController {
  /** Session in use, once resolved. */
  session: SessionClient | null = null;
  /** Handle on the widget's topic, once resolved. */
  handle: TopicHandle<S> | null = null;
  /** What the closest provider gave: `undefined` when none answered, `null` while it gets ready. */
  #provided: ProvidedSession | undefined = undefined;
  /** Stops hearing from the provider that answered last. */
  #unsubscribe: (() => void) | undefined = undefined;
  #lease: DefaultSessionLease | null = null;
  /** Unsubscribe functions of this binding (subclasses add theirs). */
  protected unsubs: Array<() => void> = [];
  #connected = false;
  /** What to do on any change of the session or a handle. */
  protected readonly onChange: () => void;

  constructor(
    private readonly host: Host,
    private readonly topicName: () => string | null,
    private readonly model: TopicModel<S>,
    onChange?: () => void,
  ) {
    this.onChange = onChange ?? (() => host.requestUpdate());
    host.addController(this);
  }

  hostConnected(): void {
    // Before the request, so a request nobody answers yet is kept for a provider that connects later.
    watchForLateProviders();
    this.#connected = true;
    this.host.dispatchEvent(new SessionRequestEvent(this.host, this.#onProvided));
    // A provider answers synchronously when it is already upgraded; give it a microtask before
    // falling back to the default session, so we do not open a local database for nothing.
    queueMicrotask(() => {
      if (this.#connected && this.#provided === undefined) void this.#fallBack();
    });
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    // Reconnected elsewhere, the widget asks again: the provider it had may not be above it now.
    this.#provided = undefined;
    this.#unbind();
    this.#releaseDefault();
  }

  /** The nearest provider's answer, now and on every change of its session. */
  readonly #onProvided = (session: ProvidedSession, unsubscribe?: () => void): void => {
    // A nearer provider answered (one connected between us): stop hearing from the one before.
    if (unsubscribe !== this.#unsubscribe) this.#unsubscribe?.();
    this.#unsubscribe = unsubscribe;
    this.#provided = session;
    if (this.#connected) this.#bind();
  };

  /** Re-reads the topic name (call when the widget's id attribute changed). */
  refresh(): void {
    if (this.#connected) this.#bind();
  }

  /**
   * No provider answered. A `<pk-session>` in the markup whose script has not run yet is worth
   * waiting for while the page's scripts run; otherwise the default session serves at once.
   */
  async #fallBack(): Promise<void> {
    const provider = undefinedProviderAbove(this.host);
    if (provider) {
      await Promise.race([customElements.whenDefined(provider.localName), pageScriptsRan()]);
      // Its upgrade replayed our request (watchForLateProviders): it answers before this resumes.
      await Promise.resolve();
    }
    if (this.#connected && this.#provided === undefined) this.#bind();
  }

  #bind(): void {
    const provided = this.#provided;
    const session = provided !== undefined ? provided : (this.#lease ??= leaseDefaultSession()).session;
    const topic = this.topicName();
    if (session && session === this.session && topic === (this.handle?.topic ?? null) && this.isBound(session)) return;
    this.#unbind();
    if (provided !== undefined) this.#releaseDefault();
    if (session) this.#open(session, topic);
    this.onChange();
  }

  #open(session: SessionClient, topic: string | null): void {
    this.session = session;
    if (topic) {
      try {
        this.handle = session.topic(topic, this.model);
        this.unsubs.push(this.handle.subscribe(this.onChange));
      } catch (err) {
        console.error('[pulsekit]', err);
      }
    }
    this.bindMore(session);
    this.unsubs.push(session.subscribe(this.onChange));
  }

  #unbind(): void {
    for (const u of this.unsubs) u();
    this.unsubs = [];
    this.handle?.release();
    this.handle = null;
    this.unbindMore();
    this.session = null;
  }

  #releaseDefault(): void {
    this.#lease?.release();
    this.#lease = null;
  }

  /** Whether what `bindMore` opened still fits (the session and topic being unchanged). */
  protected isBound(_session: SessionClient): boolean {
    return true;
  }

  /** Opens whatever else the widget follows, on the session just bound. */
  protected bindMore(_session: SessionClient): void {}

  /** Lets go of what `bindMore` opened. */
  protected unbindMore(): void {}
}
