/**
 * Usage-billing benchmark: pulls a month of traffic for 10,000 metered services spread over 10 fake
 * panels that each answer after 20 ms, through the real collector into a real SQLite database, then a
 * sequential baseline (one call at a time, as a WHMCS cron does) through the same code with both limits
 * at 1. A full sequential run would take minutes, so the baseline times a sample and extrapolates.
 * Prints both times, the ratio, the portal's CPU per service (and per fake-panel CPU, comparable across
 * machine speeds), the cost of reading one month and the portal process's peak RSS. Goals: ratio ≥ 50,
 * peak RSS ≤ 200 MB, and the tolerant reader within 10 % of the portal's CPU per service before it.
 *
 *   node --import tsx test/bench/usage-billing.bench.ts   (BENCH_SERVICES, BENCH_SAMPLE to change sizes)
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { plainTrafficList, trafficListSchema } from '../../plugins/puqvpncp/server/panel/panel-types.js';
import { defaultProductConfig } from '../../plugins/puqvpncp/server/product-config.js';
import { buildBillingDeps } from '../../server/billing-container.js';
import { collectUsage } from '../../server/domain/billing/collect-usage.js';
import { createServerGroup } from '../../server/domain/catalogue/server-groups.js';
import { createServer } from '../../server/domain/catalogue/servers.js';
import { PROJECT_ROOT } from '../../server/db/create-db.js';
import { buildProduct } from '../support/factories.js';
import { buildTestApp } from '../support/test-app.js';

const PANELS = 10;
const SERVICES = Number(process.env.BENCH_SERVICES ?? 10_000);
const SAMPLE = Number(process.env.BENCH_SAMPLE ?? 300);
const LATENCY_MS = 20;
const DATE = '2026-03-31';
const GOALS = { ratio: 50, rssMb: 200 };

const mb = (kb: number) => Math.round(kb / 1024);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

// the fake panels live in a child process: the RSS and event loop measured here are the portal's alone
const panelsProcess = spawn(process.execPath, ['--import', 'tsx', 'test/bench/usage-billing-panels.ts'], {
  cwd: PROJECT_ROOT,
  env: { ...process.env, BENCH_PANELS: String(PANELS), BENCH_SERVICES: String(SERVICES), BENCH_LATENCY_MS: String(LATENCY_MS), BENCH_TODAY: `${DATE}T12:00:00Z` },
  stdio: ['pipe', 'pipe', 'inherit'],
});
const panelLines = createInterface({ input: panelsProcess.stdout })[Symbol.asyncIterator]();
const nextLine = async () => JSON.parse((await panelLines.next()).value as string) as Record<string, unknown>;
const { ports, token } = (await nextLine()) as { ports: number[]; token: string };
/** CPU milliseconds used so far by the panels' process and by this one. */
const cpuNow = async () => {
  panelsProcess.stdin.write('cpu\n');
  const { user, system } = process.cpuUsage();
  return { panels: Number((await nextLine()).cpuMs), portal: (user + system) / 1000 };
};

const t = await buildTestApp({ clock: () => new Date(`${DATE}T12:00:00Z`) });

/** CPU µs per read of one month's `data`: the plain-case reader, the schema, the schema on a v1 month. */
function readCosts(): { plain: number; schema: number; strings: number } {
  const rows = Array.from({ length: 27 }, (_, i) => ({ date: `2026-03-${String(i + 1).padStart(2, '0')}`, traffic_download: 1_234_567_890 + i, traffic_upload: 98_765 + i }));
  const asStrings = rows.map((r) => ({ ...r, traffic_download: String(r.traffic_download), traffic_upload: String(r.traffic_upload) }));
  const time = (fn: () => unknown) => {
    for (let i = 0; i < 2_000; i++) fn();
    const c0 = process.cpuUsage();
    for (let i = 0; i < 20_000; i++) fn();
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 20_000;
  };
  return { plain: time(() => plainTrafficList(rows)), schema: time(() => trafficListSchema.parse(rows)), strings: time(() => trafficListSchema.parse(asStrings)) };
}

/** 100 customers and the metered services, bench-<i> on panel i mod PANELS, straight into the tables. */
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
try {
  const group = await createServerGroup(t.c.deps, { name: 'bench' });
  const serverIds: number[] = [];
  for (const [i, port] of ports.entries()) {
    serverIds.push((await createServer(t.c.deps, { name: `panel-${i + 1}`, hostname: '127.0.0.1', port, server_group_id: group.id, api_token: token })).id);
  }
  const config = defaultProductConfig();
  config.metrics.download = { enabled: true, price_per_gb: '0.05', included_gb: 10 };
  config.metrics.upload = { enabled: true, price_per_gb: '0.01', included_gb: 0 };
  const product = await buildProduct(t.c, group.id, config);
  await insertServices(product.id, serverIds);

  // the concurrent run first, so the peak RSS read right after it is the collection's, not the baseline's
  const deps = buildBillingDeps(t.c);
  const cpuBefore = await cpuNow();
  let started = performance.now();
  const result = await collectUsage(deps, { date: DATE });
  const concurrentMs = performance.now() - started;
  const cpuAfter = await cpuNow();
  const rssMb = mb(process.resourceUsage().maxRSS);
  const rows = Number(((await t.c.db('usage_daily').count({ n: '*' }).first()) as { n: number | string }).n);
  const perService = (ms: number) => `${((ms / SERVICES) * 1000).toFixed(0)} µs`;

  // sequential baseline on a sample, from empty tables again: the other services parked as pending
  await t.c.db('usage_daily').del();
  await t.c.db('usage_pulls').del();
  const sampleIds = (await t.c.db('services').orderBy('id').limit(SAMPLE).select('id')).map((r) => Number(r.id));
  await t.c.db('services').whereNotIn('id', sampleIds).update({ status: 'pending' });
  started = performance.now();
  const sample = await collectUsage(buildBillingDeps(t.c, { perPanelLimit: 1, overallLimit: 1 }), { date: DATE });
  const sampleMs = performance.now() - started;
  const sequentialMs = (sampleMs / sample.services) * SERVICES;
  const ratio = sequentialMs / concurrentMs;

  if (sample.failed.length > 0 || result.failed.length > 0) throw new Error(`failures: ${JSON.stringify([...sample.failed, ...result.failed].slice(0, 3))}`);
  console.log(`usage-billing: ${SERVICES} metered services, ${PANELS} fake panels answering in ${LATENCY_MS} ms, month ${DATE.slice(0, 7)}, SQLite`);
  console.log(`  concurrent (${deps.settings.perPanelLimit} per panel, ${deps.settings.overallLimit} overall): ${seconds(concurrentMs)} for ${result.collected} services, ${rows} daily rows stored`);
  console.log(`  sequential baseline (one call at a time): ${seconds(sampleMs)} for a sample of ${sample.services} services; extrapolated to ${SERVICES}: ${seconds(sequentialMs)} (EXTRAPOLATED)`);
  console.log(`  ratio sequential/concurrent: ${ratio.toFixed(1)} (goal ≥ ${GOALS.ratio}) ${ratio >= GOALS.ratio ? 'OK' : 'BELOW GOAL'}`);
  console.log(`  CPU during the concurrent run: portal ${seconds(cpuAfter.portal - cpuBefore.portal)} (${perService(cpuAfter.portal - cpuBefore.portal)} per service), fake panels ${seconds(cpuAfter.panels - cpuBefore.panels)}; ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}`);
  console.log(`  peak RSS of the portal process (setup and concurrent run): ${rssMb} MB (goal ≤ ${GOALS.rssMb} MB) ${rssMb <= GOALS.rssMb ? 'OK' : 'ABOVE GOAL'}`);
  // the fake panels do the same work in every run, so this ratio compares runs on a machine whose speed varies
  console.log(`  portal CPU per fake-panel CPU: ${((cpuAfter.portal - cpuBefore.portal) / (cpuAfter.panels - cpuBefore.panels)).toFixed(2)}`);
  const read = readCosts();
  console.log(`  reading one month (27 rows): ${read.plain.toFixed(1)} µs by the plain-case reader, ${read.schema.toFixed(1)} µs by the tolerant schema alone (${read.strings.toFixed(1)} µs with numbers as strings)`);
} finally {
  panelsProcess.stdin.end();
  await t.close();
}
