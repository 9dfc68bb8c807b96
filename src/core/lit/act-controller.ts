import type { ReactiveController, ReactiveElement } from 'lit';
import type { AnnouncerController } from './announcer.js';
import type { CoreCatalog } from '../i18n/en.js';
import { newOpId } from '../protocol/ids.js';
import type { SessionController } from './session-controller.js';
import type { TopicHandle } from '../client/topic-handle.js';
import type { Ack, Operation } from '../protocol/wire.js';
import type { FocusKeeper } from './focus-keeper.js';

/** One user action on the widget's topic. */
export interface Action<D = unknown> {
  /** Operation type (`vote`, `open`, `hand`…). */
  type: string;
  /** Operation data, or a function of the topic's state when it is read only once the session is there. */
  data: D | ((state: unknown) => D);
  /**
   * The cancelable event announcing it to the host page, fired only when the pre-check passes:
   * cancelling it stops the send. `detail` gets the operation id and the data.
   */
  event?: { name: keyof GlobalEventHandlersEventMap; detail: (opId: string, data: D) => unknown };
  /** Where focus goes when the renders that follow take the focused control away. */
  focus?: () => HTMLElement | null | undefined;
  /** Said politely once the authority accepted it. */
  confirm?: string;
  /** Said at once when the action is kept for later (offline); default: the core's "Offline: your actions are saved". */
  queued?: string;
  /**
   * Runs right before the send, once the event was not cancelled (a form clears its draft).
   * `checked` is false when the model refused the action here: the session rejects it at once and
   * the widget shows why, so what the user typed should stay.
   */
  onSend?: (checked: boolean) => void;
}

/**
 * How an action ended: sent (accepted or kept for later), cancelled by the host, refused here by the
 * model (no event fired), rejected by the authority after it passed here, or no session came.
 */
export type ActResult = 'sent' | 'cancelled' | 'refused' | 'rejected' | 'no-session';

/**
 * What `act()` resolves with: how the action ended, and the authority's ack when it was sent (null
 * when nothing was sent). Widgets whose public methods resolve with the ack return `ack`.
 */
export interface ActOutcome {
  result: ActResult;
  ack: Ack | null;
}

/** What the controller works with, all owned by the widget base. */
export interface ActDeps<S> {
  session: SessionController<S>;
  announcer: AnnouncerController;
  focus: FocusKeeper;
  /** The core strings in the widget's language. */
  say: (key: keyof CoreCatalog) => string;
  /** The authority's now (skew-corrected), for the pre-check. */
  now: () => number;
}

/**
 * The one path of every user action: wait for the session if it is still coming, pre-check with the
 * topic's model, fire the cancelable event, send, then place focus and confirm politely.
 *
 * - A widget whose session is still pending (a `<pk-session>` waiting for the page's scripts) does
 *   not drop the action: it says "Connecting…" and sends once the session is there; after
 *   `waitMs` without one it refuses with a visible message (`refusal`), and nothing was sent.
 * - An action the model refuses is neither announced to the host nor confirmed: it is still handed
 *   to the session, which rejects it locally, so the widget shows the reason like any rejection
 *   (`refused`; nothing was kept, so nothing is said about keeping it).
 * - Offline, the action is kept in the outbox and the user is told so at once; the confirmation
 *   follows when the authority accepts it. Both are said at once, not replaced by ambient updates
 *   (results moving) queued in the same interval: the user is waiting for them.
 */
export class ActController<S> implements ReactiveController {
  /** Why the latest action could not be sent (no session came), until the next action. */
  refusal: string | null = null;
  #waiters: Array<() => void> = [];

  constructor(
    private readonly host: ReactiveElement,
    private readonly deps: ActDeps<S>,
    /** How long an action waits for a pending session before it is refused. */
    readonly waitMs = 10_000,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    if (this.deps.session.handle && this.#waiters.length) for (const w of this.#waiters.splice(0)) w();
  }

  hostDisconnected(): void {
    for (const w of this.#waiters.splice(0)) w();
  }

  /** Runs one action (see the class comment). Resolves once it is settled or kept for later delivery. */
  async act<D>(action: Action<D>): Promise<ActOutcome> {
    const { announcer, focus, say } = this.deps;
    this.refusal = null;
    if (action.focus) focus.prefer(action.focus);
    const handle = await this.#handle();
    if (!handle) {
      this.refusal = say('actNoSession');
      this.host.requestUpdate();
      return { result: 'no-session', ack: null };
    }
    const data = typeof action.data === 'function' ? (action.data as (s: unknown) => D)(handle.state) : action.data;
    const opId = newOpId();
    const checked = this.#allowed(handle, action.type, data, opId);
    if (checked && action.event) {
      const ev = new CustomEvent(action.event.name, {
        detail: action.event.detail(opId, data),
        bubbles: true,
        composed: true,
        cancelable: true,
      });
      if (!this.host.dispatchEvent(ev)) return { result: 'cancelled', ack: null };
    }
    action.onSend?.(checked);
    const acked = handle.send(action.type, data, opId);
    const session = this.deps.session.session;
    if (checked && session && session.status !== 'open') announcer.say(action.queued ?? say('statusOffline'), true);
    const ack: Ack = await acked;
    if (ack.status === 'rejected') return { result: checked ? 'rejected' : 'refused', ack };
    if (action.confirm) announcer.say(action.confirm, true);
    return { result: 'sent', ack };
  }

  /** The model's verdict on the operation now (the authority decides again; this only spares a doomed send its event). */
  #allowed(handle: TopicHandle<S>, type: string, data: unknown, opId: string): boolean {
    const now = this.deps.now();
    const probe: Operation = { opId, clientId: handle.me.id, topic: handle.topic, type, data, createdAt: now };
    try {
      return handle.model.decide(handle.state, probe, handle.me, now).ok;
    } catch {
      return false;
    }
  }

  /** The topic's handle, waiting up to `waitMs` for a session still on its way. */
  async #handle(): Promise<TopicHandle<S> | null> {
    const ctl = this.deps.session;
    if (ctl.handle) return ctl.handle;
    this.deps.announcer.say(this.deps.say('statusConnecting'));
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.waitMs);
      this.#waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    return ctl.handle;
  }
}
