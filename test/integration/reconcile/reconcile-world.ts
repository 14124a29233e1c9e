/**
 * Shared set-up of the reconciliation tests: the real app over a fresh database, fake panels over real
 * HTTP, one product whose caps are 100/50 Mbit/s, and a builder of services whose panel client matches
 * the portal exactly, so each test adds only the drift it is about.
 */
import request from 'supertest';
import { FakePanel } from '../../../plugins/puqvpncp/fake/fake-panel.js';
import { defaultProductConfig } from '../../../plugins/puqvpncp/server/product-config.js';
import { createServerGroup } from '../../../server/domain/catalogue/server-groups.js';
import { createServer } from '../../../server/domain/catalogue/servers.js';
import type { ServiceStatus } from '../../../server/domain/types.js';
import { buildApiToken, buildClient, buildProduct, buildService } from '../../support/factories.js';
import { buildTestApp, type TestApp } from '../../support/test-app.js';

/** One test file's world. */
export interface ReconcileWorld {
  t: TestApp;
  panels: FakePanel[];
  serverIds: number[];
  groupId: number;
  productId: number;
  clientId: number;
  token: string;
  now: Date;
  /** a service on panel `panel` whose client `name` exists there exactly as the portal holds it (none for terminated, failed or pending) */
  vpn(name: string, input?: { status?: ServiceStatus; panel?: number; options?: { b_download?: number; b_upload?: number } }): Promise<number>;
  /** the admin API with a token */
  api(method: 'get' | 'post' | 'put' | 'delete', path: string): request.Test;
  /** POST /api/admin/reconcile */
  run(body?: object): Promise<request.Response>;
}

/**
 * Registers the hooks: the world is built once per file; before each test the panels are reset, the
 * previous tests' services are retired and their findings dropped.
 * @param options.env extra configuration; options.panels how many fake panels (default 1)
 */
export function useReconcileWorld(options: { panels?: number; env?: Record<string, string> } = {}): ReconcileWorld {
  const w = { now: new Date('2026-03-15T12:00:00Z') } as ReconcileWorld;
  w.panels = Array.from({ length: options.panels ?? 1 }, () => new FakePanel({ clock: () => new Date('2000-01-01T00:00:00Z') }));
  before(async () => {
    w.t = await buildTestApp({ env: options.env, clock: () => w.now });
    await Promise.all(w.panels.map((p) => p.start()));
    const group = await createServerGroup(w.t.c.deps, { name: 'reconciled' });
    w.groupId = group.id;
    w.serverIds = [];
    for (const [i, panel] of w.panels.entries()) {
      const server = await createServer(w.t.c.deps, { name: `panel-${i + 1}`, hostname: '127.0.0.1', port: panel.port, server_group_id: group.id, api_token: panel.token, connect_timeout_ms: 300, response_timeout_ms: 2000 });
      w.serverIds.push(server.id);
    }
    const config = { ...defaultProductConfig(), bandwidth: { download_mbps: 100, upload_mbps: 50 } };
    w.productId = (await buildProduct(w.t.c, group.id, config)).id;
    w.clientId = (await buildClient(w.t.c)).id;
    w.token = await buildApiToken(w.t.c);
  });
  after(async () => {
    await Promise.all(w.panels.map((p) => p.stop()));
    await w.t.close();
  });
  beforeEach(async () => {
    for (const p of w.panels) p.reset();
    await w.t.c.db('reconcile_findings').delete();
    await w.t.c.db('services').update({ status: 'terminated', pending_action: null });
    await w.t.c.db('settings').where({ key: 'reconcile_auto_repair' }).delete();
  });

  w.vpn = async (name, input = {}) => {
    const panelIndex = input.panel ?? 0;
    const status = input.status ?? 'active';
    const id = (await buildService(w.t.c, { clientId: w.clientId, productId: w.productId, options: input.options })).id;
    let dedicatedIp: string | null = null;
    if (status === 'active' || status === 'suspended') {
      const client = w.panels[panelIndex].seedClient({ name, network_name: 'main' });
      client.b_download = input.options?.b_download ?? 100;
      client.b_upload = input.options?.b_upload ?? 50;
      client.status = status === 'active' ? 'enable' : 'disable';
      dedicatedIp = client.ipv4;
    }
    await w.t.c.repos.services.update(id, { status, serverId: w.serverIds[panelIndex], username: name, networkName: 'main', dedicatedIp });
    return id;
  };
  w.api = (method, path) => request(w.t.app)[method](path).set('Authorization', `Bearer ${w.token}`);
  w.run = (body = {}) => w.api('post', '/api/admin/reconcile').send(body);
  return w;
}
