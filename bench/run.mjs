// `npm run bench`: runs every benchmark case in turn and prints its figures. Benchmarks measure;
// they never fail the build on a number (a crash still exits non-zero).
import { runFirstPaintBench } from './first-paint.mjs';
import { runOutboxBench } from './outbox.mjs';
import { runThreadBench } from './thread.mjs';

const cases = [
  ['first paint', runFirstPaintBench],
  ['thread', runThreadBench],
  ['outbox', runOutboxBench],
];

for (const [name, run] of cases) {
  console.log(`\n== bench: ${name}`);
  await run();
}
