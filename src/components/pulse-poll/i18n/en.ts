import type { Fmt } from '../../../core/i18n/format.js';

/**
 * English strings of <pk-pulse-poll>: the source catalog. Its shape is the `PollStrings` type every other
 * locale must satisfy, so a missing or mistyped translation fails the type check.
 */
export const en = {
  pollVote: 'Vote',
  pollSubmit: 'Submit',
  pollChangeVote: 'Change vote',
  pollYourVote: (p: { choice: string }) => `Your vote: ${p.choice}`,
  pollYourAnswer: 'Your answer',
  pollSendAnswer: 'Send answer',
  pollAnswerN: (p: { n: number; m: number }, f: Fmt) => `Answer ${f.num(p.n)} of ${f.num(p.m)}`,
  pollAnswerUpTo: (p: { n: number }, f: Fmt) => f.plural(p.n, { one: 'Give one answer', other: 'Give up to # answers' }),
  pollQueued: 'Saved on this device: it will be sent when the connection is back.',
  pollSending: 'Sending…',
  pollChooseUpTo: (p: { n: number }, f: Fmt) => f.plural(p.n, { one: 'Choose # option', other: 'Choose up to # options' }),
  pollResponded: (p: { n: number }, f: Fmt) => f.plural(p.n, { one: '# response', other: '# responses' }),
  pollRespondedOf: (p: { n: number; m: number }, f: Fmt) => `${f.num(p.n)} of ${f.num(p.m)} responded`,
  pollVotes: (p: { n: number }, f: Fmt) => f.plural(p.n, { one: '# vote', other: '# votes' }),
  pollResults: 'Results',
  pollNoAnswers: 'No answers yet',
  pollHiddenResults: 'Results are hidden until the facilitator reveals them.',
  pollAfterVote: 'Results appear after you vote.',
  pollAfterClose: 'Results appear when the poll closes.',
  pollPause: 'Pause live results',
  pollPaused: 'Live results paused.',
  pollWaiting: 'Waiting for the facilitator to open this poll.',
  pollClosed: 'This poll is closed.',
  pollClosesIn: (p: { time: string }) => `Closes in ${p.time}`,
  pollQuorumCount: (p: { n: number }, f: Fmt) =>
    f.plural(p.n, { one: 'Closes once # person has answered', other: 'Closes once # people have answered' }),
  pollQuorumShare: (p: { percent: string }) => `Closes once ${p.percent} of those present have answered`,
  pollAnnounce: (p: { summary: string }) => `Results updated: ${p.summary}`,
  pollClosingSoon: (p: { time: string }) => `Closing soon: ${p.time} left. Send your answer now.`,
  pollMoreTime: (p: { time: string }) => `I need more time (+${p.time})`,
  pollMoreTimeGiven: (p: { time: string }) => `More time given: ${p.time} added.`,
  pollVoteRecorded: 'Your answer was recorded.',
  pollOpened: 'The poll is open.',
  pollUnsent: (p: { choice: string }) => `Not sent: ${p.choice}. The poll closed before you sent it; your choice is kept here.`,
  errMoreTimeOff: 'The facilitator has not allowed more time on this timer.',
  errMoreTimeUsed: 'More time has been given as often as this timer allows.',
  pollScaleChoice: (p: { value: string }) => `Rating ${p.value}`,
  pollRound: (p: { n: number }, f: Fmt) => `Round ${f.num(p.n)}`,
  pollEarlierRounds: 'Earlier rounds',
  pollCurrentRound: 'Current round',
  pollControlsFailed: 'The facilitator controls could not load. Check the connection, then reload the page.',
  pollCannotShow: 'This poll cannot be shown',
  errAlreadyVoted: 'You have already voted in this round.',
  errParticipantsOnly: 'Only participants vote; facilitators and producers run the poll.',
  errPollClosed: 'This poll is closed; your vote was not counted.',
  errStaleRound: 'The poll was reset; please vote again in the new round.',
  errInvalidChoice: 'That choice is not part of this poll.',
  errTooManyChoices: 'You chose more options than this poll allows.',
  errTextTooLong: 'Your answer is too long.',
};

/** Shape of <pk-pulse-poll>'s strings, in every locale. */
export type PollStrings = typeof en;
