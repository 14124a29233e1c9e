/**
 * Shared set-up of the client-area tests: the real app over a fresh database with a fixed clock, one fake
 * panel over real HTTP with the same clock, a customer and another customer, both signed in, and
 * builders for services in any state. Panel answers are cached per server, so a test that injects a
 * fault asks for a fresh server record (same panel) to start from cold caches.
 */
import { FakePanel } from '../../../plugins/puqvpncp/fake/fake-panel.js';
import { defaultProductConfig, type ProductConfig } from '../../../plugins/puqvpncp/server/product-config.js';
import { createServerGroup } from '../../../server/domain/catalogue/server-groups.js';
import { createServer } from '../../../server/domain/catalogue/servers.js';
import type { ServiceStatus } from '../../../server/plugins/plugin-api.js';
import { buildClient, buildProduct, buildService } from '../../support/factories.js';
import { loginAs, type Agent } from '../../support/login.js';
import { buildTestApp, type TestApp } from '../../support/test-app.js';

/** The fixed "now" of the app and the panel: mid-month, so the month has days before and after it. */
export const NOW = new Date('2026-11-20T12:00:00Z');

/** The mount point of the plugin's customer routes. */
export const BASE = '/client/plugins/puqvpncp';

/** A service as a test built it, with its VPN client's panel-side facts. */
export interface BuiltService {
  id: number;
  name: string;
  ipv4: string;
  password: string;
  username: string;
}

/** One test file's world. */
export interface ClientAreaWorld {
  t: TestApp;
  panel: FakePanel;
  groupId: number;
  serverId: number;
  customer: { id: number; agent: Agent; csrf: string };
  other: { id: number; agent: Agent; csrf: string };
  /** a product of the group; `config` overrides the defaults key by key */
  product(config?: Partial<ProductConfig>): Promise<number>;
  /** a new server record pointing at the same fake panel: cold client-area caches */
  freshServer(): Promise<number>;
  /** an active service whose VPN client exists on the fake panel */
  active(opts?: { productId?: number; network?: string; clientId?: number; serverId?: number }): Promise<BuiltService>;
  /** a service in any state; a VPN client is seeded for suspended ones */
  inState(status: ServiceStatus, opts?: { productId?: number }): Promise<BuiltService>;
}

let seq = 0;

/** Registers before/after hooks building the world; the panel is reset before each test. */
export function useClientAreaWorld(): ClientAreaWorld {
  const world = { panel: new FakePanel({ clock: () => NOW }) } as ClientAreaWorld;
  let defaultProduct = 0;
  before(async () => {
    const t = await buildTestApp({ clock: () => NOW });
    await world.panel.start();
    const group = await createServerGroup(t.c.deps, { name: `vpn-${++seq}` });
    Object.assign(world, { t, groupId: group.id });
    world.serverId = await world.freshServer();
    const [a, b] = [await buildClient(t.c), await buildClient(t.c)];
    world.customer = { id: a.id, ...(await loginAs(t.app, a.email)) };
    world.other = { id: b.id, ...(await loginAs(t.app, b.email)) };
    defaultProduct = await world.product();
  });
  after(async () => {
    await world.panel.stop();
    await world.t.close();
  });
  beforeEach(() => world.panel.reset());

  world.product = async (config = {}) => (await buildProduct(world.t.c, world.groupId, { ...defaultProductConfig(), ...config })).id;
  world.freshServer = async () =>
    (await createServer(world.t.c.deps, { name: `panel-${++seq}`, hostname: '127.0.0.1', port: world.panel.port, server_group_id: world.groupId, api_token: world.panel.token })).id;
  world.active = async (opts = {}) => {
    const serverId = opts.serverId ?? world.serverId;
    const service = await buildService(world.t.c, { clientId: opts.clientId ?? world.customer.id, productId: opts.productId ?? defaultProduct, serverId });
    const name = `vpn-${service.id}-${++seq}`;
    const seeded = world.panel.seedClient({ name, network_name: opts.network ?? 'main' });
    await world.t.c.repos.services.update(service.id, { status: 'active', serverId, username: name, networkName: seeded.network_name, dedicatedIp: seeded.ipv4, password: seeded.password });
    return { id: service.id, name, ipv4: seeded.ipv4, password: seeded.password, username: seeded.username };
  };
  world.inState = async (status, opts = {}) => {
    if (status === 'active' || status === 'suspended') {
      const built = await world.active(opts);
      if (status === 'suspended') await world.t.c.repos.services.update(built.id, { status });
      return built;
    }
    const service = await buildService(world.t.c, { clientId: world.customer.id, productId: opts.productId ?? defaultProduct, serverId: world.serverId });
    const name = status === 'terminated' ? `vpn-gone-${service.id}` : '';
    await world.t.c.repos.services.update(service.id, { status, username: name || null, terminatedAt: status === 'terminated' ? NOW.toISOString() : null });
    return { id: service.id, name, ipv4: '', password: '', username: '' };
  };
  return world;
}
