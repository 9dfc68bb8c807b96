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
  // <pk-engagement-meter>
  invalid_signal: 'meterErrInvalidSignal',
  too_many_reactions: 'meterErrTooManyReactions',
  hand_already_raised: 'meterErrHandRaised',
  hand_not_raised: 'meterErrHandNotRaised',
  invalid_label: 'meterErrInvalidLabel',
  too_many_markers: 'meterErrTooManyMarkers',
  participants_only: 'meterErrParticipantsOnly',
  // <pk-session-survey>
  already_submitted: 'surveyErrAlreadySubmitted',
  survey_closed: 'surveyErrClosed',
  invalid_answer: 'surveyErrInvalidAnswer',
  required_missing: 'surveyErrRequiredMissing',
  // <pk-discussion-thread>
  thread_locked: 'threadErrLocked',
  thread_full: 'threadErrFull',
  post_empty: 'threadErrEmpty',
  post_too_long: 'threadErrTooLong',
  post_not_found: 'threadErrNotFound',
  post_deleted: 'threadErrDeleted',
  not_author: 'threadErrNotAuthor',
  edit_window_closed: 'threadErrEditWindow',
  edit_conflict: 'threadErrEditConflict',
  already_upvoted: 'threadErrAlreadyUpvoted',
  own_post: 'threadErrOwnPost',
  not_upvoted: 'threadErrNoChange',
  already_reacted: 'threadErrNoChange',
  not_reacted: 'threadErrNoChange',
} as const;

/** A rejection as a sentence the participant can read in their language. */
export function errorMessage(i18n: LocalizeController, error: RejectReason): string {
  const key = (BY_CODE as Record<string, (typeof BY_CODE)[keyof typeof BY_CODE]>)[error.code];
  return key ? i18n.t(key) : i18n.t('errGeneric', { message: error.message });
}
