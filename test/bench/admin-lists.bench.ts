/**
 * Benchmark: the admin lists at scale. A database of 100,000 services, 50,000 customers, 100,000
 * invoices and 1,000,000 module-log rows (generated inside the database, in one statement per table),
 * then, at 10 keep-alive connections, each list answer's throughput and p50/p99: the services list
 * (first and a deep page), a search by VPN client name and by IP, a customer search, a status filter, a
 * customer's invoices and a service's module log, through the API and as admin pages. Each scenario
 * rotates over 200 different values. Goal: p99 ≤ 50 ms. The query plans of each list's queries are
 * printed, so an answer that stopped using its index shows.
 *
 * SQLite always (the embedded default); PostgreSQL too when 127.0.0.1:5432 answers.
 * Run alone: node --import tsx test/bench/admin-lists.bench.ts   (BENCH_SECONDS=5 for longer scenarios,
 * BENCH_DB=sqlite|pg for one dialect, BENCH_CONNECTIONS=1 to see a request's own time)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { createServerGroup } from '../../server/domain/catalogue/server-groups.js';
import { createServer } from '../../server/domain/catalogue/servers.js';
import { isSqlite } from '../../server/db/create-db.js';
import { buildAdmin, buildApiToken, buildProduct, PASSWORD } from '../support/factories.js';
import { buildTestApp } from '../support/test-app.js';
import { freshDatabase, PG_URL } from '../support/test-db.js';
import { createDb } from '../../server/db/create-db.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const GOAL_P99_MS = 50;
const SIZE = { clients: 50_000, services: 100_000, invoices: 100_000, moduleLog: 1_000_000 };
const TS = '2026-11-20T10:00:00.000Z';

/** `INSERT INTO table (columns) SELECT <select> FROM <1..n as g(n)>`, in the dialect's own series. */
async function generate(db: Knex, table: string, columns: string[], select: string, n: number): Promise<void> {
  const cols = columns.map((c) => `"${c}"`).join(', ');
  if (isSqlite(db)) await db.raw(`insert into "${table}" (${cols}) with recursive g(n) as (select 1 union all select n + 1 from g where n < ${n}) select ${select} from g`);
  else await db.raw(`insert into "${table}" (${cols}) select ${select} from generate_series(1, ${n}) as g(n)`);
}

/** Seeds the lists; customers get ids from 2 (the admin is 1), services and servers from 1. */
async function seed(db: Knex): Promise<void> {
  const ip = `'10.' || (n / 65536) || '.' || ((n / 256) % 256) || '.' || (n % 256)`;
  await generate(db, 'users', ['email', 'name', 'password_hash', 'role', 'disabled', 'created_at', 'updated_at'],
    `'customer' || n || '@example.test', 'Customer ' || n, 'x', 'client', ${isSqlite(db) ? '0' : 'false'}, '${TS}', '${TS}'`, SIZE.clients);
  await generate(db, 'services', ['client_id', 'product_id', 'server_id', 'status', 'username', 'network_name', 'dedicated_ip', 'options', 'created_at', 'updated_at'],
    `2 + (n % ${SIZE.clients}), 1 + (n % 2), 1 + (n % 10), case n % 20 when 0 then 'failed' when 1 then 'suspended' when 2 then 'pending' when 3 then 'terminated' else 'active' end,
     'vpn-' || (2 + (n % ${SIZE.clients})) || '-' || n || '-abcd', 'main', ${ip}, '{}', '${TS}', '${TS}'`, SIZE.services);
  await generate(db, 'invoices', ['client_id', 'period', 'currency', 'total_minor', 'gb_base', 'rounding', 'time_zone', 'created_at'],
    `2 + ((n - 1) % ${SIZE.clients}), case when n <= ${SIZE.clients} then '2026-09' else '2026-10' end, 'USD', n % 5000, 1000000000, 'half-up', 'UTC', '${TS}'`, SIZE.invoices);
  await generate(db, 'module_log', ['service_id', 'server_id', 'action', 'method', 'path', 'request', 'response', 'http_status', 'duration_ms', 'error', 'created_at'],
    `1 + (n % ${SIZE.services}), 1 + (n % 10), case n % 4 when 0 then 'create' when 1 then 'status' when 2 then 'suspend' else 'usage' end, 'GET', '/api/v1/client/x',
     '{"a":1}', '{"ok":true}', case when n % 7 = 0 then 502 else 200 end, 40, case when n % 7 = 0 then 'panel unreachable' else null end, '${TS}'`, SIZE.moduleLog);
  // a pending service has no VPN client yet
  await db('services').where({ status: 'pending' }).update({ username: null, dedicated_ip: null });
  // PostgreSQL's autovacuum would vacuum and analyze within a minute of such a load; SQLite is left as installed (no ANALYZE)
  if (!isSqlite(db)) await db.raw('vacuum analyze');
}

interface Result {
  ok: number;
  errors: number;
  latencies: number[];
}

/** Requests the paths `next()` hands out from 10 workers for `seconds`. */
async function load(agent: http.Agent, port: number, next: () => string, headers: Record<string, string>, seconds: number): Promise<Result> {
  const result: Result = { ok: 0, errors: 0, latencies: [] };
  const until = performance.now() + seconds * 1000;
  const once = () =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const req = http.get({ host: '127.0.0.1', port, path: next(), agent, headers }, (res) => {
        res.resume();
        res.on('end', () => {
          result.latencies.push(performance.now() - started);
          if (res.statusCode === 200) result.ok++;
          else result.errors++;
          resolve();
        });
      });
      req.on('error', () => {
        result.errors++;
        resolve();
      });
    });
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (performance.now() < until) await once();
  }));
  return result;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Signs the admin in through the real form; returns the session cookie. */
async function adminCookie(origin: string, email: string): Promise<string> {
  const page = await fetch(`${origin}/admin/login`);
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const res = await fetch(`${origin}/admin/login`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf, email, password: PASSWORD }) });
  if (res.status !== 302) throw new Error(`admin sign-in answered ${res.status}`);
  return (res.headers.get('set-cookie') ?? cookie).split(';')[0];
}

/** One line per plan step that reads a table or an index. */
async function plans(db: Knex, queries: { sql: string; bindings: readonly unknown[] }[]): Promise<string[]> {
  const lines: string[] = [];
  for (const q of queries) {
    if (!/^select/i.test(q.sql)) continue;
    if (isSqlite(db)) {
      const rows = (await db.raw(`explain query plan ${q.sql}`, q.bindings as Knex.RawBinding[])) as { detail: string }[];
      lines.push(rows.map((r) => r.detail).filter((d) => /SCAN|SEARCH/.test(d)).join('; '));
    } else {
      // the query event shows PostgreSQL's $n placeholders; raw() takes knex's
      const rows = ((await db.raw(`explain ${q.sql.replace(/\$\d+/g, '?')}`, q.bindings as Knex.RawBinding[])) as { rows: { 'QUERY PLAN': string }[] }).rows;
      lines.push(rows.map((r) => r['QUERY PLAN'].trim().replace(/^->\s*/, '')).filter((d) => /Scan/.test(d)).map((d) => d.replace(/\s+\(cost.*$/, '')).join('; '));
    }
  }
  return lines;
}

async function pgAnswers(): Promise<boolean> {
  const db = createDb(PG_URL);
  try {
    await db.raw('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await db.destroy();
  }
}

async function run(dialect: 'sqlite' | 'pg'): Promise<boolean> {
  const tdb = await freshDatabase({ dialect, migrate: false });
  const t = await buildTestApp({ tdb });
  const started = performance.now();
  const admin = await buildAdmin(t.c, 'bench-admin@example.test');
  if (admin.id !== 1) throw new Error('the admin must be user 1');
  const group = await createServerGroup(t.c.deps, { name: 'bench' });
  for (let i = 1; i <= 10; i++) await createServer(t.c.deps, { name: `panel-${i}`, hostname: '127.0.0.1', port: 9, server_group_id: group.id, api_token: `token-${i}` });
  for (let i = 0; i < 2; i++) await buildProduct(t.c, group.id);
  await seed(t.c.db);
  console.log(`\n[${dialect}] seeded ${SIZE.services} services, ${SIZE.clients} customers, ${SIZE.invoices} invoices, ${SIZE.moduleLog} module-log rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const server = t.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const bearer = { authorization: `Bearer ${await buildApiToken(t.c)}` };
  const cookie = { cookie: await adminCookie(origin, admin.email) };
  // 200 different values per scenario, taken in turn
  const rotate = (make: (i: number) => string) => {
    let i = 0;
    return () => make((i++ % 200) + 1);
  };
  const scenarios: { label: string; next: () => string; headers: Record<string, string> }[] = [
    { label: 'API services, page 1', next: rotate(() => '/api/admin/services'), headers: bearer },
    { label: 'API services, page 1900 of 2000', next: rotate((i) => `/api/admin/services?page=${1800 + (i % 200)}`), headers: bearer },
    { label: 'API search VPN client name', next: rotate((i) => `/api/admin/services?q=vpn-${1000 + i * 37}-`), headers: bearer },
    { label: 'API search IP', next: rotate((i) => `/api/admin/services?q=10.0.${i}.`), headers: bearer },
    { label: 'API search customer email', next: rotate((i) => `/api/admin/services?q=customer${i * 211}@`), headers: bearer },
    { label: 'API services status=failed', next: rotate((i) => `/api/admin/services?status=failed&page=${i % 20 + 1}`), headers: bearer },
    { label: 'API clients search name', next: rotate((i) => `/api/admin/clients?q=Customer%20${i * 97}`), headers: bearer },
    { label: 'API a customer\'s invoices', next: rotate((i) => `/api/admin/invoices?client_id=${2 + i * 241}`), headers: bearer },
    { label: 'API a service\'s module log', next: rotate((i) => `/api/admin/services/${i * 487}/module-log`), headers: bearer },
    { label: 'page /admin/services', next: rotate(() => '/admin/services'), headers: cookie },
    { label: 'page services search name', next: rotate((i) => `/admin/services?q=vpn-${2000 + i * 41}-`), headers: cookie },
    { label: 'page /admin/clients?q=', next: rotate((i) => `/admin/clients?q=customer${i * 13}`), headers: cookie },
    { label: 'page /admin/invoices?q=', next: rotate((i) => `/admin/invoices?q=customer${i * 17}@`), headers: cookie },
    // a pending service (n % 20 = 2, no VPN client yet): the page's module view asks no panel
    { label: 'page a service (module log)', next: rotate((i) => `/admin/services/${i * 400 + 2}`), headers: cookie },
  ];
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  let met = true;
  console.log(`[${dialect}] ${CONNECTIONS} connections, ${SECONDS} s per scenario; goal p99 ≤ ${GOAL_P99_MS} ms`);
  for (const s of scenarios) {
    await load(agent, port, s.next, s.headers, 0.5);
    const r = await load(agent, port, s.next, s.headers, SECONDS);
    const sorted = [...r.latencies].sort((a, b) => a - b);
    const p99 = percentile(sorted, 99);
    met &&= p99 <= GOAL_P99_MS && r.errors === 0;
    console.log(`  ${s.label.padEnd(32)} ${(r.ok / SECONDS).toFixed(0).padStart(6)} req/s  p50 ${percentile(sorted, 50).toFixed(1).padStart(6)} ms  p99 ${p99.toFixed(1).padStart(6)} ms  errors ${r.errors}${p99 > GOAL_P99_MS ? '  ← over the goal' : ''}`);
  }
  console.log(`[${dialect}] one request of each scenario alone: its time, its queries' times and the plans of the list's queries:`);
  for (const s of scenarios) {
    const seen: { sql: string; bindings: readonly unknown[]; uid: string; ms?: number }[] = [];
    const begun = new Map<string, number>();
    const onQuery = (q: { sql: string; bindings?: readonly unknown[]; __knexQueryUid: string }) => {
      begun.set(q.__knexQueryUid, performance.now());
      seen.push({ sql: q.sql, bindings: q.bindings ?? [], uid: q.__knexQueryUid });
    };
    const onResponse = (_r: unknown, q: { __knexQueryUid: string }) => {
      const entry = seen.find((e) => e.uid === q.__knexQueryUid);
      if (entry) entry.ms = performance.now() - (begun.get(q.__knexQueryUid) ?? 0);
    };
    t.c.db.on('query', onQuery).on('query-response', onResponse);
    const before = performance.now();
    await (await fetch(`${origin}${s.next()}`, { headers: s.headers })).text();
    const took = performance.now() - before;
    t.c.db.off('query', onQuery).off('query-response', onResponse);
    console.log(`  ${s.label}: ${took.toFixed(1)} ms, ${seen.length} queries (${seen.map((q) => (q.ms ?? NaN).toFixed(1)).join(' + ')} ms)`);
    for (const q of seen.filter((e) => (e.ms ?? 0) > 5)) console.log(`      slow: ${(q.ms ?? 0).toFixed(1)} ms ${q.sql.slice(0, 160)}`);
    if (!s.label.startsWith('API')) continue;
    for (const line of await plans(t.c.db, seen.filter((q) => /from "(services|users|invoices|module_log)"|from `(services|users|invoices|module_log)`/.test(q.sql)))) console.log(`      ${line}`);
  }
  agent.destroy();
  server.closeAllConnections();
  server.close();
  await t.close();
  return met;
}

// BENCH_DB=sqlite or BENCH_DB=pg runs one dialect only
const only = process.env.BENCH_DB;
const dialects: ('sqlite' | 'pg')[] = only === 'sqlite' || only === 'pg' ? [only] : ['sqlite'];
if (only === undefined && (await pgAnswers())) dialects.push('pg');
let allMet = true;
for (const d of dialects) allMet = (await run(d)) && allMet;
console.log(`\nadmin lists p99 ≤ ${GOAL_P99_MS} ms at ${CONNECTIONS} connections: ${allMet ? 'met' : 'NOT met'} (${dialects.join(', ')})`);
process.exit(0);
