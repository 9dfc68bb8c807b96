// Side-effect module: registers <pk-discussion-thread>.
import { defineDiscussionThread } from './index.js';

defineDiscussionThread();
