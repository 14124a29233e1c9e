/**
 * Invoice-generation benchmark: a month of invoices for N customers with 2 services each (one priced
 * product, a tier change mid-month on every other service, a setup fee for the services begun that month,
 * metered download traffic on 5 days), through the real generator into a real database, an invoice_issued
 * mail queued with each invoice. Each size is seeded here and generated in a fresh process that only builds
 * the portal and generates, so its peak RSS is the generation's as a portal process runs it. Printed per
 * size: time, peak RSS, and RSS above the process before generation, which must not grow with the number
 * of customers. Goal at 10,000 customers: ≤ 15 s and ≤ 250 MB.
 *
 *   node --import tsx test/bench/invoice-generation.bench.ts   (BENCH_SIZES=2500,10000; TEST_DB=sqlite|pg)
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultProductConfig } from '../../plugins/puqvpncp/server/product-config.js';
import { createDb } from '../../server/db/create-db.js';
import { generateInvoices } from '../../server/domain/billing/generate-invoices.js';
import { createServerGroup } from '../../server/domain/catalogue/server-groups.js';
import { buildProduct } from '../support/factories.js';
import { buildTestApp } from '../support/test-app.js';
import { dialect, freshDatabase, type TestDb } from '../support/test-db.js';

const GOALS = { seconds: 15, rssMb: 250 };
const CLOCK = () => new Date('2026-04-02T03:00:00Z');
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** Seeds `customers` customers with two services each, their plan history and traffic. */
async function seed(tdb: TestDb, customers: number): Promise<void> {
  const t = await buildTestApp({ tdb, clock: CLOCK });
  const db = t.c.db;
  const group = await createServerGroup(t.c.deps, { name: 'bench' });
  const base = defaultProductConfig();
  const product = await buildProduct(t.c, group.id, { ...base, metrics: { ...base.metrics, download: { enabled: true, price_per_gb: '0.05', included_gb: 1 } } });
  await db('products').where({ id: product.id }).update({ monthly_price_minor: 499, setup_fee_minor: 150 });
  await db('product_speed_tiers').insert({ product_id: product.id, code: 't100', name: '100 Mbit/s', download_mbps: 100, upload_mbps: 100, monthly_price_minor: 200, position: 0, created_at: 'x' });
  const ts = '2026-02-01T00:00:00.000Z';
  // SQLite takes at most 500 rows in one multi-row insert
  for (let i = 0; i < customers; i += 400) {
    const n = Math.min(400, customers - i);
    await db('users').insert(Array.from({ length: n }, (_, k) => ({ email: `c${i + k}@bench.test`, name: `Кирилл Γεώργιος ${i + k}`, password_hash: 'x', role: 'client', created_at: ts, updated_at: ts })));
  }
  const clientIds = (await db('users').where({ role: 'client' }).orderBy('id').select('id')).map((r) => Number(r.id));
  for (let i = 0; i < clientIds.length; i += 200) {
    await db('services').insert(clientIds.slice(i, i + 200).flatMap((clientId) => [0, 1].map((k) => ({ client_id: clientId, product_id: product.id, status: 'active', username: `b-${clientId}-${k}`, options: '{}', created_at: ts, updated_at: ts }))));
  }
  const serviceIds = (await db('services').orderBy('id').select('id')).map((r) => Number(r.id));
  for (let i = 0; i < serviceIds.length; i += 80) {
    const slice = serviceIds.slice(i, i + 80);
    await db('service_plan_periods').insert(slice.flatMap((id, k) => [
      { service_id: id, from_day: (i + k) % 4 === 0 ? '2026-03-10' : '2026-02-01', product_id: product.id, tier_code: null, changed_by: 'bench', created_at: ts },
      ...((i + k) % 2 === 0 ? [{ service_id: id, from_day: '2026-03-16', product_id: product.id, tier_code: 't100', changed_by: 'bench', created_at: ts }] : []),
    ]));
    await db('usage_daily').insert(slice.flatMap((id) => [3, 9, 14, 22, 30].map((d) => ({ service_id: id, day: `2026-03-${String(d).padStart(2, '0')}`, download_bytes: 1_234_567_891 + id, upload_bytes: 7_654_321, collected_at: ts }))));
  }
  await db.destroy();
}

if (process.env.BENCH_GENERATE) {
  // the generating process: the portal over the seeded database, and nothing else
  const { databaseUrl, searchPath } = JSON.parse(process.env.BENCH_GENERATE) as { databaseUrl: string; searchPath?: string };
  const db = createDb(databaseUrl, { searchPath });
  const t = await buildTestApp({ tdb: { db, databaseUrl, searchPath, dir: '', destroy: () => db.destroy() }, clock: CLOCK });
  const heapAfterGc = () => {
    global.gc?.();
    return process.memoryUsage().heapUsed;
  };
  const heapBefore = heapAfterGc();
  const before = process.memoryUsage().rss;
  let peak = before;
  let heapPeak = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    heapPeak = Math.max(heapPeak, m.heapTotal);
  }, 20);
  const started = performance.now();
  const result = await generateInvoices(t.c.billing, { period: '2026-03' });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const retainedMb = mb(heapAfterGc() - heapBefore);
  const lines = Number((await db('invoice_lines').count<{ n: number }[]>({ n: '*' }))[0].n);
  console.log(JSON.stringify({ created: result.created, lines, seconds, peakRssMb: mb(Math.max(peak, process.resourceUsage().maxRSS * 1024)), aboveStartMb: mb(peak - before), retainedMb, heapPeakMb: mb(heapPeak) }));
  await t.close();
  process.exit(0);
}

const sizes = (process.env.BENCH_SIZES ?? '2500,10000').split(',').map(Number);
const here = fileURLToPath(import.meta.url);
console.log(`invoice generation on ${dialect}: 2 services per customer; recurring, setup, tier-change and usage lines; one invoice_issued mail each`);
for (const customers of sizes) {
  const tdb = await freshDatabase();
  await seed(tdb, customers);
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', here], {
    cwd: path.resolve(path.dirname(here), '../..'),
    env: { ...process.env, NODE_ENV: 'test', BENCH_GENERATE: JSON.stringify({ databaseUrl: tdb.databaseUrl, searchPath: tdb.searchPath }) },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  tdb.db = createDb(tdb.databaseUrl, { searchPath: tdb.searchPath });
  await tdb.destroy();
  const line = run.stdout.trim().split('\n').pop() ?? '';
  if (run.status !== 0 || !line.startsWith('{')) {
    console.log(`  ${customers} customers: the run failed (${run.status})`);
    process.exitCode = 1;
    continue;
  }
  const r = JSON.parse(line) as { created: number; lines: number; seconds: number; peakRssMb: number; aboveStartMb: number; retainedMb: number; heapPeakMb: number };
  const verdict = customers === 10_000 ? `; goal ≤ ${GOALS.seconds} s and ≤ ${GOALS.rssMb} MB: ${r.seconds <= GOALS.seconds && r.peakRssMb <= GOALS.rssMb ? 'met' : 'NOT MET'}` : '';
  console.log(`  ${customers} customers (${customers * 2} services): ${r.created} invoices, ${r.lines} lines in ${r.seconds.toFixed(2)} s; peak RSS ${r.peakRssMb} MB, ${r.aboveStartMb} MB above the process before generating (V8 heap at most ${r.heapPeakMb} MB), ${r.retainedMb} MB of heap still held after it${verdict}`);
}
