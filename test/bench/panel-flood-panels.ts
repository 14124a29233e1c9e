/**
 * The fake panels of the panel-flood benchmark, in a process of their own so that the benchmark's peak
 * RSS and event-loop delay are the portal's alone. Starts BENCH_PANELS panels with BENCH_SERVICES clients
 * flood-<i> (panel i mod BENCH_PANELS); every traffic answer is huge: 1,000,000 rows on the even panels,
 * a 50 MB body on the odd ones, streamed as the reader takes it. Prints one JSON line {ports, token} and
 * serves until its stdin closes.
 */
import { createInterface } from 'node:readline';
import { FakePanel } from '../../plugins/puqvpncp/fake/fake-panel.js';

const panels = Number(process.env.BENCH_PANELS ?? 10);
const services = Number(process.env.BENCH_SERVICES ?? 400);
const perPanel = Math.ceil(services / panels);

const fakes = Array.from({ length: panels }, () => new FakePanel({ slots: { total: perPanel + 10 }, networks: [{ name: 'main', subnet: '10.0.0.0/22', wireguard: true, poolSize: perPanel + 10 }] }));
await Promise.all(fakes.map((f) => f.start()));
for (let i = 0; i < services; i++) fakes[i % panels].seedClient({ name: `flood-${i}`, network_name: 'main' });
fakes.forEach((f, i) => f.flood('GET /client/:name/traffic/:year/:month', i % 2 === 0 ? { rows: 1_000_000 } : { bytes: 50 * 1024 * 1024 }));
process.stdout.write(`${JSON.stringify({ ports: fakes.map((f) => f.port), token: fakes[0].token })}\n`);

const stop = async () => {
  await Promise.all(fakes.map((f) => f.stop()));
  process.exit(0);
};
createInterface({ input: process.stdin }).on('close', stop);
process.on('SIGTERM', stop);
