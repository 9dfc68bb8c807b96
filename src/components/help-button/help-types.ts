import type { Role } from '../../core/protocol/wire.js';

/** What a participant can ask help for. */
export const HELP_KINDS = ['cant_hear', 'cant_see_screen', 'answers_not_going_through', 'other'] as const;
/** One kind of help request. */
export type HelpKind = (typeof HELP_KINDS)[number];

/** The four-step recovery checklist staff walk per request, in order. */
export const HELP_STEPS = ['identify', 'isolate', 'fix', 'confirm'] as const;
/** One step of the recovery checklist. */
export type HelpStep = (typeof HELP_STEPS)[number];

/** Connection states a participant's diagnostics may report (the transport's statuses). */
export const DIAG_STATES = ['idle', 'connecting', 'open', 'offline', 'failed', 'closed'] as const;
/** Transports a participant's diagnostics may name. */
export const DIAG_TRANSPORTS = ['local', 'memory', 'http', 'websocket', 'other'] as const;
/** Browser families: never the user-agent string itself. */
export const DIAG_BROWSERS = ['chrome', 'edge', 'firefox', 'safari', 'opera', 'samsung', 'other'] as const;

/**
 * A participant's own diagnostics, attached only with their consent. Every field is from a small
 * set or a bounded number, so no free text (a full user agent, a URL) can travel through it.
 */
export interface HelpDiagnostics {
  /** Connection state of their session. */
  state: (typeof DIAG_STATES)[number];
  /** Transport in use. */
  transport: (typeof DIAG_TRANSPORTS)[number];
  /** Their operations waiting in the outbox. */
  queued: number;
  /** Browser language (a language tag). */
  language: string;
  /** Browser family. */
  browser: (typeof DIAG_BROWSERS)[number];
}

/** A status a help request goes through. `withdrawn` and `resolved` are final. */
export type HelpStatus = 'open' | 'acknowledged' | 'resolved' | 'withdrawn';

/** A member of staff as a request records them. */
export interface HelpStaff {
  id: string;
  name: string;
  role: Role;
}

/** A short private reply from staff to the person who asked. */
export interface HelpReply {
  text: string;
  at: number;
  /** Name of the member of staff who wrote it. */
  by: string;
}

/** One help request, as the queue keeps it. */
export interface HelpRequest {
  /** The id of the request (the opId of its `ask`). */
  id: string;
  /** Who asked. */
  who: { id: string; name: string };
  kind: HelpKind;
  /** What they wrote (may be empty except for `other`). */
  text: string;
  /** Their diagnostics, or null when they did not consent. */
  diagnostics: HelpDiagnostics | null;
  /** When it was asked (authority time). */
  at: number;
  status: HelpStatus;
  /** The member of staff handling it (who acknowledged it, or a producer who took it over). */
  handler: HelpStaff | null;
  /** Checklist steps done, with when. */
  steps: Partial<Record<HelpStep, number>>;
  replies: HelpReply[];
  /** When it was resolved or withdrawn. */
  closedAt: number | null;
}

/** A help queue (`help:<id>` topic): requests in the order they were asked. */
export interface HelpState {
  requests: HelpRequest[];
}
