import type { SurveyStrings } from './en.js';

/** Arabic strings of <pk-session-survey>. */
export const ar: SurveyStrings = {
  surveyCannotShow: 'لا يمكن عرض هذا الاستبيان',
  surveyLoading: 'جارٍ تحميل الاستبيان…',
  surveyRequired: '(مطلوب)',
  surveyPageOf: (p, f) => `الصفحة ${f.num(p.n)} من ${f.num(p.m)}`,
  surveyProgress: 'التقدّم في الاستبيان',
  surveyBack: 'السابق',
  surveyNext: 'التالي',
  surveySubmit: 'إرسال الإجابات',
  surveyUpdate: 'إرسال التغييرات',
  surveyFixErrors: (p, f) =>
    f.plural(p.n, {
      zero: 'لا توجد إجابات تحتاج إلى مراجعة في هذه الصفحة.',
      one: 'يرجى مراجعة إجابة واحدة في هذه الصفحة.',
      two: 'يرجى مراجعة إجابتين في هذه الصفحة.',
      few: 'يرجى مراجعة # إجابات في هذه الصفحة.',
      many: 'يرجى مراجعة # إجابةً في هذه الصفحة.',
      other: 'يرجى مراجعة # إجابة في هذه الصفحة.',
    }),
  surveyErrRequired: 'هذا السؤال يحتاج إلى إجابة.',
  surveyErrRankOrder: 'لم تحدّد ترتيبك بعد: رتّب العناصر كما تريد، أو اختر «الإبقاء على هذا الترتيب» إن كان مناسبًا.',
  surveyErrRows: 'يرجى الإجابة عن كل صف.',
  surveyErrMinChoices: (p, f) =>
    f.plural(p.n, { zero: 'لا حاجة إلى اختيار.', one: 'اختر خيارًا واحدًا على الأقل.', two: 'اختر خيارين على الأقل.', few: 'اختر # خيارات على الأقل.', many: 'اختر # خيارًا على الأقل.', other: 'اختر # خيار على الأقل.' }),
  surveyErrMaxChoices: (p, f) =>
    f.plural(p.n, { zero: 'لا يمكن اختيار أي خيار.', one: 'اختر خيارًا واحدًا على الأكثر.', two: 'اختر خيارين على الأكثر.', few: 'اختر # خيارات على الأكثر.', many: 'اختر # خيارًا على الأكثر.', other: 'اختر # خيار على الأكثر.' }),
  surveyErrMinLength: (p, f) =>
    f.plural(p.n, { zero: 'لا يلزم حد أدنى من الأحرف.', one: 'اكتب حرفًا واحدًا على الأقل.', two: 'اكتب حرفين على الأقل.', few: 'اكتب # أحرف على الأقل.', many: 'اكتب # حرفًا على الأقل.', other: 'اكتب # حرف على الأقل.' }),
  surveyErrMaxLength: (p, f) =>
    f.plural(p.n, { zero: 'لا يمكن كتابة أي حرف.', one: 'اكتب حرفًا واحدًا على الأكثر.', two: 'اكتب حرفين على الأكثر.', few: 'اكتب # أحرف على الأكثر.', many: 'اكتب # حرفًا على الأكثر.', other: 'اكتب # حرف على الأكثر.' }),
  surveyErrInvalid: 'هذه الإجابة لا تناسب السؤال؛ يرجى الاختيار مجددًا.',
  surveyStars: (p, f) =>
    f.plural(p.n, {
      zero: `لا نجوم من ${f.num(p.m)}`,
      one: `نجمة واحدة من ${f.num(p.m)}`,
      two: `نجمتان من ${f.num(p.m)}`,
      few: `# نجوم من ${f.num(p.m)}`,
      many: `# نجمة من ${f.num(p.m)}`,
      other: `# نجمة من ${f.num(p.m)}`,
    }),
  surveyNpsLow: 'غير محتمل إطلاقًا',
  surveyNpsHigh: 'محتمل جدًا',
  surveyChooseUpTo: (p, f) =>
    f.plural(p.n, { zero: 'لا خيارات للاختيار.', one: 'اختر خيارًا واحدًا.', two: 'اختر حتى خيارين.', few: 'اختر حتى # خيارات.', many: 'اختر حتى # خيارًا.', other: 'اختر حتى # خيار.' }),
  surveyRankHint: 'رتّب العناصر باستخدام أزرار النقل؛ العنصر الأعلى هو اختيارك الأول.',
  surveyMoveUp: (p) => `نقل ${p.value} إلى الأعلى`,
  surveyMoveDown: (p) => `نقل ${p.value} إلى الأسفل`,
  surveyMoved: (p, f) => `أصبح ${p.value} في المرتبة ${f.num(p.n)} من ${f.num(p.m)}.`,
  surveyKeepOrder: 'الإبقاء على هذا الترتيب',
  surveyThanks: 'شكرًا لك! تم إرسال إجاباتك.',
  surveyQueued: 'إجاباتك محفوظة على هذا الجهاز وستُرسل عند عودة الاتصال.',
  surveySending: 'جارٍ إرسال إجاباتك…',
  surveyEdit: 'تغيير إجاباتي',
  surveyClosed: 'هذا الاستبيان مغلق.',
  surveyDraftSaved: 'تم حفظ المسودة على هذا الجهاز',
  surveyLoadingResults: 'جارٍ تحميل النتائج…',
  surveyResultsFailed: 'تعذّر تحميل النتائج. تحقّق من الاتصال ثم أعد تحميل الصفحة.',
  surveyErrAlreadySubmitted: 'لقد أرسلت هذا الاستبيان بالفعل؛ لا يمكن تغيير الإجابات.',
  surveyErrParticipantsOnly: 'المشاركون فقط يجيبون عن الاستبيانات.',
  surveyErrClosed: 'هذا الاستبيان مغلق؛ لم تُرسل إجاباتك.',
  surveyErrInvalidAnswer: 'إحدى إجاباتك لا تناسب هذا الاستبيان؛ يرجى المراجعة والإرسال مجددًا.',
  surveyErrRequiredMissing: 'سؤال مطلوب بلا إجابة.',
};
