/**
 * Resolves APP_KEY: the configured value, or one generated on first start and kept in a file beside the
 * SQLite database (./data for PostgreSQL), readable by the portal's user only.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Where a generated key lives for a DATABASE_URL. */
export function appKeyPath(databaseUrl: string): string {
  const dir = databaseUrl.startsWith('sqlite:') ? path.dirname(path.resolve(databaseUrl.slice('sqlite:'.length))) : path.resolve('data');
  return path.join(dir, 'app.key');
}

/**
 * Returns the 64-hex APP_KEY, creating and storing one when none is configured.
 * @param configured APP_KEY from the configuration, or null
 */
export function resolveAppKey(configured: string | null, databaseUrl: string): string {
  if (configured) return configured.toLowerCase();
  const file = appKeyPath(databaseUrl);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const key = crypto.randomBytes(32).toString('hex');
  // 'wx' fails if another process won the race; then its key is the one to use
  try {
    fs.writeFileSync(file, key + '\n', { mode: 0o600, flag: 'wx' });
    return key;
  } catch {
    return fs.readFileSync(file, 'utf8').trim();
  }
}
