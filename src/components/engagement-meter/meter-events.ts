import type { MeterAggregate } from './meter-types.js';

/** Detail of `pk-engagement-signal`. */
export interface PkEngagementSignalDetail {
  /** The meter's id. */
  meterId: string;
  /** What the participant did. */
  kind: 'state' | 'reaction' | 'hand';
  /** The state (null: withdrawn), the reaction, or whether the hand is now raised. */
  value: string | null | boolean;
}

/** Detail of `pk-engagement-change` (facilitator and producer views, at most four a second). */
export interface PkEngagementChangeDetail {
  /** The meter's id. */
  meterId: string;
  /** The aggregate just shown. */
  aggregate: MeterAggregate;
}

/** Detail of `pk-engagement-alert`. */
export interface PkEngagementAlertDetail {
  /** The meter's id. */
  meterId: string;
  /** State whose share crossed the threshold (`confused`, `too-fast`, …). */
  signal: string;
  /** Its share of the class now, 0..1 (null when withheld). */
  share: number | null;
  /** Threshold it crossed. */
  threshold: number;
  /** True when the alert starts, false when it ends. */
  active: boolean;
}

declare global {
  interface GlobalEventHandlersEventMap {
    /** A participant gave a signal in a `<pk-engagement-meter>`. */
    'pk-engagement-signal': CustomEvent<PkEngagementSignalDetail>;
    /** The pulse shown by a `<pk-engagement-meter>` (facilitator or producer view) changed. */
    'pk-engagement-change': CustomEvent<PkEngagementChangeDetail>;
    /** An alert of a `<pk-engagement-meter>` started or ended. */
    'pk-engagement-alert': CustomEvent<PkEngagementAlertDetail>;
  }
}
