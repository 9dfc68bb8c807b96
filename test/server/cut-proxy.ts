/// <reference types="node" />
/**
 * A loopback TCP proxy that cuts connections: the network fault of issue #17 (a stream request
 * that reaches the server, then the client is gone). It forwards bytes both ways untouched; a
 * client connection whose request matches `cut` is forwarded and then destroyed on both sides
 * `afterMs` later (before the server can answer: the server is still checking the token). It is the
 * fault, not a fake of our code: the server and the client on either side are the real ones.
 */
import { createServer, connect, type Socket } from 'node:net';

export interface CutProxy {
  /** `http://127.0.0.1:<port>`, to use instead of the server's URL. */
  readonly url: string;
  /** Connections cut so far. */
  readonly cuts: number;
  close(): Promise<void>;
}

export interface CutOptions {
  /** True for a request (its first bytes, as text) whose connection is to be cut. */
  cut: (head: string) => boolean;
  /** Cut at most this many connections; later ones pass. */
  max: number;
  /** Delay between forwarding the request and cutting, in ms (a function for a random one). */
  afterMs?: number | (() => number);
}

/** Starts a proxy in front of `target` (`http://127.0.0.1:<port>`). */
export async function cutProxy(target: string, options: CutOptions): Promise<CutProxy> {
  const { port: targetPort, hostname } = new URL(target);
  let cuts = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(targetPort), hostname);
    sockets.add(client).add(upstream);
    const gone = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', gone).on('close', gone);
    upstream.on('error', gone).on('close', gone);
    upstream.on('data', (d) => client.write(d));
    client.on('data', (d) => {
      upstream.write(d);
      if (cuts < options.max && options.cut(d.toString('latin1'))) {
        cuts += 1;
        const after = typeof options.afterMs === 'function' ? options.afterMs() : (options.afterMs ?? 0);
        // The request still reaches the server (end() flushes what is queued while the upstream
        // connection is being made), then the connection ends: the client is gone.
        const cut = () => {
          upstream.end();
          client.destroy();
        };
        if (after <= 0) cut();
        else setTimeout(cut, after);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    get cuts() {
      return cuts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
