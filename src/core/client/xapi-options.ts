/**
 * What a host gives to receive xAPI statements from a session (docs/xapi.md), and the check that
 * fails early on options that cannot make valid statements. Small on purpose: every page has it,
 * while the delivery itself (`statement-feed.ts`) and the builders load only when asked for.
 */

import type { StoredEvent } from '../protocol/model.js';
import type { XapiOptions, XapiStatement } from '../protocol/xapi-types.js';

/** Receives one statement and the accepted event it was built from. */
export type StatementListener = (statement: XapiStatement, event: StoredEvent) => void;

/** What a host gives for statements from a session: everything but the room, which is the session's. */
export type StatementOptions = Omit<XapiOptions, 'room'>;

/** Throws a specific error when the options cannot make valid statements. */
export function checkXapiOptions(o: Partial<XapiOptions>): void {
  for (const key of ['baseIri', 'homePage'] as const) {
    const iri = o[key];
    if ((key === 'baseIri' || iri !== undefined) && !(typeof iri === 'string' && /^[a-z][a-z0-9+.-]*:\S+$/i.test(iri))) {
      throw new TypeError(`xAPI ${key} "${String(iri)}" is not an absolute IRI (for example https://lms.example/pulsekit).`);
    }
  }
}
