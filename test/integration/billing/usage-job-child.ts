/**
 * A second portal process for the single-runner test: wires the portal over DATABASE_URL, says "ready",
 * waits for "go" on stdin, runs the usage-collect job (or CHILD_JOB) from the registry once and prints its
 * result as JSON.
 */
import { createInterface } from 'node:readline';
import { loadConfig } from '../../../server/config/load-config.js';
import { buildContainer } from '../../../server/container.js';
import { createDb } from '../../../server/db/create-db.js';
import { JOBS } from '../../../server/jobs/scheduler.js';

const config = loadConfig();
const db = createDb(config.databaseUrl);
const now = new Date(process.env.CHILD_NOW ?? Date.now());
const c = await buildContainer(config, db, { clock: () => now });
const name = process.env.CHILD_JOB ?? 'usage-collect';
const job = JOBS.find((j) => j.name === name);
if (!job) throw new Error(`${name} is not in the job registry`);
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() !== 'go') continue;
  const result = await job.run(c, { now });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  break;
}
lines.close();
await db.destroy();
