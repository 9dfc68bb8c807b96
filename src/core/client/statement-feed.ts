/**
 * Delivers xAPI statements to a host from the page (docs/xapi.md), for hosts without a server that
 * forwards them: one call per statement of each of this page's own accepted operations, in the order
 * their events were folded. Loaded (like the builders, each model's `statements()`) only when a host
 * asks for statements, so other pages never download it.
 */

import type { StoredEvent, TopicModel } from '../protocol/model.js';
import { checkXapiOptions, type StatementListener, type StatementOptions } from './xapi-options.js';

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
