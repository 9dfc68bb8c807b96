/** Reads a JSON request body with a size limit (413 `too_large`) and clear parse errors (400). */
import type { IncomingMessage } from 'node:http';
import { badRequest, tooLarge } from '../errors.js';

/** Deepest nesting of arrays and objects in a request body or WebSocket message. */
export const MAX_JSON_DEPTH = 64;

/**
 * True when JSON text nests arrays and objects more than `max` levels deep. Checked before
 * JSON.parse (issue #17): V8 takes about 0.2 µs per level to parse, so a 64 KiB body of nothing
 * but `[` costs milliseconds, while this scan stops at level `max + 1`.
 */
export function jsonNestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

/** Bytes of an oversized body still read (and dropped) so the client can read the 413; beyond it the socket is cut. */
const DISCARD_LIMIT = 1024 * 1024;

export function readJson(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    let size = 0;
    let over = Number.isFinite(declared) && declared > maxBytes;
    const chunks: Buffer[] = [];
    const fail = (err: Error) => {
      req.removeListener('end', onEnd);
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (over) {
        if (size > maxBytes + DISCARD_LIMIT) req.socket.destroy();
        return;
      }
      if (size > maxBytes) {
        over = true;
        chunks.length = 0;
        fail(tooLarge(`The body is over the limit of ${maxBytes} bytes.`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      if (over) return;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return reject(badRequest('The request needs a JSON body.'));
      if (jsonNestsDeeperThan(text, MAX_JSON_DEPTH))
        return reject(badRequest(`The body nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep.`));
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(badRequest('The body is not valid JSON.'));
      }
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', (err) => fail(err));
    if (over) fail(tooLarge(`The body is ${declared} bytes; the limit is ${maxBytes}.`));
  });
}
