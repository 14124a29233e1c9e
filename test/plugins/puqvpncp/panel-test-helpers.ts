/**
 * Shared set-up of the panel client tests: one fake panel per file, a fresh state and module log per test,
 * and helpers for failures the fake cannot produce.
 */
import { createServer as createHttpServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ModuleLogEntry, ServerRecord } from '../../../server/plugins/plugin-api.js';
import { FakePanel } from '../../../plugins/puqvpncp/fake/fake-panel.js';
import { PanelClient, type PanelClientOptions } from '../../../plugins/puqvpncp/server/panel/panel-client.js';

/** A self-signed EC certificate for 127.0.0.1, valid until 2126, for the TLS verification tests. */
export const SELF_SIGNED_TLS = {
  key: `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgnWEtbjsJCbKUz7Sa
X1jUdbuGqrXsLru8BYA0L0KM2MChRANCAAT26UxV5xoph/MB29isPpU7Do1MA3dX
9Z7RsG/I+f1VRH63VlYasNYMjGl8tehg+qzShqaeVLXsG7DGlkVcMb9X
-----END PRIVATE KEY-----`,
  cert: `-----BEGIN CERTIFICATE-----
MIIBmzCCAUKgAwIBAgIUbLCEyjfsklhhFVDKyz0ToKwDTEIwCgYIKoZIzj0EAwIw
GjEYMBYGA1UEAwwPZmFrZS1wYW5lbC50ZXN0MCAXDTI2MTEyNzExMzYyOVoYDzIx
MjYxMTAzMTEzNjI5WjAaMRgwFgYDVQQDDA9mYWtlLXBhbmVsLnRlc3QwWTATBgcq
hkjOPQIBBggqhkjOPQMBBwNCAAT26UxV5xoph/MB29isPpU7Do1MA3dX9Z7RsG/I
+f1VRH63VlYasNYMjGl8tehg+qzShqaeVLXsG7DGlkVcMb9Xo2QwYjAdBgNVHQ4E
FgQUt6r0RPeIfbBq7ddhJG5SZ7xoWPQwHwYDVR0jBBgwFoAUt6r0RPeIfbBq7ddh
JG5SZ7xoWPQwDwYDVR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqG
SM49BAMCA0cAMEQCIChg8+wpYLQpMGW6hFSKvCBm6X+bOYfw4fpUq7+jc4ygAiAP
lR9mrhywd9cNJwKXPQwIFx33aBOCw5yqNKCu5fLWOQ==
-----END CERTIFICATE-----`,
};

/** Resolves with the error a promise rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to fail');
}

/** Runs `fn` against a throwaway HTTP server that answers with `handler`, for shapes the fake never sends. */
export async function withRawServer(handler: RequestListener, fn: (port: number) => Promise<void>): Promise<void> {
  const server = createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await fn((server.address() as AddressInfo).port);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** Registers hooks for a fake panel in the enclosing describe; `client()` logs into `logs`. */
export function useFakePanel(): {
  panel: FakePanel;
  logs: ModuleLogEntry[];
  client: (options?: PanelClientOptions, server?: Partial<ServerRecord>) => PanelClient;
} {
  const panel = new FakePanel();
  const logs: ModuleLogEntry[] = [];
  before(() => panel.start());
  after(() => panel.stop());
  beforeEach(() => {
    panel.reset();
    logs.length = 0;
  });
  const client = (options: PanelClientOptions = {}, server: Partial<ServerRecord> = {}) =>
    new PanelClient(panel.serverRecord(server), { log: async (entry) => void logs.push(entry), retryBaseMs: 5, ...options });
  return { panel, logs, client };
}
