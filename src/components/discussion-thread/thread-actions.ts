import { html, nothing, type LitElement, type TemplateResult } from 'lit';
import type { Action, ActOutcome } from '../../core/lit/act-controller.js';
import { errorMessage } from '../../core/lit/error-messages.js';
import type { PkWidget } from '../../core/lit/widget-base.js';
import type { Ack } from '../../core/protocol/wire.js';
import type { ComposerKey, ThreadComposer } from './composer.js';
import type { FeedFocus } from './feed-focus.js';
import { THREAD_ERRORS, type ThreadLocalize } from './i18n/index.js';
import { cleanBody, getPost } from './thread-model.js';
import type { Mention, PostOpData, Reaction, ThreadState } from './thread-types.js';

/** A post the authority refused after it was accepted here: its text is kept for another try. */
interface FailedPost {
  opId: string;
  body: string;
  parent: string | null;
  anonymous: boolean;
  message: string;
}

/** What the actions need from the thread element. */
export interface ActionsHost extends LitElement, Pick<PkWidget<ThreadState>, 'emit' | 'ctl'> {
  threadId: string;
  maxDepth: number;
  editWindow: number;
  readonly threadState: ThreadState;
}

/** The parts of the thread the actions drive. */
export interface ActionsParts {
  i18n: ThreadLocalize;
  composer: ThreadComposer;
  focus: FeedFocus;
  /** The widget's one action path (PkWidget's `act()`). */
  act<D>(action: Action<D>): Promise<ActOutcome>;
}

/**
 * What the viewer does to the thread: post, edit, delete (with its confirmation), react, upvote and
 * moderate. Each goes through the widget's `act()`: pre-checked against the model (the cancelable
 * event fires only for an action the authority would take), sent through the outbox, confirmed.
 * What only the thread does sits around it: a post refused by the authority after that keeps its
 * text for another try (from the ack `act()` resolves with), an edit refused gives its text back,
 * and focus goes back to a post through the feed's own focus (FeedFocus, which knows the virtualizer).
 */
export class ThreadActions {
  /** Posts refused by the authority, with Retry, Edit and Discard. */
  failed: FailedPost[] = [];
  /** Post whose delete confirmation is open. */
  confirming: string | null = null;

  readonly #host: ActionsHost;
  readonly #parts: ActionsParts;

  constructor(host: ActionsHost, parts: ActionsParts) {
    this.#host = host;
    this.#parts = parts;
  }

  /** Runs one action on the thread and resolves with the ack (null when nothing was sent). */
  async #act<D>(action: Action<D>): Promise<Ack | null> {
    return (await this.#parts.act(action)).ack;
  }

  /** Sends a post; `key` is the composer it came from (its text is cleared once accepted here). */
  async post(
    body: string,
    options: { parent?: string | null; anonymous?: boolean; mentions?: Mention[] },
    key: ComposerKey | null,
  ): Promise<Ack | null> {
    const host = this.#host;
    const t = this.#parts.i18n;
    const data: PostOpData = {
      body: cleanBody(body),
      parent: options.parent ?? null,
      anonymous: options.anonymous === true,
      mentions: options.mentions ?? [],
      maxDepth: host.maxDepth,
      editMinutes: host.editWindow,
    };
    const { result, ack } = await this.#parts.act({
      type: 'post',
      data,
      event: {
        name: 'pk-post',
        detail: () => ({ threadId: host.threadId, parentId: data.parent ?? null, body: data.body, anonymous: !!data.anonymous }),
      },
      queued: t.t('threadQueuedAnnounce'),
      confirm: t.t('threadSentAnnounce'),
      onSend: (checked) => {
        if (checked && key) this.#parts.composer.sent(key);
      },
    });
    // Only a refusal counts as failed: a retryable answer (the session closed first) means the post
    // is still queued and the next session sends it, so offering Retry would post it twice.
    if (result === 'rejected' && ack?.status === 'rejected' && !ack.error.retryable) {
      // Accepted here but refused by the authority (locked meanwhile, parent deleted…): keep the text.
      const handle = this.#host.ctl.handle;
      if (handle?.lastError?.opId === ack.opId) handle.dismissError();
      const message = errorMessage(t, ack.error, THREAD_ERRORS);
      this.failed = [
        ...this.failed,
        { opId: ack.opId, body: data.body, parent: data.parent ?? null, anonymous: !!data.anonymous, message },
      ];
      this.#host.requestUpdate();
    }
    return ack;
  }

  #discard(f: FailedPost): void {
    this.failed = this.failed.filter((x) => x !== f);
    this.#host.requestUpdate();
  }

  #retry(f: FailedPost): void {
    this.#discard(f);
    void this.post(f.body, { parent: f.parent, anonymous: f.anonymous }, null);
  }

  #editFailed(f: FailedPost): void {
    this.#discard(f);
    const composer = this.#parts.composer;
    if (f.parent && getPost(this.#host.threadState, f.parent)) {
      composer.setDraft(`reply:${f.parent}`, f.body);
      void composer.openReply(f.parent);
    } else {
      composer.setDraft('root', f.body);
      void composer.focusRoot();
    }
  }

  /** A refused post, with its text and what to do about it. */
  renderFailed(f: FailedPost): TemplateResult {
    const t = this.#parts.i18n;
    return html`<div part="failed" role="alert">
      <strong>${t.t('threadFailed')}: ${f.message}</strong>
      <p class="quote" dir="auto" lang=${t.contentLang ?? nothing}>${f.body}</p>
      <div class="composer-row">
        <button type="button" @click=${() => this.#discard(f)}>${t.t('threadDiscard')}</button>
        <button type="button" @click=${() => this.#editFailed(f)}>${t.t('threadEdit')}</button>
        <button type="button" class="primary" @click=${() => this.#retry(f)}>${t.t('threadRetry')}</button>
      </div>
    </div>`;
  }

  /** Saves a new text for one of my posts. */
  async edit(postId: string, body: string): Promise<Ack | null> {
    const host = this.#host;
    const post = getPost(host.threadState, postId);
    if (!post) return null;
    const composer = this.#parts.composer;
    const data = { postId, body: cleanBody(body), rev: post.rev };
    const { result, ack } = await this.#parts.act({
      type: 'edit',
      data,
      event: { name: 'pk-post-edit', detail: () => ({ threadId: host.threadId, postId, body: data.body }) },
      onSend: (checked) => {
        if (!checked) return; // the edit box stays open with its text, beside the reason
        // Focus goes back to the post only from its own edit box (an edit from script leaves focus alone).
        if (composer.editing === postId) void this.#parts.focus.toPost(postId);
        composer.editing = null;
        host.requestUpdate();
      },
    });
    if (
      result === 'rejected' &&
      ack?.status === 'rejected' &&
      !ack.error.retryable &&
      composer.draft(`edit:${postId}`) !== undefined &&
      getPost(host.threadState, postId)
    ) {
      composer.editing = postId; // give the text back for another try
      host.requestUpdate();
    } else if (ack && ack.status !== 'rejected') {
      composer.forget(`edit:${postId}`);
    }
    return ack;
  }

  /** Opens the delete confirmation of a post and focuses its Cancel button. */
  async askDelete(id: string): Promise<void> {
    this.confirming = id;
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    // The safe choice has focus: Enter pressed twice must not delete.
    this.#host.renderRoot.querySelector<HTMLButtonElement>('.confirm .cancel')?.focus();
  }

  /** Closes the delete confirmation; focus back to the post. */
  cancelDelete(id: string): void {
    this.confirming = null;
    this.#host.requestUpdate();
    void this.#parts.focus.toPost(id);
  }

  /** Deletes one of my posts. */
  deletePost(postId: string): Promise<Ack | null> {
    const host = this.#host;
    return this.#act({
      type: 'delete',
      data: { postId },
      event: { name: 'pk-post-delete', detail: () => ({ threadId: host.threadId, postId }) },
      // If the row goes away, the feed's focus gives focus to the post that takes its place.
      onSend: () => {
        this.confirming = null;
        host.requestUpdate();
      },
    });
  }

  /** Adds (`on`) or takes back a reaction. */
  react(postId: string, reaction: Reaction, on: boolean): Promise<Ack | null> {
    const threadId = this.#host.threadId;
    return this.#act({
      type: 'react',
      data: { postId, reaction, on },
      event: { name: 'pk-reaction', detail: () => ({ threadId, postId, reaction, on }) },
    });
  }

  /** Upvotes a post or takes the upvote back. */
  upvote(postId: string, on: boolean): Promise<Ack | null> {
    const threadId = this.#host.threadId;
    return this.#act({ type: 'upvote', data: { postId, on }, event: { name: 'pk-post-upvote', detail: () => ({ threadId, postId, on }) } });
  }

  /** Facilitators: pin, hide, mark answered (a post) or lock (the thread, `postId` null). */
  moderate(action: 'pin' | 'hide' | 'answer' | 'lock', postId: string | null, value: boolean): Promise<Ack | null> {
    const threadId = this.#host.threadId;
    const field = { pin: 'pinned', hide: 'hidden', answer: 'answered', lock: 'locked' }[action];
    return this.#act({
      type: action,
      data: postId === null ? { [field]: value } : { postId, [field]: value },
      event: { name: 'pk-thread-moderate', detail: () => ({ threadId, action, postId, value }) },
    });
  }
}
