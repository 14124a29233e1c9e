/**
 * Reconciliation benchmark: 10,000 services over 10 fake panels that each answer after 20 ms (the panels
 * of the usage-billing benchmark, in their own process), through the real run into a real SQLite
 * database. Three runs: the first finds a difference for every service (the portal holds no IPs yet, so
 * 10,000 network findings are written), the second after the IPs are recorded (nothing differs, the
 * 10,000 findings are resolved), and the month's usage pull of the same services for comparison. Prints
 * the times, their ratio to the pull and the portal's peak RSS. Goal: within 1.5× of the usage pull.
 *
 *   node --import tsx test/bench/reconcile.bench.ts   (BENCH_SERVICES to change the size)
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { defaultProductConfig } from '../../plugins/puqvpncp/server/product-config.js';
import { buildBillingDeps } from '../../server/billing-container.js';
import { collectUsage } from '../../server/domain/billing/collect-usage.js';
import { createServerGroup } from '../../server/domain/catalogue/server-groups.js';
import { createServer } from '../../server/domain/catalogue/servers.js';
import { reconcileNow } from '../../server/domain/reconcile/run-reconciliation.js';
import { PROJECT_ROOT } from '../../server/db/create-db.js';
import { buildProduct } from '../support/factories.js';
import { buildTestApp } from '../support/test-app.js';

const PANELS = 10;
const SERVICES = Number(process.env.BENCH_SERVICES ?? 10_000);
const LATENCY_MS = 20;
const DATE = '2026-03-31';
const GOAL_RATIO = 1.5;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

const panelsProcess = spawn(process.execPath, ['--import', 'tsx', 'test/bench/usage-billing-panels.ts'], {
  cwd: PROJECT_ROOT,
  env: { ...process.env, BENCH_PANELS: String(PANELS), BENCH_SERVICES: String(SERVICES), BENCH_LATENCY_MS: String(LATENCY_MS), BENCH_TODAY: `${DATE}T12:00:00Z` },
  stdio: ['pipe', 'pipe', 'inherit'],
});
const panelLines = createInterface({ input: panelsProcess.stdout })[Symbol.asyncIterator]();
const { ports, token } = JSON.parse((await panelLines.next()).value as string) as { ports: number[]; token: string };

const t = await buildTestApp({ clock: () => new Date(`${DATE}T12:00:00Z`) });
try {
  const group = await createServerGroup(t.c.deps, { name: 'bench' });
  const serverIds: number[] = [];
  for (const [i, port] of ports.entries()) serverIds.push((await createServer(t.c.deps, { name: `panel-${i + 1}`, hostname: '127.0.0.1', port, server_group_id: group.id, api_token: token })).id);
  const config = defaultProductConfig();
  config.metrics.download = { enabled: true, price_per_gb: '0.05', included_gb: 10 };
  const product = await buildProduct(t.c, group.id, config);
  const at = new Date().toISOString();
  await t.c.db.batchInsert('users', Array.from({ length: 100 }, (_, i) => ({ email: `bench${i}@example.test`, name: `Bench ${i}`, password_hash: 'x', role: 'client', created_at: at, updated_at: at })), 100);
  const firstClient = Number((await t.c.db('users').where({ role: 'client' }).min({ id: 'id' }).first())?.id);
  const services = Array.from({ length: SERVICES }, (_, i) => ({ client_id: firstClient + (i % 100), product_id: product.id, server_id: serverIds[i % PANELS], status: 'active', username: `bench-${i}`, network_name: 'main', created_at: at, updated_at: at }));
  await t.c.db.batchInsert('services', services, 500);
  const rssSetup = rssMb();

  let started = performance.now();
  const first = await reconcileNow(t.c.reconcile);
  const firstMs = performance.now() - started;
  const rssFirst = rssMb();
  // record the IPs the panels hold, so the second run finds nothing
  for (const f of await t.c.db('reconcile_findings').whereNull('resolved_at').select('service_id', 'panel')) {
    await t.c.db('services').where({ id: f.service_id }).update({ dedicated_ip: (JSON.parse(f.panel as string) as { dedicated_ip: string }).dedicated_ip });
  }
  started = performance.now();
  const second = await reconcileNow(t.c.reconcile);
  const secondMs = performance.now() - started;
  const rssSecond = rssMb();

  started = performance.now();
  const pull = await collectUsage(buildBillingDeps(t.c), { date: DATE });
  const pullMs = performance.now() - started;

  const incomplete = [...first.servers, ...second.servers].filter((s) => !s.complete);
  if (incomplete.length > 0 || pull.failed.length > 0) throw new Error(`incomplete: ${JSON.stringify(incomplete.slice(0, 2))} ${JSON.stringify(pull.failed.slice(0, 2))}`);
  const ratio = (ms: number) => `${(ms / pullMs).toFixed(2)}× the pull (goal ≤ ${GOAL_RATIO}) ${ms / pullMs <= GOAL_RATIO ? 'OK' : 'ABOVE GOAL'}`;
  console.log(`reconcile: ${SERVICES} services, ${PANELS} fake panels answering in ${LATENCY_MS} ms, SQLite; ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}`);
  console.log(`  first run, every service differs (${first.findings.length} findings written): ${seconds(firstMs)}; ${ratio(firstMs)}`);
  console.log(`  second run, nothing differs (${second.findings.length} findings, ${second.servers.reduce((n, s) => n + s.resolved, 0)} resolved): ${seconds(secondMs)}; ${ratio(secondMs)}`);
  console.log(`  usage pull of the same services (${pull.collected} collected): ${seconds(pullMs)}`);
  console.log(`  peak RSS of the portal process: ${rssSetup} MB after set-up, ${rssFirst} MB after the first run, ${rssSecond} MB after the second`);
} finally {
  panelsProcess.stdin.end();
  await t.close();
}
