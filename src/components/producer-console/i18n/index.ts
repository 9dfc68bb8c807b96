import { defineStrings } from '../../../core/i18n/catalogs.js';
import type { CoreCatalog } from '../../../core/i18n/en.js';
import { en as helpEn, type HelpStrings } from '../../help-button/i18n/en.js';
import { helpLoaders } from '../../help-button/i18n/index.js';
import { en, type ConsoleStrings } from './en.js';

type Lang = keyof typeof helpLoaders;

/** The console's own strings for `lang` with the help button's, which it shows too (kinds, statuses). */
const both = (lang: Lang, own: () => Promise<ConsoleStrings>) => () =>
  Promise.all([helpLoaders[lang](), own()]).then(([help, mine]) => ({ ...help, ...mine }));

/** <pk-producer-console>'s strings (the help button's included) with the core's; English bundled. */
export const consoleStrings = defineStrings(
  'producer-console',
  { ...helpEn, ...en },
  {
    nl: both('nl', () => import('./nl.js').then((m) => m.nl)),
    de: both('de', () => import('./de.js').then((m) => m.de)),
    fr: both('fr', () => import('./fr.js').then((m) => m.fr)),
    es: both('es', () => import('./es.js').then((m) => m.es)),
    pt: both('pt', () => import('./pt.js').then((m) => m.pt)),
    ar: both('ar', () => import('./ar.js').then((m) => m.ar)),
    ja: both('ja', () => import('./ja.js').then((m) => m.ja)),
  },
);

declare module '../../../core/i18n/registry.js' {
  interface PulsekitStrings {
    /** `<pk-producer-console>`. */
    'producer-console': CoreCatalog & HelpStrings & ConsoleStrings;
  }
}
