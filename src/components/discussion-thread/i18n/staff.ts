import { defineCatalog } from '../../../core/i18n/catalogs.js';

/**
 * Strings of <pk-discussion-thread>'s facilitator tools (the moderation menu, pin, mark answered,
 * hide, export), every shipped language in one module. Only the staff chunk imports it, and only
 * facilitators and producers load that chunk: participants never download these, in any language,
 * and a facilitator gets them all with one request (all eight weigh less than a second request).
 */
const en = {
  threadModeration: 'Facilitator tools',
  threadLock: 'Lock discussion',
  threadPin: 'Pin',
  threadMarkAnswered: 'Mark answered',
  threadHide: 'Hide',
  threadExportJson: 'Export as JSON',
  threadExportMarkdown: 'Export as Markdown',
};

/** Shape of the facilitator tools' strings, in every locale. */
export type StaffStrings = typeof en;

/** Dutch. */
const nl: StaffStrings = {
  threadModeration: 'Begeleidersmenu',
  threadLock: 'Discussie sluiten',
  threadPin: 'Vastzetten',
  threadMarkAnswered: 'Markeer als beantwoord',
  threadHide: 'Verbergen',
  threadExportJson: 'Exporteren als JSON',
  threadExportMarkdown: 'Exporteren als Markdown',
};

/** Arabic. */
const ar: StaffStrings = {
  threadModeration: 'أدوات الميسّر',
  threadLock: 'قفل النقاش',
  threadPin: 'تثبيت',
  threadMarkAnswered: 'تحديد كمُجاب',
  threadHide: 'إخفاء',
  threadExportJson: 'تصدير بصيغة JSON',
  threadExportMarkdown: 'تصدير بصيغة Markdown',
};

/** German. */
const de: StaffStrings = {
  threadModeration: 'Werkzeuge für die Moderation',
  threadLock: 'Diskussion sperren',
  threadPin: 'Anheften',
  threadMarkAnswered: 'Als beantwortet markieren',
  threadHide: 'Verbergen',
  threadExportJson: 'Als JSON exportieren',
  threadExportMarkdown: 'Als Markdown exportieren',
};

/** French. */
const fr: StaffStrings = {
  threadModeration: 'Outils de l’animateur',
  threadLock: 'Verrouiller la discussion',
  threadPin: 'Épingler',
  threadMarkAnswered: 'Marquer comme répondu',
  threadHide: 'Masquer',
  threadExportJson: 'Exporter en JSON',
  threadExportMarkdown: 'Exporter en Markdown',
};

/** Spanish. */
const es: StaffStrings = {
  threadModeration: 'Herramientas del facilitador',
  threadLock: 'Bloquear conversación',
  threadPin: 'Fijar',
  threadMarkAnswered: 'Marcar como respondido',
  threadHide: 'Ocultar',
  threadExportJson: 'Exportar como JSON',
  threadExportMarkdown: 'Exportar como Markdown',
};

/** Portuguese. */
const pt: StaffStrings = {
  threadModeration: 'Ferramentas do facilitador',
  threadLock: 'Bloquear discussão',
  threadPin: 'Fixar',
  threadMarkAnswered: 'Marcar como respondida',
  threadHide: 'Ocultar',
  threadExportJson: 'Exportar como JSON',
  threadExportMarkdown: 'Exportar como Markdown',
};

/** Japanese. */
const ja: StaffStrings = {
  threadModeration: 'ファシリテーター用ツール',
  threadLock: 'ディスカッションをロック',
  threadPin: '固定',
  threadMarkAnswered: '回答済みにする',
  threadHide: '非表示にする',
  threadExportJson: 'JSONでエクスポート',
  threadExportMarkdown: 'Markdownでエクスポート',
};

/**
 * The facilitator tools' strings in every shipped language, bundled (a test checks every shipped
 * locale is here), with what hosts register for 'discussion-thread' merged in like every catalog.
 */
export const staffStrings = defineCatalog('discussion-thread', en, {}, { nl, de, fr, es, pt, ar, ja });
