/**
 * The JSON endpoints of docs/protocol.md: ops, events, presence, health, limits and the dev token.
 * Every room endpoint authenticates first (401), then checks the token's room (403 `wrong_room`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { VERSION } from '../../src/core/protocol/version.js';
import { isTopic } from '../../src/core/protocol/wire.js';
import { bearerOf, devTokenClaims, type Viewer } from '../auth.js';
import type { ServerContext } from '../context.js';
import { badRequest, forbidden, notFound, tooLarge, wrongRoom } from '../errors.js';
import { readKey } from '../read-gate.js';
import { pageArgsProblem, readPage } from '../reader.js';
import { readJson } from './body.js';
import { devTokenRefusal } from './cors.js';
import { sendJson } from './respond.js';

/** Verifies the bearer token of `req` and that it is for `room`. */
export async function authorize(ctx: ServerContext, req: IncomingMessage, room: string): Promise<Viewer> {
  const viewer = await ctx.auth.verify(bearerOf(req.headers.authorization));
  if (viewer.room !== room) throw wrongRoom();
  return viewer;
}

export async function health(ctx: ServerContext, res: ServerResponse): Promise<void> {
  const lrs = ctx.lrs ? await ctx.lrs.figures() : undefined;
  sendJson(res, 200, {
    ok: true,
    version: VERSION,
    uptimeS: Math.floor((Date.now() - ctx.startedAt) / 1000),
    storage: ctx.storage.kind,
    ...(ctx.cluster ? { cluster: ctx.cluster.status() } : {}),
    ...(lrs ? { lrs } : {}),
  });
}

export function limits(ctx: ServerContext, res: ServerResponse): void {
  sendJson(res, 200, ctx.transportLimits);
}

export async function devToken(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!ctx.dev) throw notFound();
  const refusal = devTokenRefusal(req, ctx.cors);
  if (refusal) {
    ctx.log.warn('dev.token_refused', { host: req.headers.host, origin: req.headers.origin });
    throw forbidden(refusal);
  }
  const claims = devTokenClaims(await readJson(req, ctx.limits.maxBodyBytes));
  const token = await ctx.auth.sign(claims);
  ctx.log.info('dev.token', { room: claims.room, participant: claims.sub, role: claims.role });
  sendJson(res, 200, { token });
}

export async function postOps(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, room: string): Promise<void> {
  const viewer = await authorize(ctx, req, room);
  const body = await readJson(req, ctx.limits.maxBodyBytes);
  const ops = (body as { ops?: unknown } | null)?.ops;
  if (!Array.isArray(ops)) throw badRequest('Send {"ops": [operation, ...]}.');
  if (ops.length > ctx.limits.maxBatch)
    throw tooLarge(`A batch holds at most ${ctx.limits.maxBatch} operations; this one has ${ops.length}.`);
  const { acks, retryAfterS } = await ctx.authority.submit(room, viewer.actor, ops);
  const applied = acks.filter((a) => a.status === 'applied').length;
  ctx.log.info('ops', {
    room,
    participant: viewer.actor.id,
    ops: ops.length,
    applied,
    rejected: acks.filter((a) => a.status === 'rejected').length,
  });
  sendJson(res, 200, { acks }, retryAfterS ? { 'Retry-After': String(retryAfterS) } : {});
}

export async function getEvents(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  room: string,
  topic: string,
  url: URL,
): Promise<void> {
  const viewer = await authorize(ctx, req, room);
  if (!isTopic(topic)) throw badRequest(`"${topic}" is not a topic name (<kind>:<id>).`);
  const num = (name: string): number | undefined => {
    const raw = url.searchParams.get(name);
    return raw === null || raw === '' ? undefined : Number(raw);
  };
  const since = num('since') ?? 0;
  const limit = num('limit');
  const problem = pageArgsProblem(since, limit);
  if (problem) throw badRequest(problem);
  const n = Math.min(limit ?? ctx.limits.maxPage, ctx.limits.maxPage);
  const { result } = await ctx.reads.run(readKey(room, viewer.actor.id), () => readPage(ctx.reader, room, topic, since, n, viewer.actor));
  sendJson(res, 200, result);
}

export async function getPresence(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, room: string): Promise<void> {
  const viewer = await authorize(ctx, req, room);
  sendJson(res, 200, ctx.presence.get(room, viewer.actor));
}
