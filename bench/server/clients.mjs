// Light clients for the server bench, so that 2,000 of them cost the bench process little: the
// WebSocket protocol client of bench/server-support.mjs, an SSE reader on a raw socket (HTTP/1.1,
// chunked or not), and HTTP POSTs of operations over a keep-alive agent (as HttpTransport sends them).
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { now } from './harness.mjs';

/** The reference server's WebSocket protocol client (auth, requests by id, `count` for counting clients). */
export { Client as WsClient } from '../server-support.mjs';

/**
 * `GET /v1/rooms/{room}/stream` on a raw socket. `onFrame({event, id, data}, at)` per SSE frame
 * (`data` is the raw JSON text); `count(data, at, event)` instead for `event` and `snapshot` frames.
 */
export class SseClient {
  constructor(origin, room, token, topics) {
    const { hostname, port } = new URL(origin);
    this.onFrame = null;
    this.count = null;
    this.socket = connect(Number(port), hostname);
    this.socket.setNoDelay(true);
    let head = Buffer.alloc(0);
    let open = false;
    let chunked = false;
    let raw = Buffer.alloc(0); // chunked: bytes not decoded yet
    const decoder = new StringDecoder('utf8');
    let text = ''; // decoded, not yet split into frames
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('error', reject);
      this.socket.on('close', () => reject(new Error('stream closed before it opened')));
      this.socket.on('data', (buf) => {
        const at = now();
        if (!open) {
          head = Buffer.concat([head, buf]);
          const end = head.indexOf('\r\n\r\n');
          if (end < 0) return;
          const headers = head.toString('latin1', 0, end);
          if (!headers.startsWith('HTTP/1.1 200')) return reject(new Error(`stream: ${headers.split('\r\n')[0]}`));
          chunked = /\r\ntransfer-encoding:\s*chunked/i.test(headers);
          buf = head.subarray(end + 4);
          open = true;
          resolve();
        }
        if (chunked) {
          raw = raw.length ? Buffer.concat([raw, buf]) : buf;
          for (;;) {
            const nl = raw.indexOf('\r\n');
            if (nl < 0) break;
            const size = parseInt(raw.toString('latin1', 0, nl), 16);
            if (raw.length < nl + 2 + size + 2) break;
            text += decoder.write(raw.subarray(nl + 2, nl + 2 + size));
            raw = raw.subarray(nl + 4 + size);
          }
        } else {
          text += decoder.write(buf);
        }
        let i;
        while ((i = text.indexOf('\n\n')) >= 0) {
          const block = text.slice(0, i);
          text = text.slice(i + 2);
          this.#frame(block, at);
        }
      });
    });
    this.socket.write(
      `GET /v1/rooms/${encodeURIComponent(room)}/stream${topics ? `?topics=${topics}` : ''} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n` +
        `Authorization: Bearer ${token}\r\nAccept: text/event-stream\r\n\r\n`,
    );
  }
  #frame(block, at) {
    let event = 'message';
    let id;
    let data = '';
    for (const l of block.split('\n')) {
      if (l.startsWith('event: ')) event = l.slice(7);
      else if (l.startsWith('id: ')) id = l.slice(4);
      else if (l.startsWith('data: ')) data = l.slice(6);
    }
    if (this.count && (event === 'event' || event === 'snapshot')) return this.count(data, at, event);
    this.onFrame?.({ event, id, data }, at);
  }
  close() {
    this.socket.destroy();
  }
}

/** A participant's own keep-alive connection for POSTs, as a browser has beside its SSE stream. */
export const httpAgent = () => new Agent({ keepAlive: true, maxSockets: 1 });

/** `GET /v1/limits` over `agent` (HttpTransport's first request). */
export function getLimits(origin, agent) {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    request({ host: hostname, port, path: '/v1/limits', agent }, (res) => {
      res.resume();
      res.on('end', resolve);
    })
      .on('error', reject)
      .end();
  });
}

/** POSTs `ops` to the room's ops endpoint over `agent`; resolves with the parsed answer. */
export function postOps(origin, room, token, ops, agent) {
  const body = JSON.stringify({ ops });
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        method: 'POST',
        path: `/v1/rooms/${encodeURIComponent(room)}/ops`,
        agent,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(text));
          } catch {
            resolve({ code: `http_${res.statusCode}` });
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
