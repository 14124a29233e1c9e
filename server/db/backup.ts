/**
 * Backups of the portal's database, taken while it runs, and restores. SQLite: `VACUUM INTO` writes a
 * consistent, compact copy from one read transaction (WAL lets the portal keep writing meanwhile); a
 * restore checks the copy (integrity, migrations table, APP_KEY) and swaps it in, keeping the previous
 * file. PostgreSQL: pg_dump / pg_restore (custom format), the connection passed as PG* variables so
 * the password never shows in a process list. APP_KEY is never in a backup: without it the stored panel
 * tokens and VPN passwords cannot be read, so it is kept apart and restored with it.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { AppError } from '../errors.js';
import type { SecretBox } from '../security/secret-box.js';

/** What a finished backup or restore reports. */
export interface BackupOutcome {
  file: string;
  bytes: number;
  /** the exact command run, for PostgreSQL (without the password) */
  command?: string;
}

/** The SQLite file of a sqlite: DATABASE_URL. */
export function sqliteFile(databaseUrl: string): string {
  return path.resolve(databaseUrl.slice('sqlite:'.length));
}

/**
 * Writes a consistent copy of the SQLite database the portal uses (it may be running).
 * @throws AppError when the target exists or cannot be written
 */
export async function backupSqlite(db: Knex, to: string): Promise<BackupOutcome> {
  const file = path.resolve(to);
  if (fs.existsSync(file)) throw new AppError(409, 'backup_exists', `${file} exists; choose a new file name (a backup never overwrites one)`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await db.raw('VACUUM INTO ?', [file]);
  return { file, bytes: fs.statSync(file).size };
}

/** How many stored secrets of a database the box cannot decrypt (a backup made with another APP_KEY). */
export async function unreadableSecrets(db: Knex, box: SecretBox): Promise<{ checked: number; unreadable: number }> {
  const sealed: string[] = [];
  for (const [table, column] of [['servers', 'api_token_enc'], ['services', 'password_enc'], ['webhook_endpoints', 'secret_enc']] as const) {
    if (!(await db.schema.hasTable(table))) continue;
    sealed.push(...(await db(table).whereNotNull(column).limit(50).pluck(column)).map(String));
  }
  let unreadable = 0;
  for (const s of sealed) {
    try {
      box.decrypt(s);
    } catch {
      unreadable++;
    }
  }
  return { checked: sealed.length, unreadable };
}

/**
 * Checks a SQLite backup before it is restored: a sound database file of the portal, whose secrets the
 * current APP_KEY decrypts.
 * @throws AppError naming what is wrong
 */
export async function checkSqliteBackup(from: string, box: SecretBox): Promise<{ migrations: number; secrets: number }> {
  if (!fs.existsSync(from)) throw new AppError(404, 'no_backup', `${from} does not exist`);
  const db = knexFactory({ client: 'sqlite3', connection: { filename: from }, useNullAsDefault: true, pool: { min: 1, max: 1 } });
  try {
    const check = (await db.raw('PRAGMA integrity_check')) as { integrity_check: string }[];
    if (check[0]?.integrity_check !== 'ok') throw new AppError(422, 'backup_damaged', `${from} fails SQLite's integrity check: ${check[0]?.integrity_check ?? 'no answer'}`);
    if (!(await db.schema.hasTable('knex_migrations'))) throw new AppError(422, 'not_a_backup', `${from} is not a backup of the portal (no migrations table)`);
    const migrations = ((await db('knex_migrations').count({ n: '*' })) as { n: number }[])[0].n;
    const { checked, unreadable } = await unreadableSecrets(db, box);
    if (unreadable > 0) {
      throw new AppError(422, 'app_key_mismatch', `APP_KEY does not decrypt ${unreadable} of ${checked} secrets in ${from}: set APP_KEY to the key the backup was made with (or restore its app.key file)`);
    }
    return { migrations: Number(migrations), secrets: checked };
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(422, 'not_a_backup', `${from} is not a readable SQLite database: ${(err as Error).message}`);
  } finally {
    await db.destroy();
  }
}

/**
 * Puts a checked backup in place of the SQLite database; the current file is kept as `<file>.before-restore-<time>`.
 * @param force restore even though a write-ahead log says the portal may be running
 * @returns the restored file and where the previous one went
 */
export function swapInSqlite(from: string, target: string, at: Date, force: boolean): { file: string; previous: string | null } {
  const wal = `${target}-wal`;
  if (fs.existsSync(wal) && !force) {
    throw new AppError(409, 'portal_running', `${wal} exists: the portal looks like it is running on this database (or stopped uncleanly). Stop it first, or pass --force`);
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = `${target}.restoring`;
  fs.copyFileSync(from, staging);
  const fd = fs.openSync(staging, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  let previous: string | null = null;
  if (fs.existsSync(target)) {
    previous = `${target}.before-restore-${at.toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(target, previous);
  }
  // a log and index of the replaced file must not be replayed into the restored one
  for (const leftover of [wal, `${target}-shm`]) fs.rmSync(leftover, { force: true });
  fs.renameSync(staging, target);
  return { file: target, previous };
}

/** libpq's variables for a postgres:// URL (the password stays out of the command line). */
export function pgEnvironment(databaseUrl: string): { env: Record<string, string>; schema: string | null } {
  const u = new URL(databaseUrl);
  const env: Record<string, string> = { PGHOST: u.hostname, PGPORT: u.port || '5432', PGDATABASE: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres' };
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  const options = u.searchParams.get('options');
  if (options) env.PGOPTIONS = options;
  const schema = /search_path=([A-Za-z0-9_]+)/.exec(options ?? '')?.[1] ?? null;
  return { env, schema };
}

/** Runs a PostgreSQL client program; a missing program is named with the package to install. */
function runPgTool(program: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(program, args, { env: { ...process.env, ...env, PGCONNECT_TIMEOUT: '10' }, maxBuffer: 8 * 1024 * 1024 }, (err, _stdout, stderr) => {
      if (!err) return resolve();
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return reject(new AppError(1, 'pg_tool_missing', `${program} is not installed: install the PostgreSQL client (Debian: apt-get install postgresql-client) matching the server's version`));
      reject(new AppError(1, 'pg_tool_failed', `${program} failed: ${String(stderr).trim().split('\n').slice(-3).join(' ') || err.message}`));
    });
  });
}

/** The pg_dump arguments for a backup file (custom format: compressed, restorable table by table). */
export function pgDumpArgs(to: string, schema: string | null): string[] {
  return ['--format=custom', '--no-owner', '--no-privileges', `--file=${to}`, ...(schema ? [`--schema=${schema}`] : [])];
}

/**
 * Dumps the PostgreSQL database with pg_dump.
 * @throws AppError when the target exists, pg_dump is missing or fails
 */
export async function backupPostgres(databaseUrl: string, to: string): Promise<BackupOutcome> {
  const file = path.resolve(to);
  if (fs.existsSync(file)) throw new AppError(409, 'backup_exists', `${file} exists; choose a new file name (a backup never overwrites one)`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const { env, schema } = pgEnvironment(databaseUrl);
  const args = pgDumpArgs(file, schema);
  await runPgTool('pg_dump', args, env);
  return { file, bytes: fs.statSync(file).size, command: `pg_dump ${args.join(' ')}` };
}

/**
 * Restores a pg_dump backup over the PostgreSQL database with pg_restore (the portal stopped).
 * @throws AppError when the file is missing, pg_restore is missing or fails
 */
export async function restorePostgres(databaseUrl: string, from: string): Promise<BackupOutcome> {
  const file = path.resolve(from);
  if (!fs.existsSync(file)) throw new AppError(404, 'no_backup', `${file} does not exist`);
  const { env } = pgEnvironment(databaseUrl);
  const args = ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${env.PGDATABASE}`, file];
  await runPgTool('pg_restore', args, env);
  return { file, bytes: fs.statSync(file).size, command: `pg_restore ${args.join(' ')}` };
}
