import { html, nothing, type LitElement, type ReactiveController, type TemplateResult } from 'lit';
import { downloadText } from '../../core/lit/download.js';
import { errorMessage } from '../../core/lit/error-messages.js';
import type { TopicHandle } from '../../core/client/topic-handle.js';
import type { Ack, Operation } from '../../core/protocol/wire.js';
import type { ComposerKey, ThreadComposer } from './composer.js';
import type { FeedFocus } from './feed-focus.js';
import { THREAD_ERRORS, type ThreadLocalize } from './i18n/index.js';
import { fire } from './thread-events.js';
import { threadToJson, threadToMarkdown } from './thread-export.js';
import { cleanBody, getPost, threadModel } from './thread-model.js';
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
export interface ActionsHost extends LitElement {
  threadId: string;
  maxDepth: number;
  editWindow: number;
  label: string;
  readonly threadState: ThreadState;
}

/** The parts of the thread the actions drive. */
export interface ActionsParts {
  i18n: ThreadLocalize;
  handle(): TopicHandle<ThreadState> | null | undefined;
  composer: ThreadComposer;
  focus: FeedFocus;
  /** Says something politely (a post sent, queued…). */
  announce(message: string): void;
  /** The session is connected (else a post waits in the outbox). */
  online(): boolean;
}

/**
 * What the viewer does to the thread: post, edit, delete (with its confirmation), react, upvote and
 * moderate. Each is pre-checked against the model (the event fires only for an action the authority
 * would take), announced with a cancelable event where the host may want to stop it, then sent
 * through the outbox. A post refused by the authority after that keeps its text for another try.
 */
export class ThreadActions implements ReactiveController {
  /** Posts refused by the authority, with Retry, Edit and Discard. */
  failed: FailedPost[] = [];
  /** Post whose delete confirmation is open. */
  confirming: string | null = null;

  readonly #host: ActionsHost;
  readonly #parts: ActionsParts;

  constructor(host: ActionsHost, parts: ActionsParts) {
    this.#host = host;
    this.#parts = parts;
    host.addController(this);
  }

  hostConnected(): void {}

  #probe(type: string, data: unknown): { ok: boolean } {
    const handle = this.#parts.handle();
    if (!handle) return { ok: false };
    const op: Operation = { opId: `local-check-${type}`, clientId: handle.me.id, topic: handle.topic, type, data, createdAt: Date.now() };
    try {
      return threadModel.decide(handle.state, op, handle.me, Date.now());
    } catch {
      return { ok: false };
    }
  }

  /** Sends a post; `key` is the composer it came from (its text is cleared once accepted here). */
  async post(
    body: string,
    options: { parent?: string | null; anonymous?: boolean; mentions?: Mention[] },
    key: ComposerKey | null,
  ): Promise<Ack | null> {
    const handle = this.#parts.handle();
    if (!handle) return null;
    const host = this.#host;
    const data: PostOpData = {
      body: cleanBody(body),
      parent: options.parent ?? null,
      anonymous: options.anonymous === true,
      mentions: options.mentions ?? [],
      maxDepth: host.maxDepth,
      editMinutes: host.editWindow,
    };
    const verdict = this.#probe('post', data);
    if (verdict.ok) {
      if (
        !fire(
          host,
          'pk-post',
          { threadId: host.threadId, parentId: data.parent ?? null, body: data.body, anonymous: !!data.anonymous },
          true,
        )
      )
        return null;
      if (key) this.#parts.composer.sent(key);
      if (!this.#parts.online()) this.#parts.announce(this.#parts.i18n.t('threadQueuedAnnounce'));
    }
    const ack = await handle.send('post', data);
    if (verdict.ok && ack.status !== 'rejected') this.#parts.announce(this.#parts.i18n.t('threadSentAnnounce'));
    // Only a refusal counts as failed: a retryable answer (the session closed first) means the post
    // is still queued and the next session sends it, so offering Retry would post it twice.
    if (ack.status === 'rejected' && !ack.error.retryable && verdict.ok) {
      // Accepted here but refused by the authority (locked meanwhile, parent deleted…): keep the text.
      if (handle.lastError?.opId === ack.opId) handle.dismissError();
      const message = errorMessage(this.#parts.i18n, ack.error, THREAD_ERRORS);
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
    const handle = this.#parts.handle();
    const post = getPost(this.#host.threadState, postId);
    if (!handle || !post) return null;
    const composer = this.#parts.composer;
    const data = { postId, body: cleanBody(body), rev: post.rev };
    const verdict = this.#probe('edit', data);
    if (verdict.ok) {
      if (!fire(this.#host, 'pk-post-edit', { threadId: this.#host.threadId, postId, body: data.body }, true)) return null;
      // Focus goes back to the post only from its own edit box (an edit from script leaves focus alone).
      if (composer.editing === postId) void this.#parts.focus.toPost(postId);
      composer.editing = null;
      this.#host.requestUpdate();
    }
    const ack = await handle.send('edit', data);
    if (
      ack.status === 'rejected' &&
      !ack.error.retryable &&
      verdict.ok &&
      composer.draft(`edit:${postId}`) !== undefined &&
      getPost(this.#host.threadState, postId)
    ) {
      composer.editing = postId; // give the text back for another try
      this.#host.requestUpdate();
    } else if (ack.status !== 'rejected') {
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
  async deletePost(postId: string): Promise<Ack | null> {
    const handle = this.#parts.handle();
    if (!handle) return null;
    const data = { postId };
    const verdict = this.#probe('delete', data);
    if (verdict.ok && !fire(this.#host, 'pk-post-delete', { threadId: this.#host.threadId, postId }, true)) return null;
    this.confirming = null;
    this.#host.requestUpdate();
    // If the row goes away, the feed's focus keeper gives focus to the post that takes its place.
    return handle.send('delete', data);
  }

  /** Adds (`on`) or takes back a reaction. */
  react(postId: string, reaction: Reaction, on: boolean): Promise<Ack> | null {
    if (this.#probe('react', { postId, reaction, on }).ok)
      fire(this.#host, 'pk-reaction', { threadId: this.#host.threadId, postId, reaction, on });
    return this.#parts.handle()?.send('react', { postId, reaction, on }) ?? null;
  }

  /** Upvotes a post or takes the upvote back. */
  upvote(postId: string, on: boolean): Promise<Ack> | null {
    if (this.#probe('upvote', { postId, on }).ok) fire(this.#host, 'pk-post-upvote', { threadId: this.#host.threadId, postId, on });
    return this.#parts.handle()?.send('upvote', { postId, on }) ?? null;
  }

  /** Facilitators: pin, hide, mark answered (a post) or lock (the thread, `postId` null). */
  moderate(action: 'pin' | 'hide' | 'answer' | 'lock', postId: string | null, value: boolean): Promise<Ack> | null {
    const field = { pin: 'pinned', hide: 'hidden', answer: 'answered', lock: 'locked' }[action];
    const data = postId === null ? { [field]: value } : { postId, [field]: value };
    if (this.#probe(action, data).ok) fire(this.#host, 'pk-thread-moderate', { threadId: this.#host.threadId, action, postId, value });
    return this.#parts.handle()?.send(action, data) ?? null;
  }

  /** Exports the thread (downloads the file unless `pk-thread-export` is cancelled); returns the document. */
  exportThread(format: 'json' | 'markdown'): string {
    const t = this.#parts.i18n;
    const host = this.#host;
    const info = {
      threadId: host.threadId,
      title: host.label.trim() || t.t('threadLabel'),
      exportedAt: Date.now(),
      anonymousName: t.t('threadAnonymousName'),
    };
    const content = format === 'json' ? threadToJson(host.threadState, info) : threadToMarkdown(host.threadState, info);
    const filename = `thread-${host.threadId}.${format === 'json' ? 'json' : 'md'}`;
    if (fire(host, 'pk-thread-export', { threadId: host.threadId, format, filename, content }, true))
      downloadText(filename, content, format === 'json' ? 'application/json' : 'text/markdown');
    return content;
  }
}
