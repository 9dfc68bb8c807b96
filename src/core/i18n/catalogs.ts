import { en as coreEn, type CoreCatalog } from './en.js';
import { lookupChain } from './lookup.js';
import { loadLayer, registeredLayers, registryVersion } from './registry.js';

/** Loads one language's strings of a catalog part (a dynamic import, so each is its own chunk). */
export type Loader<C> = () => Promise<C>;

/**
 * A widget's strings: English bundled, the other shipped languages loaded on demand, and what hosts
 * registered (registerStrings) layered on top. Catalog keys are lowercase tags (`pt`, `pt-pt`).
 */
export interface Strings<C> {
  /** Name hosts register strings under (`pulse-poll`). */
  readonly widget: string;
  /** English as shipped: bundled, so the first render always has text. */
  readonly en: C;
  /** Loaders of the other shipped languages, by catalog key. */
  readonly load: Readonly<Record<string, Loader<C>>>;
  /** Shipped languages in memory (bundled with the catalog, or loaded), by catalog key. */
  readonly shipped: Map<string, C>;
  /** Catalogs ready to show, host strings merged in, by catalog key (English included). */
  readonly loaded: Map<string, C>;
  /** Loads in flight by catalog key. */
  readonly loading: Map<string, Promise<C>>;
  /** Shipped languages that could not load: English (or the next closest) for the page's life. */
  readonly failed: Set<string>;
  /** Registry version `loaded` was merged at. */
  version: number;
}

const coreLoaders: Record<string, Loader<CoreCatalog>> = {
  nl: () => import('./nl.js').then((m) => m.nl),
  de: () => import('./de.js').then((m) => m.de),
  fr: () => import('./fr.js').then((m) => m.fr),
  es: () => import('./es.js').then((m) => m.es),
  pt: () => import('./pt.js').then((m) => m.pt),
  ar: () => import('./ar.js').then((m) => m.ar),
  ja: () => import('./ja.js').then((m) => m.ja),
};

/** Languages with a catalog. Every widget ships the same set (a test checks). */
export const SHIPPED_LOCALES = ['en', ...Object.keys(coreLoaders)] as const;

/**
 * A catalog of `widget`'s strings without the core's: `load` holds lazy languages, `bundled` those
 * that travel with it (the poll's facilitator controls carry every language in their own chunk).
 */
export function defineCatalog<C extends object>(
  widget: string,
  en: C,
  load: Record<string, Loader<C>>,
  bundled: Record<string, C> = {},
): Strings<C> {
  return {
    widget,
    en,
    load,
    shipped: new Map(Object.entries(bundled)),
    loaded: new Map(),
    loading: new Map(),
    failed: new Set(),
    version: -1,
  };
}

/**
 * A widget's strings: its own catalog merged with the core's (connection status, generic errors).
 * Each widget carries only its own strings, so a page with one poll does not download the survey's;
 * the other languages load per widget and per core, on demand.
 */
export function defineStrings<W extends object>(widget: string, en: W, load: Record<string, Loader<W>>): Strings<CoreCatalog & W> {
  const merged: Record<string, Loader<CoreCatalog & W>> = {};
  for (const [lang, own] of Object.entries(load)) {
    const core = coreLoaders[lang];
    merged[lang] = () => Promise.all([core ? core() : coreEn, own()]).then(([c, w]) => ({ ...c, ...w }));
  }
  return defineCatalog(widget, { ...coreEn, ...en }, merged);
}

/** True when the widget has strings for a catalog key: shipped, or registered by the host. */
function has<C>(s: Strings<C>, key: string): boolean {
  if (key === 'en') return true;
  if (s.failed.has(key)) return false;
  return Object.hasOwn(s.load, key) || s.shipped.has(key) || registeredLayers(s.widget, key).some((l) => !l.failed);
}

/** The catalog a language tag gets: the closest key with strings (`pt-BR` → `pt`), else English. */
export const catalogKey = <C>(s: Strings<C>, tag: string): string => lookupChain(tag).find((k) => has(s, k)) ?? 'en';

/** Keys whose strings make up a catalog, general first: `pt-pt` → en, pt, pt-pt. */
function layerKeys(key: string): string[] {
  const chain = lookupChain(key).reverse();
  return chain[0] === 'en' ? chain : ['en', ...chain];
}

/** Forgets merged catalogs when the host registered strings since they were merged. */
function fresh<C>(s: Strings<C>): void {
  const v = registryVersion();
  if (s.version === v) return;
  s.loaded.clear();
  s.loading.clear();
  s.version = v;
}

const warned = new Set<string>();

/** Copies a host layer over `out`, keeping only keys this catalog has, with the same kind. */
function assignHost(
  out: Record<string, unknown>,
  layer: Readonly<Record<string, unknown>>,
  en: Record<string, unknown>,
  where: string,
): void {
  for (const [k, v] of Object.entries(layer)) {
    // Keys of the widget's other catalogs (the poll's controls, the survey's results) are theirs.
    if (!Object.hasOwn(en, k)) continue;
    if (typeof v !== typeof en[k]) {
      const note = `[pulsekit] registerStrings(${where}): "${k}" must be a ${typeof en[k] === 'function' ? 'function (it takes parameters)' : 'string'}; the built-in text stays.`;
      if (!warned.has(note)) console.warn(note);
      warned.add(note);
      continue;
    }
    out[k] = v;
  }
}

/** The catalog for a key if everything it is made of is in memory, else undefined. */
export function catalogNow<C>(s: Strings<C>, key: string): C | undefined {
  fresh(s);
  const have = s.loaded.get(key);
  if (have) return have;
  const out: Record<string, unknown> = {};
  for (const k of layerKeys(key)) {
    const shipped = k === 'en' ? s.en : s.shipped.get(k);
    if (!shipped && Object.hasOwn(s.load, k) && !s.failed.has(k)) return undefined;
    Object.assign(out, shipped);
    for (const [widget, layers] of [
      ['core', registeredLayers('core', k)],
      [s.widget, registeredLayers(s.widget, k)],
    ] as const) {
      for (const layer of layers) {
        if (layer.failed) continue;
        if (!layer.value) return undefined;
        assignHost(out, layer.value, s.en as Record<string, unknown>, `'${widget}', '${k}'`);
      }
    }
  }
  const c = out as C;
  s.loaded.set(key, c);
  return c;
}

/**
 * Loads what the catalog for a language tag needs, and gives the catalog shown for it: the closest
 * language's, or English when a shipped language fails to load (warned; English for good).
 */
export function loadCatalog<C>(s: Strings<C>, tag: string): Promise<C> {
  fresh(s);
  const key = catalogKey(s, tag);
  const now = catalogNow(s, key);
  if (now) return Promise.resolve(now);
  let p = s.loading.get(key);
  if (!p) {
    const parts: Array<Promise<unknown>> = [];
    for (const k of layerKeys(key)) {
      const load = s.load[k];
      if (load && !s.shipped.has(k) && !s.failed.has(k)) {
        parts.push(
          load().then(
            (c) => void s.shipped.set(k, c),
            (err: unknown) => {
              console.warn(`[pulsekit] could not load the "${k}" strings; using English.`, err);
              s.failed.add(k);
            },
          ),
        );
      }
      for (const w of ['core', s.widget]) for (const layer of registeredLayers(w, k)) parts.push(loadLayer(layer, `'${w}', '${k}'`));
    }
    p = Promise.all(parts).then(() => {
      s.loading.delete(key);
      // A failed part moves the tag to the next closest catalog (or strings registered meanwhile
      // still need loading: every part is then loaded or failed, so this ends).
      return catalogNow(s, catalogKey(s, tag)) ?? loadCatalog(s, tag);
    });
    s.loading.set(key, p);
  }
  return p;
}

const RTL = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']);

/** Writing direction of a language. */
export const dirOf = (lang: string): 'ltr' | 'rtl' => (RTL.has(lookupChain(lang).at(-1)!) ? 'rtl' : 'ltr');
