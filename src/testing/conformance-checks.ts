import { envelopeProblem, type Ack, type Actor, type EventEnvelope, type Operation } from '../core/protocol/wire.js';
import { ConformanceError } from './conformance-error.js';

/**
 * The conformance suite's checks and fixtures: assertions that throw ConformanceError with what was
 * expected, the actors and topics every case uses, and operation builders with unique opIds.
 */

export function check(cond: unknown, message: string): asserts cond {
  if (!cond) throw new ConformanceError(message);
}

export function same(actual: unknown, expected: unknown, message: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new ConformanceError(`${message}: expected ${e}, got ${a}`);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const ALICE: Actor = { id: 'conf-alice', name: 'Alice', role: 'participant' };
export const BOB: Actor = { id: 'conf-bob', name: 'Bob', role: 'participant' };
export const FACI: Actor = { id: 'conf-faci', name: 'Fay', role: 'facilitator' };
export const TOPIC = 'note:main';
export const OTHER = 'note:other';

let opCounter = 0;
const runId = Math.random().toString(36).slice(2, 10);
const newOpId = () => `conf-${runId}-${(++opCounter).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export function op(actor: Actor, topic: string, type: string, data: unknown, opId = newOpId()): Operation {
  return { opId, clientId: actor.id, topic, type, data, createdAt: Date.now() };
}
export const add = (actor: Actor, text: string, topic = TOPIC) => op(actor, topic, 'add', { text });

/** Code and retryable of a TransportError, matched by shape so a second copy of the class still counts. */
function transportErrorOf(err: unknown): { code: string; retryable: boolean } | null {
  const e = err as { name?: unknown; code?: unknown; retryable?: unknown } | null;
  return e && e.name === 'TransportError' && typeof e.code === 'string' && typeof e.retryable === 'boolean'
    ? { code: e.code, retryable: e.retryable }
    : null;
}

export async function rejectsWith(p: Promise<unknown>, what: string, expect: { retryable?: boolean; code?: string } = {}): Promise<void> {
  let thrown: unknown;
  try {
    await p;
  } catch (err) {
    thrown = err;
  }
  check(thrown !== undefined, `${what}: expected a TransportError, but the call succeeded`);
  const te = transportErrorOf(thrown);
  check(te, `${what}: expected a TransportError, got ${String(thrown)}`);
  if (expect.retryable !== undefined)
    check(te.retryable === expect.retryable, `${what}: expected retryable ${expect.retryable}, got ${te.retryable}`);
  if (expect.code !== undefined) check(te.code === expect.code, `${what}: expected code ${expect.code}, got ${te.code}`);
}

export function seqsOf(events: EventEnvelope[]): number[] {
  return events.map((e) => e.seq);
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

export function checkEnvelopes(events: EventEnvelope[], topic: string): void {
  for (const e of events) {
    const problem = envelopeProblem(e);
    check(!problem, `event ${JSON.stringify(e)} is not a valid envelope: ${problem}`);
    check(e.topic === topic, `event of ${e.topic} delivered for ${topic}`);
  }
}

export function applied(ack: Ack | undefined, what: string): number {
  check(ack && ack.status === 'applied', `${what}: expected applied, got ${JSON.stringify(ack)}`);
  return ack.seq;
}

export function rejected(ack: Ack | undefined, what: string, code?: string): { code: string; message: string; retryable: boolean } {
  check(ack && ack.status === 'rejected', `${what}: expected rejected, got ${JSON.stringify(ack)}`);
  const err = ack.error;
  check(typeof err?.code === 'string' && err.code.length > 0, `${what}: rejection needs a code`);
  check(typeof err.message === 'string', `${what}: rejection needs a message`);
  check(typeof err.retryable === 'boolean', `${what}: rejection needs retryable`);
  if (code) check(err.code === code, `${what}: expected code ${code}, got ${err.code}`);
  return err;
}
