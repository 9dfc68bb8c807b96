import type { Ack, RejectReason } from './wire.js';

/**
 * A rejected ack for an operation as it arrived: every authority (the embedded ones, the reference
 * server) and the client's own refusals answer with it. The opId and topic are echoed only when
 * they are strings, so hostile input is never turned into text here.
 */
export function rejectedAck(op: unknown, error: RejectReason): Ack {
  const o = op as Partial<Record<'opId' | 'topic', unknown>> | null | undefined;
  return { opId: typeof o?.opId === 'string' ? o.opId : '', topic: typeof o?.topic === 'string' ? o.topic : '', status: 'rejected', error };
}
