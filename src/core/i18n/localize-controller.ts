import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { baseLang, catalogNow, dirOf, loadCatalog, type Strings } from './catalogs.js';
import type { CoreCatalog } from './en.js';
import { fmtFor, type Fmt } from './format.js';

/** The parameters a message takes, or none for a plain string. */
type Params<M> = M extends (p: infer P, f: Fmt) => string ? [P] : [];

/**
 * `t` of a widget's localizer for shared code (the core's views and error messages) that looks up
 * keys every widget catalog has, whatever the widget: the per-catalog typing cannot express that.
 */
export const sharedT = <C extends object>(i18n: LocalizeController<C>) => i18n.t.bind(i18n) as unknown as (key: keyof CoreCatalog, params?: unknown) => string;

/** Finds the closest `[attr]` from an element outwards, crossing shadow roots. */
export function closestAttr(el: Element, attr: string): string | null {
  let node: Node | null = el;
  while (node) {
    if (node instanceof Element && node.hasAttribute(attr)) return node.getAttribute(attr);
    const parent: Node | null = (node as Element).parentElement ?? null;
    node = parent ?? ((node.getRootNode() as ShadowRoot).host ?? null);
  }
  return null;
}

/** Documents whose <html lang|dir> we watch, and the controllers to tell. */
const watchers = new WeakMap<Document, Set<LocalizeController<object>>>();

/**
 * Strings and formatting for one element, in the language that applies to it: its own `lang`,
 * else the closest `[lang]` ancestor (across shadow roots), else the document's, else the
 * browser's. Direction comes from the closest `[dir]`, else from the language. No page-wide
 * singleton: each element resolves for itself, so two widgets on one page can differ.
 */
export class LocalizeController<C extends object = CoreCatalog> implements ReactiveController {
  /** Resolved language tag. */
  lang = 'en';
  /** Resolved direction. */
  dir: 'ltr' | 'rtl' = 'ltr';
  #catalog: C;
  #settled = false;
  #fmt: Fmt = fmtFor('en');

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
    let set = watchers.get(doc);
    if (!set) {
      set = new Set();
      watchers.set(doc, set);
      const all = set;
      // One observer per document for every lang/dir change in the light DOM (the element's own,
      // an ancestor's, <html>'s): a language switcher or a framework binding must re-render us.
      // Ancestors inside other shadow roots are re-read on the next connect.
      new MutationObserver(() => all.forEach((c) => c.update())).observe(doc.documentElement, {
        attributes: true,
        subtree: true,
        attributeFilter: ['lang', 'dir'],
      });
    }
    set.add(this as LocalizeController<object>);
    this.update();
  }

  hostDisconnected(): void {
    watchers.get(this.host.ownerDocument)?.delete(this as LocalizeController<object>);
  }

  /** Re-resolves language and direction (call when `lang`/`dir` around the element changed). */
  update(): void {
    const lang = closestAttr(this.host, 'lang') || (typeof navigator !== 'undefined' ? navigator.language : '') || 'en';
    const dirAttr = closestAttr(this.host, 'dir');
    const dir = dirAttr === 'rtl' || dirAttr === 'ltr' ? dirAttr : dirOf(lang);
    const changed = lang !== this.lang || dir !== this.dir;
    this.lang = lang;
    this.dir = dir;
    this.#catalog = catalogNow(this.strings, lang);
    this.#fmt = fmtFor(lang);
    if (changed) this.host.requestUpdate();
    this.#settled = this.#catalog !== this.strings.en || lang.toLowerCase().startsWith('en');
    if (!this.#settled) {
      void loadCatalog(this.strings, lang).then((c) => {
        if (this.lang !== lang || this.#settled) return;
        this.#settled = true;
        this.#catalog = c;
        this.host.requestUpdate();
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
    return loadCatalog(this.strings, this.lang);
  }

  /**
   * Base language of the strings in use now: `en` while another shipped language is still loading,
   * if it failed to load, or when it is not shipped. Strings kept outside the catalog (a lazy
   * chunk's) follow this, so one widget never mixes two languages.
   */
  get catalogLang(): string {
    return this.#catalog === this.strings.en ? 'en' : baseLang(this.lang);
  }

  /** Formatting helpers for the resolved language. */
  get f(): Fmt {
    return this.#fmt;
  }

  /** A localized string; `params` for messages that take them. */
  t<K extends keyof C>(key: K, ...params: Params<C[K]>): string {
    const msg = this.#catalog[key] as unknown;
    if (typeof msg === 'function') return (msg as (p: unknown, f: Fmt) => string)(params[0], this.#fmt);
    return msg as string;
  }
}
