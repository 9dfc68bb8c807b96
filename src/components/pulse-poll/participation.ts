// What an engagement meter loads, on demand, to count participation in a related poll
// (`related="poll:warmup"`): the poll's model, to fold the topic through the same session, and the
// count it reads. A module of its own, so the meter's lazy chunk is just this.
import type { PollState } from './poll-types.js';

export { pollModel as model } from './poll-model.js';

/** Distinct participants who answered the current round. */
export const participants = (s: PollState): number => s.responded ?? 0;
