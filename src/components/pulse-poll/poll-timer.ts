import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ClockController } from '../../core/lit/clock-controller.js';
import { POLL_LIMITS, timeLeft } from './poll-model.js';
import type { PkPulsePoll } from './pk-pulse-poll.js';

/** What the timer reads from the poll element: its state, the authority's clock, `warn-before`. */
type TimerHost = ReactiveControllerHost & Pick<PkPulsePoll, 'pollState' | 'clock' | 'warnBefore'>;

/** What the timer asks of the poll element. */
export interface PollTimerHooks {
  /** Whether this viewer still owes an answer: a participant who has not answered, or is changing it. */
  answering(): boolean;
  /** Says the warning at once (it is time-critical). */
  warn(secondsLeft: number): void;
}

/**
 * The poll's timer as a participant meets it: the countdown re-rendered every second on the
 * authority's clock, one warning per timer when its end comes within `warn-before` (WCAG 2.2.1),
 * and whether "I need more time" may be offered.
 */
export class PollTimer implements ReactiveController {
  /** The timer end participants were last warned about. */
  #warnedFor: number | null = null;
  readonly #host: TimerHost;
  readonly #hooks: PollTimerHooks;

  constructor(host: TimerHost, hooks: PollTimerHooks) {
    this.#host = host;
    this.#hooks = hooks;
    // Held by the host through this controller: it lives as long as the element.
    new ClockController(host, () => this.left() !== null);
    host.addController(this);
  }

  /** Milliseconds left on the running timer, or null without one. */
  left(): number | null {
    return timeLeft(this.#host.pollState, this.#host.clock.now());
  }

  /** Whether `left` ms is within the warning lead (`warn-before`). */
  warning(left: number): boolean {
    const lead = this.#host.warnBefore;
    return lead > 0 && left > 0 && left <= lead * 1000;
  }

  /** Seconds a participant may ask to add now, or 0 when "I need more time" is not offered. */
  moreTimeOffer(closed: boolean, answering: boolean): number {
    const s = this.#host.pollState;
    const more = s.moreTime ?? 0;
    const asks = s.timeAsks ?? 0;
    return answering && !closed && this.left() !== null && more > 0 && asks < POLL_LIMITS.maxTimeAsks ? more : 0;
  }

  /** After each render: warns a participant who has not answered, once per timer. */
  hostUpdated(): void {
    const left = this.left();
    const closesAt = this.#host.pollState.closesAt;
    if (left === null || !this.warning(left) || this.#warnedFor === closesAt || !this.#hooks.answering()) return;
    this.#warnedFor = closesAt;
    this.#hooks.warn(left / 1000);
  }
}
