/**
 * One knex instance per process, for the embedded SQLite file or PostgreSQL, configured the same way
 * for the app, the CLI, the tests and the knex command line (knexfile.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';

// bigint columns hold bytes and money well inside 2^53; numbers keep arithmetic uniform across dialects
pg.types.setTypeParser(20, (v: string) => Number(v));

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'migrations');

export interface DbOptions {
  /** PostgreSQL schema to use (tests isolate each file in its own) */
  searchPath?: string;
  poolMax?: number;
}

/** True when the knex instance talks to SQLite (the one place dialects are told apart). */
export function isSqlite(db: Knex): boolean {
  return String(db.client.config.client).startsWith('sqlite');
}

/**
 * Builds the knex configuration for a DATABASE_URL.
 * @param databaseUrl sqlite:PATH (relative to the working directory) or postgres://…
 */
export function knexConfig(databaseUrl: string, options: DbOptions = {}): Knex.Config {
  const migrations = { directory: MIGRATIONS_DIR, loadExtensions: ['.ts'], tableName: 'knex_migrations' };
  if (databaseUrl.startsWith('sqlite:')) {
    const filename = path.resolve(databaseUrl.slice('sqlite:'.length));
    return {
      client: 'sqlite3',
      connection: { filename },
      useNullAsDefault: true,
      migrations,
      pool: {
        min: 1,
        max: 1,
        afterCreate(conn: { run(sql: string, cb: (err: Error | null) => void): void }, done: (err: Error | null, conn: unknown) => void) {
          // WAL lets several processes read while one writes; busy_timeout makes a second writer wait, not fail
          conn.run('PRAGMA journal_mode = WAL', (e1) => {
            if (e1) return done(e1, conn);
            conn.run('PRAGMA busy_timeout = 5000', (e2) => {
              if (e2) return done(e2, conn);
              // in WAL mode NORMAL is still corruption-safe; it only stops waiting for fsync on every commit
              conn.run('PRAGMA synchronous = NORMAL', (e3) => {
                if (e3) return done(e3, conn);
                conn.run('PRAGMA foreign_keys = ON', (e4) => done(e4, conn));
              });
            });
          });
        },
      },
    };
  }
  return {
    client: 'pg',
    connection: databaseUrl,
    searchPath: options.searchPath ? [options.searchPath] : undefined,
    pool: { min: 0, max: options.poolMax ?? 10 },
    migrations,
  };
}

/**
 * Opens the database, creating the SQLite file's folder on first start.
 * @returns a knex instance; the caller destroys it at shutdown
 */
export function createDb(databaseUrl: string, options: DbOptions = {}): Knex {
  if (databaseUrl.startsWith('sqlite:')) {
    fs.mkdirSync(path.dirname(path.resolve(databaseUrl.slice('sqlite:'.length))), { recursive: true });
  }
  return knexFactory(knexConfig(databaseUrl, options));
}

/** Applies every pending migration; returns the names applied. */
export async function migrateLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest()) as [number, string[]];
  return applied;
}

/** True for a unique-constraint violation on either dialect (SQLite SQLITE_CONSTRAINT_UNIQUE, PostgreSQL 23505). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; message?: string };
  return e?.code === '23505' || (e?.code === 'SQLITE_CONSTRAINT' && /UNIQUE/i.test(e.message ?? ''));
}
