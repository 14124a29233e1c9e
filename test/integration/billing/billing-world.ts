/**
 * Shared set-up of the usage-billing tests: the real app over a fresh database with a movable clock,
 * fake panels over real HTTP whose traffic is only what a test pins (their own clock sits in 2000, so
 * they generate no history), and builders for metered products and active services.
 */
import request from 'supertest';
import { FakePanel, type FakePanelOptions } from '../../../plugins/puqvpncp/fake/fake-panel.js';
import { defaultProductConfig, type ProductConfig } from '../../../plugins/puqvpncp/server/product-config.js';
import { buildBillingDeps } from '../../../server/billing-container.js';
import type { BillingDeps, BillingSettings } from '../../../server/domain/billing/billing-deps.js';
import { createServerGroup } from '../../../server/domain/catalogue/server-groups.js';
import { createServer } from '../../../server/domain/catalogue/servers.js';
import { buildActiveService, buildApiToken, buildClient, buildProduct } from '../../support/factories.js';
import { buildTestApp, type TestApp } from '../../support/test-app.js';

/** The fake panels' own clock: before every test date, so only pinned days exist. */
const PANEL_EPOCH = () => new Date('2000-01-01T00:00:00Z');

/** Metric settings as the product config writes them. */
export type MetricConfig = ProductConfig['metrics']['download'];

/** One test file's world. */
export interface BillingWorld {
  t: TestApp;
  panels: FakePanel[];
  serverIds: number[];
  groupId: number;
  token: string;
  /** the clock every part of the portal reads */
  now: Date;
  /** billing deps over the app's container, with other settings when given */
  deps(overrides?: Partial<BillingSettings>): BillingDeps;
  /** a customer id */
  client(): Promise<number>;
  /** a product of the group with these metrics (others off) */
  product(metrics: { download?: Partial<MetricConfig>; upload?: Partial<MetricConfig> }): Promise<number>;
  /** an active service whose VPN client `name` exists on panel `panelIndex` */
  service(input: { clientId: number; productId: number; name: string; panel?: number; status?: 'active' | 'suspended' }): Promise<number>;
  /** the admin API with a token */
  api(method: 'get' | 'post', path: string): request.Test;
  /** rows of a table, ordered by id (or the given columns) */
  rows(table: string, orderBy?: string[]): Promise<Record<string, unknown>[]>;
}

/**
 * Registers hooks that build the world once per file and, unless `shared` is set, reset the panels and
 * retire the previous tests' services before each test.
 * @param options.panels how many fake panels (default 1); options.env extra configuration
 */
export function useBillingWorld(options: { panels?: number; panelOptions?: FakePanelOptions; env?: Record<string, string>; start?: string; shared?: boolean } = {}): BillingWorld {
  const world = { now: new Date(options.start ?? '2026-03-15T12:00:00Z') } as BillingWorld;
  world.panels = Array.from({ length: options.panels ?? 1 }, () => new FakePanel({ clock: PANEL_EPOCH, ...options.panelOptions }));
  before(async () => {
    world.t = await buildTestApp({ env: options.env, clock: () => world.now });
    await Promise.all(world.panels.map((p) => p.start()));
    const group = await createServerGroup(world.t.c.deps, { name: 'metered' });
    world.groupId = group.id;
    world.serverIds = [];
    for (const [i, panel] of world.panels.entries()) {
      const server = await createServer(world.t.c.deps, {
        name: `panel-${i + 1}`, hostname: '127.0.0.1', port: panel.port, server_group_id: group.id, api_token: panel.token, connect_timeout_ms: 300, response_timeout_ms: 2000,
      });
      world.serverIds.push(server.id);
    }
    world.token = await buildApiToken(world.t.c);
  });
  after(async () => {
    await Promise.all(world.panels.map((p) => p.stop()));
    await world.t.close();
  });
  beforeEach(async () => {
    if (options.shared) return;
    for (const p of world.panels) p.reset();
    // earlier tests' services lost their panel clients with the reset: out of the next pull
    await world.t.c.db('services').whereIn('status', ['active', 'suspended']).update({ status: 'terminated' });
  });

  world.deps = (overrides = {}) => buildBillingDeps(world.t.c, overrides);
  world.client = async () => (await buildClient(world.t.c)).id;
  world.product = async (metrics) => {
    const base = defaultProductConfig();
    const config = { ...base, metrics: { download: { ...base.metrics.download, ...metrics.download }, upload: { ...base.metrics.upload, ...metrics.upload } } };
    return (await buildProduct(world.t.c, world.groupId, config)).id;
  };
  world.service = ({ clientId, productId, name, panel = 0, status = 'active' }) =>
    buildActiveService(world.t.c, world.panels[panel], { clientId, productId, serverId: world.serverIds[panel], name, status });
  world.api = (method, path) => request(world.t.app)[method](path).set('Authorization', `Bearer ${world.token}`);
  world.rows = async (table, orderBy = ['id']) => (await world.t.c.db(table).orderBy(orderBy)) as Record<string, unknown>[];
  return world;
}
