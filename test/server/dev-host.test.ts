/// <reference types="node" />
// Issue #17, item 9: dev mode judged same-origin from the Host header, so a DNS-rebinding page
// (evil.example re-resolved to 127.0.0.1: `Host: evil.example`, `Origin: http://evil.example`)
// could mint dev tokens. Dev tokens now go only to requests addressed to a loopback name.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { cleanupAll, start, type TestServer } from './helpers.js';

let s: TestServer;
let port: number;

before(async () => {
  s = await start({ cors: ['https://listed.example'] });
  port = s.port;
});
after(cleanupAll);

/** POST /v1/dev/token over a real socket to 127.0.0.1, with the Host and Origin a browser would send. */
function mint(host: string, origin?: string): Promise<{ status: number; json: any }> {
  const body = JSON.stringify({ room: 'r1', role: 'facilitator' });
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/v1/dev/token',
      headers: {
        Host: host,
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
        ...(origin ? { Origin: origin } : {}),
      },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('dev tokens and DNS rebinding', () => {
  it('refuses a DNS-rebinding-shaped request (Host evil.example, Origin http://evil.example) with a clear 403', async () => {
    for (const [host, origin] of [
      [`evil.example:${port}`, `http://evil.example:${port}`],
      ['evil.example', 'http://evil.example'],
      [`evil.example:${port}`, undefined],
      [`localhost.evil.example:${port}`, `http://localhost.evil.example:${port}`],
    ] as const) {
      const res = await mint(host, origin);
      assert.equal(res.status, 403, `${host} / ${origin}`);
      assert.equal(res.json.error.code, 'forbidden');
      assert.match(res.json.error.message, /only to requests addressed to localhost, 127\.0\.0\.1 or \[::1\]/);
      assert.equal(res.json.token, undefined);
    }
  });

  it('refuses a loopback Host called from a page elsewhere unless PULSEKIT_CORS lists it by name', async () => {
    const res = await mint(`127.0.0.1:${port}`, 'https://other.example');
    assert.equal(res.status, 403);
    // CORS refuses it first; a listed origin passes CORS and still gets a token.
    const listed = await mint(`127.0.0.1:${port}`, 'https://listed.example');
    assert.equal(listed.status, 200);
  });

  it('hands out tokens on localhost, 127.0.0.1 and [::1], from no origin or a loopback page', async () => {
    for (const [host, origin] of [
      [`127.0.0.1:${port}`, undefined],
      [`localhost:${port}`, `http://localhost:${port}`],
      [`LOCALHOST:${port}`, undefined],
      [`[::1]:${port}`, `http://[::1]:${port}`],
      [`127.0.0.1:${port}`, `http://127.0.0.1:${port}`],
    ] as const) {
      const res = await mint(host, origin);
      assert.equal(res.status, 200, `${host} / ${origin}: ${JSON.stringify(res.json)}`);
      assert.equal(typeof res.json.token, 'string');
    }
  });
});
