import type { Ack, Actor, EventEnvelope, Operation } from './wire.js';

/**
 * The transport is a thin pipe between a SessionClient and an authority. It does not keep an
 * outbox, choose op ids or reconcile: the core does. docs/transport.md is the contract; the
 * conformance suite in `pulsekit/testing` checks it.
 */

/** Connection states. Allowed transitions are listed in `STATUS_TRANSITIONS`. */
export type ConnectionStatus = 'idle' | 'connecting' | 'open' | 'offline' | 'failed' | 'closed';

/**
 * Transitions a transport may make. `failed` is terminal until `connect()` is called again
 * (for example after the host page fixes its token); `closed` is terminal.
 */
export const STATUS_TRANSITIONS: Readonly<Record<ConnectionStatus, readonly ConnectionStatus[]>> = {
  idle: ['connecting', 'closed'],
  connecting: ['open', 'offline', 'failed', 'closed'],
  open: ['offline', 'connecting', 'failed', 'closed'],
  offline: ['connecting', 'open', 'failed', 'closed'],
  failed: ['connecting', 'closed'],
  closed: [],
};

/** Returns a bearer token for the backend, or null when the host has none. Called again on 401. */
export type TokenProvider = () => string | null | Promise<string | null>;

/** What `connect()` needs. */
export interface ConnectOptions {
  /** Room to join. */
  room: string;
  /** Who this client is. Local transports trust it; network transports prove it with the token. */
  identity: Actor;
  /** Supplies a bearer token (SSO hosts). */
  tokenProvider?: TokenProvider;
  /** Aborting it cancels a pending connect and closes the transport. */
  signal?: AbortSignal;
}

/** One page of a topic's history. */
export interface FetchResult {
  /** Events with `seq > since`, in order, at most `limit`. */
  events: EventEnvelope[];
  /** Highest seq the authority has for the topic (lets the client know whether it is behind). */
  head: number;
  /** True when more events follow the last one returned. */
  hasMore: boolean;
  /**
   * For long topics an authority may answer with a snapshot of the reduced state instead of the
   * full history: events then continue from `snapshot.seq`.
   */
  snapshot?: { seq: number; state: unknown };
}

/** Callbacks for a live subscription. */
export interface SubscribeHandlers {
  /** Called once per event with `seq` greater than the cursor, in order, never twice. */
  onEvent(event: EventEnvelope): void;
  /**
   * The transport could not guarantee a gap-free stream (buffer overflow, server lost history).
   * The subscription stays open; the client should `fetch()` from its own cursor or snapshot.
   */
  onResync?(reason: string): void;
}

/** A live subscription. */
export interface Subscription {
  /** Stops delivery and frees every timer and listener the subscription held. */
  close(): void;
}

/** Presence in a room: never persisted. */
export interface Presence {
  /** Number of distinct people present, facilitators and producers included. */
  count: number;
  /**
   * Number of distinct people present with the role `participant` (no staff): the people widgets
   * expect answers from. Optional for transports written before it; read it with `presentParticipants()`.
   */
  participantCount?: number;
  /** Who is present; transports may omit it for viewers who are not facilitators. */
  participants?: Actor[];
}

/** Limits a transport enforces; the client sizes its batches from these. */
export interface TransportLimits {
  /** Most operations accepted in one `send()`. */
  maxBatch: number;
  /** Most events returned by one `fetch()`. */
  maxPage: number;
  /** Most bytes of one operation's JSON. */
  maxOpBytes: number;
}

/** Error thrown by transport calls. `retryable` tells the client whether to back off and retry. */
export class TransportError extends Error {
  /** Machine-readable code, for example `offline`, `unauthorized`, `closed`, `too_large`. */
  readonly code: string;
  /** True when the same call may succeed later. */
  readonly retryable: boolean;
  constructor(code: string, message: string, retryable: boolean) {
    super(message);
    this.name = 'TransportError';
    this.code = code;
    this.retryable = retryable;
  }
}

/** Listener for status changes. */
export type StatusListener = (status: ConnectionStatus) => void;
/** Listener for presence changes. */
export type PresenceListener = (presence: Presence) => void;

/** The pipe every backend implements. */
export interface Transport {
  /** Current connection status. */
  readonly status: ConnectionStatus;
  /**
   * Which authority this transport reaches (a network transport: its server's host and path). A
   * session keeps its queued operations under room + scope, so a page on another authority in the
   * same room (the local default) never drains them. Absent or empty: the room alone, as before.
   */
  readonly outboxScope?: string;
  /**
   * What kind of pipe this is (`local`, `memory`, `http`, `websocket`), for diagnostics a person
   * chooses to share (a help request). Optional: a transport someone wrote reads as `other`.
   */
  readonly kind?: string;
  /** Limits of this transport. */
  readonly limits: TransportLimits;
  /** Opens the connection. Resolves when `open`; rejects with TransportError when it cannot. */
  connect(options: ConnectOptions): Promise<void>;
  /** Closes for good: ends subscriptions, timers and listeners. Safe to call twice. */
  close(): Promise<void>;
  /**
   * Sends a batch of operations. Idempotent per opId: sending an op again returns `duplicate` with
   * the first seq. Returns one ack per op, in order. Throws TransportError when the batch's fate is
   * unknown (network down): the client keeps the ops and sends them again.
   */
  send(ops: Operation[]): Promise<Ack[]>;
  /** Reads a topic's events with seq greater than `since`. */
  fetch(topic: string, since: number, limit?: number): Promise<FetchResult>;
  /** Delivers every event of `topic` with seq greater than `since`, then live ones, in order. */
  subscribe(topic: string, since: number, handlers: SubscribeHandlers): Subscription;
  /** Listens to status changes; returns the unsubscribe function. */
  onStatus(listener: StatusListener): () => void;
  /** Listens to presence in the room, when the transport supports it. */
  onPresence?(listener: PresenceListener): () => void;
  /** Lets an embedded authority learn a widget's model (local transports only). */
  registerModel?(model: import('./model.js').TopicModel<any>): void;
}
