import type { Fmt } from '../../../core/i18n/format.js';

/**
 * English strings of <pk-producer-console> (beside the help button's, which it shares): the source
 * catalog. Its shape is the `ConsoleStrings` type every other locale must satisfy.
 */
export const en = {
  consoleTitle: 'Producer console',
  consoleCannotShow: 'This console cannot be shown',
  consoleStaffOnly: 'This console is for facilitators and producers.',
  consoleQueue: 'Help requests',
  consoleQueueEmpty: 'No help requests to show.',
  consoleShow: 'Show',
  consoleShowOpen: 'Open requests',
  consoleShowAll: 'All requests',
  consoleAsked: (p: { time: string }) => `Asked at ${p.time}`,
  consoleWaiting: 'Waiting',
  consoleHandledBy: (p: { name: string }) => `Handled by ${p.name}`,
  consoleResolved: 'Resolved',
  consoleWithdrawn: 'Withdrawn',
  consoleNoDiagnostics: 'No connection details shared.',
  consoleAck: 'Acknowledge',
  consoleTakeOver: 'Take over',
  consoleChecklist: 'Recovery checklist',
  consoleStepIdentify: 'Identify',
  consoleStepIsolate: 'Isolate',
  consoleStepFix: 'Fix',
  consoleStepConfirm: 'Confirm',
  consoleReply: 'Private reply',
  consoleSendReply: 'Send reply',
  consoleResolve: 'Mark resolved',
  consoleReplySent: 'Reply sent.',
  consolePeople: 'In the room',
  consolePeopleCount: (p: { n: number }, f: Fmt) => f.plural(p.n, { one: '# person present', other: '# people present' }),
  consoleNoPresence: 'This connection does not report who is present.',
  consoleFilter: 'Filter by name, language or widget',
  consoleLanguage: 'Language',
  consoleActive: 'Last activity',
  consoleWidgets: 'Took part in',
  consoleSort: 'Sort by',
  consoleSortName: 'Name',
  consoleSortRole: 'Role',
  consoleConnection: 'Connection',
  consoleGone: (p: { time: string }) => `Not connected (last report ${p.time})`,
  consoleNotReported: 'Not reported',
  consoleName: 'Name',
  consoleRole: 'Role',
  consoleHelp: 'Help request',
  consoleBeingHelped: 'Being helped',
  consoleRoleParticipant: 'Participant',
  consoleRoleFacilitator: 'Facilitator',
  consoleRoleProducer: 'Producer',
  consoleMore: (p: { n: number }, f: Fmt) =>
    f.plural(p.n, { one: '# more not shown: refine the filter.', other: '# more not shown: refine the filter.' }),
};

/** The shape of <pk-producer-console>'s own strings. */
export type ConsoleStrings = typeof en;
