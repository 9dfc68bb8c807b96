import { defineStrings } from '../../../core/i18n/catalogs.js';
import { en } from './results-en.js';

/** The results view's strings with the core's: English with the view, other languages on demand. */
export const resultsStrings = defineStrings(en, {
  nl: () => import('./results-nl.js').then((m) => m.nl),
  ar: () => import('./results-ar.js').then((m) => m.ar),
});
