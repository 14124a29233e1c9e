/**
 * buildTestApp: the real app over a fresh database, with an injectable clock and configuration.
 */
import path from 'node:path';
import type { Express } from 'express';
import { createApp } from '../../server/app.js';
import { loadConfig, type AppConfig } from '../../server/config/load-config.js';
import { buildContainer, type Container } from '../../server/container.js';
import { migrateLatest, PROJECT_ROOT } from '../../server/db/create-db.js';
import type { Logger } from '../../server/logger.js';
import { createSecretBox } from '../../server/security/secret-box.js';
import { freshDatabase, type TestDb } from './test-db.js';

export const TEST_APP_KEY = 'a1'.repeat(32);

/** The shipped plugins and the example plugin of the tests, which only the tests install. */
export const WITH_EXAMPLE_PLUGIN = [path.join(PROJECT_ROOT, 'plugins'), path.join(PROJECT_ROOT, 'test', 'fixtures', 'plugins')];

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
 * @param options.webhookTimeoutMs how long a webhook receiver has (tests of a slow one shorten the 10 s)
 * @param options.pluginsDir the plugin folders (default plugins/; WITH_EXAMPLE_PLUGIN adds the tests' example module)
 */
export async function buildTestApp(options: { env?: Record<string, string>; clock?: () => Date; tdb?: TestDb; pluginsDir?: string[]; log?: Logger; webhookTimeoutMs?: number } = {}): Promise<TestApp> {
  const tdb = options.tdb ?? (await freshDatabase());
  if (options.tdb) await migrateLatest(tdb.db);
  const config: Readonly<AppConfig> = loadConfig({ NODE_ENV: 'test', APP_KEY: TEST_APP_KEY, SESSION_SECRET: 'test-session-secret-0123456789', DATABASE_URL: tdb.databaseUrl, ...options.env });
  const c = await buildContainer(config, tdb.db, { clock: options.clock, pluginsDir: options.pluginsDir, log: options.log, webhookTimeoutMs: options.webhookTimeoutMs });
  return { c, app: createApp(c), tdb, close: () => tdb.destroy() };
}

/** A service's stored account password, decrypted with the test APP_KEY (null when none is stored). */
export async function storedPassword(c: Container, serviceId: number): Promise<string | null> {
  const sealed = await c.repos.services.sealedPassword(serviceId);
  return sealed ? createSecretBox(TEST_APP_KEY).decrypt(sealed) : null;
}
