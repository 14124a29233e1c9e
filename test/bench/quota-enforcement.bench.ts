/**
 * Quota benchmark: an enforcement run over 10,000 quota'd services on 10 fake panels answering after
 * 20 ms (the usage benchmark's panels, in their own process), against the usage pull of the same services
 * on the same database. The product's allowance is set so that about one service in ten is over it and
 * about one in ten past the warning: the first run sends those mails and throttles on the panels, the
 * runs after it are the hourly steady state (everything pulled, nothing to change). Prints each run's
 * time, its ratio to the usage pull (goal ≤ 1.3), what the first run did, and the portal's peak RSS.
 *
 *   node --import tsx test/bench/quota-enforcement.bench.ts   (BENCH_SERVICES to change the size)
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { defaultProductConfig } from '../../plugins/puqvpncp/server/product-config.js';
import { buildBillingDeps } from '../../server/billing-container.js';
import { collectUsage } from '../../server/domain/billing/collect-usage.js';
import { updateProductConfig } from '../../server/domain/catalogue/products.js';
import { createServerGroup } from '../../server/domain/catalogue/server-groups.js';
import { createServer } from '../../server/domain/catalogue/servers.js';
import { enforceQuotas } from '../../server/domain/quota/enforce-quotas.js';
import { PROJECT_ROOT } from '../../server/db/create-db.js';
import { buildProduct } from '../support/factories.js';
import { buildTestApp } from '../support/test-app.js';

const PANELS = 10;
const SERVICES = Number(process.env.BENCH_SERVICES ?? 10_000);
const LATENCY_MS = 20;
const DATE = '2026-03-31';
const GOAL_RATIO = 1.3;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const panelsProcess = spawn(process.execPath, ['--import', 'tsx', 'test/bench/usage-billing-panels.ts'], {
  cwd: PROJECT_ROOT,
  env: { ...process.env, BENCH_PANELS: String(PANELS), BENCH_SERVICES: String(SERVICES), BENCH_LATENCY_MS: String(LATENCY_MS), BENCH_TODAY: `${DATE}T12:00:00Z` },
  stdio: ['pipe', 'pipe', 'inherit'],
});
const panelLines = createInterface({ input: panelsProcess.stdout })[Symbol.asyncIterator]();
const { ports, token } = JSON.parse((await panelLines.next()).value as string) as { ports: number[]; token: string };

const t = await buildTestApp({ clock: () => new Date(`${DATE}T12:00:00Z`) });

async function insertServices(productId: number, serverIds: number[]): Promise<void> {
  const at = new Date().toISOString();
  const clients = Array.from({ length: 100 }, (_, i) => ({ email: `bench${i}@example.test`, name: `Bench ${i}`, password_hash: 'x', role: 'client', created_at: at, updated_at: at }));
  await t.c.db.batchInsert('users', clients, 100);
  const firstClient = Number((await t.c.db('users').where({ role: 'client' }).min({ id: 'id' }).first())?.id);
  const services = Array.from({ length: SERVICES }, (_, i) => ({
    client_id: firstClient + (i % 100), product_id: productId, server_id: serverIds[i % PANELS], status: 'active', username: `bench-${i}`, network_name: 'main', created_at: at, updated_at: at,
  }));
  await t.c.db.batchInsert('services', services, 500);
}

/** The month's total bytes per service as the pull stored them, sorted. */
async function storedTotals(): Promise<number[]> {
  const rows = await t.c.db('usage_daily').groupBy('service_id').select('service_id').sum({ total: t.c.db.raw('download_bytes + upload_bytes') });
  return rows.map((r: { total?: number | string }) => Number(r.total)).sort((a, b) => a - b);
}

try {
  const group = await createServerGroup(t.c.deps, { name: 'bench' });
  const serverIds: number[] = [];
  for (const [i, port] of ports.entries()) serverIds.push((await createServer(t.c.deps, { name: `panel-${i + 1}`, hostname: '127.0.0.1', port, server_group_id: group.id, api_token: token })).id);
  // metered, so the usage pull reads the same services the quota run does
  const config = defaultProductConfig();
  config.metrics.download = { enabled: true, price_per_gb: '0.05', included_gb: 0 };
  const product = await buildProduct(t.c, group.id, config);
  await insertServices(product.id, serverIds);
  const deps = buildBillingDeps(t.c);

  const time = async <T>(fn: () => Promise<T>) => {
    const started = performance.now();
    const value = await fn();
    return { ms: performance.now() - started, value };
  };
  const pull1 = await time(() => collectUsage(deps, { date: DATE }));
  if (pull1.value.failed.length > 0) throw new Error(`usage pull failures: ${JSON.stringify(pull1.value.failed.slice(0, 3))}`);

  // an allowance 90 % of the services stay under; warning at 90 % of it
  const totals = await storedTotals();
  const monthlyGb = Math.max(1, Math.ceil(totals[Math.floor(totals.length * 0.9)] / 1e9));
  await updateProductConfig(t.c.deps, product.id, { ...config, quota: { monthly_gb: monthlyGb, counts: 'total', action: 'throttle', throttle_mbps: 1, warn_percent: 90 } });

  const first = await time(() => enforceQuotas(deps, { date: DATE }));
  const steady1 = await time(() => enforceQuotas(deps, { date: DATE }));
  const pull2 = await time(() => collectUsage(deps, { date: DATE }));
  const steady2 = await time(() => enforceQuotas(deps, { date: DATE }));
  const rssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  for (const run of [first, steady1, steady2]) if (run.value.failed.length > 0 || run.value.pending.length > 0) throw new Error(`quota failures: ${JSON.stringify([...run.value.failed, ...run.value.pending].slice(0, 3))}`);

  const pullMs = Math.min(pull1.ms, pull2.ms);
  const steadyMs = Math.min(steady1.ms, steady2.ms);
  const ratio = (ms: number) => (ms / pullMs).toFixed(2);
  const verdict = (ms: number) => (ms / pullMs <= GOAL_RATIO ? 'OK' : 'ABOVE GOAL');
  console.log(`quota-enforcement: ${SERVICES} quota'd services, ${PANELS} fake panels answering in ${LATENCY_MS} ms, month ${DATE.slice(0, 7)}, SQLite, allowance ${monthlyGb} GB`);
  console.log(`  usage pull of the same services: ${seconds(pull1.ms)} and ${seconds(pull2.ms)}`);
  console.log(`  first quota run: ${seconds(first.ms)} (${ratio(first.ms)}× the faster pull; goal ≤ ${GOAL_RATIO}) ${verdict(first.ms)}: ${first.value.pulled} pulled, ${first.value.warned} warned, ${first.value.limited} limited and throttled, ${first.value.mails} mails queued`);
  console.log(`  steady-state quota runs (nothing to change): ${seconds(steady1.ms)} and ${seconds(steady2.ms)} (${ratio(steadyMs)}× the faster pull) ${verdict(steadyMs)}; mails ${steady1.value.mails + steady2.value.mails}`);
  console.log(`  peak RSS of the portal process: ${rssMb} MB; ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}`);
} finally {
  panelsProcess.stdin.end();
  await t.close();
}
