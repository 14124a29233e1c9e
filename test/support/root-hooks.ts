/**
 * Mocha root hooks: an egress guard. Tests talk only to loopback (the fake panels, PostgreSQL) and to
 * names under the reserved .invalid TLD (which never resolve, for DNS-failure tests). Anything else
 * fails loudly instead of reaching a real panel.
 */
import net from 'node:net';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\]|::ffff:127\.\d+\.\d+\.\d+)$/;

function allowed(host: unknown): boolean {
  if (typeof host !== 'string' || host === '') return true; // unix sockets and defaults (localhost)
  return LOOPBACK.test(host) || host.endsWith('.invalid');
}

const originalConnect = net.Socket.prototype.connect;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
(net.Socket.prototype as any).connect = function guardedConnect(this: net.Socket, ...args: any[]) {
  const first = args[0];
  const options = Array.isArray(first) ? first[0] : first;
  const host = typeof options === 'object' && options !== null ? (options as { host?: string; path?: string }).path ? '' : (options as { host?: string }).host : typeof args[1] === 'string' ? args[1] : undefined;
  if (!allowed(host)) throw new Error(`egress guard: tests may not connect to ${String(host)}`);
  return originalConnect.apply(this, args as Parameters<typeof originalConnect>);
};

export const mochaHooks = {};
