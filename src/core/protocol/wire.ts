/**
 * Wire types of the Pulsekit protocol, version 1. Every transport and every backend speaks these
 * shapes; docs/transport.md describes them in prose. Validators here are used on everything that
 * arrives from a transport, so a broken backend cannot crash a widget.
 */

import { isObj, nestedDeeperThan } from './records.js';

/** Protocol version carried on every envelope. */
export const PROTOCOL_VERSION = 1 as const;

/** Roles a participant can hold in a room. The authority enforces what each may do. */
export type Role = 'participant' | 'facilitator' | 'producer';

/** All roles, in order of privilege. */
export const ROLES: readonly Role[] = ['participant', 'facilitator', 'producer'];

/** True for roles that may run facilitator controls (open, close, reset, moderate). */
export const canModerate = (role: Role): boolean => role === 'facilitator' || role === 'producer';

/** Who sent an operation, as established by the transport (never trusted from the payload). */
export interface Actor {
  /** Stable participant id for this browser and room (or from the host's SSO). */
  id: string;
  /** Display name; may be empty. */
  name: string;
  /** Role in the room. */
  role: Role;
}

/** An operation a client asks the authority to apply. Idempotent per `opId`. */
export interface Operation<D = unknown> {
  /** Globally unique id chosen by the client; the key for idempotency and reconciliation. */
  opId: string;
  /** Participant id of the sender. The authority checks it against the connection's identity. */
  clientId: string;
  /** Topic inside the room, `<kind>:<id>`, for example `poll:warmup`. */
  topic: string;
  /** Operation type, meaningful to the topic's model, for example `vote`. */
  type: string;
  /** Operation payload, validated by the topic's model. */
  data: D;
  /** Client clock (ms since epoch) when the user acted; informational only. */
  createdAt: number;
}

/** An event the authority accepted, with its per-topic sequence number, as a viewer receives it. */
export interface EventEnvelope<D = unknown> {
  /** Protocol version. */
  v: typeof PROTOCOL_VERSION;
  /** Topic the event belongs to. */
  topic: string;
  /** Per-topic sequence number assigned by the authority: strictly increasing, starting at 1. */
  seq: number;
  /** Id of the operation that produced this event (lets the sender reconcile). */
  opId: string;
  /** Event type (usually the operation type). */
  type: string;
  /** Event payload as decided by the authority. */
  data: D;
  /** Authority clock (ms since epoch) when the event was accepted. */
  at: number;
  /** Who caused it; omitted when the topic keeps actors private from this viewer (anonymous polls). */
  actor?: Actor;
}

/** Why the authority refused an operation. */
export interface RejectReason {
  /** Machine-readable code, listed in docs/transport.md. */
  code: string;
  /** English explanation for logs; widgets show a localized message chosen by `code`. */
  message: string;
  /** True when sending the same operation later can succeed (rate limit, server busy). */
  retryable: boolean;
}

/** The authority's answer to one operation. */
export type Ack =
  | { opId: string; status: 'applied'; topic: string; seq: number }
  | { opId: string; status: 'duplicate'; topic: string; seq: number }
  | { opId: string; status: 'rejected'; topic: string; error: RejectReason };

/** Topic names are `<kind>:<id>` with a short, safe id. */
const TOPIC_RE = /^[a-z][a-z0-9-]{0,31}:[A-Za-z0-9_.~-]{1,128}$/;

/** True when `topic` is a well-formed topic name. */
export const isTopic = (topic: unknown): topic is string => typeof topic === 'string' && TOPIC_RE.test(topic);

/** Builds a topic name from a widget kind and id. Throws on an id that cannot be a topic. */
export function topicOf(kind: string, id: string): string {
  const topic = `${kind}:${id}`;
  if (!isTopic(topic)) {
    throw new TypeError(`Invalid ${kind} id "${id}": use 1-128 letters, digits, "_", ".", "~" or "-".`);
  }
  return topic;
}

/** True when `v` is one of the ROLES. */
export const isRole = (v: unknown): v is Role => ROLES.includes(v as Role);

/** True when `a` is a well-formed actor (used on identities and on anything read from storage or a channel). */
export function isActor(a: unknown): a is Actor {
  if (typeof a !== 'object' || a === null) return false;
  const o = a as Record<string, unknown>;
  return typeof o.id === 'string' && o.id.length > 0 && typeof o.name === 'string' && isRole(o.role);
}

/** Deepest nesting of arrays and objects an operation may have (its `data` one level less). */
export const MAX_OPERATION_DEPTH = 32;

/** opIds are 8-64 visible ASCII characters: a database key, so no NUL or other control characters. */
const OP_ID_RE = /^[\x21-\x7e]{8,64}$/;

/**
 * A short, safe description of a value for an error message: never String() of something a
 * client sent (a 6,000-level array overflows the stack there) and never a long echo.
 */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : typeof v === 'number' || typeof v === 'boolean' ? String(v) : `a ${typeof v}`;
}

/** Returns a reason string when `op` is not a structurally valid operation, otherwise null. */
export function operationProblem(op: unknown): string | null {
  if (!isObj(op)) return 'operation is not an object';
  if (typeof op.opId !== 'string' || !OP_ID_RE.test(op.opId))
    return 'opId must be a string of 8-64 visible ASCII characters (no spaces or control characters)';
  if (typeof op.clientId !== 'string' || op.clientId.length < 1 || op.clientId.length > 128)
    return 'clientId must be a string of 1-128 characters';
  if (!isTopic(op.topic)) return `topic ${describeValue(op.topic)} is not <kind>:<id>`;
  if (typeof op.type !== 'string' || !/^[a-z][a-z0-9-]{0,31}$/.test(op.type)) return 'type must be a short lowercase name';
  if (typeof op.createdAt !== 'number' || !Number.isFinite(op.createdAt)) return 'createdAt must be a number';
  if (!('data' in op)) return 'data is missing';
  if (nestedDeeperThan(op, MAX_OPERATION_DEPTH)) return `the operation nests more than ${MAX_OPERATION_DEPTH} levels deep`;
  return null;
}

/** Returns a reason string when `e` is not a valid event envelope, otherwise null. */
export function envelopeProblem(e: unknown): string | null {
  if (!isObj(e)) return 'event is not an object';
  if (e.v !== PROTOCOL_VERSION) return `unsupported protocol version ${String(e.v)}`;
  if (!isTopic(e.topic)) return 'topic is not <kind>:<id>';
  if (!Number.isSafeInteger(e.seq) || (e.seq as number) < 1) return 'seq must be a positive integer';
  if (typeof e.opId !== 'string') return 'opId must be a string';
  if (typeof e.type !== 'string') return 'type must be a string';
  if (typeof e.at !== 'number') return 'at must be a number';
  if (e.actor !== undefined) {
    const a = e.actor;
    if (!isObj(a) || typeof a.id !== 'string' || typeof a.name !== 'string' || !isRole(a.role)) return 'actor is malformed';
  }
  return null;
}

/** Returns a reason string when `a` is not a valid ack, otherwise null. */
export function ackProblem(a: unknown): string | null {
  if (!isObj(a)) return 'ack is not an object';
  if (typeof a.opId !== 'string') return 'ack opId must be a string';
  if (a.status === 'applied' || a.status === 'duplicate') {
    return Number.isSafeInteger(a.seq) ? null : 'ack seq must be an integer';
  }
  if (a.status === 'rejected') {
    const err = a.error;
    if (!isObj(err) || typeof err.code !== 'string' || typeof err.message !== 'string' || typeof err.retryable !== 'boolean') {
      return 'rejected ack needs error {code, message, retryable}';
    }
    return null;
  }
  return `unknown ack status ${String(a.status)}`;
}

/** Builds a rejection reason. */
export const reject = (code: string, message: string, retryable = false): RejectReason => ({ code, message, retryable });
