/**
 * The provisioning race shared by the concurrency test and the benchmark: many services of one product
 * created at the same moment, through the real domain command, against one fake panel whose licence has
 * fewer slots than there are services. Returns what the invariant is checked on, and how long it took.
 */
import { FakePanel } from '../../../plugins/puqvpncp/fake/fake-panel.js';
import { defaultProductConfig } from '../../../plugins/puqvpncp/server/product-config.js';
import { createServerGroup } from '../../../server/domain/catalogue/server-groups.js';
import { createServer } from '../../../server/domain/catalogue/servers.js';
import { runLifecycleAction } from '../../../server/domain/services/run-lifecycle-action.js';
import { buildClient, buildProduct, buildService } from '../../support/factories.js';
import { buildTestApp } from '../../support/test-app.js';
import type { TestDb } from '../../support/test-db.js';

/** What the race left behind. */
export interface RaceOutcome {
  services: number;
  slots: number;
  /** wall time of the creates alone, set-up excluded */
  durationMs: number;
  active: number;
  /** failed services whose reason is the missing licence slot */
  failedForSlots: number;
  /** any other failure, with its reason */
  otherFailures: string[];
  /** usernames of active services, in service order */
  activeNames: string[];
  /** every stored username (failed services keep the one they tried) */
  storedNames: string[];
  /** stored names that needed a collision suffix (counted for the default rule) */
  suffixed: number;
  /** clients on the panel that no active service stands for */
  orphans: string[];
  /** active services whose client is missing on the panel */
  missing: string[];
}

/**
 * Runs the race on a database (the race destroys it when done).
 * @param options.services how many creates run at once (200)
 * @param options.slots the panel's licence slots (100)
 * @param options.rule the client name rule; the default gives about 100 bases for 200 services, so
 *   names collide and the suffixes are raced for
 */
export async function runProvisioningRace(tdb: TestDb, options: { services?: number; slots?: number; rule?: string } = {}): Promise<RaceOutcome> {
  const services = options.services ?? 200;
  const slots = options.slots ?? 100;
  const rule = options.rule ?? 'race-{random_digit_2}';
  const t = await buildTestApp({ tdb });
  const panel = new FakePanel({ slots: { total: slots }, networks: [{ name: 'race', subnet: '10.9.0.0/22', wireguard: true }] });
  await panel.start();
  try {
    const group = await createServerGroup(t.c.deps, { name: 'race' });
    // generous timeouts: the panel is fast, but 200 callers queue on one SQLite connection meanwhile
    const server = await createServer(t.c.deps, { name: 'Race', hostname: '127.0.0.1', port: panel.port, server_group_id: group.id, api_token: panel.token, connect_timeout_ms: 5000, response_timeout_ms: 20_000 });
    const product = await buildProduct(t.c, group.id, { ...defaultProductConfig(), client_name_rule: rule, networks: [{ server_id: server.id, network: 'race' }], bandwidth: { download_mbps: 10, upload_mbps: 10 } });
    const client = await buildClient(t.c);
    const ids: number[] = [];
    for (let i = 0; i < services; i++) ids.push((await buildService(t.c, { clientId: client.id, productId: product.id })).id);

    const started = performance.now();
    await Promise.allSettled(ids.map((id) => runLifecycleAction(t.c.lifecycleDeps, id, 'create')));
    const durationMs = Math.round(performance.now() - started);

    const rows = (await t.c.db('services').whereIn('id', ids).orderBy('id')) as { status: string; username: string | null; last_error: string | null }[];
    const activeRows = rows.filter((r) => r.status === 'active');
    const failed = rows.filter((r) => r.status !== 'active');
    const slotFailure = (r: { status: string; last_error: string | null }) => r.status === 'failed' && /licence slot/i.test(r.last_error ?? '');
    const activeNames = activeRows.map((r) => r.username as string);
    const onPanel = new Set(panel.state.clients.keys());
    return {
      services,
      slots,
      durationMs,
      active: activeRows.length,
      failedForSlots: failed.filter(slotFailure).length,
      otherFailures: failed.filter((r) => !slotFailure(r)).map((r) => `${r.status}: ${r.last_error}`),
      activeNames,
      storedNames: rows.map((r) => r.username).filter((n): n is string => n !== null),
      suffixed: rows.filter((r) => /^race-\d{2}-\d+$/.test(r.username ?? '')).length,
      orphans: [...onPanel].filter((name) => !activeNames.includes(name)),
      missing: activeNames.filter((name) => !onPanel.has(name)),
    };
  } finally {
    await panel.stop();
    await t.close();
  }
}
