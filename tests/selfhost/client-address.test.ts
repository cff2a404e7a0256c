/**
 * The client-address rule of the served app (scripts/client-address.mjs, loaded into the Next
 * server by scripts/start.ts) on a real HTTP server: a client-sent X-Forwarded-For is replaced
 * by the connection's address unless the connection comes from a trusted proxy; and where
 * `npm start` listens (listenHost).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listenHost, productionConfigProblems } from '@/server/auth';
// @ts-expect-error -- a plain .mjs module without types, loaded by node --import in production
import { guardClientAddress, isTrusted } from '../../scripts/client-address.mjs';

/** Starts a server that answers with the X-Forwarded-For it saw; returns what a request with `xff` gets. */
async function seen(xff: string | undefined): Promise<string> {
  const server = http.createServer((req, res) => res.end(String(req.headers['x-forwarded-for'] ?? '(none)')));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  try {
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/`, { headers: xff ? { 'x-forwarded-for': xff } : {} });
    return await res.text();
  } finally {
    await new Promise((r) => server.close(r));
  }
}

describe('client address', () => {
  let remove: (() => void) | undefined;
  afterEach(() => {
    remove?.();
    remove = undefined;
  });

  it('replaces a client-sent X-Forwarded-For by the connection’s address when no proxy is trusted', async () => {
    expect(await seen('198.51.100.1')).toBe('198.51.100.1'); // what Next.js alone would believe
    remove = guardClientAddress([]);
    expect(await seen('198.51.100.1')).toBe('127.0.0.1');
    expect(await seen('198.51.100.1, 203.0.113.9')).toBe('127.0.0.1');
    expect(await seen(undefined)).toBe('127.0.0.1');
  });

  it('keeps the header only from a trusted proxy', async () => {
    remove = guardClientAddress(['127.0.0.0/8']);
    expect(await seen('198.51.100.1')).toBe('198.51.100.1');
    remove?.();
    remove = guardClientAddress(['10.0.0.1', '::1']); // the connection (127.0.0.1) is not one of them
    expect(await seen('198.51.100.1')).toBe('127.0.0.1');
  });

  it('matches addresses and ranges, IPv4-mapped IPv6 included', () => {
    expect(isTrusted('127.0.0.1', ['127.0.0.1'])).toBe(true);
    expect(isTrusted('::ffff:10.1.2.3', ['10.0.0.0/8'])).toBe(true);
    expect(isTrusted('10.1.2.3', ['10.0.0.0/16'])).toBe(false);
    expect(isTrusted('::1', ['::1'])).toBe(true);
    expect(isTrusted('2001:db8::5', ['2001:db8::/32'])).toBe(true);
    expect(isTrusted(undefined, ['127.0.0.1'])).toBe(false);
  });

  it('listens on 127.0.0.1 in production unless HOST says otherwise, and checks HOST', () => {
    expect(listenHost({}, true)).toBe('127.0.0.1');
    expect(listenHost({ HOST: '0.0.0.0' }, true)).toBe('0.0.0.0');
    expect(listenHost({}, false)).toBeUndefined();
    const env = { AUTH_SECRET: 'x'.repeat(40), BASE_URL: 'https://curvature.example.edu' };
    expect(productionConfigProblems({ ...env, HOST: '::' })).toEqual([]);
    expect(productionConfigProblems({ ...env, HOST: 'not a host!' })[0]).toMatch(/HOST must be an IP address or a host name/);
  });
});
