import { en as coreEn, type CoreCatalog } from './en.js';
import { lookupChain } from './lookup.js';
import { loadLayer, registeredLayers, registryVersion, warnOnce, type Layer } from './registry.js';

/** Loads one language's strings of a catalog part (a dynamic import, so each is its own chunk). */
export type Loader<C> = () => Promise<C>;

/**
 * A widget's strings: English bundled, the other shipped languages loaded on demand, and what hosts
 * registered (registerStrings) layered on top. Catalog keys are lowercase tags (`pt`, `pt-pt`).
 * A shipped language is one layer, like a host's registration: loaded once, and when it fails it
 * counts as failed for the page's life; the language is then missing and the next closest one (in
 * the end English) is shown.
 */
export interface Strings<C> {
  /** Name hosts register strings under (`pulse-poll`). */
  readonly widget: string;
  /** English as shipped: bundled, so the first render always has text. */
  readonly en: C;
  /** The other shipped languages, by catalog key: bundled, or loaded on demand. */
  readonly shipped: ReadonlyMap<string, Layer>;
  /** Catalogs ready to show, host strings merged in, by catalog key (English included). */
  readonly loaded: Map<string, C>;
  /** Registry version `loaded` was merged at. */
  version: number;
}

/** The core's own strings in the other shipped languages: part of every widget's catalog. */
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
  const shipped = new Map<string, Layer>();
  for (const [key, loader] of Object.entries(load)) shipped.set(key, { load: loader });
  for (const [key, value] of Object.entries(bundled)) shipped.set(key, { value: value as Record<string, unknown> });
  return { widget, en, shipped, loaded: new Map(), version: -1 };
}

/**
 * A widget's strings: its own catalog merged with the core's (connection status, generic errors).
 * Each widget carries only its own strings, so a page with one poll does not download the survey's;
 * the other languages load per widget and per core, on demand. A language loads the core's part and
 * the widget's together: when either fails the language is missing, so a widget never shows its own
 * French beside the core's English. (The browser loads the core's part once for every widget.)
 */
export function defineStrings<W extends object>(widget: string, en: W, load: Record<string, Loader<W>>): Strings<CoreCatalog & W> {
  const withCore: Record<string, Loader<CoreCatalog & W>> = {};
  for (const [key, own] of Object.entries(load))
    // The core's part first (its English if the core lacks the language): the widget's own strings
    // win over it, as they do in English.
    withCore[key] = () => Promise.all([coreLoaders[key]?.() ?? coreEn, own()]).then(([core, mine]) => ({ ...core, ...mine }));
  return defineCatalog(widget, { ...coreEn, ...en }, withCore);
}

/** True when the widget has strings for a catalog key: shipped (and not failed), or registered by the host. */
function has<C>(s: Strings<C>, key: string): boolean {
  if (key === 'en') return true;
  const shipped = s.shipped.get(key);
  return shipped ? !shipped.failed : registeredLayers(s.widget, key).some((l) => !l.failed);
}

/**
 * The catalog key a language tag gets: the closest one with strings (`pt-BR` → `pt`), or undefined
 * when the tag's language has none (`sv`: English is shown).
 */
export const closestKey = <C>(s: Strings<C>, tag: string): string | undefined => lookupChain(tag).find((k) => has(s, k));

/** Keys whose strings make up a catalog, general first: `pt-pt` → en, pt, pt-pt. */
function layerKeys(key: string): string[] {
  const chain = lookupChain(key).reverse();
  return chain[0] === 'en' ? chain : ['en', ...chain];
}

/** One layer of a catalog, with its catalog key and, for a host's registration, who registered it. */
type Part = [layer: Layer, key: string, host?: string];

/**
 * The layers a catalog is made of over the bundled English, general first (`pt-pt`: en, pt, pt-pt),
 * per key the shipped language, then the host's registrations: the core's, then the widget's.
 */
function partsOf<C>(s: Strings<C>, key: string): Part[] {
  const parts: Part[] = [];
  for (const k of layerKeys(key)) {
    const shipped = s.shipped.get(k);
    if (shipped) parts.push([shipped, k]);
    for (const host of ['core', s.widget]) for (const layer of registeredLayers(host, k)) parts.push([layer, k, host]);
  }
  return parts;
}

/** Who registered a layer, for warnings: `'pulse-poll', 'pt-pt'`. */
const registeredAs = (host: string, key: string) => `'${host}', '${key}'`;

/** Forgets merged catalogs when the host registered strings since they were merged. */
function fresh<C>(s: Strings<C>): void {
  const v = registryVersion();
  if (s.version === v) return;
  s.loaded.clear();
  s.version = v;
}

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
      warnOnce(
        `registerStrings(${where}): "${k}" must be a ${typeof en[k] === 'function' ? 'function (it takes parameters)' : 'string'}; the built-in text stays.`,
      );
      continue;
    }
    out[k] = v;
  }
}

/**
 * The catalog for a key if everything it is made of is in memory, else undefined. A layer that
 * failed to load adds nothing (a failed shipped language is then not the key: see `has`).
 */
export function catalogNow<C>(s: Strings<C>, key: string): C | undefined {
  fresh(s);
  const have = s.loaded.get(key);
  if (have) return have;
  const en = s.en as Record<string, unknown>;
  const out = { ...en };
  for (const [layer, k, host] of partsOf(s, key)) {
    if (layer.failed) continue;
    if (!layer.value) return undefined;
    if (host) assignHost(out, layer.value, en, registeredAs(host, k));
    else Object.assign(out, layer.value);
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
  const key = closestKey(s, tag) ?? 'en';
  const now = catalogNow(s, key);
  if (now) return Promise.resolve(now);
  const loads = partsOf(s, key).map(([layer, k, host]) =>
    loadLayer(
      layer,
      host
        ? `registerStrings(${registeredAs(host, k)}): could not load the strings; the closest language is shown.`
        : `could not load the "${k}" strings; using English.`,
    ),
  );
  // A failed part moves the tag to the next closest catalog (or strings registered meanwhile
  // still need loading: every part is then loaded or failed, so this ends).
  return Promise.all(loads).then(() => catalogNow(s, closestKey(s, tag) ?? 'en') ?? loadCatalog(s, tag));
}

const RTL = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']);

/** Writing direction of a language, from its language subtag (`ar-EG` → `ar`). */
export const dirOf = (lang: string): 'ltr' | 'rtl' => (RTL.has(lang.toLowerCase().split('-')[0]!) ? 'rtl' : 'ltr');
