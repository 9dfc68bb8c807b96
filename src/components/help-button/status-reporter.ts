import type { SessionClient } from '../../core/client/session-client.js';
import { newOpId } from '../../core/protocol/ids.js';
import { collectDiagnostics } from './help-diagnostics.js';
import { statusModel, statusTopic } from './status-model.js';

/** Fewest milliseconds between two reports of one page: a class of 2,000 stays a trickle. */
export const STATUS_INTERVAL_MS = 20_000;

/**
 * Reports this page's connection health (state, transport, outbox) to the room's `status:<id>`
 * topic, which only staff read: when it changed, at most once per `STATUS_INTERVAL_MS`, and only
 * while connected. Straight through the transport, not the outbox, and without subscribing: a
 * report is telemetry, worthless once stale (never queued for later), and participants never read
 * the topic, so nobody's page receives the class's reports but the staff's.
 */
export class StatusReporter {
  #session: SessionClient | null = null;
  #topic = '';
  #last = '';
  #lastAt = -Infinity;
  #sending = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  #language = '';

  /** Follows `session` (null, or `enabled` false, stops reporting); `language`: the one its widgets show. */
  update(session: SessionClient | null, enabled: boolean, id: string, language = ''): void {
    this.#language = language;
    if (!session || !enabled) return this.stop();
    const topic = statusTopic(id);
    if (session !== this.#session || topic !== this.#topic) {
      this.stop();
      this.#session = session;
      this.#topic = topic;
      // The embedded authorities learn a kind from the models their pages register.
      session.transport.registerModel?.(statusModel);
    }
    this.#check();
  }

  #check = (): void => {
    const session = this.#session;
    if (!session || this.#sending || session.status !== 'open') return;
    const d = collectDiagnostics(session);
    // Where this person took part (decisions §48): widget topics only, the help queue and this report are not widgets.
    const took = [...session.tookPart].filter(([t]) => !/^(help|status):/.test(t)).sort((a, b) => a[1] - b[1]);
    const report = {
      state: d.state,
      transport: d.transport,
      queued: d.queued,
      language: this.#language || d.language,
      active: took.at(-1)?.[1] ?? null,
      widgets: took.slice(-20).map(([t]) => t),
    };
    const signature = JSON.stringify(report);
    if (signature === this.#last) return;
    const wait = this.#lastAt + STATUS_INTERVAL_MS - Date.now();
    if (wait > 0) {
      this.#timer ??= setTimeout(() => {
        this.#timer = undefined;
        this.#check();
      }, wait);
      return;
    }
    this.#last = signature;
    this.#lastAt = Date.now();
    this.#sending = true;
    const op = { opId: newOpId(), clientId: session.identity.id, topic: this.#topic, type: 'report', data: report, createdAt: Date.now() };
    session.transport
      .send([op])
      .then(
        ([ack]) => {
          if (ack?.status === 'rejected') console.warn('[pulsekit] the connection status report was refused:', ack.error.message);
        },
        () => {
          // Not delivered: the next change (or reconnection) reports again.
          this.#last = '';
        },
      )
      .finally(() => {
        this.#sending = false;
      });
  };

  /** Stops reporting. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#session = null;
    this.#topic = '';
    this.#last = '';
  }
}
