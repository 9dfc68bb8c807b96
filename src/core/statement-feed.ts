/**
 * Delivers xAPI statements to a host from the page (docs/xapi.md), for hosts without a server that
 * forwards them: one call per statement of each of this page's own accepted operations, in the order
 * their events were folded. The builders are loaded on first use (each model's `statements()`), so
 * pages that deliver nothing never download them.
 */

import type { StoredEvent, TopicModel } from './model.js';
import type { XapiOptions, XapiStatement } from './xapi-types.js';

/** Receives one statement and the accepted event it was built from. */
export type StatementListener = (statement: XapiStatement, event: StoredEvent) => void;

/** What a host gives for statements from a session: everything but the room, which is the session's. */
export type StatementOptions = Omit<XapiOptions, 'room'>;

const IRI = /^[a-z][a-z0-9+.-]*:\S+$/i;

/** Throws a specific error when the options cannot make valid statements. */
export function checkXapiOptions(o: Partial<XapiOptions>): void {
  if (typeof o.baseIri !== 'string' || !IRI.test(o.baseIri)) {
    throw new TypeError(`xAPI baseIri "${String(o.baseIri)}" is not an absolute IRI (for example https://lms.example/pulsekit).`);
  }
  if (o.homePage !== undefined && !IRI.test(o.homePage)) throw new TypeError(`xAPI homePage "${o.homePage}" is not an absolute IRI.`);
  if (o.room !== undefined && (typeof o.room !== 'string' || o.room === '')) throw new TypeError('xAPI statements need the room the events belong to.');
}

interface Accepted {
  model: TopicModel<any>;
  event: StoredEvent;
  before: unknown;
}

/** One session's statement delivery. */
export class StatementFeed {
  readonly #listeners = new Map<StatementListener, StatementOptions>();
  #queue: Accepted[] = [];
  #draining = false;

  /**
   * @param room the session's room
   * @param delivered called with an opId once its statements reached every listener (the session
   *   then drops the op from the durable outbox, so a reload does not deliver them again)
   */
  constructor(
    private readonly room: string,
    private readonly delivered: (opId: string) => void,
  ) {}

  /** Whether anyone listens (events are only kept when someone does). */
  get active(): boolean {
    return this.#listeners.size > 0;
  }

  /** Adds a listener; returns the function that removes it. Throws on unusable options. */
  add(listener: StatementListener, options: StatementOptions): () => void {
    checkXapiOptions(options);
    this.#listeners.set(listener, { ...options });
    return () => void this.#listeners.delete(listener);
  }

  /** One of this page's operations was accepted: `event` as stored, `before` the topic's state before it. */
  push(model: TopicModel<any>, event: StoredEvent, before: unknown): void {
    if (!this.active || !model.statements) return;
    this.#queue.push({ model, event, before });
    void this.#drain();
  }

  async #drain(): Promise<void> {
    if (this.#draining) return;
    this.#draining = true;
    try {
      while (this.#queue.length > 0) {
        const { model, event, before } = this.#queue[0]!;
        let build;
        try {
          build = await model.statements!();
        } catch (err) {
          // The op stays in the outbox: a reload that gets the builder delivers its statements.
          console.error(`[pulsekit] could not load the xAPI statements of ${event.topic}:`, err);
          this.#queue.shift();
          continue;
        }
        for (const [listener, options] of this.#listeners) {
          try {
            for (const s of build(event, before, { ...options, room: this.room })) listener(s, event);
          } catch (err) {
            console.error('[pulsekit] an xAPI statement listener failed:', err);
          }
        }
        this.#queue.shift();
        this.delivered(event.opId);
      }
    } finally {
      this.#draining = false;
    }
  }
}
