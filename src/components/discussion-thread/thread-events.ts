import type { Reaction } from './thread-types.js';

// The thread's typed events: their details, and the map that types listeners on any element.

/** Detail of `pk-post` (cancelable: cancel to keep the post from being sent). */
export interface PkPostDetail {
  /** The thread's id. */
  threadId: string;
  /** Post replied to, or null for a top-level post. */
  parentId: string | null;
  /** Markdown source, cleaned. */
  body: string;
  /** Posted anonymously. */
  anonymous: boolean;
}

/** Detail of `pk-post-edit` (cancelable). */
export interface PkPostEditDetail {
  threadId: string;
  postId: string;
  body: string;
}

/** Detail of `pk-post-delete` (cancelable). */
export interface PkPostDeleteDetail {
  threadId: string;
  postId: string;
}

/** Detail of `pk-reaction` (cancelable). */
export interface PkReactionDetail {
  threadId: string;
  postId: string;
  reaction: Reaction;
  /** True to add the reaction, false to take it back. */
  on: boolean;
}

/** Detail of `pk-post-upvote` (cancelable). */
export interface PkPostUpvoteDetail {
  threadId: string;
  postId: string;
  on: boolean;
}

/** Detail of `pk-thread-moderate` (cancelable). */
export interface PkThreadModerateDetail {
  threadId: string;
  /** pin, hide, answer or lock. */
  action: 'pin' | 'hide' | 'answer' | 'lock';
  /** Post concerned (null for lock). */
  postId: string | null;
  /** New value: pinned, hidden, answered or locked. */
  value: boolean;
}

/** Detail of `pk-thread-export` (cancelable: cancel to handle the file yourself). */
export interface PkThreadExportDetail {
  threadId: string;
  format: 'json' | 'markdown';
  /** File name suggested for the download. */
  filename: string;
  /** The exported document. */
  content: string;
}

/** Detail of `pk-thread-change`. */
export interface PkThreadChangeDetail {
  threadId: string;
  /** Posts (not deleted). */
  count: number;
  /** Locked by a facilitator. */
  locked: boolean;
  /** New posts from others waiting behind the "new posts" button. */
  newPosts: number;
}

/** Detail of `pk-mention`. */
export interface PkMentionDetail {
  threadId: string;
  /** The post that mentions the viewer. */
  postId: string;
  /** Its author's display name ('' when anonymous). */
  by: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    /** The viewer is posting in a `<pk-discussion-thread>` (cancelable). */
    'pk-post': CustomEvent<PkPostDetail>;
    /** The viewer is saving an edit in a `<pk-discussion-thread>` (cancelable). */
    'pk-post-edit': CustomEvent<PkPostEditDetail>;
    /** The viewer is deleting a post in a `<pk-discussion-thread>` (cancelable). */
    'pk-post-delete': CustomEvent<PkPostDeleteDetail>;
    /** The viewer is reacting in a `<pk-discussion-thread>` (cancelable). */
    'pk-reaction': CustomEvent<PkReactionDetail>;
    /** The viewer is upvoting in a `<pk-discussion-thread>` (cancelable). */
    'pk-post-upvote': CustomEvent<PkPostUpvoteDetail>;
    /** A facilitator is moderating a `<pk-discussion-thread>` (cancelable). */
    'pk-thread-moderate': CustomEvent<PkThreadModerateDetail>;
    /** A facilitator exported a `<pk-discussion-thread>` (cancelable). */
    'pk-thread-export': CustomEvent<PkThreadExportDetail>;
    /** A `<pk-discussion-thread>`'s count, lock or waiting new posts changed. */
    'pk-thread-change': CustomEvent<PkThreadChangeDetail>;
    /** A new post in a `<pk-discussion-thread>` mentions the viewer. */
    'pk-mention': CustomEvent<PkMentionDetail>;
  }
}
