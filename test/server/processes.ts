/// <reference types="node" />
/**
 * Server processes for the tests that kill them: `server/main.ts` as a child (the way `npm run
 * server` runs it), and a small loopback TCP balancer that spreads connections round-robin over the
 * instances that still accept them (HTTP, SSE and WebSocket alike), as a load balancer would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  port: number;
  /** Exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Everything it printed on stdout (JSON log lines). */
  out(): string;
  /** Sends SIGKILL and waits for the process to be gone. */
  kill(): Promise<void>;
}

/** Starts `node --import tsx server/main.ts` with `env` on a free port; resolves once it listens. */
export function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out} ${err}`)), 60_000);
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.includes('"server.listening"'));
      if (line && timer.hasRef()) {
        clearTimeout(timer);
        timer.unref();
        const url = JSON.parse(line).url as string;
        resolve({ child, url, port: Number(new URL(url).port), exited, out: () => out, kill });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}): ${out} ${err}`));
    });
  });
}

export interface Balancer {
  url: string;
  /** Connections accepted per backend port. */
  counts: Map<number, number>;
  close(): Promise<void>;
}

/**
 * A TCP balancer on loopback: each new connection goes to the next backend that accepts it. When
 * a backend dies its connections are cut, and clients reconnect to the others.
 */
export async function startBalancer(ports: number[]): Promise<Balancer> {
  let next = 0;
  const counts = new Map<number, number>();
  const open = new Set<Socket>();
  const server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    const attempt = (tries: number) => {
      if (tries >= ports.length) return client.destroy();
      const port = ports[next++ % ports.length]!;
      const upstream = connect(port, '127.0.0.1');
      let connected = false;
      upstream.once('connect', () => {
        connected = true;
        counts.set(port, (counts.get(port) ?? 0) + 1);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      upstream.on('error', () => {
        if (!connected) attempt(tries + 1);
        else client.destroy();
      });
      upstream.on('close', () => connected && client.destroy());
      client.on('close', () => upstream.destroy());
    };
    attempt(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
