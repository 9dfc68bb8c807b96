import { pageSingleton } from '../protocol/page-singleton.js';
import type { CoreCatalog } from './en.js';
import { canonicalTag } from './lookup.js';

/**
 * The strings a host may register, by widget name. Each widget adds its own entry (module
 * augmentation in its `i18n/index.ts`), so `registerStrings('pulse-poll', …)` checks keys and message
 * types against that widget's English catalog.
 */
export interface PulsekitStrings {
  /** Strings every widget shares (connection status, generic errors): they apply in every widget. */
  core: CoreCatalog;
}

/** Strings for one language, or a function that loads them (a dynamic import keeps them lazy). */
export type HostStrings<C> = Partial<C> | (() => Promise<Partial<C>>);

/**
 * One `registerStrings` call, or one part of a shipped language: its strings once known, or the loader
 * still to run.
 */
export interface Layer {
  value?: Readonly<Record<string, unknown>>;
  load?: () => Promise<unknown>;
  pending?: Promise<void>;
  failed?: boolean;
}

interface Registry {
  /** Bumped by every registration: catalogs merged before it are stale. */
  version: number;
  layers: Map<string, Layer[]>;
  listeners: Set<() => void>;
}

// Page-wide and version-keyed (§17): a host may call registerStrings from pulsekit.js while the
// widgets came from a per-widget file; copies of one version must see the same registrations.
const registry = (): Registry => pageSingleton('strings', (): Registry => ({ version: 0, layers: new Map(), listeners: new Set() }));
const slot = (widget: string, key: string) => `${widget} ${key}`;

/**
 * Adds a language to a widget, or overrides some of its strings in a language (`'core'`: the
 * strings every widget shares). Later calls win over earlier ones and over the built-in strings;
 * keys left out keep their text from the closest language (`pt-PT` → `pt` → English). Widgets
 * already on the page re-render. Pass a function returning a promise to load the strings only when
 * an element needs that language.
 */
export function registerStrings<W extends keyof PulsekitStrings>(widget: W, lang: string, strings: HostStrings<PulsekitStrings[W]>): void {
  if (typeof widget !== 'string' || (widget as string) === '')
    throw new TypeError('registerStrings: the first argument names a widget, like "pulse-poll" or "core".');
  const tag = typeof lang === 'string' ? canonicalTag(lang) : null;
  if (!tag) throw new TypeError(`registerStrings('${widget}', …): "${String(lang)}" is not a BCP 47 language tag (like "sv" or "pt-PT").`);
  let layer: Layer;
  if (typeof strings === 'function') layer = { load: strings };
  else if (strings !== null && typeof strings === 'object' && !Array.isArray(strings)) layer = { value: { ...strings } };
  else throw new TypeError(`registerStrings('${widget}', '${tag}', …): give an object of strings, or a function that loads one.`);
  const r = registry();
  const key = slot(widget, tag.toLowerCase());
  r.layers.set(key, [...(r.layers.get(key) ?? []), layer]);
  r.version++;
  // After the host's call, not inside it. Several calls in a row still re-render each widget once:
  // Lit batches the updates they request, and the catalogs are merged once per registry version.
  queueMicrotask(() => r.listeners.forEach((l) => l()));
}

/** Registrations for a widget (or `core`) and a lowercase catalog key, oldest first. */
export const registeredLayers = (widget: string, key: string): readonly Layer[] => registry().layers.get(slot(widget, key)) ?? [];

/** Changes with every registration. */
export const registryVersion = (): number => registry().version;

/** Calls `listener` after each registration, once the host's call has returned. */
export const onStringsRegistered = (listener: () => void): void => void registry().listeners.add(listener);

/**
 * Runs a layer's loader once; a loader that fails or gives no object is skipped from then on, and
 * `warning` (what the reader of the console should know) is logged with the error.
 */
export function loadLayer(layer: Layer, warning: string): Promise<void> {
  if (layer.value || layer.failed || !layer.load) return Promise.resolve();
  const load = layer.load;
  layer.pending ??= Promise.resolve()
    .then(load)
    .then((value) => {
      if (value === null || typeof value !== 'object')
        throw new TypeError(`the loader gave ${value === null ? 'null' : typeof value}, not an object of strings`);
      layer.value = value as Record<string, unknown>;
    })
    .catch((err: unknown) => {
      layer.failed = true;
      console.warn(`[pulsekit] ${warning}`, err);
    });
  return layer.pending;
}

const warned = new Set<string>();

/** Logs a warning about a host's input once: the same input is met again at every re-resolution. */
export function warnOnce(note: string): void {
  if (!warned.has(note)) console.warn(`[pulsekit] ${note}`);
  warned.add(note);
}
