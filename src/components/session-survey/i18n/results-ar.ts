import type { SurveyResultsStrings } from './results-en.js';

/** Arabic strings of the survey's results view. */
export const ar: SurveyResultsStrings = {
  surveyResults: 'النتائج',
  surveyRatePresent: (p, f) => `${f.num(p.n)} من ${f.num(p.m)} من الحاضرين (${f.percent(p.n / p.m)})`,
  surveyRateInvited: (p, f) => `${f.num(p.n)} من ${f.num(p.m)} من المدعوين (${f.percent(p.n / p.m)})`,
  surveyAnswers: (p, f) =>
    f.plural(p.n, { zero: 'لا إجابات', one: 'إجابة واحدة', two: 'إجابتان', few: '# إجابات', many: '# إجابةً', other: '# إجابة' }),
  surveyAverage: (p) => `المتوسط: ${p.value}`,
  surveyAvg: 'المتوسط',
  surveyAvgRank: 'متوسط الترتيب',
  surveyNps: (p) => `صافي نقاط الترويج ${p.value}`,
  surveyPromoters: (p, f) =>
    f.plural(p.n, { zero: 'لا مروّجين', one: 'مروّج واحد', two: 'مروّجان', few: '# مروّجين', many: '# مروّجًا', other: '# مروّج' }),
  surveyPassives: (p, f) =>
    f.plural(p.n, { zero: 'لا محايدين', one: 'محايد واحد', two: 'محايدان', few: '# محايدين', many: '# محايدًا', other: '# محايد' }),
  surveyDetractors: (p, f) =>
    f.plural(p.n, { zero: 'لا منتقدين', one: 'منتقد واحد', two: 'منتقدان', few: '# منتقدين', many: '# منتقدًا', other: '# منتقد' }),
  surveyAnswer: 'الإجابة',
  surveyCount: 'العدد',
  surveyShare: 'النسبة',
  surveyNoAnswers: 'لا توجد إجابات بعد',
  surveyControls: 'أدوات الميسّر',
  surveyExport: 'تصدير CSV',
  surveyPause: 'إيقاف النتائج المباشرة مؤقتًا',
  surveyResume: 'استئناف النتائج المباشرة',
  surveyCloseNow: 'إغلاق الاستبيان',
  surveyReopen: 'إعادة فتح الاستبيان',
  surveyPublish: 'نشر هذا التعريف',
  surveyPublished: 'تُراجَع الإجابات وفق التعريف المنشور.',
  surveyPreview: 'معاينة النموذج',
  surveyResponses: (p, f) => f.plural(p.n, { zero: 'لا ردود', one: 'رد واحد', two: 'ردّان', few: '# ردود', many: '# ردًا', other: '# رد' }),
  surveyShowResults: 'عرض النتائج',
};
