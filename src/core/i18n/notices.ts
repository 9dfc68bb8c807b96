/**
 * Strings of the room's notices (the strip every widget shows, and `<pk-notices>`), every shipped
 * language in one module. Only the notice view's lazy chunk and `<pk-notices>` import it: a widget
 * page downloads them when a notice first shows, never up front, and all eight languages together
 * weigh less than a second request would.
 */
const en = {
  noticesLabel: 'Notices',
  noticeUntil: (p: { time: string }) => `until ${p.time}`,
  noticeSaid: (p: { text: string }) => `Notice: ${p.text}`,
  noticeNone: 'No notices right now.',
  noticeFormLegend: 'Post a notice to the class',
  noticeText: 'Notice',
  noticeMinutes: 'Shows for (minutes)',
  noticePost: 'Post notice',
  noticePosted: 'Notice posted.',
  noticeWithdraw: 'Withdraw',
  noticeWithdrawNamed: (p: { text: string }) => `Withdraw notice “${p.text}”`,
  noticeWithdrawn: 'Notice withdrawn.',
};

/** Shape of the notices' strings, in every locale. */
export type NoticeStrings = typeof en;

/** Dutch. */
const nl: NoticeStrings = {
  noticesLabel: 'Mededelingen',
  noticeUntil: (p) => `tot ${p.time}`,
  noticeSaid: (p) => `Mededeling: ${p.text}`,
  noticeNone: 'Nu geen mededelingen.',
  noticeFormLegend: 'Een mededeling aan de groep plaatsen',
  noticeText: 'Mededeling',
  noticeMinutes: 'Zichtbaar gedurende (minuten)',
  noticePost: 'Mededeling plaatsen',
  noticePosted: 'Mededeling geplaatst.',
  noticeWithdraw: 'Intrekken',
  noticeWithdrawNamed: (p) => `Intrekken: mededeling “${p.text}”`,
  noticeWithdrawn: 'Mededeling ingetrokken.',
};

/** German. */
const de: NoticeStrings = {
  noticesLabel: 'Hinweise',
  noticeUntil: (p) => `bis ${p.time}`,
  noticeSaid: (p) => `Hinweis: ${p.text}`,
  noticeNone: 'Zurzeit keine Hinweise.',
  noticeFormLegend: 'Einen Hinweis an die Gruppe senden',
  noticeText: 'Hinweis',
  noticeMinutes: 'Sichtbar für (Minuten)',
  noticePost: 'Hinweis senden',
  noticePosted: 'Hinweis gesendet.',
  noticeWithdraw: 'Zurückziehen',
  noticeWithdrawNamed: (p) => `Zurückziehen: Hinweis „${p.text}“`,
  noticeWithdrawn: 'Hinweis zurückgezogen.',
};

/** French. */
const fr: NoticeStrings = {
  noticesLabel: 'Annonces',
  noticeUntil: (p) => `jusqu’à ${p.time}`,
  noticeSaid: (p) => `Annonce : ${p.text}`,
  noticeNone: 'Aucune annonce pour le moment.',
  noticeFormLegend: 'Publier une annonce pour le groupe',
  noticeText: 'Annonce',
  noticeMinutes: 'Affichée pendant (minutes)',
  noticePost: 'Publier l’annonce',
  noticePosted: 'Annonce publiée.',
  noticeWithdraw: 'Retirer',
  noticeWithdrawNamed: (p) => `Retirer l’annonce « ${p.text} »`,
  noticeWithdrawn: 'Annonce retirée.',
};

/** Spanish. */
const es: NoticeStrings = {
  noticesLabel: 'Avisos',
  noticeUntil: (p) => `hasta las ${p.time}`,
  noticeSaid: (p) => `Aviso: ${p.text}`,
  noticeNone: 'No hay avisos ahora.',
  noticeFormLegend: 'Publicar un aviso para el grupo',
  noticeText: 'Aviso',
  noticeMinutes: 'Visible durante (minutos)',
  noticePost: 'Publicar aviso',
  noticePosted: 'Aviso publicado.',
  noticeWithdraw: 'Retirar',
  noticeWithdrawNamed: (p) => `Retirar el aviso «${p.text}»`,
  noticeWithdrawn: 'Aviso retirado.',
};

/** Portuguese. */
const pt: NoticeStrings = {
  noticesLabel: 'Avisos',
  noticeUntil: (p) => `até às ${p.time}`,
  noticeSaid: (p) => `Aviso: ${p.text}`,
  noticeNone: 'Sem avisos de momento.',
  noticeFormLegend: 'Publicar um aviso para a turma',
  noticeText: 'Aviso',
  noticeMinutes: 'Visível durante (minutos)',
  noticePost: 'Publicar aviso',
  noticePosted: 'Aviso publicado.',
  noticeWithdraw: 'Retirar',
  noticeWithdrawNamed: (p) => `Retirar o aviso «${p.text}»`,
  noticeWithdrawn: 'Aviso retirado.',
};

/** Arabic. */
const ar: NoticeStrings = {
  noticesLabel: 'تنبيهات',
  noticeUntil: (p) => `حتى ${p.time}`,
  noticeSaid: (p) => `تنبيه: ${p.text}`,
  noticeNone: 'لا توجد تنبيهات الآن.',
  noticeFormLegend: 'نشر تنبيه للمجموعة',
  noticeText: 'التنبيه',
  noticeMinutes: 'يظهر لمدة (بالدقائق)',
  noticePost: 'نشر التنبيه',
  noticePosted: 'نُشر التنبيه.',
  noticeWithdraw: 'سحب',
  noticeWithdrawNamed: (p) => `سحب التنبيه «${p.text}»`,
  noticeWithdrawn: 'سُحب التنبيه.',
};

/** Japanese. */
const ja: NoticeStrings = {
  noticesLabel: 'お知らせ',
  noticeUntil: (p) => `${p.time}まで`,
  noticeSaid: (p) => `お知らせ：${p.text}`,
  noticeNone: '現在お知らせはありません。',
  noticeFormLegend: 'クラスにお知らせを投稿',
  noticeText: 'お知らせ',
  noticeMinutes: '表示時間（分）',
  noticePost: 'お知らせを投稿',
  noticePosted: 'お知らせを投稿しました。',
  noticeWithdraw: '取り下げ',
  noticeWithdrawNamed: (p) => `取り下げ：お知らせ「${p.text}」`,
  noticeWithdrawn: 'お知らせを取り下げました。',
};

/** Every shipped language's notice strings, by catalog key (English included). */
export const noticeTables: Readonly<Record<string, NoticeStrings>> = { en, nl, de, fr, es, pt, ar, ja };
