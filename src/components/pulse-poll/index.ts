import { defineElement, type DefineOptions } from '../../core/lit/define.js';
import { PkPulsePoll } from './pk-pulse-poll.js';

/** `<pk-pulse-poll>` and its pure model. Side-effect free; import ./define.js to register. */
export { PkPulsePoll };
export type { PkVoteDetail, PkPollChangeDetail } from './pk-pulse-poll.js';
export * from './poll-model.js';
export type * from './poll-types.js';
export {
  pollExport,
  pollToCsv,
  pollToJson,
  type PkPollExportDetail,
  type PollExport,
  type PollExportInfo,
  type PollExportOption,
  type PollExportRound,
} from './poll-export.js';

/** Registers `<pk-pulse-poll>` (or `<prefix-pulse-poll>`). Safe to call twice. */
export function definePulsePoll(options?: DefineOptions): string {
  return defineElement('pulse-poll', PkPulsePoll, options);
}

// Types only: document.querySelector('pk-…') and friends know every element class.
export type {} from '../../tag-name-map.js';
