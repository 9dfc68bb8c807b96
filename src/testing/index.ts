/**
 * `pulsekit/testing`: tools for people who write their own transport or backend. Run
 * `runTransportConformance` in a mocha suite to prove a backend keeps the transport contract.
 */
export { runTransportConformance, ConformanceError, type ConformanceHarness, type TransportDebugCounts } from './conformance.js';
export { noteModel, type NoteState } from './test-model.js';
export { loseNextAck, withFaults, type FaultHooks } from './faults.js';
