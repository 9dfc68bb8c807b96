import type { Transport } from '../core/protocol/transport.js';
import type { Actor } from '../core/protocol/wire.js';
import { ConformanceError } from './conformance-error.js';
import { conformanceContext } from './transport-conformance/context.js';
import { fetchSubscribeCases } from './transport-conformance/fetch-subscribe.js';
import { idempotencyCases } from './transport-conformance/idempotency.js';
import { limitCases } from './transport-conformance/limits.js';
import { orderingCases } from './transport-conformance/ordering.js';
import { rejectionCases } from './transport-conformance/rejections.js';
import { senderPrivacyCases } from './transport-conformance/sender-privacy.js';
import { shippedModelRuleCases } from './transport-conformance/shipped-model-rules.js';
import { statusCases } from './transport-conformance/status.js';
import { teardownCases } from './transport-conformance/teardown.js';

/**
 * The transport conformance suite. It registers mocha `describe`/`it` blocks (globals), and uses no
 * assertion library, so a backend author can run it from any mocha setup:
 *
 *   runTransportConformance('my backend', { room: () => `r-${crypto.randomUUID()}`, create: async () => new MyTransport(url) });
 *
 * Its groups of cases live in ./transport-conformance/, one file each, and share the set-up of
 * ./transport-conformance/context.ts through the context object this file hands them.
 */

/** Counts a transport may expose as `debugCounts()`; the suite then requires zeros after close(). */
export type { DebugCounts as TransportDebugCounts } from '../core/transports/shared.js';

/** How the suite gets transports and injects faults. Optional hooks enable the cases that need them. */
export interface ConformanceHarness {
  /** A fresh room name; called once before each test, and every client of that test joins it. */
  room(): string;
  /**
   * A NEW transport, not connected yet (status `idle`): the suite attaches its status recorder, calls
   * `registerModel(noteModel)` when the transport has it, then `connect({ room, identity })`.
   * A networked backend must know `noteModel` itself. The suite closes every transport after each test.
   * Optional: a transport with a `debugCounts()` method (TransportDebugCounts) also gets its listener
   * accounting checked, and must report all zeros after close().
   */
  create(identity: Actor): Promise<Transport>;
  /** Drops `t`'s connection (it must go `offline`); enables the resume case. Needs `restore` too. */
  drop?(t: Transport): void | Promise<void>;
  /** Brings `t` back after `drop` (it must return to `open`). */
  restore?(t: Transport): void | Promise<void>;
  /** Makes `t`'s next send() reach the authority but throw as if the response was lost. */
  loseNextAck?(t: Transport): void | Promise<void>;
  /** How long to wait for live delivery before failing, in ms (default 5000). */
  timeoutMs?: number;
  /** Quiet period that proves nothing more arrives, in ms (default 150). */
  quietMs?: number;
  /**
   * The backend runs Pulsekit's shipped widget models (every backend that serves the widgets must):
   * enables the cases that check the rules of a topic (docs/protocol.md). The suite registers the
   * models with transports that take them; a networked backend must know them itself.
   */
  shippedModels?: boolean;
}

export { ConformanceError };

/** Registers the conformance cases for one transport under `describe('Transport conformance: <name>')`. */
export function runTransportConformance(name: string, harness: ConformanceHarness): void {
  describe(`Transport conformance: ${name}`, () => {
    const ctx = conformanceContext(harness);
    // The order of the groups is the order users see in their test output.
    if (harness.shippedModels) shippedModelRuleCases(ctx);
    statusCases(ctx);
    orderingCases(ctx);
    idempotencyCases(ctx);
    senderPrivacyCases(ctx);
    rejectionCases(ctx);
    fetchSubscribeCases(ctx);
    limitCases(ctx);
    teardownCases(ctx);
  });
}
