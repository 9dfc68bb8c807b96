/**
 * The parts of an xAPI 1.0.3 statement that Pulsekit writes (docs/xapi.md), and the options that
 * shape them. Only what we emit is typed; the spec allows more.
 */

import type { StoredEvent } from './model.js';
import type { Actor } from './wire.js';

/** Text by language tag (`{ en: 'answered' }`); `und` when the language is not known. */
export type LanguageMap = Record<string, string>;

/** An account on a system: the only way Pulsekit names a person unless the host maps it. */
export interface XapiAccount {
  /** The system's home page (`XapiOptions.homePage`). */
  homePage: string;
  /** The participant id on that system. */
  name: string;
}

/** A person. Exactly one identifier: `account` from Pulsekit, or what a host's mapping gives. */
export interface XapiAgent {
  objectType?: 'Agent';
  name?: string;
  mbox?: string;
  mbox_sha1sum?: string;
  openid?: string;
  account?: XapiAccount;
}

/** An identified group: Pulsekit's stand-in for "an anonymous participant of this room". */
export interface XapiGroup {
  objectType: 'Group';
  name?: string;
  account: XapiAccount;
}

/** A verb: an IRI and its display text. */
export interface XapiVerb {
  id: string;
  display: LanguageMap;
}

/** A component of an interaction (a choice, a point on a scale). */
export interface XapiInteractionComponent {
  id: string;
  description?: LanguageMap;
}

/** What an activity is. */
export interface XapiActivityDefinition {
  name?: LanguageMap;
  description?: LanguageMap;
  type?: string;
  interactionType?: 'choice' | 'likert' | 'fill-in' | 'long-fill-in' | 'numeric' | 'other';
  choices?: XapiInteractionComponent[];
  scale?: XapiInteractionComponent[];
}

/** An activity: a room, a poll, a thread, a post, a meter, a survey. */
export interface XapiActivity {
  objectType: 'Activity';
  id: string;
  definition?: XapiActivityDefinition;
}

/** The outcome of a statement (an answer, a completion, the extensions holding answers or tallies). */
export interface XapiResult {
  response?: string;
  completion?: boolean;
  extensions?: Record<string, unknown>;
}

/** Where a statement happened. */
export interface XapiContext {
  /** A UUID naming the room (see `registrationOf`). */
  registration: string;
  platform: string;
  contextActivities: {
    parent?: XapiActivity[];
    grouping: XapiActivity[];
    category: XapiActivity[];
    other?: XapiActivity[];
  };
  extensions: Record<string, unknown>;
}

/** One xAPI statement, ready to POST to an LRS (the LRS adds `stored`, `authority` and `version`). */
export interface XapiStatement {
  /** A name-based UUID of room, topic and opId: the same event always gives the same id. */
  id: string;
  actor: XapiAgent | XapiGroup;
  verb: XapiVerb;
  object: XapiActivity;
  result?: XapiResult;
  context: XapiContext;
  /** When the authority accepted the event (its clock), ISO 8601 in UTC. */
  timestamp: string;
}

/** What shapes the statements: where the ids live, how people are named, which session it was. */
export interface XapiOptions {
  /** Absolute IRI under which activity ids are made, for example `https://lms.example/pulsekit`. */
  baseIri: string;
  /** Room the events belong to (events do not carry it). */
  room: string;
  /** Home page of participant accounts; defaults to `baseIri`. */
  homePage?: string;
  /** Label of the live session, put in the context (a survey response's own label wins). */
  sessionLabel?: string;
  /** Language tag of authored text (questions, titles, options); defaults to `und` (unknown). */
  language?: string;
  /**
   * The host's mapping of a participant to the agent it wants in named statements (an e-mail, a
   * name). Never called for anonymous data. Without it, or when it returns nothing, a named
   * statement carries only the participant id as an `account` on `homePage`.
   */
  agent?: (actor: Actor) => XapiAgent | null | undefined;
}

/**
 * Builds the statements for one accepted event of one kind of topic, from the event as the
 * authority stored it and the topic's state just before it. Pure: the same input gives the same
 * statements on every authority and every page.
 */
export type StatementBuilder<S = any> = (event: StoredEvent, before: S, options: XapiOptions) => XapiStatement[];
