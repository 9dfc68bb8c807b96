import type { Fmt } from '../../../core/i18n/format.js';

/**
 * English strings of <pk-engagement-meter>: the source catalog. Its shape is the `MeterStrings` type every other
 * locale must satisfy, so a missing or mistyped translation fails the type check.
 */
export const en = {
  meterCannotShow: 'This engagement meter cannot be shown',
  meterStaffViewFailed: 'The facilitator view could not load. Reload the page to try again.',
  meterYourSignals: 'How is it going for you?',
  meterStatesLabel: 'Your state',
  meterReactionsLabel: 'Quick reactions',
  meterPrivacyNote: 'Only you see your own signals; the facilitator sees totals for the class.',
  meterNamedNotice: 'Named mode is on: the facilitator sees your name with the signals you give.',
  meterYourState: (p: { state: string }) => `Your state: ${p.state}`,
  meterExpiresIn: (p: { minutes: number }, f: Fmt) =>
    f.plural(p.minutes, { one: 'expires in about # minute', other: 'expires in about # minutes' }),
  meterNoState: 'You have not set a state.',
  meterQueued: 'saved on this device, sent when the connection is back',
  meterReactionSent: (p: { reaction: string }) => `Sent: ${p.reaction}`,
  meterRaiseHand: 'Raise hand',
  meterHandPosition: (p: { n: number; m: number }, f: Fmt) => `Your hand is raised: number ${f.num(p.n)} of ${f.num(p.m)} in the queue.`,
  meterHandLowered: 'Your hand is lowered.',
  meterCleared: 'The facilitator cleared all signals.',
  meterStateGotIt: 'Got it',
  meterStateConfused: 'Confused',
  meterStateTooFast: 'Too fast',
  meterStateTooSlow: 'Too slow',
  meterStateAway: 'Away',
  meterReactThumbsUp: 'Thumbs up',
  meterReactClap: 'Applause',
  meterReactLaugh: 'Laugh',
  meterReactWow: 'Wow',
  meterReactHeart: 'Love it',
  meterErrInvalidSignal: 'That signal is not part of this meter.',
  meterErrTooManyReactions: 'You are reacting a bit fast; wait a few seconds.',
  meterErrHandRaised: 'Your hand is already raised.',
  meterErrHandNotRaised: 'That hand is no longer raised.',
  meterErrInvalidLabel: 'A marker needs a label of 1 to 80 characters.',
  meterErrTooManyMarkers: 'This meter already holds as many markers as it can keep.',
  meterErrParticipantsOnly: 'Only participants give signals.',
};

/** Shape of <pk-engagement-meter>'s strings, in every locale. */
export type MeterStrings = typeof en;
