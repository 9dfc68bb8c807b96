import type { ReactiveControllerHost } from 'lit';

type VirtualizerModule = typeof import('@lit-labs/virtualizer/virtualize.js');

/**
 * The virtualizer's chunk, loaded the first time a thread grows long: pending, loaded (the
 * `virtualize` directive) or failed. Failed means every row is rendered instead, slower on a long
 * thread but nothing hidden; importing it again would not help: browsers replay a failed module
 * import for the page's life (whatwg/html#6768).
 */
export class LazyVirtualizer {
  /** The directive, once loaded. */
  virtualize: VirtualizerModule['virtualize'] | null = null;
  /** The chunk could not be loaded. */
  failed = false;
  #ref: symbol | null = null;
  #loading = false;

  readonly #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
  }

  /** Starts loading (once); the host re-renders when it settles. */
  load(): void {
    if (this.#loading) return;
    this.#loading = true;
    import('@lit-labs/virtualizer/virtualize.js').then(
      (mod) => {
        this.#ref = mod.virtualizerRef;
        this.virtualize = mod.virtualize;
        this.#host.requestUpdate();
      },
      (err) => {
        console.error('[pulsekit] could not load the virtualizer; rendering every post instead.', err);
        this.failed = true;
        this.#host.requestUpdate();
      },
    );
  }

  /** Asks the virtualizer of `list` to bring row `index` on screen (throws while its layout starts). */
  scrollIntoView(list: Element | null, index: number): void {
    const ref = list && this.#ref ? ((list as unknown as Record<symbol, unknown>)[this.#ref] as { element(i: number): Element | undefined } | undefined) : undefined;
    ref?.element(index)?.scrollIntoView({ block: 'center' });
  }
}
