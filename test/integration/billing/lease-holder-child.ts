/**
 * A portal process that crashes while it runs the usage-collect job: it takes the job's lease through
 * the real startExclusive (run row and all), says "held", and waits to be killed.
 */
import { loadConfig } from '../../../server/config/load-config.js';
import { buildContainer } from '../../../server/container.js';
import { createDb } from '../../../server/db/create-db.js';
import { startExclusive } from '../../../server/domain/billing/exclusive-run.js';
import { USAGE_JOB } from '../../../server/domain/billing/run-usage-collection.js';

const config = loadConfig();
const c = await buildContainer(config, createDb(config.databaseUrl));
const start = await startExclusive(c.billing, USAGE_JOB, () => new Promise<never>(() => undefined), () => ({}));
process.stdout.write(start.started ? 'held\n' : 'refused\n');
// a body that never ends, until SIGKILL
setInterval(() => undefined, 60_000);
