import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, trustProxyFrom } from '../../src/web/http/client-address.js';

const request = (remote: string, xff?: string) => ({ socket: { remoteAddress: remote }, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } }) as unknown as IncomingMessage;

describe('client address behind a proxy (TRUST_PROXY)', () => {
  it('unset: the socket address, whatever X-Forwarded-For claims', () => {
    expect(trustProxyFrom('')).toBeNull();
    expect(clientAddress(request('127.0.0.1', '203.0.113.9'), null)).toBe('127.0.0.1');
  });

  it('loopback: the address the proxy appended, not what the client wrote before it', () => {
    const trust = trustProxyFrom('loopback');
    expect(clientAddress(request('127.0.0.1', '6.6.6.6, 203.0.113.9'), trust)).toBe('203.0.113.9');
    expect(clientAddress(request('::ffff:127.0.0.1', '203.0.113.9'), trust)).toBe('203.0.113.9');
    expect(clientAddress(request('127.0.0.1'), trust)).toBe('127.0.0.1');
  });

  it('a request straight from an untrusted address keeps its own address', () => {
    expect(clientAddress(request('198.51.100.7', '127.0.0.1'), trustProxyFrom('loopback'))).toBe('198.51.100.7');
  });

  it('IPv4 ranges for container networks', () => {
    const trust = trustProxyFrom('172.16.0.0/12, 10.0.0.5')!;
    expect(trust('172.18.0.4')).toBe(true);
    expect(trust('::ffff:172.31.255.1')).toBe(true);
    expect(trust('172.32.0.1')).toBe(false);
    expect(trust('10.0.0.5')).toBe(true);
    expect(trust('10.0.0.6')).toBe(false);
  });
});
