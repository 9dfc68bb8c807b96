import type { TopicModel } from '../core/protocol/model.js';
import { canModerate, reject } from '../core/protocol/wire.js';

/** State of a `note:*` topic: enough to check that the authority folds events. */
export interface NoteState {
  /** Notes added. */
  count: number;
  /** Admin operations accepted. */
  admin: number;
  /** Text of the last note. */
  last: string;
}

/**
 * The tiny model the conformance suite drives, kind `note`. Ops: `add` {text} is accepted; `fail`
 * is always rejected (code `note_failed`, not retryable); `admin` is accepted only from facilitators
 * and producers (code `forbidden` otherwise). A backend under test must know this model.
 */
export const noteModel: TopicModel<NoteState> = {
  kind: 'note',
  initial: () => ({ count: 0, admin: 0, last: '' }),
  decide(_state, op, actor) {
    switch (op.type) {
      case 'add': {
        const text = (op.data as { text?: unknown } | null)?.text;
        if (typeof text !== 'string' || text.length > 500) {
          return { ok: false, error: reject('bad_data', 'add needs {text} of at most 500 characters.') };
        }
        return { ok: true, data: { text } };
      }
      case 'fail':
        return { ok: false, error: reject('note_failed', 'The test model was asked to fail.', false) };
      case 'admin':
        return canModerate(actor.role)
          ? { ok: true, data: {} }
          : { ok: false, error: reject('forbidden', 'Only facilitators and producers may run admin.') };
      default:
        return { ok: false, error: reject('unknown_type', `note has no operation "${op.type}".`) };
    }
  },
  evolve(state, event) {
    if (event.type === 'add') return { ...state, count: state.count + 1, last: String((event.data as { text?: unknown })?.text ?? '') };
    if (event.type === 'admin') return { ...state, admin: state.admin + 1 };
    return state;
  },
};
