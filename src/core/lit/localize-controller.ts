import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { catalogNow, closestKey, dirOf, loadCatalog, type Strings } from '../i18n/catalogs.js';
import type { CoreCatalog } from '../i18n/en.js';
import { fmtFor, type Fmt } from '../i18n/format.js';
import { canonicalTag } from '../i18n/lookup.js';
import { onStringsRegistered, warnOnce } from '../i18n/registry.js';

/** The parameters a message takes, or none for a plain string. */
type Params<M> = M extends (p: infer P, f: Fmt) => string ? [P] : [];

/** A catalog's `t`: the string for `key`, with `params` for messages that take them. */
export type Say<C> = <K extends keyof C>(key: K, ...params: Params<C[K]>) => string;

/**
 * `t` of a widget's localizer for shared code (the core's views and error messages) that looks up
 * keys every widget catalog has, whatever the widget: the per-catalog typing cannot express that.
 */
export const sharedT = <C extends object>(i18n: LocalizeController<C>) =>
  i18n.t.bind(i18n) as unknown as (key: keyof CoreCatalog, params?: unknown) => string;

/** Finds the closest `[attr]` from an element outwards, crossing shadow roots. */
export function closestAttr(el: Element, attr: string): string | null {
  let node: Node | null = el;
  while (node) {
    if (node instanceof Element && node.hasAttribute(attr)) return node.getAttribute(attr);
    const parent: Node | null = (node as Element).parentElement ?? null;
    node = parent ?? (node.getRootNode() as ShadowRoot).host ?? null;
  }
  return null;
}

/**
 * Connected controllers, re-resolved when `lang` or `dir` changes in a document we watch or a host
 * registers strings (re-resolving one whose language did not change renders nothing).
 */
const live = new Set<LocalizeController<object>>();
/** Documents with an observer on their `lang` and `dir` attributes. */
const watched = new WeakSet<Document>();
const reresolve = () => live.forEach((c) => c.update());
let listening = false;

/**
 * Strings and formatting for one element, in the language that applies to it: its own `lang`,
 * else the closest `[lang]` ancestor (across shadow roots), else the document's, else the
 * browser's. A language without strings falls back to the closest one with strings (`pt-BR` →
 * `pt`, then English), and `lang` says the language shown. Direction comes from the closest
 * `[dir]`, else from the language. No page-wide singleton: each element resolves for itself, so two
 * widgets on one page can differ.
 */
export class LocalizeController<C extends object = CoreCatalog> implements ReactiveController {
  /**
   * The language shown, as a BCP 47 tag: the requested tag when we have strings for its language
   * (`pt-BR`, shown with `pt`'s strings), else the closest language we have (`en` for `sv`). The
   * widget's base part carries it as `lang`; numbers, plurals, dates and relative times use it.
   */
  lang = 'en';
  /** The language the element asked for: its own `lang`, the closest `[lang]`, the browser's. */
  requested = 'en';
  /** Resolved direction. */
  dir: 'ltr' | 'rtl' = 'ltr';
  #key = 'en';
  #fromPage = false;
  #catalog: C;
  #settled = false;

  /** `strings`: the widget's catalog (see defineStrings). */
  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly strings: Strings<C>,
  ) {
    this.#catalog = strings.en;
    host.addController(this);
  }

  hostConnected(): void {
    const doc = this.host.ownerDocument;
    if (!watched.has(doc)) {
      watched.add(doc);
      // One observer per document for every lang/dir change in the light DOM (the element's own,
      // an ancestor's, <html>'s): a language switcher or a framework binding must re-render us.
      // Ancestors inside other shadow roots are re-read on the next connect.
      new MutationObserver(reresolve).observe(doc.documentElement, { attributes: true, subtree: true, attributeFilter: ['lang', 'dir'] });
    }
    if (!listening) {
      listening = true;
      onStringsRegistered(reresolve);
    }
    live.add(this as LocalizeController<object>);
    this.update();
  }

  hostDisconnected(): void {
    live.delete(this as LocalizeController<object>);
  }

  /** Re-resolves language and direction (call when `lang`/`dir` around the element changed). */
  update(): void {
    const attr = closestAttr(this.host, 'lang');
    const asked = attr || navigator.language || 'en';
    const requested = canonicalTag(asked) ?? badTag(asked);
    // A language without strings shows English, and says so.
    const found = closestKey(this.strings, requested);
    const key = found ?? 'en';
    const lang = found ? requested : 'en';
    // The page's `dir` describes its own language: when we show another one, only a `dir` on the
    // element itself still applies.
    const dirAttr = lang === requested ? closestAttr(this.host, 'dir') : this.host.getAttribute('dir');
    const dir = dirAttr === 'rtl' || dirAttr === 'ltr' ? dirAttr : dirOf(lang);
    const now = catalogNow(this.strings, key);
    const catalog = now ?? catalogNow(this.strings, 'en') ?? this.strings.en;
    const changed = lang !== this.lang || dir !== this.dir || catalog !== this.#catalog || requested !== this.requested;
    this.requested = requested;
    this.#fromPage = !!attr;
    this.lang = lang;
    this.dir = dir;
    this.#key = now ? key : 'en';
    this.#catalog = catalog;
    this.#settled = !!now;
    if (changed) this.host.requestUpdate();
    if (!now) {
      // Once loaded (or failed: then the next closest language), resolve again.
      void loadCatalog(this.strings, requested).then(() => {
        if (this.requested === requested && !this.#settled) this.update();
      });
    }
  }

  /**
   * True once the current language's strings are in use, or known to be unavailable (not shipped,
   * or failed to load: English for good). What is announced waits for it, so a screen reader never
   * hears the English shown while another language loads.
   */
  get settled(): boolean {
    return this.#settled;
  }

  /** Promise that settles when this element's catalog is loaded (tests, screenshots). */
  ready(): Promise<unknown> {
    return loadCatalog(this.strings, this.requested);
  }

  /**
   * The language of text the page's author or its participants wrote (a question, an option, a
   * post), when it differs from the language shown: bind it as `lang` on that text, so a screen
   * reader reads it in its own language. Undefined when the widget shows the page's language;
   * empty (unknown) when only the browser's language asked for the one we do not have.
   */
  get contentLang(): string | undefined {
    if (this.lang === this.requested) return undefined;
    return this.#fromPage ? this.requested : '';
  }

  /** Formatting helpers for the resolved language. */
  get f(): Fmt {
    return fmtFor(this.lang);
  }

  /** A localized string; `params` for messages that take them. */
  t<K extends keyof C>(key: K, ...params: Params<C[K]>): string {
    return this.#say(this.#catalog, key, params);
  }

  /**
   * `t` for strings kept outside the element's catalog (a lazy chunk's: staff views, notices): they
   * follow the catalog the element's own strings use right now (`pt` for `pt-BR`, `en` while another
   * language is still loading or when it failed), so one widget never mixes two languages, with
   * what hosts registered for them.
   */
  tOf<S extends object>(strings: Strings<S>): Say<S> {
    const catalog = catalogNow(strings, this.#key) ?? strings.en;
    return (key, ...params) => this.#say(catalog, key, params);
  }

  /** Message `key` of `catalog` as text: one that takes parameters is called with them and the formatting helpers. */
  #say(catalog: object, key: PropertyKey, params: unknown[]): string {
    const msg = (catalog as Record<PropertyKey, unknown>)[key];
    return typeof msg === 'function' ? (msg as (p: unknown, f: Fmt) => string)(params[0], this.f) : (msg as string);
  }
}

/** A `lang` value that is not a language tag: warned once, shown in English. */
function badTag(value: string): string {
  warnOnce(`lang="${value}" is not a BCP 47 language tag (like "en" or "pt-BR"); showing English.`);
  return 'en';
}
