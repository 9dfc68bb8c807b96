import type { Fmt } from '../../../core/i18n/format.js';

/**
 * English strings of <pk-session-report>: the source catalog. Its shape is the `ReportStrings` type
 * every other locale must satisfy, so a missing or mistyped translation fails the type check.
 */
export const en = {
  reportTitle: 'Session report',
  reportCannotShow: 'This report cannot be shown',
  reportStaffOnly: 'This report is for facilitators and producers.',
  reportLoading: 'Reading the session…',
  reportFetchFailed: 'The session could not be read. Check the connection, then try again.',
  reportTryAgain: 'Try again',
  reportEmpty: 'Nothing has happened in these widgets yet.',
  reportWidget: 'Widget',
  reportTime: 'Time',
  reportAttendance: 'Attendance',
  reportAttendanceSince: (p: { time: string }) => `Sampled while a report is open in this browser, since ${p.time}.`,
  reportAttendanceNone: 'Attendance is sampled while this report is open; no sample yet.',
  reportPresentCount: 'Participants present',
  reportPresentBase: (p: { n: number }, f: Fmt) =>
    f.plural(p.n, {
      one: '# participant counted as present (seen here or taking part).',
      other: '# participants counted as present (seen here or taking part).',
    }),
  reportParticipation: 'Participation',
  reportTookPart: 'Took part',
  reportRate: 'Share of those present',
  reportAtLeast: (p: { n: number }, f: Fmt) => `at least ${f.num(p.n)}`,
  reportPolls: 'Poll results',
  reportRound: (p: { n: number }, f: Fmt) => `Round ${f.num(p.n)}`,
  reportRoundNow: (p: { n: number }, f: Fmt) => `Round ${f.num(p.n)} (current)`,
  reportSelfServe: 'Self-serve poll (no question published)',
  reportAnswer: 'Answer',
  reportVotes: 'Votes',
  reportResponded: (p: { n: number }, f: Fmt) => f.plural(p.n, { one: '# response', other: '# responses' }),
  reportEngagement: 'Engagement index',
  reportIndex: 'Index',
  reportIndexSummary: (p: { min: number; max: number; last: number }, f: Fmt) =>
    `From ${f.num(p.min)} to ${f.num(p.max)}; latest ${f.num(p.last)} (0 to 100).`,
  reportIndexWithheld: 'Too few participants for the index so far.',
  reportWithoutPresence: 'Before attendance sampling began, shares are of the people who signalled.',
  reportMarkers: 'Markers',
  reportSurveys: 'Survey summary',
  reportResponseRate: (p: { n: number; rate: string }, f: Fmt) =>
    f.plural(p.n, { one: `# response (${p.rate} of those present)`, other: `# responses (${p.rate} of those present)` }),
  reportResponsesOnly: (p: { n: number }, f: Fmt) => f.plural(p.n, { one: '# response', other: '# responses' }),
  reportNoDefinition: 'The questions were not published to the room, so there are no averages.',
  reportQuestion: 'Question',
  reportAnswers: 'Answers',
  reportAverage: 'Average',
  reportNps: 'NPS',
  reportClosed: 'Closed',
  reportThreads: 'Thread activity',
  reportPosts: 'Posts',
  reportReplies: 'Replies',
  reportQuestions: 'Questions',
  reportAnswered: 'Answered',
  reportUnanswered: 'Unanswered',
  reportUpvotes: (p: { n: number }, f: Fmt) => f.plural(p.n, { one: '# upvote', other: '# upvotes' }),
  reportSnapshot: 'The server keeps only a summary of the oldest activity of some widgets: who took part there is a lower bound.',
  reportDownloads: 'Downloads',
  reportCsv: (p: { table: string }) => `${p.table} (CSV)`,
  reportJson: 'Whole report (JSON)',
  reportXapi: 'xAPI statements (JSON)',
  reportNoXapi: 'xAPI statements need an xAPI base IRI: set xapi-base on the session element.',
  reportDownloaded: (p: { file: string }) => `Downloaded ${p.file}.`,
  reportDownloadFailed: 'The download could not be prepared. Check the connection, then reload the page.',
};

/** Shape of <pk-session-report>'s strings, in every locale. */
export type ReportStrings = typeof en;
