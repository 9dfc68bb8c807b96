import type { Fmt } from '../../../core/i18n/format.js';

/**
 * Strings of <pk-pulse-poll>'s facilitator controls, every shipped language in one module. Only
 * the controls' chunk imports it, and only facilitators and producers load that chunk: participants
 * never download these, in any language, and a facilitator gets them all with one request.
 */
const en = {
  pollControls: 'Facilitator controls',
  pollOpen: 'Open poll',
  pollClose: 'Close poll',
  pollReveal: 'Reveal results',
  pollHide: 'Hide results',
  pollReset: 'New round',
  pollStartTimer: (p: { minutes: number }, f: Fmt) => f.plural(p.minutes, { one: 'Start #-minute timer', other: 'Start #-minute timer' }),
  pollStartTimerExact: (p: { time: string }) => `Start timer (${p.time})`,
  pollExtend: 'Add 1 minute',
  pollTimerOff: 'Turn off timer',
  pollExportCsv: 'Export all rounds (CSV)',
  pollExportJson: 'Export all rounds (JSON)',
  pollDraftNote: 'Participants see the question and wait until you open the poll.',
};

/** Shape of the controls' strings, in every locale. */
export type ControlsStrings = typeof en;

/** Dutch. */
const nl: ControlsStrings = {
  pollControls: 'Bediening voor de begeleider',
  pollOpen: 'Peiling openen',
  pollClose: 'Peiling sluiten',
  pollReveal: 'Resultaten tonen',
  pollHide: 'Resultaten verbergen',
  pollReset: 'Nieuwe ronde',
  pollStartTimer: (p, f) => `Timer van ${f.num(p.minutes)} min starten`,
  pollStartTimerExact: (p) => `Timer starten (${p.time})`,
  pollExtend: '1 minuut erbij',
  pollTimerOff: 'Timer uitzetten',
  pollExportCsv: 'Alle rondes exporteren (CSV)',
  pollExportJson: 'Alle rondes exporteren (JSON)',
  pollDraftNote: 'Deelnemers zien de vraag en wachten tot je de peiling opent.',
};

/** Arabic. */
const ar: ControlsStrings = {
  pollControls: 'أدوات الميسّر',
  pollOpen: 'فتح الاستطلاع',
  pollClose: 'إغلاق الاستطلاع',
  pollReveal: 'كشف النتائج',
  pollHide: 'إخفاء النتائج',
  pollReset: 'جولة جديدة',
  pollStartTimer: (p, f) => `بدء مؤقت ${f.num(p.minutes)} دقيقة`,
  pollStartTimerExact: (p) => `بدء المؤقت (${p.time})`,
  pollExtend: 'إضافة دقيقة',
  pollTimerOff: 'إيقاف المؤقت',
  pollExportCsv: 'تصدير كل الجولات (CSV)',
  pollExportJson: 'تصدير كل الجولات (JSON)',
  pollDraftNote: 'يرى المشاركون السؤال وينتظرون حتى تفتح الاستطلاع.',
};

/** The controls' strings by base language (`nl` for `nl-BE`); a test checks every shipped locale is here. */
export const controlsStrings: Readonly<Record<string, ControlsStrings>> = { en, nl, ar };
