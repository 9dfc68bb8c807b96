import type { Role } from '../../core/protocol/wire.js';

/** How top-level posts are ordered: oldest first, newest first, or by upvotes (Q&A). */
export type ThreadSort = 'oldest' | 'newest' | 'top';

/** The fixed set of reactions. */
export const REACTIONS = ['like', 'love', 'laugh', 'insight', 'thanks'] as const;

/** One reaction of the fixed set. */
export type Reaction = (typeof REACTIONS)[number];

/** Who wrote a post, as far as this viewer may know. */
export interface PostAuthor {
  /** Participant id. */
  id: string;
  /** Display name (may be empty). */
  name: string;
  /** Role when posting. */
  role: Role;
}

/** A participant mentioned in a post. */
export interface Mention {
  /** Participant id. */
  id: string;
  /** Display name as written after the `@`. */
  name: string;
}

/** One post (or the tombstone of a deleted post that still has replies). */
export interface ThreadPost {
  /** Post id: the opId of the operation that created it. */
  id: string;
  /** Post it sits under; null for a top-level post. */
  parent: string | null;
  /** 0 for top-level posts, parent's depth + 1 for replies. */
  depth: number;
  /** The post this one answers when it was attached higher up (max depth), else null. */
  replyTo: string | null;
  /** Markdown source; empty for a tombstone. */
  body: string;
  /** Author, or null when this viewer may not know (an anonymous post by someone else). */
  author: PostAuthor | null;
  /** Posted anonymously: other people never learn who wrote it. */
  anonymous: boolean;
  /** Authority time of posting (ms). */
  at: number;
  /** Authority time of the last edit, or null. */
  editedAt: number | null;
  /** Authority time after which the author can no longer edit. */
  editableUntil: number;
  /** Edit revision: 0 when posted, +1 per edit. Edits name the revision they change. */
  rev: number;
  /** Deleted by its author but kept as a tombstone because it has replies. */
  deleted: boolean;
  /** Hidden by a facilitator. */
  hidden: boolean;
  /** Pinned by a facilitator. */
  pinned: boolean;
  /** Marked as answered by a facilitator. */
  answered: boolean;
  /** Upvotes. */
  votes: number;
  /** Ids of upvoters this viewer may know about (always including the viewer). */
  voters: string[];
  /** Count per reaction. */
  reactions: Partial<Record<Reaction, number>>;
  /** Ids per reaction this viewer may know about (always including the viewer). */
  reactors: Partial<Record<Reaction, string[]>>;
  /** Participants mentioned. */
  mentions: Mention[];
  /** Reply ids, oldest first. */
  kids: string[];
}

/**
 * A thread's state. Posts live in a fixed number of buckets keyed by a hash of their id, and the
 * list of top-level ids in chunks, so folding one event copies a small bucket and a small chunk
 * instead of the whole thread: 10,000 posts fold in linear time.
 */
export interface ThreadState {
  /** Locked by a facilitator: participants can no longer post, reply, edit or react. */
  locked: boolean;
  /** Posts that are not deleted. */
  count: number;
  /** Posts by id, spread over buckets (see `getPost`). */
  buckets: Array<Record<string, ThreadPost>>;
  /** Top-level post ids in posting order, in chunks. */
  roots: string[][];
}

/** Data of a `post` operation (a new post or a reply). */
export interface PostOpData {
  /** Markdown source. */
  body: string;
  /** Post replied to, or null/absent for a top-level post. */
  parent?: string | null;
  /** Post anonymously. */
  anonymous?: boolean;
  /** Participants mentioned. */
  mentions?: Mention[];
  /** The page's `max-depth` (1-8, default 3): deeper replies attach to the deepest allowed level. */
  maxDepth?: number;
  /** The page's edit window in minutes (0-1440, default 15). */
  editMinutes?: number;
}

/** Data of a `post` event, as decided by the authority. */
export interface PostEventData {
  id: string;
  parent: string | null;
  depth: number;
  replyTo: string | null;
  body: string;
  anonymous: boolean;
  editableUntil: number;
  mentions: Mention[];
}
