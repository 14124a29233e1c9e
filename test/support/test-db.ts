/**
 * A fresh database per test file: a new SQLite file, or (TEST_DB=pg) a new schema in the machine's
 * PostgreSQL. Both are migrated from empty, so every test file also proves the migrations.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { createDb, migrateLatest } from '../../server/db/create-db.js';

export const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const dialect: 'sqlite' | 'pg' = process.env.TEST_DB === 'pg' ? 'pg' : 'sqlite';

export interface TestDb {
  db: Knex;
  databaseUrl: string;
  /** the PostgreSQL schema, for a second connection (two app processes) */
  searchPath?: string;
  dir: string;
  destroy(): Promise<void>;
}

/** Creates and migrates an empty database of the dialect under test (or of `options.dialect`, for benchmarks that run both). */
export async function freshDatabase(options: { migrate?: boolean; dialect?: 'sqlite' | 'pg' } = {}): Promise<TestDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vpncp-test-'));
  let db: Knex;
  let databaseUrl: string;
  let searchPath: string | undefined;
  if ((options.dialect ?? dialect) === 'pg') {
    searchPath = `t_${crypto.randomBytes(6).toString('hex')}`;
    const admin = createDb(PG_URL);
    await admin.raw(`create schema "${searchPath}"`);
    await admin.destroy();
    databaseUrl = PG_URL;
    db = createDb(PG_URL, { searchPath, poolMax: 20 });
  } else {
    databaseUrl = `sqlite:${path.join(dir, 'portal.sqlite3')}`;
    db = createDb(databaseUrl);
  }
  if (options.migrate !== false) await migrateLatest(db);
  return {
    db,
    databaseUrl,
    searchPath,
    dir,
    async destroy() {
      await db.destroy();
      if (searchPath) {
        const admin = createDb(PG_URL);
        await admin.raw(`drop schema if exists "${searchPath}" cascade`);
        await admin.destroy();
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The DATABASE_URL a child process (npm start, the admin CLI) uses to reach this same database: the
 * SQLite file, or the PostgreSQL URL with the test's schema as its search_path.
 */
export function childDatabaseUrl(tdb: TestDb): string {
  if (!tdb.searchPath) return tdb.databaseUrl;
  const separator = tdb.databaseUrl.includes('?') ? '&' : '?';
  return `${tdb.databaseUrl}${separator}options=${encodeURIComponent(`-c search_path=${tdb.searchPath}`)}`;
}
