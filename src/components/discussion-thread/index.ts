import { defineElement, type DefineOptions } from '../../core/lit/define.js';
import { PkDiscussionThread } from './pk-discussion-thread.js';

/** `<pk-discussion-thread>`, its pure model, the Markdown subset and the export builders. Side-effect free; import ./define.js to register. */
export { PkDiscussionThread };
export type {
  PkMentionDetail,
  PkPostDeleteDetail,
  PkPostDetail,
  PkPostEditDetail,
  PkPostUpvoteDetail,
  PkReactionDetail,
  PkThreadChangeDetail,
  PkThreadExportDetail,
  PkThreadModerateDetail,
} from './thread-events.js';
export {
  THREAD_KIND,
  THREAD_LIMITS,
  REACTIONS as THREAD_REACTIONS,
  threadModel,
  threadTopic,
  threadRows,
  initialThreadState,
  cleanBody as cleanPostBody,
  getPost as getThreadPost,
  forEachPost as forEachThreadPost,
  rootIds as threadRootIds,
  canEdit as canEditPost,
  type ThreadRow,
  type RowOptions as ThreadRowOptions,
} from './thread-model.js';
export type {
  ThreadState,
  ThreadPost,
  ThreadSort,
  PostAuthor,
  PostOpData,
  PostEventData,
  Mention as ThreadMention,
  Reaction as ThreadReaction,
} from './thread-types.js';
export {
  threadExport,
  threadToJson,
  threadToMarkdown,
  type ExportInfo as ThreadExportInfo,
  type ExportedPost as ThreadExportedPost,
  type ThreadExport,
} from './thread-export.js';
export { parseMarkdown, safeLink, stripBidi, type MdBlock, type MdInline, type SafeLink } from './markdown.js';
export { renderMarkdown, type RenderContext } from './markdown-render.js';

/** Registers `<pk-discussion-thread>` (or `<prefix-discussion-thread>`). Safe to call twice. */
export function defineDiscussionThread(options?: DefineOptions): string {
  return defineElement('discussion-thread', PkDiscussionThread, options);
}

// Types only: document.querySelector('pk-…') and friends know every element class.
export type {} from '../../tag-name-map.js';
