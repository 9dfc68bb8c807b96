/**
 * What the authority does when a group's shared transaction fails (docs/decisions.md, 17). A storage
 * outage fails every batch (503: nothing applied, resend). But the cause may be one sender's
 * operation that the checks before the group did not foresee, and then it must fail alone
 * (issue #17): while storage still answers, each batch is stored by itself, and a batch that still
 * fails, one operation at a time. An operation that fails by itself gets a retryable
 * `storage_failed` ack; a batch of which nothing could be stored gets the 503.
 */
import { rejectedAck } from '../src/core/protocol/acks.js';
import { reject, type Ack, type Actor } from '../src/core/protocol/wire.js';
import type { SubmitResult } from './authority.js';
import { serverBusy } from './errors.js';

/** A batch waiting for its group. */
export interface Pending {
  actor: Actor;
  ops: unknown[];
  /** Per op: its rejection when it was malformed (decided before it joined a group), else null. */
  early: (Ack | null)[];
  resolve(result: SubmitResult): void;
  reject(err: unknown): void;
}

// Every authority answers a refused operation the same way: the protocol's rejectedAck, used here
// and by the server's other steps.
export { rejectedAck };

/**
 * Answers every batch of a group whose transaction failed. `commit` decides and stores a part in
 * one transaction (null: storage failed, nothing stored); `storageAnswers` probes the storage.
 */
export async function isolateFailure(
  group: Pending[],
  commit: (part: Pending[]) => Promise<SubmitResult[] | null>,
  storageAnswers: () => Promise<boolean>,
): Promise<void> {
  const busy = serverBusy('Storage is unavailable; nothing was applied. Try again shortly.');
  for (const [n, p] of group.entries()) {
    if (!(await storageAnswers())) {
      for (const q of group.slice(n)) q.reject(busy);
      return;
    }
    const alone = group.length > 1 ? await commit([p]) : null;
    if (alone) {
      p.resolve(alone[0]!);
      continue;
    }
    const acks: Ack[] = [];
    let stored = false;
    let retryAfterS: number | undefined;
    for (const [i, op] of p.ops.entries()) {
      const early = p.early[i];
      const one = early ? null : await commit([{ ...p, ops: [op], early: [null] }]);
      if (one) {
        stored = true;
        acks.push(one[0]!.acks[0]!);
        retryAfterS = one[0]!.retryAfterS ?? retryAfterS;
      } else {
        acks.push(
          early ??
            rejectedAck(op, reject('storage_failed', 'Storage refused this operation; nothing of it was applied. Try again later.', true)),
        );
      }
    }
    if (stored) p.resolve(retryAfterS ? { acks, retryAfterS } : { acks });
    else p.reject(busy);
  }
}
