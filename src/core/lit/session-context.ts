import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SessionClient } from '../client/session-client.js';
import { VERSION } from '../protocol/version.js';

// The session travels from `<pk-session>` to widgets by the community context protocol
// (https://github.com/webcomponents-cg/community-protocols/blob/main/proposals/context.md), the one
// @lit/context speaks: our one context in a few lines of our own (decisions §60).

/** What the session context carries: the provider's session, or `null` while it gets one ready. */
export type ProvidedSession = SessionClient | null;

/**
 * Context carrying the session from `<pk-session>` to widgets: the provider's session, or `null`
 * while the provider is not ready to give one (its network transport is still loading). The key is
 * shared by every copy of this Pulsekit version on the page (a widget from `pulse-poll.js` joins a
 * `<pk-session>` defined by `pulsekit.js`) and differs between versions, so two versions never
 * hand each other their sessions. Typed like @lit/context's `Context`, so a host's own
 * `ContextConsumer` reads it too.
 */
export const sessionContext = Symbol.for(`pulsekit.session-context@${VERSION}`) as symbol & { __context__: ProvidedSession };

/** Called by the provider with its session, now and on every change, and how to stop hearing from it. */
export type SessionCallback = (session: ProvidedSession, unsubscribe?: () => void) => void;

/** The protocol's `context-request` event as it arrives, from our widgets or from anyone's consumer. */
export interface ContextRequest extends Event {
  readonly context: unknown;
  readonly contextTarget?: Element;
  readonly callback: SessionCallback;
  readonly subscribe?: boolean;
}

/** The protocol's `context-provider` event as it arrives: a provider of `context` connected. */
export interface ContextProviderArrival extends Event {
  readonly context: unknown;
  readonly contextTarget?: Element;
}

/** Asks the nearest provider above `contextTarget` for the session, and for every change of it. */
export class SessionRequestEvent extends Event implements ContextRequest {
  readonly context = sessionContext;
  readonly subscribe = true;

  constructor(
    readonly contextTarget: Element,
    readonly callback: SessionCallback,
  ) {
    super('context-request', { bubbles: true, composed: true });
  }
}

/** Tells the page that a session provider connected, so requests it should answer are asked again. */
class SessionProviderEvent extends Event implements ContextProviderArrival {
  readonly context = sessionContext;

  constructor(readonly contextTarget: Element) {
    super('context-provider', { bubbles: true, composed: true });
  }
}

/** The element an event of the protocol comes from (across shadow roots). */
export const eventOrigin = (event: ContextRequest | ContextProviderArrival): Element =>
  event.contextTarget ?? (event.composedPath()[0] as Element);

/**
 * Gives the session to every request from inside its host, and to every subscriber each change of
 * it. The nearest provider wins: it stops the request; and when another one connects inside its
 * host, its subscribers ask again, so those inside the newcomer move to it.
 */
export class SessionProvider implements ReactiveController {
  #value: ProvidedSession;
  /** Each subscriber's callback, with the element that asked and how it stops hearing. */
  readonly #subscribers = new Map<SessionCallback, { consumer: Element; unsubscribe: () => void }>();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    value: ProvidedSession,
  ) {
    this.#value = value;
    host.addController(this);
    host.addEventListener('context-request', (event) => this.#answer(event as ContextRequest));
    host.addEventListener('context-provider', (event) => this.#handOver(event as ContextProviderArrival));
  }

  hostConnected(): void {
    this.host.dispatchEvent(new SessionProviderEvent(this.host));
  }

  /** Provides `value` from now on, and tells every subscriber when it differs. */
  setValue(value: ProvidedSession): void {
    if (value === this.#value) return;
    this.#value = value;
    for (const [callback, { unsubscribe }] of this.#subscribers) callback(value, unsubscribe);
  }

  #answer(request: ContextRequest): void {
    const consumer = eventOrigin(request);
    if (request.context !== sessionContext || consumer === this.host) return;
    request.stopPropagation();
    const { callback } = request;
    if (!request.subscribe) {
      callback(this.#value);
      return;
    }
    let subscriber = this.#subscribers.get(callback);
    if (!subscriber) {
      subscriber = { consumer, unsubscribe: () => this.#subscribers.delete(callback) };
      this.#subscribers.set(callback, subscriber);
    }
    callback(this.#value, subscriber.unsubscribe);
  }

  #handOver(arrival: ContextProviderArrival): void {
    if (arrival.context !== sessionContext || eventOrigin(arrival) === this.host) return;
    arrival.stopPropagation();
    for (const [callback, { consumer }] of [...this.#subscribers]) consumer.dispatchEvent(new SessionRequestEvent(consumer, callback));
  }
}
