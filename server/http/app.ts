/**
 * Request routing for node:http (no framework): CORS, shutdown refusal, in-flight accounting,
 * one log line per request, then the endpoint. Also the WebSocket upgrade gate.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ROOM_RULE, validRoom } from '../auth.js';
import type { ServerContext } from '../context.js';
import { ApiError, badRequest, forbidden, notFound, serverBusy, toApiError, tooManyHandshakes } from '../errors.js';
import { devToken, getEvents, getPresence, health, limits, postOps, authorize } from './api.js';
import { corsFor, PREFLIGHT_HEADERS } from './cors.js';
import { sendError } from './respond.js';
import { openSse } from './sse.js';
import { sendStatic } from './static.js';

type Route =
  | { kind: 'health' | 'limits' | 'devToken' }
  | { kind: 'ops' | 'stream' | 'presence' | 'ws'; room: string }
  | { kind: 'events'; room: string; topic: string }
  | { kind: 'static'; root: 'public' | 'cdn'; rel: string }
  | { kind: 'none' };

function decode(seg: string): string {
  try {
    return decodeURIComponent(seg);
  } catch {
    throw badRequest('The path is not valid percent-encoding.');
  }
}

/** Maps method + path to a route (throws 404/400 for API paths that do not exist). */
export function route(method: string, pathname: string): Route {
  const seg = pathname.split('/').slice(1);
  const api = seg[0] === 'v1';
  const is = (m: string) => method === m || (m === 'GET' && method === 'HEAD');
  if (api) {
    if (seg.length === 2 && seg[1] === 'health' && is('GET')) return { kind: 'health' };
    if (seg.length === 2 && seg[1] === 'limits' && is('GET')) return { kind: 'limits' };
    if (seg.length === 3 && seg[1] === 'dev' && seg[2] === 'token' && is('POST')) return { kind: 'devToken' };
    if (seg[1] === 'rooms' && seg.length >= 4) {
      const room = decode(seg[2]!);
      if (!validRoom(room)) throw badRequest(ROOM_RULE);
      if (seg.length === 4 && seg[3] === 'ops' && is('POST')) return { kind: 'ops', room };
      if (seg.length === 4 && seg[3] === 'stream' && is('GET')) return { kind: 'stream', room };
      if (seg.length === 4 && seg[3] === 'presence' && is('GET')) return { kind: 'presence', room };
      if (seg.length === 4 && seg[3] === 'ws' && is('GET')) return { kind: 'ws', room };
      if (seg.length === 6 && seg[3] === 'topics' && seg[5] === 'events' && is('GET'))
        return { kind: 'events', room, topic: decode(seg[4]!) };
    }
    throw notFound(`There is no ${method} ${pathname}.`);
  }
  if (!is('GET')) return { kind: 'none' };
  if (seg[0] === 'cdn' && seg.length >= 2) return { kind: 'static', root: 'cdn', rel: seg.slice(1).join('/') };
  if (pathname === '/') return { kind: 'static', root: 'public', rel: 'index.html' };
  return { kind: 'static', root: 'public', rel: seg.join('/') };
}

export function createRequestHandler(ctx: ServerContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = Date.now();
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://localhost');
    let streaming = false;
    let leave = ctx.inflight.enter();
    // Listening from the first moment: a client that leaves while an await is pending (the token
    // check) must be noticed, or its stream would be registered after it was gone (issue #17).
    let gone = false;
    res.on('close', () => {
      gone = true;
      leave();
      if (!streaming) ctx.log.info('http', { method, path: url.pathname, status: res.statusCode, ms: Date.now() - started });
    });
    const cors = corsFor(req, ctx.cors);
    for (const [k, v] of Object.entries(cors.headers)) res.setHeader(k, v);
    const fail = (err: unknown) => {
      const e = toApiError(err);
      if (e.status >= 500 && e.code === 'internal') ctx.log.error('http.error', { method, path: url.pathname, err: err as Error });
      const closeAfter = ctx.closing || e.status === 413;
      sendError(res, e, closeAfter ? { Connection: 'close' } : {});
    };
    const run = async () => {
      if (ctx.closing) throw serverBusy();
      if (url.pathname.startsWith('/v1/') && !cors.allowed) throw forbidden('This origin may not call the API (PULSEKIT_CORS).');
      if (method === 'OPTIONS') {
        res.writeHead(204, { ...PREFLIGHT_HEADERS, 'Content-Length': '0' });
        res.end();
        return;
      }
      const r = route(method, url.pathname);
      switch (r.kind) {
        case 'health':
          return health(ctx, res);
        case 'limits':
          return limits(ctx, res);
        case 'devToken':
          return devToken(ctx, req, res);
        case 'ops':
          return postOps(ctx, req, res, r.room);
        case 'events':
          return getEvents(ctx, req, res, r.room, r.topic, url);
        case 'presence':
          return getPresence(ctx, req, res, r.room);
        case 'stream': {
          const attempt = ctx.handshakes.enter(req.socket.remoteAddress);
          if (!attempt) throw tooManyHandshakes();
          const viewer = await authorize(ctx, req, r.room).finally(attempt);
          if (gone) return; // the client left during the token check: there is nobody to stream to
          // A stream is not "in flight": shutdown ends it instead of waiting for it.
          streaming = true;
          leave();
          leave = () => {};
          return openSse(ctx, req, res, r.room, viewer, url).catch((err) => {
            streaming = false;
            throw err;
          });
        }
        case 'ws':
          throw new ApiError(426, 'bad_request', 'This path takes a WebSocket upgrade.', false, { Upgrade: 'websocket' });
        case 'static':
          return sendStatic(req, res, r.root === 'cdn' ? ctx.cdnDir : ctx.publicDir, r.rel);
        default:
          throw notFound();
      }
    };
    run().catch(fail);
  };
}

/** WebSocket upgrades handled per turn of the event loop. */
const UPGRADES_PER_TURN = 16;

function refuseUpgrade(socket: Duplex, err: ApiError): void {
  const body = JSON.stringify(err.body());
  const reason =
    { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 503: 'Service Unavailable' }[err.status] ?? 'Error';
  const extra = Object.entries(err.headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  socket.end(
    `HTTP/1.1 ${err.status} ${reason}\r\nConnection: close\r\n${extra}Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * Gate for WebSocket upgrades: path, shutdown, origin and attempts per address; then hands over to
 * the endpoint, with the end of the attempt (called once the token was checked).
 */
export function createUpgradeHandler(
  ctx: ServerContext,
  upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer, room: string, attempted: () => void) => void,
): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  // Upgrades are handled a few per turn of the event loop: a thousand arriving at once otherwise
  // hold the loop for their whole handshake work while other rooms wait (issue #17).
  const queue: [IncomingMessage, Duplex, Buffer][] = [];
  const drain = () => {
    for (const [req, socket, head] of queue.splice(0, UPGRADES_PER_TURN)) if (!socket.destroyed) handle(req, socket, head);
    if (queue.length > 0) setImmediate(drain);
  };
  const handle = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (ctx.closing) throw serverBusy();
      const r = route(req.method ?? 'GET', url.pathname);
      if (r.kind !== 'ws') throw notFound('WebSocket upgrades are served at /v1/rooms/{room}/ws only.');
      if (!corsFor(req, ctx.cors).allowed) throw forbidden('This origin may not open a WebSocket (PULSEKIT_CORS).');
      const attempt = ctx.handshakes.enter(req.socket.remoteAddress);
      if (!attempt) throw tooManyHandshakes();
      socket.once('close', attempt);
      upgrade(req, socket, head, r.room, attempt);
    } catch (err) {
      const e = toApiError(err);
      ctx.log.info('ws.refused', { path: url.pathname, status: e.status, code: e.code });
      refuseUpgrade(socket, e);
    }
  };
  return (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    if (queue.push([req, socket, head]) === 1) setImmediate(drain);
  };
}
