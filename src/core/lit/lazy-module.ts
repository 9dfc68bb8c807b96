import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Where a lazy module is: not asked for yet, loading, loaded, or failed for the page's life. */
export type LazyStatus = 'initial' | 'pending' | 'loaded' | 'failed';

/**
 * A chunk loaded on demand (a dynamic import), once per page however many widgets ask for it:
 * declare one at module level, next to the widget that uses it.
 *
 * A failed load stays failed: browsers remember a failed module for the page's life
 * (whatwg/html#6768; the spec now says to fetch again, but the Chromium we test still replays the
 * failure), so a "Try again" that imports again would not help. Widgets tell the user to reload.
 */
export class LazyModule<M> {
  /** Where the load is. */
  status: LazyStatus = 'initial';
  /** The module, once loaded. */
  value: M | undefined;
  #promise: Promise<void> | undefined;

  /** `what` names the chunk in the console when it fails ("the poll controls"). */
  constructor(
    private readonly importer: () => Promise<M>,
    private readonly what: string,
  ) {}

  /** Starts the load (once) and resolves when it settled, loaded or failed; never rejects. */
  load(): Promise<void> {
    this.#promise ??= ((this.status = 'pending'), this.importer()).then(
      (m) => {
        this.value = m;
        this.status = 'loaded';
      },
      (err) => {
        console.error(`[pulsekit] could not load ${this.what}:`, err);
        this.status = 'failed';
      },
    );
    return this.#promise;
  }

  /** Resolves once a started load settled (at once when none was started). */
  settled(): Promise<void> {
    return this.#promise ?? Promise.resolve();
  }
}

/** What to render in each state of a lazy module (like `@lit/task`'s `render`). */
export interface LazyRenderers<M, R> {
  /** While loading (default: nothing). */
  pending?: () => R;
  /** With the module. */
  loaded: (module: M) => R;
  /** After the load failed: the notice in the module's place. */
  failed: () => R;
}

/**
 * A widget's use of a `LazyModule`, in the style of Lit's `Task`: `render()` starts the load the
 * first time it is asked, renders per state, and re-renders the host when the load settles. The host's
 * `updateComplete` should also await `settled()`, so a test (or a host) that awaits it finds the
 * module's view or the failure notice, not an empty place.
 */
export class LazyModuleController<M> implements ReactiveController {
  #waiting = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    readonly module: LazyModule<M>,
  ) {
    host.addController(this);
  }

  /** Where the load is. */
  get status(): LazyStatus {
    return this.module.status;
  }

  /** Renders for the current state, starting the load when nobody has yet. */
  render<R>(renderers: LazyRenderers<M, R>): R | undefined {
    const m = this.module;
    if (m.status === 'loaded') return renderers.loaded(m.value as M);
    if (m.status === 'failed') return renderers.failed();
    // Every widget waiting re-renders when it settles, not only the first to ask: another widget
    // of the page may have started the load.
    if (!this.#waiting) {
      this.#waiting = true;
      void m.load().then(() => this.host.requestUpdate());
    }
    return renderers.pending?.();
  }

  /** Resolves once a started load settled. */
  settled(): Promise<void> {
    return this.module.settled();
  }

  hostConnected(): void {}
}
