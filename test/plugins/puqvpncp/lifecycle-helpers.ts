/**
 * Shared set-up of the lifecycle tests: the real app over a fresh database, two fake panels over real
 * HTTP (Frankfurt and Warsaw) in one server group with short timeouts, and builders for products and
 * services, so each test reads as the rule it checks.
 */
import request from 'supertest';
import { FakePanel, type FakePanelOptions } from '../../../plugins/puqvpncp/fake/fake-panel.js';
import { defaultProductConfig, type ProductConfig } from '../../../plugins/puqvpncp/server/product-config.js';
import { createServerGroup } from '../../../server/domain/catalogue/server-groups.js';
import { createServer } from '../../../server/domain/catalogue/servers.js';
import { runLifecycleAction } from '../../../server/domain/services/run-lifecycle-action.js';
import type { LifecycleAction } from '../../../server/domain/services/lifecycle-rules.js';
import { buildApiToken, buildClient, buildProduct, buildService } from '../../support/factories.js';
import { buildTestApp, type TestApp } from '../../support/test-app.js';

/** Short enough that a dead panel fails a test quickly, long enough for a loaded CI machine. */
export const TEST_TIMEOUTS = { connect_timeout_ms: 300, response_timeout_ms: 1500 };

/** Frankfurt: one network with every protocol, one with OpenVPN only. */
export const FRA_NETWORKS = [
  { name: 'fra-1', subnet: '10.1.0.0/24', wireguard: true, amneziawg: true, openvpn: true, ikev2: true },
  { name: 'fra-ovpn', subnet: '10.1.1.0/24', openvpn: true },
];
/** Warsaw: two WireGuard networks. */
export const WAW_NETWORKS = [
  { name: 'waw-1', subnet: '10.2.0.0/24', wireguard: true },
  { name: 'waw-2', subnet: '10.2.1.0/24', wireguard: true },
];

/** One test file's world. */
export interface LifecycleWorld {
  t: TestApp;
  fra: FakePanel;
  waw: FakePanel;
  fraId: number;
  wawId: number;
  groupId: number;
  clientId: number;
  token: string;
  /** a product of the group; `config` overrides the defaults key by key */
  product(config?: Partial<ProductConfig>): Promise<number>;
  /** a pending service of the world's client */
  service(productId: number, extra?: { serverId?: number; options?: { b_download?: number; b_upload?: number } }): Promise<number>;
  /** POST /api/admin/services/:id/actions/:action */
  act(serviceId: number, action: LifecycleAction): Promise<request.Response>;
  /** the domain command itself */
  run(serviceId: number, action: LifecycleAction): ReturnType<typeof runLifecycleAction>;
  /** the stored service row */
  row(serviceId: number): Promise<Record<string, unknown>>;
}

/**
 * Registers before/after hooks building the world; panels are reset before each test.
 * @param panels options of the Frankfurt and Warsaw fakes
 * @param env more configuration of the app, e.g. ACTION_BUDGET_MS
 */
export function useLifecycleWorld(panels: { fra?: FakePanelOptions; waw?: FakePanelOptions } = {}, env: Record<string, string> = {}): LifecycleWorld {
  const world = {
    fra: new FakePanel({ networks: FRA_NETWORKS, ...panels.fra }),
    waw: new FakePanel({ networks: WAW_NETWORKS, ...panels.waw }),
  } as LifecycleWorld;
  before(async () => {
    const t = await buildTestApp({ env });
    await Promise.all([world.fra.start(), world.waw.start()]);
    const group = await createServerGroup(t.c.deps, { name: 'vpn-eu' });
    const server = (name: string, panel: FakePanel) =>
      createServer(t.c.deps, { name, hostname: '127.0.0.1', port: panel.port, server_group_id: group.id, api_token: panel.token, ...TEST_TIMEOUTS });
    world.fraId = (await server('Frankfurt', world.fra)).id;
    world.wawId = (await server('Warsaw', world.waw)).id;
    Object.assign(world, { t, groupId: group.id, clientId: (await buildClient(t.c)).id, token: await buildApiToken(t.c) });
  });
  after(async () => {
    await Promise.all([world.fra.stop(), world.waw.stop()]);
    await world.t.close();
  });
  beforeEach(() => {
    world.fra.reset();
    world.waw.reset();
  });
  world.product = async (config = {}) => (await buildProduct(world.t.c, world.groupId, { ...defaultProductConfig(), ...config })).id;
  world.service = async (productId, extra = {}) => (await buildService(world.t.c, { clientId: world.clientId, productId, ...extra })).id;
  world.act = (id, action) => request(world.t.app).post(`/api/admin/services/${id}/actions/${action}`).set('Authorization', `Bearer ${world.token}`);
  world.run = (id, action) => runLifecycleAction(world.t.c.lifecycleDeps, id, action);
  world.row = async (id) => (await world.t.c.db('services').where({ id }).first()) as Record<string, unknown>;
  return world;
}

/** The recorded calls of a panel as "METHOD /path" lines, for asserting on the order of calls. */
export function callsOf(panel: FakePanel, filter: (line: string) => boolean = (l) => !l.startsWith('GET /system') && !l.includes('/available_ip')): string[] {
  return panel.requests.map((r) => `${r.method} ${r.path}`).filter(filter);
}
