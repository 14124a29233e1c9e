/**
 * The fake panels of the usage-billing benchmark, in a process of their own so that the benchmark's
 * peak RSS and event loop measure the portal alone. Starts BENCH_PANELS panels answering after
 * BENCH_LATENCY_MS, seeds clients bench-<i> (panel i mod BENCH_PANELS) with generated daily traffic,
 * prints one JSON line {ports, token} and serves until its stdin closes. A line "cpu" on stdin is
 * answered with {cpuMs}: the CPU time this process has used, so the benchmark can tell whose CPU a run took.
 */
import { createInterface } from 'node:readline';
import { FakePanel } from '../../plugins/puqvpncp/fake/fake-panel.js';

const panels = Number(process.env.BENCH_PANELS ?? 10);
const services = Number(process.env.BENCH_SERVICES ?? 10_000);
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 20);
const today = new Date(process.env.BENCH_TODAY ?? '2026-03-31T12:00:00Z');
const perPanel = Math.ceil(services / panels);

const fakes = Array.from(
  { length: panels },
  () =>
    new FakePanel({
      latencyMs,
      clock: () => today,
      slots: { total: perPanel + 10 },
      networks: [{ name: 'main', subnet: '10.0.0.0/22', wireguard: true, poolSize: perPanel + 10 }],
    }),
);
await Promise.all(fakes.map((f) => f.start()));
for (let i = 0; i < services; i++) fakes[i % panels].seedClient({ name: `bench-${i}`, network_name: 'main', createdAt: '2026-03-01T00:00:00Z' });
process.stdout.write(`${JSON.stringify({ ports: fakes.map((f) => f.port), token: fakes[0].token })}\n`);

const stop = async () => {
  await Promise.all(fakes.map((f) => f.stop()));
  process.exit(0);
};
const commands = createInterface({ input: process.stdin });
commands.on('line', (line) => {
  if (line.trim() !== 'cpu') return;
  const { user, system } = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ cpuMs: Math.round((user + system) / 1000) })}\n`);
});
commands.on('close', stop);
process.on('SIGTERM', stop);
