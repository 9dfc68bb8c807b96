import { defineElement, type DefineOptions } from '../../core/lit/define.js';
import { PkEngagementMeter } from './pk-engagement-meter.js';

/**
 * `<pk-engagement-meter>` and its pure model. Side-effect free; import ./define.js to register.
 * Helpers are exported under meter-specific names, since the package entry re-exports every widget.
 */
export { PkEngagementMeter };
export type { PkEngagementAlertDetail, PkEngagementChangeDetail, PkEngagementSignalDetail } from './pk-engagement-meter.js';
export type * from './meter-types.js';
export {
  meterModel,
  meterTopic,
  meterViewState,
  initialMeterState,
  engagementIndex,
  myHandPosition,
  INDEX_WEIGHTS,
  METER_KIND,
  METER_LIMITS,
  aggregate as meterAggregate,
  nextAlert as nextMeterAlert,
  myEntry as myMeterEntry,
  myReactions as myMeterReactions,
  slotOf as meterSlotOf,
  normalizeLabel as normalizeMarkerLabel,
} from './meter-model.js';
export {
  AuthorityClock,
  estimateOffset as estimateClockOffset,
  observe as observeClock,
  NO_BOUNDS as NO_CLOCK_BOUNDS,
  type OffsetBounds,
} from '../../core/lit/authority-clock.js';
export { ThrottleController as MeterRenderThrottle } from '../../core/lit/render-throttle.js';
export {
  registerParticipationSource,
  participationKinds,
  parseRelated as parseMeterRelated,
  type ParticipationSource,
} from './meter-related.js';
export {
  BUILT_IN_SIGNALS as METER_BUILT_IN_SIGNALS,
  DEFAULT_SIGNALS as METER_DEFAULT_SIGNALS,
  pickLabel as pickSignalLabel,
  resolveSignals as resolveMeterSignals,
  type ResolvedSignal,
  type SignalSet,
} from './meter-signals.js';
export {
  addSample as addMeterSample,
  csvCell as meterCsvCell,
  sampleOf as meterSampleOf,
  sparkline as meterSparkline,
  timelineCsv as meterTimelineCsv,
  timelineJson as meterTimelineJson,
  type SparklineGeometry,
  type TimelineReport,
  type TimelineSample,
} from './meter-timeline.js';

/** Registers `<pk-engagement-meter>` (or `<prefix-engagement-meter>`). Safe to call twice. */
export function defineEngagementMeter(options?: DefineOptions): string {
  return defineElement('engagement-meter', PkEngagementMeter, options);
}

// Types only: document.querySelector('pk-…') and friends know every element class.
export type {} from '../../tag-name-map.js';
