/**
 * Panel-flood benchmark: the daily usage pull of 400 metered services over 10 fake panels whose every
 * traffic answer is huge (1,000,000 rows, or a 50 MB body), through the real collector into a real
 * SQLite database. Each answer is cut at its size limit while it is read, so the run must stay small and
 * responsive: prints the portal process's peak RSS (goal ≤ 250 MB) and the event-loop delay p99 during
 * the pull (goal ≤ 50 ms), and checks that nothing of the floods was stored.
 *
 *   node --import tsx test/bench/panel-flood.bench.ts   (BENCH_SERVICES to change the size)
 */
import { spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { defaultProductConfig } from '../../plugins/puqvpncp/server/product-config.js';
import { buildBillingDeps } from '../../server/billing-container.js';
import { collectUsage } from '../../server/domain/billing/collect-usage.js';
import { createServerGroup } from '../../server/domain/catalogue/server-groups.js';
import { createServer } from '../../server/domain/catalogue/servers.js';
import { PROJECT_ROOT } from '../../server/db/create-db.js';
import { buildProduct } from '../support/factories.js';
import { buildTestApp } from '../support/test-app.js';

const PANELS = 10;
const SERVICES = Number(process.env.BENCH_SERVICES ?? 400);
const DATE = '2026-03-31';
const GOALS = { rssMb: 250, p99Ms: 50 };
const mb = (kb: number) => Math.round(kb / 1024);

const panelsProcess = spawn(process.execPath, ['--import', 'tsx', 'test/bench/panel-flood-panels.ts'], {
  cwd: PROJECT_ROOT,
  env: { ...process.env, BENCH_PANELS: String(PANELS), BENCH_SERVICES: String(SERVICES) },
  stdio: ['pipe', 'pipe', 'inherit'],
});
const firstLine = await createInterface({ input: panelsProcess.stdout })[Symbol.asyncIterator]().next();
const { ports, token } = JSON.parse(firstLine.value as string) as { ports: number[]; token: string };

const t = await buildTestApp({ clock: () => new Date(`${DATE}T12:00:00Z`), env: process.env.PANEL_ANSWER_LIMITS ? { PANEL_ANSWER_LIMITS: process.env.PANEL_ANSWER_LIMITS } : {} });
try {
  const group = await createServerGroup(t.c.deps, { name: 'flood' });
  const serverIds: number[] = [];
  for (const [i, port] of ports.entries()) {
    serverIds.push((await createServer(t.c.deps, { name: `flood-panel-${i + 1}`, hostname: '127.0.0.1', port, server_group_id: group.id, api_token: token })).id);
  }
  const config = defaultProductConfig();
  config.metrics.download = { enabled: true, price_per_gb: '0.05', included_gb: 10 };
  const product = await buildProduct(t.c, group.id, config);
  const at = new Date().toISOString();
  const client = await t.c.db('users').insert({ email: 'flood@example.test', name: 'Flood', password_hash: 'x', role: 'client', created_at: at, updated_at: at }).returning('id');
  const clientId = Number((client[0] as { id: number }).id ?? client[0]);
  const rows = Array.from({ length: SERVICES }, (_, i) => ({ client_id: clientId, product_id: product.id, server_id: serverIds[i % PANELS], status: 'active', username: `flood-${i}`, network_name: 'main', created_at: at, updated_at: at }));
  await t.c.db.batchInsert('services', rows, 200);

  const rssBefore = mb(process.memoryUsage().rss / 1024);
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const started = performance.now();
  const result = await collectUsage(buildBillingDeps(t.c), { date: DATE });
  const ms = performance.now() - started;
  delay.disable();
  const peakMb = mb(process.resourceUsage().maxRSS);
  const p99 = delay.percentile(99) / 1e6;
  const stored = Number(((await t.c.db('usage_daily').count({ n: '*' }).first()) as { n: number | string }).n);
  const tooLarge = result.failed.filter((f) => /larger than the .* allowed/.test(f.error)).length;

  console.log(`panel-flood: ${SERVICES} metered services over ${PANELS} fake panels; every traffic answer 1,000,000 rows or 50 MB; SQLite`);
  console.log(`  pull: ${(ms / 1000).toFixed(2)} s; ${tooLarge} of ${result.services} answers refused at their size limit, ${result.collected} stored, ${stored} daily rows stored`);
  console.log(`  RSS before the pull ${rssBefore} MB; peak RSS of the portal process ${peakMb} MB (goal ≤ ${GOALS.rssMb} MB) ${peakMb <= GOALS.rssMb ? 'OK' : 'ABOVE GOAL'}`);
  console.log(`  event-loop delay during the pull: p50 ${(delay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms (goal p99 ≤ ${GOALS.p99Ms} ms) ${p99 <= GOALS.p99Ms ? 'OK' : 'ABOVE GOAL'}`);
  if (tooLarge !== SERVICES || stored !== 0) throw new Error(`expected every answer refused and nothing stored, got ${tooLarge} refused, ${stored} rows: ${JSON.stringify(result.failed.slice(0, 2))}`);
} finally {
  panelsProcess.stdin.end();
  await t.close();
}
