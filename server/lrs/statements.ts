/**
 * What the authority queues for the LRS: the xAPI statements of an applied event, built by the
 * widgets' own pure builders (`statementsFor`, src/xapi.ts) from the event and its topic's state just
 * before it, inside the transaction that stores the event (server/decide.ts). Every authority builds
 * the same statements for the same event, with the same ids (docs/xapi.md).
 */
import { statementsFor } from '../../src/xapi.js';
import type { StatementsOf } from '../decide.js';
import type { Logger } from '../log.js';

/** What shapes the server's statements: where activity ids live and the participants' accounts. */
export interface StatementSettings {
  baseIri: string;
  homePage?: string;
}

/**
 * A `StatementsOf` for the authority. `settings` is read on each call (the default base IRI is known
 * only once the server listens). A builder that throws loses that event's statements, never the
 * operation: the participant's action is what matters, and the error is logged for a fix.
 */
export function statementSource(settings: () => StatementSettings, log: Logger): StatementsOf {
  return (room, event, before, cursor) => {
    try {
      const { baseIri, homePage } = settings();
      return statementsFor(event, before, { baseIri, homePage, room }).map((statement) => ({
        id: statement.id,
        cursor,
        at: event.at,
        body: JSON.stringify(statement),
      }));
    } catch (err) {
      log.error('xapi.build_failed', { room, topic: event.topic, seq: event.seq, err: err as Error });
      return [];
    }
  };
}
