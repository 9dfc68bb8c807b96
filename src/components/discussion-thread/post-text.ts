import { stripBidi } from '../../core/protocol/text.js';
import type { ThreadLocalize } from './i18n/index.js';
import { parseMarkdown, plainText, type MdBlock } from './markdown.js';
import type { ThreadPost } from './thread-types.js';

/** Parsed bodies kept at most; past it the cache starts again (a long thread's worth). */
const MAX_PARSED = 2000;

/**
 * How posts read in the feed: the author's name as shown to the viewer, each body's Markdown parsed
 * once (cached by its text: a re-render parses nothing), and the quote a reply starts with.
 */
export class PostText {
  readonly #ast = new Map<string, MdBlock[]>();
  readonly #i18n: ThreadLocalize;
  readonly #me: () => string;

  constructor(i18n: ThreadLocalize, me: () => string) {
    this.#i18n = i18n;
    this.#me = me;
  }

  /** A post's author as shown: "Anonymous" to everyone but its author, "Participant" when unknown or blank. */
  name(p: ThreadPost | undefined): string {
    const t = this.#i18n;
    if (!p) return t.t('threadSomeone');
    if (p.anonymous && p.author?.id !== this.#me()) return t.t('threadAnonymousName');
    if (!p.author) return t.t('threadAnonymousName');
    return stripBidi(p.author.name).trim() || t.t('threadSomeone');
  }

  /** A body's parsed Markdown. */
  blocks(body: string): MdBlock[] {
    let blocks = this.#ast.get(body);
    if (!blocks) {
      blocks = parseMarkdown(body);
      if (this.#ast.size > MAX_PARSED) this.#ast.clear();
      this.#ast.set(body, blocks);
    }
    return blocks;
  }

  /** The start of a reply that quotes `p`: its author in bold (Markdown marks taken out) and its first 280 characters. */
  quote(p: ThreadPost): string {
    return `> **${this.name(p).replace(/[*_`[\]\\]/g, '')}:** ${plainText(this.blocks(p.body)).slice(0, 280)}\n\n`;
  }
}
