import { en, type Catalog } from './en.js';

/**
 * Shipped locales. English is bundled as the fallback so the first render always has text; the
 * others load on demand, so a page pays only for the languages it shows.
 */
const loaders: Record<string, () => Promise<Catalog>> = {
  nl: () => import('./nl.js').then((m) => m.nl),
  ar: () => import('./ar.js').then((m) => m.ar),
};

/** Languages with a catalog. */
export const SHIPPED_LOCALES = ['en', ...Object.keys(loaders)] as const;

const loaded = new Map<string, Catalog>([['en', en]]);
const loading = new Map<string, Promise<Catalog>>();

/** The base language of a tag (`nl-BE` → `nl`). */
export const baseLang = (tag: string): string => tag.toLowerCase().split(/[-_]/)[0];

/** The catalog for a language if already loaded (else English, while it loads). */
export function catalogNow(lang: string): Catalog {
  return loaded.get(baseLang(lang)) ?? en;
}

/** Loads the catalog for a language; English for languages we do not ship. */
export function loadCatalog(lang: string): Promise<Catalog> {
  const base = baseLang(lang);
  const have = loaded.get(base);
  if (have) return Promise.resolve(have);
  const load = loaders[base];
  if (!load) return Promise.resolve(en);
  let p = loading.get(base);
  if (!p) {
    p = load().then(
      (c) => {
        loaded.set(base, c);
        return c;
      },
      (err) => {
        console.warn(`[pulsekit] could not load the "${base}" strings; using English.`, err);
        loading.delete(base);
        return en;
      },
    );
    loading.set(base, p);
  }
  return p;
}

const RTL = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']);

/** Writing direction of a language. */
export const dirOf = (lang: string): 'ltr' | 'rtl' => (RTL.has(baseLang(lang)) ? 'rtl' : 'ltr');
