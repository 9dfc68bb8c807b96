/// <reference types="node" />
/**
 * A SMALL CONFORMING LRS RECEIVER FOR THE TESTS: the fault, not a fake of our code. No LRS that
 * keeps its data across a restart installs from npm here (Learning Locker's `xapi-statements`
 * runs, but without MongoDB only in memory), and the tests must stop and start the LRS, make it
 * fail and see exactly what reached it. What it implements of xAPI 1.0.3 (Communication §2.1):
 *
 * - `POST <endpoint>/statements` with one statement or an array, and `PUT <endpoint>/statements
 *   ?statementId=…` with one statement; every other method or path is 404/405.
 * - The `X-Experience-API-Version` header (1.0.x) is required (400 without it), and HTTP Basic
 *   authentication when credentials are set (401 without or with wrong ones).
 * - Every statement is checked with Learning Locker's validator (@learninglocker/xapi-validation,
 *   what its LRS checks before storing) plus an `id` (a UUID); one invalid statement fails the whole
 *   request with 400 and nothing of it is stored (§2.1.2).
 * - Statements are stored by id. POST answers 200 with the ids; PUT answers 204. An id it already
 *   has with the same statement changes nothing (the "no modifications" rule); with another
 *   statement it answers 409 Conflict and stores nothing of the request.
 *
 * Faults on demand: `stop()` closes the listener and cuts every connection (the LRS is down),
 * `start()` listens again on the same port with what it stored (a restarted LRS with its
 * database); `failNext(n, status, retryAfterS)` answers the next n requests with that status
 * (500, 503, 429 with `Retry-After`); `refuse(rule)` answers 400 to requests holding a statement
 * the rule names, like an LRS with a stricter policy; `latencyMs` delays every answer (a slow LRS).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo, Socket } from 'node:net';
import { isDeepStrictEqual } from 'node:util';

const validate = createRequire(import.meta.url)('@learninglocker/xapi-validation').default as (
  s: unknown,
) => { path?: string[]; constructor: { name: string } }[];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One request as the receiver answered it. */
export interface ReceivedRequest {
  at: number;
  method: string;
  status: number;
  /** Ids of the statements in it (valid or not). */
  ids: string[];
  headers: IncomingMessage['headers'];
}

export interface ReceiverOptions {
  /** Basic credentials the receiver requires (none: no authentication). */
  username?: string;
  password?: string;
}

export class LrsReceiver {
  /** Statements stored, by id, in the order they were first stored. */
  readonly stored = new Map<string, Record<string, unknown>>();
  readonly requests: ReceivedRequest[] = [];
  /** Every answer waits this long (a slow LRS, so that several forwarders overlap). */
  latencyMs = 0;
  #server: Server | null = null;
  #port = 0;
  readonly #sockets = new Set<Socket>();
  #failures: { left: number; status: number; retryAfterS?: number } | null = null;
  #refuse: ((statement: Record<string, unknown>) => string | null) | null = null;

  constructor(private readonly o: ReceiverOptions = {}) {}

  /** The xAPI endpoint to configure (PULSEKIT_LRS_URL). */
  get endpoint(): string {
    return `http://127.0.0.1:${this.#port}/xapi/`;
  }

  /** How many times each statement id was sent (valid requests that reached storing). */
  sends(): Map<string, number> {
    const n = new Map<string, number>();
    for (const r of this.requests) if (r.status === 200 || r.status === 204) for (const id of r.ids) n.set(id, (n.get(id) ?? 0) + 1);
    return n;
  }

  /** Listens (again: on the same port, with everything it stored). */
  async start(): Promise<this> {
    const server = createServer((req, res) => this.#handle(req, res));
    server.keepAliveTimeout = 60_000;
    server.on('connection', (s) => {
      this.#sockets.add(s);
      s.once('close', () => this.#sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, '127.0.0.1', () => resolve());
    });
    this.#port = (server.address() as AddressInfo).port;
    this.#server = server;
    return this;
  }

  /** Goes down: no new connections, open ones cut. */
  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of this.#sockets) s.destroy();
    await closed;
  }

  /** Answers the next `n` requests with `status` (and `Retry-After: retryAfterS`), storing nothing. */
  failNext(n: number, status: number, retryAfterS?: number): void {
    this.#failures = { left: n, status, retryAfterS };
  }

  /** Refuses (400) every request holding a statement for which `rule` gives a reason; null: refuse nothing. */
  refuse(rule: ((statement: Record<string, unknown>) => string | null) | null): void {
    this.#refuse = rule;
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let statements: Record<string, unknown>[] = [];
      const answer = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
        this.requests.push({
          at: Date.now(),
          method: req.method ?? '',
          status,
          ids: statements.map((s) => String(s.id)),
          headers: req.headers,
        });
        const reply = () => {
          res.writeHead(status, body === undefined ? headers : { 'Content-Type': 'application/json', ...headers });
          res.end(body === undefined ? undefined : JSON.stringify(body));
        };
        if (this.latencyMs > 0) setTimeout(reply, this.latencyMs);
        else reply();
      };
      const url = new URL(req.url ?? '/', 'http://lrs');
      if (url.pathname !== '/xapi/statements') return answer(404, { error: 'not found' });
      if (req.method !== 'POST' && req.method !== 'PUT') return answer(405, { error: 'POST or PUT statements' });
      try {
        const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        statements = Array.isArray(parsed) ? parsed : [parsed];
      } catch {
        return answer(400, { error: 'the body is not JSON' });
      }
      if (this.#failures && this.#failures.left > 0) {
        const f = this.#failures;
        f.left -= 1;
        return answer(f.status, { error: 'injected failure' }, f.retryAfterS === undefined ? {} : { 'Retry-After': String(f.retryAfterS) });
      }
      if (!/^1\.0(\.\d+)?$/.test(String(req.headers['x-experience-api-version'] ?? '')))
        return answer(400, { error: 'X-Experience-API-Version 1.0.x is required' });
      if (this.o.username !== undefined) {
        const expected = `Basic ${Buffer.from(`${this.o.username}:${this.o.password ?? ''}`).toString('base64')}`;
        if (req.headers.authorization !== expected) return answer(401, { error: 'unauthorized' });
      }
      if (req.method === 'PUT') {
        const id = url.searchParams.get('statementId');
        if (statements.length !== 1 || !id) return answer(400, { error: 'PUT takes one statement and ?statementId' });
        statements[0] = { id, ...statements[0] };
        if (statements[0]!.id !== id) return answer(400, { error: 'statementId and the statement id differ' });
      }
      for (const s of statements) {
        s.id ??= randomUUID();
        const problems = validate(s).map((w) => `${(w.path ?? []).join('.')}: ${w.constructor.name}`);
        if (!UUID.test(String(s.id))) problems.push('id: not a UUID');
        if (problems.length > 0) return answer(400, { error: `statement ${String(s.id)} is invalid`, problems });
        const refused = this.#refuse?.(s);
        if (refused) return answer(400, { error: `statement ${String(s.id)} refused: ${refused}` });
      }
      const conflict = statements.find((s) => this.stored.has(String(s.id)) && !isDeepStrictEqual(this.stored.get(String(s.id)), s));
      if (conflict) return answer(409, { error: `a different statement with id ${String(conflict.id)} is stored` });
      for (const s of statements) if (!this.stored.has(String(s.id))) this.stored.set(String(s.id), s);
      if (req.method === 'PUT') return answer(204);
      answer(
        200,
        statements.map((s) => s.id),
      );
    });
  }
}
