import { defineStrings } from '../../core/i18n/catalogs.js';
import type { CoreCatalog } from '../../core/i18n/en.js';
import { noticeTables, type NoticeStrings } from '../../core/i18n/notices.js';

const { en, ...others } = noticeTables;

/**
 * <pk-notices>'s strings with the core's. Its own strings travel with it in every language (the
 * notice view shares them with the strip of every widget); the core's other languages load on demand.
 */
export const noticesStrings = defineStrings(
  'notices',
  en!,
  Object.fromEntries(Object.entries(others).map(([lang, table]) => [lang, () => Promise.resolve(table)])),
);

declare module '../../core/i18n/registry.js' {
  interface PulsekitStrings {
    /** `<pk-notices>` and the notice strip of every widget. */
    notices: CoreCatalog & NoticeStrings;
  }
}
