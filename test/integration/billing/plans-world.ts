/**
 * Shared set-up of the plan and invoice tests: the real app over a fresh database with a clock the test
 * moves, a fake puqVPNcp panel, a product placed on it, and services created by the real lifecycle (so
 * their plan history starts the day they are provisioned).
 */
import request from 'supertest';
import { FakePanel } from '../../../plugins/puqvpncp/fake/fake-panel.js';
import { defaultProductConfig } from '../../../plugins/puqvpncp/server/product-config.js';
import { createServerGroup } from '../../../server/domain/catalogue/server-groups.js';
import { createServer } from '../../../server/domain/catalogue/servers.js';
import { buildApiToken, buildClient, buildProduct, buildService } from '../../support/factories.js';
import { buildTestApp, type TestApp } from '../../support/test-app.js';

export interface PlansWorld {
  t: TestApp;
  panel: FakePanel;
  now: Date;
  token: string;
  groupId: number;
  serverId: number;
  /** sets the clock */
  at(iso: string): void;
  api(method: 'get' | 'post' | 'put', path: string): request.Test;
  /** a product placed on the panel, with pricing and tiers set through the API when given */
  product(input?: { monthly?: string; setup?: string; tiers?: { code: string; name: string; download_mbps: number; upload_mbps: number; monthly_price: string }[]; customerCanChange?: boolean; name?: string }): Promise<number>;
  client(name?: string): Promise<{ id: number; email: string; name: string }>;
  /** a service created by the real lifecycle now */
  service(clientId: number, productId: number): Promise<{ id: number; name: string }>;
}

/** Registers before/after hooks building the world. */
export function usePlansWorld(options: { env?: Record<string, string> } = {}): PlansWorld {
  const world = { panel: new FakePanel({ networks: [{ name: 'fra-1', subnet: '10.9.0.0/16', wireguard: true }] }), now: new Date('2026-03-01T08:00:00Z') } as PlansWorld;
  before(async () => {
    await world.panel.start();
    world.t = await buildTestApp({ env: options.env, clock: () => world.now });
    const group = await createServerGroup(world.t.c.deps, { name: 'plans' });
    const server = await createServer(world.t.c.deps, { name: 'Frankfurt', hostname: '127.0.0.1', port: world.panel.port, server_group_id: group.id, api_token: world.panel.token, connect_timeout_ms: 300, response_timeout_ms: 2000 });
    world.groupId = group.id;
    world.serverId = server.id;
    world.token = await buildApiToken(world.t.c);
  });
  after(async () => {
    await world.panel.stop();
    await world.t.close();
  });
  world.at = (iso) => {
    world.now = new Date(iso);
  };
  world.api = (method, path) => request(world.t.app)[method](`/api/admin${path}`).set('Authorization', `Bearer ${world.token}`);
  world.product = async (input = {}) => {
    const config = { ...defaultProductConfig(), bandwidth: { download_mbps: 20, upload_mbps: 10 }, networks: [{ server_id: world.serverId, network: 'fra-1' }] };
    const product = await buildProduct(world.t.c, world.groupId, config);
    if (input.name) await world.t.c.db('products').where({ id: product.id }).update({ name: input.name });
    if (input.monthly !== undefined) await world.api('put', `/products/${product.id}/pricing`).send({ monthly_price: input.monthly, setup_fee: input.setup ?? '0' }).expect(200);
    if (input.tiers) await world.api('put', `/products/${product.id}/speed-tiers`).send({ tiers: input.tiers, customer_can_change: input.customerCanChange ?? false }).expect(200);
    return product.id;
  };
  world.client = async (name) => {
    const c = await buildClient(world.t.c, name ? { name } : {});
    return { id: c.id, email: c.email, name: c.name };
  };
  world.service = async (clientId, productId) => {
    const { id } = await buildService(world.t.c, { clientId, productId });
    const res = await world.api('post', `/services/${id}/actions/create`).expect(200);
    return { id, name: res.body.service.username as string };
  };
  return world;
}
