/**
 * Benchmark: the customer's service page with warm panel caches, at 50 concurrent keep-alive connections,
 * against a bare Express + EJS app rendering a page of the same size. Prints both throughputs, their
 * ratio and the latency percentiles; the goal is a ratio of at least 0.5 and a p99 of at most 50 ms.
 * The load generator shares the process with both apps; the measurements alternate in short rounds so
 * that other work on the machine weighs on both sides alike.
 *
 * Run alone: node --import tsx test/bench/client-area.bench.ts   (BENCH_SECONDS=12 for a longer run)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import fs from 'node:fs';
import os from 'node:os';
import { FakePanel } from '../../plugins/puqvpncp/fake/fake-panel.js';
import { defaultProductConfig } from '../../plugins/puqvpncp/server/product-config.js';
import { buildClient, buildGroupWithServer, buildProduct, buildService, PASSWORD } from '../support/factories.js';
import { buildTestApp } from '../support/test-app.js';

const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const ROUNDS = 6;
const ROUND_SECONDS = SECONDS / ROUNDS;
const WARMUP_SECONDS = 1;
const GOAL = { ratio: 0.5, p99Ms: 50 };

interface Result {
  requests: number;
  errors: number;
  seconds: number;
  latencies: number[];
}

/**
 * Requests `path` from 50 workers on keep-alive sockets for `seconds`; records each latency and counts
 * `expected` answers. The agent's sockets outlive the call, so later rounds do not pay for new connections.
 */
async function load(agent: http.Agent, port: number, urlPath: string, headers: Record<string, string>, seconds: number, expected = 200): Promise<Result> {
  const result: Result = { requests: 0, errors: 0, seconds, latencies: [] };
  const until = performance.now() + seconds * 1000;
  const once = () =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent, headers }, (res) => {
        res.resume();
        res.on('end', () => {
          result.latencies.push(performance.now() - started);
          if (res.statusCode === expected) result.requests += 1;
          else result.errors += 1;
          resolve();
        });
      });
      req.on('error', () => {
        result.errors += 1;
        resolve();
      });
    });
  const worker = async () => {
    while (performance.now() < until) await once();
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  return result;
}

function keepAlive(): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function listen(app: express.Express): Promise<http.Server> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** Signs in through the real login form and returns the session cookie. */
async function login(origin: string, email: string): Promise<string> {
  const page = await fetch(`${origin}/login`);
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const res = await fetch(`${origin}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email, password: PASSWORD }),
  });
  if (res.status !== 302) throw new Error(`login failed with ${res.status}`);
  return (res.headers.get('set-cookie') ?? cookie).split(';')[0];
}

/** The portal with one active service on a fake panel, signed in, caches warmed. */
async function portal() {
  const t = await buildTestApp();
  t.app.enable('view cache');
  const panel = new FakePanel();
  await panel.start();
  const { group, server: panelServer } = await buildGroupWithServer(t.c, panel.origin, panel.token);
  const product = await buildProduct(t.c, group.id, { ...defaultProductConfig(), instruction_url: 'https://example.com/manual', show_password: 'button' });
  const customer = await buildClient(t.c, { email: 'bench@example.test' });
  const service = await buildService(t.c, { clientId: customer.id, productId: product.id, serverId: panelServer.id });
  const name = `vpn-${customer.id}-${service.id}-bnch`;
  const seeded = panel.seedClient({ name, network_name: 'main' });
  await t.c.repos.services.update(service.id, { status: 'active', serverId: panelServer.id, username: name, networkName: 'main', dedicatedIp: seeded.ipv4, password: seeded.password });
  panel.setOnline(name, [{ protocol: 'wireguard', transfer_rx: 5_000_000, transfer_tx: 80_000_000 }]);
  const server = await listen(t.app);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const cookie = await login(origin, 'bench@example.test');
  const warm = await fetch(`${origin}/services/${service.id}`, { headers: { cookie } });
  const size = Buffer.byteLength(await warm.text());
  if (warm.status !== 200) throw new Error(`service page answered ${warm.status}`);
  return { server, panel, t, path: `/services/${service.id}`, cookie, size };
}

/** A bare Express + EJS app whose one page has `size` bytes. */
async function baseline(size: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vpncp-bench-'));
  fs.writeFileSync(path.join(dir, 'page.ejs'), '<!doctype html><html><body><% for (const l of lines) { %><p><%= l %></p>\n<% } %></body></html>');
  const line = 'x'.repeat(93);
  const lines = Array.from({ length: Math.max(1, Math.round((size - 60) / (line.length + 8))) }, () => line);
  const app = express();
  app.set('view engine', 'ejs');
  app.set('views', dir);
  app.enable('view cache');
  app.get('/', (_req, res) => res.render('page', { lines }));
  const server = await listen(app);
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  return { server, dir, size: Buffer.byteLength(await res.text()) };
}

function report(label: string, r: Result): { rps: number; p99: number } {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  const rps = r.requests / r.seconds;
  const p99 = percentile(sorted, 99);
  console.log(`${label.padEnd(26)} ${rps.toFixed(0).padStart(7)} req/s   p50 ${percentile(sorted, 50).toFixed(1).padStart(6)} ms   p99 ${p99.toFixed(1).padStart(6)} ms   errors ${r.errors}`);
  return { rps, p99 };
}

/** Every round's requests and latencies together. */
function pooled(rounds: Result[]): Result {
  return {
    requests: rounds.reduce((n, r) => n + r.requests, 0),
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    seconds: rounds.reduce((n, r) => n + r.seconds, 0),
    latencies: rounds.flatMap((r) => r.latencies),
  };
}

const p = await portal();
const b = await baseline(p.size);
const portalPort = (p.server.address() as AddressInfo).port;
const basePort = (b.server.address() as AddressInfo).port;
const agents = { base: keepAlive(), floor: keepAlive(), page: keepAlive() };
const targets = {
  base: (seconds = ROUND_SECONDS) => load(agents.base, basePort, '/', {}, seconds),
  // the cheapest signed-in answer (session and user lookup, error page): the host's own floor
  floor: (seconds = ROUND_SECONDS) => load(agents.floor, portalPort, '/no-such-page', { cookie: p.cookie }, seconds, 404),
  page: (seconds = ROUND_SECONDS) => load(agents.page, portalPort, p.path, { cookie: p.cookie }, seconds),
};
console.log(`client-area service page benchmark: ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${ROUND_SECONDS} s each after ${WARMUP_SECONDS} s warm-up`);
console.log(`page sizes: service page ${p.size} B, baseline ${b.size} B`);
for (const warm of Object.values(targets)) await warm(WARMUP_SECONDS);
// the three alternate round by round, so a change in the machine's load weighs on each alike
const rounds: Record<keyof typeof targets, Result[]> = { base: [], floor: [], page: [] };
const panelCallsBefore = p.panel.requests.length;
for (let i = 0; i < ROUNDS; i++) {
  for (const key of Object.keys(targets) as (keyof typeof targets)[]) rounds[key].push(await targets[key]());
}
const panelCalls = p.panel.requests.length - panelCallsBefore;
const base = report('bare Express + EJS', pooled(rounds.base));
const floor = report('signed-in 404 (host floor)', pooled(rounds.floor));
const page = report('service page (warm)', pooled(rounds.page));
const ratio = page.rps / base.rps;
console.log(`ratio service/baseline    ${ratio.toFixed(2)}   (goal ≥ ${GOAL.ratio}: ${ratio >= GOAL.ratio ? 'met' : 'NOT met'})`);
console.log(`service page p99          ${page.p99.toFixed(1)} ms   (goal ≤ ${GOAL.p99Ms} ms: ${page.p99 <= GOAL.p99Ms ? 'met' : 'NOT met'})`);
console.log(`panel calls during the measured rounds: ${panelCalls}`);
console.log(`host floor/baseline       ${(floor.rps / base.rps).toFixed(2)}   (no signed-in page can do better than this ratio)`);

for (const agent of Object.values(agents)) agent.destroy();
for (const s of [p.server, b.server]) {
  s.closeAllConnections();
  s.close();
}
await p.panel.stop();
await p.t.close();
fs.rmSync(b.dir, { recursive: true, force: true });
process.exit(0);
