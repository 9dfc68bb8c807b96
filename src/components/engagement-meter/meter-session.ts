import type { ReactiveControllerHost } from 'lit';
import type { TopicModel } from '../../core/protocol/model.js';
import type { SessionClient } from '../../core/client/session-client.js';
import { SessionController } from '../../core/lit/session-controller.js';
import type { MeterState } from './meter-types.js';

/** What follows the meter's related topics through its session (`RelatedTopics`, in the staff chunk). */
export interface RelatedFollower {
  /** Participants counted in each related topic that has loaded. */
  participation(): number[];
  /** Whether what it opened on `session` still fits the `related` attribute. */
  isBound(session: SessionClient): boolean;
  /** Opens the related topics on `session`; `onChange` when one of them changes. */
  bind(session: SessionClient, onChange: () => void): void;
  /** Lets go of what it opened. */
  unbind(): void;
}

type Host = ReactiveControllerHost & HTMLElement;

/**
 * The meter's link to its session: the meter topic's handle (the core SessionController) plus the
 * related topics a follower opens through the same session, once the staff side hands one over
 * (participants never follow them). It does not render on every change: it calls `onChange`, which
 * the element routes through its throttle.
 */
export class MeterSessionController extends SessionController<MeterState> {
  #follower: RelatedFollower | null = null;

  constructor(host: Host, topicName: () => string | null, model: TopicModel<MeterState>, onChange: () => void) {
    super(host, topicName, model, onChange);
  }

  /** Starts following related topics with `follower`, on the session bound now and every later one. */
  follow(follower: RelatedFollower): void {
    this.#follower?.unbind();
    this.#follower = follower;
    if (this.session) follower.bind(this.session, this.onChange);
  }

  /** Participants counted in each related topic that has loaded, in `related` order. */
  participation(): number[] {
    return this.#follower?.participation() ?? [];
  }

  protected override isBound(session: SessionClient): boolean {
    return this.#follower?.isBound(session) ?? true;
  }

  protected override bindMore(session: SessionClient): void {
    this.#follower?.bind(session, this.onChange);
  }

  protected override unbindMore(): void {
    this.#follower?.unbind();
  }
}
