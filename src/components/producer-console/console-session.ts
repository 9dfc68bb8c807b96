import type { ReactiveControllerHost } from 'lit';
import type { SessionClient } from '../../core/client/session-client.js';
import type { TopicHandle } from '../../core/client/topic-handle.js';
import { SessionController } from '../../core/lit/session-controller.js';
import { canModerate } from '../../core/protocol/wire.js';
import { helpModel } from '../help-button/help-model.js';
import type { HelpState } from '../help-button/help-types.js';
import { statusModel, statusTopic, type StatusState } from '../help-button/status-model.js';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * The console's link to its session: the help queue (its base handle) and, for staff only, the
 * room's connection health (`status:<id>`). A participant's console never opens the latter.
 */
export class ConsoleSessionController extends SessionController<HelpState> {
  /** Connection health, once a member of staff's session is there. */
  status: TopicHandle<StatusState> | null = null;
  #bound = '';

  constructor(
    host: Host,
    topic: () => string | null,
    private readonly statusId: () => string,
    onChange: () => void,
  ) {
    super(host, topic, helpModel, onChange);
  }

  #key(session: SessionClient): string {
    return canModerate(session.identity.role) ? statusTopic(this.statusId()) : '';
  }

  protected override isBound(session: SessionClient): boolean {
    return this.#key(session) === this.#bound;
  }

  protected override bindMore(session: SessionClient): void {
    this.#bound = this.#key(session);
    if (!this.#bound) return;
    this.status = session.topic(this.#bound, statusModel);
    this.unsubs.push(this.status.subscribe(this.onChange));
  }

  protected override unbindMore(): void {
    this.status?.release();
    this.status = null;
    this.#bound = '';
  }
}
