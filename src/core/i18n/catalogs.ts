import { en as coreEn, type CoreCatalog } from './en.js';

/** Loads one language's strings of a catalog part (a dynamic import, so each is its own chunk). */
export type Loader<C> = () => Promise<C>;

/** A widget's strings in every shipped language: English bundled, the rest loaded on demand. */
export interface Strings<C> {
  /** English: bundled, so the first render always has text. */
  readonly en: C;
  /** Loaders of the other shipped languages, keyed by base language. */
  readonly load: Readonly<Record<string, Loader<C>>>;
  /** Loaded catalogs by base language (English included). */
  readonly loaded: Map<string, C>;
  /** Loads in flight by base language. */
  readonly loading: Map<string, Promise<C>>;
}

/** Base language of a tag (`nl-BE` → `nl`). */
export const baseLang = (tag: string): string => tag.toLowerCase().split(/[-_]/)[0];

const coreLoaders: Record<string, Loader<CoreCatalog>> = {
  nl: () => import('./nl.js').then((m) => m.nl),
  ar: () => import('./ar.js').then((m) => m.ar),
};

/** Languages with a catalog. Every widget ships the same set (a test checks). */
export const SHIPPED_LOCALES = ['en', ...Object.keys(coreLoaders)] as const;

/**
 * A widget's strings: its own catalog merged with the core's (connection status, generic errors).
 * Each widget carries only its own strings, so a page with one poll does not download the survey's;
 * the other languages load per widget and per core, on demand.
 */
export function defineStrings<W extends object>(en: W, load: Record<string, Loader<W>>): Strings<CoreCatalog & W> {
  const merged: Record<string, Loader<CoreCatalog & W>> = {};
  for (const [lang, own] of Object.entries(load)) {
    const core = coreLoaders[lang];
    merged[lang] = () => Promise.all([core ? core() : coreEn, own()]).then(([c, w]) => ({ ...c, ...w }));
  }
  const full = { ...coreEn, ...en };
  return { en: full, load: merged, loaded: new Map([['en', full]]), loading: new Map() };
}

/** The catalog for a language if already loaded (else English, while it loads). */
export const catalogNow = <C>(s: Strings<C>, lang: string): C => s.loaded.get(baseLang(lang)) ?? s.en;

/** Loads a widget's catalog for a language; English for languages we do not ship. */
export function loadCatalog<C>(s: Strings<C>, lang: string): Promise<C> {
  const base = baseLang(lang);
  const have = s.loaded.get(base);
  if (have) return Promise.resolve(have);
  const load = s.load[base];
  if (!load) return Promise.resolve(s.en);
  let p = s.loading.get(base);
  if (!p) {
    p = load().then(
      (c) => {
        s.loaded.set(base, c);
        return c;
      },
      (err) => {
        console.warn(`[pulsekit] could not load the "${base}" strings; using English.`, err);
        s.loading.delete(base);
        return s.en;
      },
    );
    s.loading.set(base, p);
  }
  return p;
}

const RTL = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']);

/** Writing direction of a language. */
export const dirOf = (lang: string): 'ltr' | 'rtl' => (RTL.has(baseLang(lang)) ? 'rtl' : 'ltr');
