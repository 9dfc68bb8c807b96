/**
 * The facilitator tools of `<pk-discussion-thread>` (the moderation menu with lock and export, and
 * pin, mark answered and hide on each post), loaded on demand (dynamic import) only for
 * facilitators and producers, or when a host calls `exportThread()`: participants never download
 * them. The authority refuses moderation from anyone else whatever the page shows; the actions
 * themselves stay in the element's `moderate()` and `setLocked()`, which work without this chunk.
 */
import { html, type nothing, type TemplateResult } from 'lit';
import { downloadText } from '../../core/lit/download.js';
import type { ThreadLocalize } from './i18n/index.js';
import { staffStrings } from './i18n/staff.js';
import type { PkDiscussionThread } from './pk-discussion-thread.js';
import type { ThreadActions } from './thread-actions.js';
import { threadToJson, threadToMarkdown } from './thread-export.js';
import type { ThreadPost } from './thread-types.js';

/** What the export reads from the element. */
type ExportHost = Pick<PkDiscussionThread, 'threadId' | 'label' | 'threadState' | 'emit'>;

/** The facilitator menu (`part="moderation"`): lock, and export as JSON or Markdown. */
export function renderModeration(host: ExportHost, t: ThreadLocalize, actions: ThreadActions, locked: boolean): TemplateResult {
  // The tools' strings follow the thread's own (`nl` for `nl-BE` once loaded, else English).
  const c = t.tOf(staffStrings);
  return html`<details part="moderation">
    <summary>${c('threadModeration')}</summary>
    <div class="row">
      <button type="button" aria-pressed=${locked} @click=${() => void actions.moderate('lock', null, !locked)}>${c('threadLock')}</button>
      <button type="button" @click=${() => exportThread(host, t, 'json')}>${c('threadExportJson')}</button>
      <button type="button" @click=${() => exportThread(host, t, 'markdown')}>${c('threadExportMarkdown')}</button>
    </div>
  </details>`;
}

/** A post's moderation toggles (pin, mark answered, hide), in its row of actions; `tab` as the row's other buttons. */
export function renderPostModeration(p: ThreadPost, t: ThreadLocalize, actions: ThreadActions, tab: -1 | typeof nothing): TemplateResult {
  const c = t.tOf(staffStrings);
  return html`<button type="button" tabindex=${tab} aria-pressed=${p.pinned} @click=${() => void actions.moderate('pin', p.id, !p.pinned)}>${c('threadPin')}</button>
    <button type="button" tabindex=${tab} aria-pressed=${p.answered} @click=${() => void actions.moderate('answer', p.id, !p.answered)}>${c('threadMarkAnswered')}</button>
    <button type="button" tabindex=${tab} aria-pressed=${p.hidden} @click=${() => void actions.moderate('hide', p.id, !p.hidden)}>${c('threadHide')}</button>`;
}

/** Exports the thread (downloads the file unless `pk-thread-export` is cancelled); returns the document. */
export function exportThread(host: ExportHost, t: ThreadLocalize, format: 'json' | 'markdown'): string {
  const info = {
    threadId: host.threadId,
    title: host.label.trim() || t.t('threadLabel'),
    exportedAt: Date.now(),
    anonymousName: t.t('threadAnonymousName'),
  };
  const content = format === 'json' ? threadToJson(host.threadState, info) : threadToMarkdown(host.threadState, info);
  const filename = `thread-${host.threadId}.${format === 'json' ? 'json' : 'md'}`;
  if (host.emit('pk-thread-export', { threadId: host.threadId, format, filename, content }, true))
    downloadText(filename, content, format === 'json' ? 'application/json' : 'text/markdown');
  return content;
}
