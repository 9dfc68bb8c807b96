import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { defaultSession } from './default-session.js';
import type { TopicModel } from './model.js';
import type { SessionClient } from './session-client.js';
import { sessionContext } from './session-context.js';
import type { TopicHandle } from './topic-handle.js';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Gives a widget its session (from the closest `<pk-session>`, else the default local one) and a
 * live handle on its topic. Re-renders the host on every change (or calls `onChange`, for a widget
 * that paces its renders) and lets go on disconnect. Subclasses open more handles in `bindMore`.
 */
export class SessionController<S> implements ReactiveController {
  /** Session in use, once resolved. */
  session: SessionClient | null = null;
  /** Handle on the widget's topic, once resolved. */
  handle: TopicHandle<S> | null = null;
  #fromContext: SessionClient | undefined;
  /** Unsubscribe functions of this binding (subclasses add theirs). */
  protected unsubs: Array<() => void> = [];
  #connected = false;
  /** What to do on any change of the session or a handle. */
  protected readonly onChange: () => void;

  constructor(
    host: Host,
    private readonly topicName: () => string | null,
    private readonly model: TopicModel<S>,
    onChange?: () => void,
  ) {
    this.onChange = onChange ?? (() => host.requestUpdate());
    host.addController(this);
    new ContextConsumer(host, {
      context: sessionContext,
      subscribe: true,
      callback: (value) => {
        this.#fromContext = value;
        if (this.#connected) this.#bind();
      },
    });
  }

  hostConnected(): void {
    this.#connected = true;
    // A provider answers synchronously when it is already upgraded; give it a microtask before
    // falling back to the default session, so we do not open a local database for nothing.
    queueMicrotask(() => {
      if (this.#connected) this.#bind();
    });
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#unbind();
  }

  /** Re-reads the topic name (call when the widget's id attribute changed). */
  refresh(): void {
    if (this.#connected) this.#bind();
  }

  #bind(): void {
    const session = this.#fromContext ?? defaultSession();
    const topic = this.topicName();
    if (session === this.session && topic === (this.handle?.topic ?? null) && this.isBound(session)) return;
    this.#unbind();
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
    this.onChange();
  }

  #unbind(): void {
    for (const u of this.unsubs) u();
    this.unsubs = [];
    this.handle?.release();
    this.handle = null;
    this.unbindMore();
    this.session = null;
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
