// Mistakes the generated types must catch. Every marked line must fail with that code, and no
// other line may fail (test/outside-in/react.test.mjs compiles it with the app: tsconfig.check.json).
import 'pulsekit/define';
import { PulsePoll } from 'pulsekit/react';

const poll = document.querySelector('pk-pulse-poll')!;
poll.kind = 'nope'; // error: TS2322

export const badAttribute = <pk-pulse-poll poll-id="p" kind="nope" />; // error: TS2322
export const badDetail = <pk-pulse-poll poll-id="p" onpk-vote={(e) => e.detail.nope} />; // error: TS2339
export const badOptions = <pk-pulse-poll poll-id="p" options={['soup']} />; // error: TS2322
export const badWrapper = <PulsePoll pollId="p" results="sometimes" />; // error: TS2322
export const badSort = <pk-discussion-thread thread-id="t" sort="random" />; // error: TS2322
