/**
 * buildTestApp: the real app over a fresh database, with an injectable clock and configuration.
 */
import type { Express } from 'express';
import { createApp } from '../../server/app.js';
import { loadConfig, type AppConfig } from '../../server/config/load-config.js';
import { buildContainer, type Container } from '../../server/container.js';
import { migrateLatest } from '../../server/db/create-db.js';
import type { Logger } from '../../server/logger.js';
import { freshDatabase, type TestDb } from './test-db.js';

export const TEST_APP_KEY = 'a1'.repeat(32);

export interface TestApp {
  c: Container;
  app: Express;
  tdb: TestDb;
  close(): Promise<void>;
}

/**
 * Builds the portal for one test file.
 * @param options.log the container's logger (e.g. one writing to a buffer the test reads)
 * @param options.tdb an existing database to build over (e.g. one a child process also writes); the app
 *   migrates it if needed and its close() destroys it
 */
export async function buildTestApp(options: { env?: Record<string, string>; clock?: () => Date; tdb?: TestDb; log?: Logger } = {}): Promise<TestApp> {
  const tdb = options.tdb ?? (await freshDatabase());
  if (options.tdb) await migrateLatest(tdb.db);
  const config: Readonly<AppConfig> = loadConfig({ NODE_ENV: 'test', APP_KEY: TEST_APP_KEY, SESSION_SECRET: 'test-session-secret-0123456789', DATABASE_URL: tdb.databaseUrl, ...options.env });
  const c = await buildContainer(config, tdb.db, { clock: options.clock, log: options.log });
  return { c, app: createApp(c), tdb, close: () => tdb.destroy() };
}
