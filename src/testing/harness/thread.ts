import type { PkDiscussionThread } from '../../components/discussion-thread/pk-discussion-thread.js';
import { accessibleName, Harness, nameMatches, squash, type NameMatch } from './harness.js';

/**
 * Drives a `<pk-discussion-thread>` as people do: write and send in the composer (or in the reply
 * and edit boxes under a post), read the posts, upvote, react, reply, edit, delete, moderate. A post
 * is found by its text; its buttons by their English labels unless you pass your own.
 */
export class ThreadHarness extends Harness<PkDiscussionThread> {
  /** The posts in the feed, in order (tombstones included). */
  posts(): HTMLElement[] {
    return this.findAll('article[part~=post]');
  }

  /** The bodies of the posts, in order, as text. */
  bodies(): string[] {
    return this.posts().map((p) => squash(p.querySelector('[part~=post-body]')?.textContent));
  }

  /** The post whose text contains `text` (a string) or matches it (a RegExp); throws, listing the posts, when none does. */
  post(text: string | RegExp): HTMLElement {
    const found = this.posts().find((p) => {
      const shown = p.textContent ?? '';
      return typeof text === 'string' ? shown.includes(text) : text.test(shown);
    });
    if (!found)
      throw new Error(
        `no post with ${String(text)} in: ${this.posts()
          .map((p) => squash(p.textContent))
          .join(' | ')}`,
      );
    return found;
  }

  /** The composer form: the reply or edit box open under `post`, or the thread's own box. */
  composer(post?: HTMLElement): HTMLFormElement {
    const forms = this.findAll<HTMLFormElement>('form[part~=composer]', post ?? this.root);
    const found = post ? forms[0] : forms.find((f) => !f.closest('[part~=post]'));
    if (!found) throw new Error(`no composer ${post ? 'under that post' : 'for a new post'}: ${this.text()}`);
    return found;
  }

  /** The text box of a composer (see `composer()`). */
  box(post?: HTMLElement): HTMLTextAreaElement {
    return this.find<HTMLTextAreaElement>('textarea', this.composer(post))!;
  }

  /** Types `text` into a composer (see `composer()`), replacing what was there. */
  async write(text: string, post?: HTMLElement): Promise<void> {
    await this.type(this.box(post), text);
  }

  /** Presses a composer's send button (Post, Reply or Save; see `composer()`). */
  async send(post?: HTMLElement): Promise<void> {
    await this.click(this.find<HTMLButtonElement>('button[type=submit]', this.composer(post))!);
  }

  /** Ticks or clears "Post anonymously" in the thread's composer. */
  async setAnonymous(on: boolean): Promise<void> {
    const box = this.find<HTMLInputElement>('input[type=checkbox]', this.composer());
    if (!box) throw new Error('this thread does not allow anonymous posts');
    if (box.checked !== on) await this.click(box);
  }

  /** Presses the mention suggestion for `name` under the composer being typed in. */
  async chooseMention(name: string, post?: HTMLElement): Promise<void> {
    await this.press(`Mention ${name}`, this.composer(post));
  }

  /** The button named `name` in a post's actions (Reply, Quote, Edit, Delete, Pin, Hide…). */
  action(post: HTMLElement, name: NameMatch): HTMLButtonElement {
    return this.button(name, this.part('post-actions', post));
  }

  /** Presses the button named `name` in a post's actions. */
  async act(post: HTMLElement, name: NameMatch): Promise<void> {
    await this.click(this.action(post, name));
  }

  /** Opens the reply box under `post` (quoting it when `quote`). */
  async reply(post: HTMLElement, quote = false): Promise<void> {
    await this.act(post, quote ? 'Quote' : 'Reply');
  }

  /** Opens the edit box of my `post`. */
  async edit(post: HTMLElement): Promise<void> {
    await this.act(post, 'Edit');
  }

  /** Asks to delete my `post`: the confirmation opens (focus on its safe choice). */
  async delete(post: HTMLElement): Promise<void> {
    await this.act(post, 'Delete');
  }

  /** Confirms the open deletion of `post`. */
  async confirmDelete(post: HTMLElement): Promise<void> {
    const confirmation = this.find('[role=group][aria-labelledby]', post);
    if (!confirmation) throw new Error(`no deletion to confirm on: ${squash(post.textContent)}`);
    await this.click(this.find<HTMLButtonElement>('button', confirmation)!);
  }

  /** The upvote toggle of `post`. */
  upvoteButton(post: HTMLElement): HTMLButtonElement {
    return this.action(post, /^Upvote\b/);
  }

  /** Presses the upvote toggle of `post`. */
  async upvote(post: HTMLElement): Promise<void> {
    await this.click(this.upvoteButton(post));
  }

  /** Reacts to `post` with the reaction named `name` ("Insightful"…) through its reaction picker. */
  async react(post: HTMLElement, name: NameMatch): Promise<void> {
    const opener = this.find<HTMLButtonElement>('button[aria-expanded]', this.part('post-actions', post));
    if (!opener) throw new Error(`no reaction picker on: ${squash(post.textContent)}`);
    if (opener.getAttribute('aria-expanded') !== 'true') await this.click(opener);
    await this.click(this.#pickerButton(post, name));
  }

  /** The reaction count button of `post` named like "Insightful: 1", or null when there is none. */
  reaction(post: HTMLElement, name: NameMatch): HTMLButtonElement | null {
    return (
      this.findAll<HTMLButtonElement>('button', this.part('post-actions', post)).find((b) => nameMatches(accessibleName(b), name)) ?? null
    );
  }

  /** Presses the "Show N new posts" button. */
  async showNewPosts(): Promise<void> {
    await this.click(this.part('new-posts'));
  }

  /** Picks the sort order (option text or value: "newest", "top"…). */
  async sortBy(order: NameMatch): Promise<void> {
    await this.select(this.find<HTMLSelectElement>('select', this.part('header'))!, order);
  }

  /** Opens the facilitator's moderation menu and presses `name` (Lock discussion, Export as JSON…). */
  async moderate(name: NameMatch): Promise<void> {
    const menu = this.part<HTMLDetailsElement>('moderation');
    if (!menu.open) {
      menu.open = true;
      await this.settle();
    }
    await this.press(name, menu);
  }

  /** The posts the authority refused (`part="failed"`), as text; '' when none. */
  failed(): string {
    return squash(this.find('[part~=failed]')?.textContent);
  }

  /** The picker's button named `name` (outside the post's action row). */
  #pickerButton(post: HTMLElement, name: NameMatch): HTMLButtonElement {
    const actions = this.part('post-actions', post);
    const found = this.findAll<HTMLButtonElement>('[role=group] button', post).find(
      (b) => !actions.contains(b) && nameMatches(accessibleName(b), name),
    );
    if (!found) throw new Error(`no reaction ${String(name)} in the picker of: ${squash(post.textContent)}`);
    return found;
  }
}
