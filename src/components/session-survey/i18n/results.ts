import { defineStrings } from '../../../core/i18n/catalogs.js';
import { en } from './results-en.js';

/** The results view's strings with the core's: English with the view, other languages on demand. */
export const resultsStrings = defineStrings('session-survey', en, {
  nl: () => import('./results-nl.js').then((m) => m.nl),
  de: () => import('./results-de.js').then((m) => m.de),
  fr: () => import('./results-fr.js').then((m) => m.fr),
  es: () => import('./results-es.js').then((m) => m.es),
  pt: () => import('./results-pt.js').then((m) => m.pt),
  ar: () => import('./results-ar.js').then((m) => m.ar),
  ja: () => import('./results-ja.js').then((m) => m.ja),
});
