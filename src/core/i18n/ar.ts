import type { CoreCatalog } from './en.js';

/** Arabic core strings. */
export const ar: CoreCatalog = {
  statusConnecting: 'جارٍ الاتصال…',
  statusOffline: 'غير متصل: تم حفظ إجراءاتك وستُرسل عند عودة الاتصال.',
  statusFailed: 'تعذّر الوصول إلى الجلسة.',
  queued: (p, f) =>
    f.plural(p.n, {
      zero: 'لا إجراءات بانتظار الإرسال',
      one: 'إجراء واحد بانتظار الإرسال',
      two: 'إجراءان بانتظار الإرسال',
      few: '# إجراءات بانتظار الإرسال',
      many: '# إجراءً بانتظار الإرسال',
      other: '# إجراء بانتظار الإرسال',
    }),
  actNoSession: 'لم يتم الاتصال بالجلسة بعد: لم يُرسَل شيء. حاول مرة أخرى بعد قليل.',
  dismiss: 'إغلاق',
  pendingSaving: 'جارٍ الحفظ…',
  pendingNotSaved: 'لم يُحفظ على هذا الجهاز: أبقِ هذه الصفحة مفتوحة حتى يُرسل.',
  errForbidden: 'هذا الإجراء متاح للميسّر فقط.',
  errRateLimited: 'أنت تتصرف بسرعة قليلًا؛ ستُعاد المحاولة.',
  errOutboxFull: 'إجراءات كثيرة بانتظار الإرسال؛ يرجى انتظار الاتصال.',
  errGeneric: (p) => `لم يُقبل إجراؤك: ${p.message}`,
};
