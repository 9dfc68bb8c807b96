import type { ReactiveControllerHost } from 'lit';
import type { SessionClient } from '../../core/client/session-client.js';
import type { TopicHandle } from '../../core/client/topic-handle.js';
import { refuse, type TopicModel } from '../../core/protocol/model.js';
import { canModerate } from '../../core/protocol/wire.js';
import { SessionController } from '../../core/lit/session-controller.js';
import { REPORT_MODELS } from './report-model.js';
import { reportKindOf } from './report-topics.js';

/** The report has no topic of its own: its base's handle stays empty. */
export const NO_TOPIC: TopicModel<null> = {
  kind: 'report',
  initial: () => null,
  decide: () => refuse('bad_operation', 'The session report sends nothing.'),
  evolve: (s) => s,
};

type Host = ReactiveControllerHost & HTMLElement;

/**
 * The report's link to its session: a handle on each reported topic, opened through the same
 * session with the widget's own model, so the report hears every change as the widgets do. Only
 * for facilitators and producers: a participant's report opens nothing and reads nothing.
 */
export class ReportSessionController extends SessionController<null> {
  /** The open handles, in `topics` order. */
  handles: Array<TopicHandle<unknown>> = [];
  #bound = '';

  constructor(
    host: Host,
    private readonly topics: () => string[],
    onChange: () => void,
  ) {
    super(host, () => null, NO_TOPIC, onChange);
  }

  #key(session: SessionClient): string {
    return canModerate(session.identity.role) ? this.topics().join(' ') : '';
  }

  protected override isBound(session: SessionClient): boolean {
    return this.#key(session) === this.#bound;
  }

  protected override bindMore(session: SessionClient): void {
    this.#bound = this.#key(session);
    if (!this.#bound) return;
    for (const topic of this.topics()) {
      const kind = reportKindOf(topic);
      if (!kind) continue;
      try {
        const h = session.topic(topic, REPORT_MODELS[kind] as TopicModel<unknown>);
        this.handles.push(h);
        this.unsubs.push(h.subscribe(this.onChange));
      } catch (err) {
        console.error('[pulsekit]', err);
      }
    }
  }

  protected override unbindMore(): void {
    for (const h of this.handles) h.release();
    this.handles = [];
    this.#bound = '';
  }
}
