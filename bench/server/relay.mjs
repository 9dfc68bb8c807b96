// The baseline of the server bench: a bare `ws` relay in a process of its own (as the reference
// server runs in its own). Each message a client sends, `{seq, bytes}`, is broadcast to every
// connected client as one frame of about `bytes` bytes: the least any fan-out server must do.
// Prints `relay: <port>` once it listens.
import WebSocket, { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
wss.on('connection', (sock) => {
  sock.on('message', (raw) => {
    const { seq, bytes } = JSON.parse(raw);
    const frame = JSON.stringify({ t: 'event', seq, pad: 'x'.repeat(Math.max(0, bytes - 40)) });
    for (const c of wss.clients) if (c.readyState === WebSocket.OPEN) c.send(frame);
  });
});
wss.once('listening', () => process.stdout.write(`relay: ${wss.address().port}\n`));
