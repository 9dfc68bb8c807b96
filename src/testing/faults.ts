/**
 * Fault injection kept out of the shipped transports' code: a test can lose the response of a
 * transport's next batch (any transport), and drop and restore the connection of a network
 * transport (HttpTransport, WebSocketTransport). The embedded transports have `simulateDrop()` and
 * `simulateRestore()` of their own.
 */
import { TransportError, type Transport } from '../core/protocol/transport.js';
import type { LinkSupervisor } from '../core/transports/link-supervisor.js';
import type { NetworkTransport } from '../core/transports/network-base.js';

/**
 * The next send() of `transport` that carries operations reaches the authority, then throws a
 * retryable TransportError('ack_lost') as if its response was lost (the client must resend it and
 * get `duplicate`).
 */
export function loseNextAck(transport: Transport): void {
  const send = transport.send;
  let armed = true;
  transport.send = async (ops) => {
    const acks = await send.call(transport, ops);
    if (!armed || ops.length === 0) return acks;
    armed = false;
    transport.send = send;
    throw new TransportError('ack_lost', 'Test hook loseNextAck(): the batch was applied but its response was lost.', true);
  };
}

/** The faults a test can cause on a network transport. */
export interface FaultHooks {
  /**
   * The connection drops and stays down until `simulateRestore()`: status `offline`, send() and
   * fetch() throw a retryable TransportError('offline'), no reconnect is tried meanwhile.
   */
  simulateDrop(): void;
  /** Reconnects now; subscriptions resume from their own cursors. */
  simulateRestore(): void;
  /** See `loseNextAck()`. */
  loseNextAck(): void;
}

/** Adds `FaultHooks` to a network transport (the same object, so it can be wrapped after a session made it). */
export function withFaults<T extends NetworkTransport>(transport: T): T & FaultHooks {
  // The supervisor is protected (subclasses report to it); element access is TypeScript's way in for a test tool.
  const link: LinkSupervisor = transport['link'];
  let dropped = false;
  const hooks: FaultHooks = {
    simulateDrop() {
      dropped = link.suspend('simulated drop') || dropped;
    },
    simulateRestore() {
      if (!dropped) return;
      dropped = false;
      link.resume();
    },
    loseNextAck() {
      loseNextAck(transport);
    },
  };
  return Object.assign(transport, hooks);
}
