import { nextAlert } from './meter-aggregate.js';
import type { MeterAggregate } from './meter-types.js';
import type { PkEngagementAlertDetail } from './pk-engagement-meter.js';

/**
 * The meter's alert state: which alert states are raised (with hysteresis, see `nextAlert`), the
 * crossings not reported yet, and the one sentence to announce per crossing. The announcement
 * changes only when an alert starts, never with the live share, so a screen reader hears each
 * crossing once (the visible alert may follow the live numbers; it is not a live region).
 */
export class MeterAlerts {
  #on = new Map<string, boolean>();
  #crossings: PkEngagementAlertDetail[] = [];
  /** The latest alert that started: its state and share at the crossing (what the live region says). */
  latest: { signal: string; share: number | null; n: number } | null = null;
  #n = 0;

  /** Folds the aggregate in: records a crossing for every alert state that starts or ends. */
  update(meterId: string, names: string[], agg: MeterAggregate, threshold: number, margin: number): void {
    for (const name of names) {
      const was = this.#on.get(name) ?? false;
      const share = agg.hidden ? null : (agg.shares[name] ?? 0);
      const is = nextAlert(was, share, threshold, margin);
      if (is === was) continue;
      this.#on.set(name, is);
      this.#crossings.push({ meterId, signal: name, share, threshold, active: is });
      if (is) this.latest = { signal: name, share, n: ++this.#n };
      // Ended: its sentence leaves the region (the end is said politely), so a new crossing is new text.
      else if (this.latest?.signal === name) this.latest = null;
    }
  }

  /** States whose alert is raised now. */
  active(): string[] {
    return [...this.#on].filter(([, on]) => on).map(([name]) => name);
  }

  /** Crossings since the last call (each reported once: events, the end announcement). */
  take(): PkEngagementAlertDetail[] {
    return this.#crossings.splice(0);
  }
}
