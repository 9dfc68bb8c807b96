/**
 * `pulsekit/testing`: tools for people who write their own transport, backend or topic model. Run
 * `runTransportConformance` in a mocha suite to prove a backend keeps the transport contract (its
 * groups of checks are in `./transport-conformance/`, one file each), and
 * `runModelConformance` to prove a model can run on every authority and client.
 * Hosts testing their own pages drive our widgets with `PollHarness`, `MeterHarness`, `ThreadHarness`
 * and `SurveyHarness` (one per widget, in `./harness/`), which act on the real controls as people do.
 */
export { runTransportConformance, ConformanceError, type ConformanceHarness, type TransportDebugCounts } from './conformance.js';
export { noteModel, type NoteState } from './test-model.js';
export { loseNextAck, withFaults, type FaultHooks } from './faults.js';
export { runModelConformance, type ModelHarness, type ModelStep } from './model-conformance.js';
export {
  Harness,
  PollHarness,
  MeterHarness,
  ThreadHarness,
  SurveyHarness,
  accessibleName,
  nameMatches,
  waitFor,
  type HarnessTarget,
  type NameMatch,
  type PollResultShown,
  type SurveyAnswerInput,
} from './harness/index.js';
