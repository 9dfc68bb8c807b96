import type { LocalizeController } from './i18n/localize-controller.js';
import type { RejectReason } from './wire.js';

const BY_CODE = {
  already_voted: 'errAlreadyVoted',
  poll_closed: 'errPollClosed',
  stale_round: 'errStaleRound',
  forbidden: 'errForbidden',
  invalid_choice: 'errInvalidChoice',
  too_many_choices: 'errTooManyChoices',
  text_too_long: 'errTextTooLong',
  rate_limited: 'errRateLimited',
  outbox_full: 'errOutboxFull',
} as const;

/** A rejection as a sentence the participant can read in their language. */
export function errorMessage(i18n: LocalizeController, error: RejectReason): string {
  const key = (BY_CODE as Record<string, (typeof BY_CODE)[keyof typeof BY_CODE]>)[error.code];
  return key ? i18n.t(key) : i18n.t('errGeneric', { message: error.message });
}
