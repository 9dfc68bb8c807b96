// Preloaded into the processes the server bench measures (`--import`, with `--expose-gc`): on the
// IPC message `memory` it collects garbage and answers with `process.memoryUsage()`, so the bench
// can report heap per connection without an endpoint in the server for it.
if (process.send) {
  process.on('message', (m) => {
    if (m?.t !== 'memory') return;
    globalThis.gc?.();
    process.send({ t: 'memory', ...process.memoryUsage() });
  });
  process.channel?.unref(); // the channel must not keep the process alive
}
