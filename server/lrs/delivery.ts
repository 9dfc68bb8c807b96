/**
 * xAPI delivery as `startServer()` wires it: the statement source the authority queues with each
 * group, and the forwarder that empties the queue into the LRS. The default base IRI is made from
 * the URL the server listens on, so forwarding starts only once that is known.
 */
import type { StatementsOf } from '../decide.js';
import type { Logger } from '../log.js';
import type { Storage } from '../storage/types.js';
import { LrsClient, statementsUrl } from './client.js';
import { Forwarder } from './forwarder.js';
import { LRS_DEFAULTS, type LrsOptions } from './settings.js';
import { statementSource, type StatementSettings } from './statements.js';

export interface Delivery {
  forwarder: Forwarder;
  statementsOf: StatementsOf;
  /** The server listens at `url`: statements can be made, and forwarding starts. */
  start(url: string): void;
}

/** Builds delivery for checked settings (`checkLrsOptions`). */
export function createDelivery(o: LrsOptions, storage: Storage, log: Logger): Delivery {
  let settings: StatementSettings | null = null;
  const forwarder = new Forwarder({
    storage,
    client: new LrsClient({ ...o, timeoutMs: o.timeoutMs ?? LRS_DEFAULTS.timeoutMs }),
    batchSize: o.batchSize ?? LRS_DEFAULTS.batchSize,
    retry: { baseMs: o.retry?.baseMs ?? LRS_DEFAULTS.baseMs, capMs: o.retry?.capMs ?? LRS_DEFAULTS.capMs },
    idlePollMs: o.idlePollMs ?? LRS_DEFAULTS.idlePollMs,
    log,
  });
  const current = (): StatementSettings => {
    if (!settings) throw new Error('statements are made once the server listens');
    return settings;
  };
  return {
    forwarder,
    statementsOf: statementSource(current, log),
    start(url) {
      const baseIri = o.baseIri ?? `${url}/xapi`;
      if (!o.baseIri) {
        log.warn('xapi.default_base', {
          baseIri,
          note: 'activity ids are made under the URL this server listens on; set PULSEKIT_XAPI_BASE to a stable public IRI',
        });
      }
      settings = { baseIri, homePage: o.homePage };
      const auth = o.token ? 'bearer' : o.username !== undefined ? 'basic' : 'none';
      log.info('xapi.forwarding', {
        lrs: statementsUrl(o.url),
        baseIri,
        homePage: o.homePage ?? baseIri,
        batchSize: o.batchSize ?? LRS_DEFAULTS.batchSize,
        auth,
      });
      forwarder.start();
    },
  };
}
