import type { Fmt } from '../../../core/i18n/format.js';

/**
 * English strings of <pk-help-button> (and the labels <pk-producer-console> shares with it): the
 * source catalog. Its shape is the `HelpStrings` type every other locale must satisfy.
 */
export const en = {
  helpButton: 'Technical help',
  helpTitle: 'Ask for technical help',
  helpClose: 'Close',
  helpKindLegend: 'What is wrong?',
  helpKindCantHear: "I can't hear",
  helpKindCantSeeScreen: "I can't see the screen",
  helpKindAnswersNotGoingThrough: "My answers don't go through",
  helpKindOther: 'Something else',
  helpText: 'In a few words',
  helpTextHint: (p: { n: number }, f: Fmt) => `Optional, except for "Something else". At most ${f.num(p.n)} characters.`,
  helpTextRequired: 'Say in a few words what is wrong.',
  helpConsent: 'Share these connection details with the facilitators and producers',
  helpConsentNote: 'Only with your consent. Nothing else about your device is sent.',
  helpDiagState: 'Connection',
  helpDiagTransport: 'Connection type',
  helpDiagQueued: 'Actions waiting to be sent',
  helpDiagLanguage: 'Browser language',
  helpDiagBrowser: 'Browser',
  helpSend: 'Send request',
  helpYourRequest: 'Your request',
  helpStatusOpen: 'Sent. Someone will look at it soon.',
  helpStatusAcknowledged: (p: { name: string }) => `${p.name} is looking into it.`,
  helpStatusResolved: 'Marked as resolved.',
  helpStatusWithdrawn: 'You withdrew this request.',
  helpReplyFrom: (p: { name: string }) => `Reply from ${p.name}`,
  helpWithdraw: 'Withdraw my request',
  helpAskAgain: 'You can ask again below.',
  helpSent: 'Your help request was sent.',
  helpCannotShow: 'Technical help is not available here',
};

/** The shape of <pk-help-button>'s strings. */
export type HelpStrings = typeof en;
