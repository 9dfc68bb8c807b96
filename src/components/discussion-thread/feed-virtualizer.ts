import type * as Virtualize from '@lit-labs/virtualizer/virtualize.js';
import type { ReactiveControllerHost, TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { LazyModule, LazyModuleController } from '../../core/lit/lazy-module.js';
import type { ThreadRow } from './thread-model.js';

/** Above this many rows the list is virtualized (only what is on screen is in the DOM). */
export const VIRTUALIZE_AFTER = 200;
/** Rows rendered while the virtualizer loads: a tall screen's worth (a post is at least ~100 px). */
const FIRST_SCREEN = 20;
/**
 * The virtualizer, loaded the first time a thread grows long. When it fails (a dropped request)
 * every row is rendered instead: slower on a long thread, but nothing hidden.
 */
const virtualizerModule = new LazyModule(
  () => import('@lit-labs/virtualizer/virtualize.js'),
  'the virtualizer; rendering every post instead',
);

/**
 * The feed's rows: every one of a short thread, only those on screen of a long one (through the
 * virtualizer, loaded on demand), and the first screen's worth while it loads.
 */
export class FeedVirtualizer {
  readonly #lazy: LazyModuleController<typeof Virtualize>;

  constructor(host: ReactiveControllerHost) {
    this.#lazy = new LazyModuleController(host, virtualizerModule);
  }

  /** The feed's content for `rows`, and whether the virtualizer renders it (the feed's `virtual` class). */
  render(rows: ThreadRow[], item: (row: ThreadRow, index: number) => TemplateResult): { content: unknown; virtual: boolean } {
    const long = rows.length > VIRTUALIZE_AFTER;
    const virtualize = long ? this.#lazy.render({ loaded: (m) => m.virtualize, failed: () => undefined }) : undefined;
    if (virtualize) return { content: virtualize({ items: rows, renderItem: item, keyFunction: (r: ThreadRow) => r.id }), virtual: true };
    const shown = long && this.#lazy.status !== 'failed' ? rows.slice(0, FIRST_SCREEN) : rows;
    return { content: repeat(shown, (r) => r.id, item), virtual: false };
  }

  /** Asks the virtualizer to bring row `index` of `feed` on screen (keyboard navigation to a row not rendered); throws while its layout starts. */
  scrollRowIntoView(feed: Element | null, index: number): void {
    const mod = virtualizerModule.value;
    const ref =
      feed && mod
        ? ((feed as Element & Record<symbol, unknown>)[mod.virtualizerRef] as { element(i: number): Element | undefined } | undefined)
        : undefined;
    ref?.element(index)?.scrollIntoView({ block: 'center' });
  }
}
