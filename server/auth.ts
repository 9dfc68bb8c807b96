/**
 * Bearer tokens (docs/protocol.md, "Identity and auth"): HS256 JWTs with `room`, `sub`, `name`,
 * `role` and `exp`. The verified token is the only source of a connection's identity and role.
 * In dev mode tokens are signed with PULSEKIT_SECRET when set, else with a random per-process
 * secret, and `POST /v1/dev/token` hands them out.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { isRole, type Actor, type Role } from '../src/core/protocol/wire.js';
import { badRequest, unauthorized } from './errors.js';
import { TokenCache } from './token-cache.js';

/** Who is calling, as proven by the token. */
export interface Viewer {
  room: string;
  actor: Actor;
  /** Token expiry (seconds since epoch). */
  exp: number;
}

/** Claims of a token to sign. */
export interface TokenClaims {
  room: string;
  sub: string;
  role: Role;
  name?: string;
  /** Lifetime in seconds (default: the auth's `ttlS`); negative gives an already expired token (tests). */
  ttlS?: number;
}

export interface Auth {
  /** True when `POST /v1/dev/token` exists. */
  readonly dev: boolean;
  /** Verifies a token; throws ApiError 401 `unauthorized` when it is missing, malformed or expired. */
  verify(token: string | null | undefined): Promise<Viewer>;
  /** Signs a token with the server's key. */
  sign(claims: TokenClaims): Promise<string>;
}

/** Control characters (NUL included) and lone surrogates: a database refuses them in a key (issue #17). */
const UNSAFE_TEXT = /\p{Cc}|\p{Cs}/u;
/** A room name: 1-256 characters, none of them a control character or a lone surrogate. */
export const validRoom = (room: unknown): room is string =>
  typeof room === 'string' && room.length >= 1 && room.length <= 256 && !UNSAFE_TEXT.test(room);
const validSub = (sub: unknown): sub is string => typeof sub === 'string' && sub.length >= 1 && sub.length <= 128 && !UNSAFE_TEXT.test(sub);
/** What a valid room name is, for error messages. */
export const ROOM_RULE = 'A room name has 1-256 characters, none of them control characters (such as NUL).';

/** Longest delay a Node timer takes (about 24.8 days); later expiries are re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Calls `expired` once the viewer's token expires (on the next turn if it already has). An open stream or
 * socket was authorized when it opened; this ends it when the token runs out instead of serving it
 * forever (issue #17). Returns the cancel.
 */
export function whenExpired(viewer: Viewer, expired: () => void): () => void {
  let timer: ReturnType<typeof setTimeout>;
  const arm = () => {
    const ms = viewer.exp * 1000 - Date.now() + 5; // a little after, never before
    timer = setTimeout(ms <= MAX_TIMER_MS ? expired : arm, Math.max(0, Math.min(ms, MAX_TIMER_MS)));
    timer.unref?.();
  };
  arm();
  return () => clearTimeout(timer);
}

/** True once the viewer's token has expired. */
export const isExpired = (viewer: Viewer): boolean => Date.now() >= viewer.exp * 1000;

/** The token of an `Authorization: Bearer …` header, or null. */
export function bearerOf(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : null;
}

export function createAuth(options: { secret?: string; dev: boolean; ttlS: number }): Auth {
  const key = new TextEncoder().encode(options.secret ?? randomBytes(32).toString('base64url'));
  const verified = new TokenCache();
  return {
    dev: options.dev,
    async verify(token) {
      if (!token) throw unauthorized('A bearer token is required.');
      const known = verified.get(token);
      if (known) return known;
      let payload;
      try {
        ({ payload } = await jwtVerify(token, key, { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] }));
      } catch (err) {
        if (err instanceof joseErrors.JWTExpired) throw unauthorized('The token has expired.');
        throw unauthorized('The token is not valid.');
      }
      const { room, sub, role, name, exp } = payload as Record<string, unknown>;
      if (!validRoom(room) || !validSub(sub) || !isRole(role) || typeof exp !== 'number') {
        throw unauthorized('The token lacks a valid room, sub or role claim.');
      }
      const viewer: Viewer = { room, exp, actor: { id: sub, name: typeof name === 'string' ? name.slice(0, 80) : '', role } };
      verified.set(token, viewer);
      return viewer;
    },
    async sign(claims) {
      if (!validRoom(claims.room)) throw badRequest(ROOM_RULE);
      if (!validSub(claims.sub)) throw badRequest('participantId must be 1-128 characters, none of them control characters.');
      if (!isRole(claims.role)) throw badRequest('role must be participant, facilitator or producer.');
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ room: claims.room, role: claims.role, name: (claims.name ?? '').slice(0, 80) })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claims.sub)
        .setIssuedAt(now)
        .setExpirationTime(now + (claims.ttlS ?? options.ttlS))
        .sign(key);
    },
  };
}

/** Body of `POST /v1/dev/token` → claims (participantId defaults to a fresh UUID). */
export function devTokenClaims(body: unknown): TokenClaims {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('Send {room, role, name?, participantId?}.');
  const b = body as Record<string, unknown>;
  if (!validRoom(b.room)) throw badRequest(ROOM_RULE);
  if (!isRole(b.role)) throw badRequest('role must be participant, facilitator or producer.');
  if (b.name !== undefined && typeof b.name !== 'string') throw badRequest('name must be a string.');
  if (b.participantId !== undefined && !validSub(b.participantId))
    throw badRequest('participantId must be a string of 1-128 characters, none of them control characters.');
  return {
    room: b.room,
    role: b.role,
    name: (b.name as string | undefined) ?? '',
    sub: (b.participantId as string | undefined) ?? randomUUID(),
  };
}
