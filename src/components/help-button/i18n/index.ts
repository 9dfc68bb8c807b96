import { defineStrings } from '../../../core/i18n/catalogs.js';
import type { CoreCatalog } from '../../../core/i18n/en.js';
import { en, type HelpStrings } from './en.js';

/** Loaders of <pk-help-button>'s languages (the console merges them with its own). */
export const helpLoaders = {
  nl: () => import('./nl.js').then((m) => m.nl),
  de: () => import('./de.js').then((m) => m.de),
  fr: () => import('./fr.js').then((m) => m.fr),
  es: () => import('./es.js').then((m) => m.es),
  pt: () => import('./pt.js').then((m) => m.pt),
  ar: () => import('./ar.js').then((m) => m.ar),
  ja: () => import('./ja.js').then((m) => m.ja),
};

/** <pk-help-button>'s strings with the core's, English bundled, other languages on demand. */
export const helpStrings = defineStrings('help-button', en, helpLoaders);

declare module '../../../core/i18n/registry.js' {
  interface PulsekitStrings {
    /** `<pk-help-button>`. */
    'help-button': CoreCatalog & HelpStrings;
  }
}
