import { VERSION } from '../protocol/version.js';

/** Options for registering elements. */
export interface DefineOptions {
  /** Tag prefix, `pk` by default: `acme` registers `<acme-pulse-poll>`. */
  prefix?: string;
  /** Registry to use (scoped registries); the global one by default. */
  registry?: CustomElementRegistry;
}

/** Marks classes registered by Pulsekit so a clash can name both versions. */
const VERSION_KEY = Symbol.for('pulsekit.version');

/**
 * Registers `<prefix-name>` for `ctor`. Safe to call twice: the same version is a no-op; another
 * copy of Pulsekit (a different version already on the page) keeps its element and we warn with
 * both versions, instead of throwing like `customElements.define` would.
 */
export function defineElement(name: string, ctor: CustomElementConstructor, options: DefineOptions = {}): string {
  const prefix = options.prefix ?? 'pk';
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(prefix)) throw new TypeError(`Invalid Pulsekit tag prefix "${prefix}".`);
  const tag = `${prefix}-${name}`;
  const registry = options.registry ?? customElements;
  const existing = registry.get(tag) as (CustomElementConstructor & { [VERSION_KEY]?: string }) | undefined;
  if (existing) {
    const theirs = existing[VERSION_KEY];
    if (theirs !== VERSION) {
      console.warn(
        `[pulsekit] <${tag}> is already defined by ${theirs ? `Pulsekit ${theirs}` : 'another library'}; keeping it and ignoring Pulsekit ${VERSION}.`,
      );
    }
    return tag;
  }
  // One class can back only one tag, so every registration gets its own subclass.
  const named = class extends (ctor as unknown as { new (): HTMLElement }) {};
  Object.defineProperty(named, VERSION_KEY, { value: VERSION });
  registry.define(tag, named as unknown as CustomElementConstructor);
  return tag;
}
