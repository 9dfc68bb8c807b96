import type { SessionClient } from '../../core/client/session-client.js';
import type { TopicHistory } from './report-model.js';

/**
 * The histories the report reads: each topic's events fetched through the session's own transport
 * (so the authority projects them for this viewer, as it does for the widgets), from the start,
 * then from where the last fetch ended whenever the topic moved. Nothing is kept beyond the page.
 */
export class ReportHistories {
  readonly #byTopic = new Map<string, TopicHistory & { cursor: number }>();
  #running: Promise<void> | null = null;
  #again = false;

  constructor(private readonly session: Pick<SessionClient, 'transport'>) {}

  /** The histories of `topics`, in that order (empty for a topic not fetched yet). */
  list(topics: readonly string[]): TopicHistory[] {
    return topics.map((topic) => this.#byTopic.get(topic) ?? { topic, events: [] });
  }

  /**
   * Fetches what is new on every topic in `topics`; one run at a time (a call during a run asks
   * for one more run after it). Resolves when the catch-up this call asked for is done; rejects
   * with the transport's error (offline, forbidden) for the caller to show.
   */
  refresh(topics: readonly string[]): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      try {
        do {
          this.#again = false;
          for (const topic of topics) await this.#catchUp(topic);
        } while (this.#again);
      } finally {
        this.#running = null;
      }
    })();
    return this.#running;
  }

  async #catchUp(topic: string): Promise<void> {
    let h = this.#byTopic.get(topic);
    if (!h) this.#byTopic.set(topic, (h = { topic, events: [], snapshot: null, cursor: 0 }));
    const transport = this.session.transport;
    for (;;) {
      const page = await transport.fetch(topic, h.cursor, transport.limits.maxPage);
      if (page.snapshot && page.snapshot.seq > h.cursor) {
        // The authority keeps no older events: start from its snapshot, as the widgets do.
        h.snapshot = page.snapshot;
        h.events = [];
        h.cursor = page.snapshot.seq;
      }
      for (const e of page.events) {
        if (e.seq <= h.cursor) continue;
        h.events.push(e);
        h.cursor = e.seq;
      }
      if (!page.hasMore || page.events.length === 0) return;
    }
  }
}
