/**
 * Process entry: load config → open the database → migrate → wire → serve → start jobs.
 * A bad configuration stops here with one line per problem and no stack trace.
 */
import type { Server } from 'node:http';
import { createApp } from './app.js';
import { loadConfig } from './config/load-config.js';
import { buildContainer } from './container.js';
import { createDb, migrateLatest } from './db/create-db.js';
import { ConfigError } from './errors.js';
import { startJobs } from './jobs/scheduler.js';
import { DELIVERY_INTERVAL_MS } from './mail/mail-outbox.js';
import { gracefulShutdown } from './shutdown.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = createDb(config.databaseUrl);
  const applied = await migrateLatest(db);
  const c = await buildContainer(config, db, { processMetrics: true });
  if (applied.length > 0) c.log.info({ applied }, 'migrations applied');
  const app = createApp(c);
  // Express 5 hands a listen error (port taken, no permission) to this callback instead of throwing
  const server: Server = app.listen(config.port, (err?: Error) => {
    if (err) {
      console.error(`start-up failed: PORT ${config.port} cannot be used (${(err as NodeJS.ErrnoException).code ?? err.message}); set PORT to a free port`);
      process.exit(1);
    }
    const admins = c.repos.users.count('admin');
    admins.then((n) => {
      console.log(`vpncp-portal listening on http://localhost:${config.port} (database: ${config.databaseUrl.split('@').pop()})`);
      if (n === 0) console.log('No admin yet. Create one with:\n  npm run admin -- create-admin --email you@example.com --password "a long password"\nthen sign in at /admin/login');
    });
  });
  const jobs = startJobs(c);
  // the outbox's and the webhooks' senders, in this process: with several processes each sends, and
  // claims keep them apart
  c.mail.worker.start(DELIVERY_INTERVAL_MS);
  c.webhooks.start(DELIVERY_INTERVAL_MS);
  if (!c.mail.sending) c.log.info('SMTP_URL is not set: mails stay in the outbox (/admin/outbox) and are not sent');
  const stop = gracefulShutdown({ c, server, jobs, exit: (code) => process.exit(code) });
  process.on('SIGINT', (signal) => void stop(signal));
  process.on('SIGTERM', (signal) => void stop(signal));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    for (const line of err.problems) console.error(`config error: ${line}`);
  } else {
    console.error(`start-up failed: ${(err as Error).message}`);
  }
  process.exit(1);
});
