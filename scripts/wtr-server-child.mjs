// One reference server in its own process, driven by scripts/wtr-server-plugin.mjs over the IPC
// channel (forked with `--import tsx`, so server/index.ts loads as TypeScript). A process of its
// own keeps the server's work off the test runner's event loop.
//   {op:'start', options}  → {url, port}
//   {op:'pause'}           → close the server (port and data kept)
//   {op:'resume'}          → start it again on the same port → {url, port}
// Every answer carries the request's `seq`; errors come back as {error}.
const { startServer } = await import('../server/index.ts');

let server = null;
let options = null;

async function handle(msg) {
  switch (msg.op) {
    case 'start':
      options = msg.options;
      server = await startServer(options);
      return { url: server.url, port: server.port };
    case 'pause':
      if (server) await server.close();
      server = null;
      return {};
    case 'resume':
      if (!server) server = await startServer({ ...options, port: options.port || lastPort });
      return { url: server.url, port: server.port };
    default:
      throw new Error(`unknown op ${msg.op}`);
  }
}

let lastPort = 0;
process.on('message', (msg) => {
  handle(msg).then(
    (answer) => {
      if (answer.port) lastPort = answer.port;
      process.send({ seq: msg.seq, ...answer });
    },
    (err) => process.send({ seq: msg.seq, error: String(err?.stack ?? err) }),
  );
});
// The test runner went away: close and leave.
process.on('disconnect', async () => {
  await server?.close().catch(() => {});
  process.exit(0);
});
process.send({ ready: true });
