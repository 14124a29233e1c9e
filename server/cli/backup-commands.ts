/**
 * backup and restore (README "Backups"): a consistent copy of the database while the portal runs, and
 * putting one back while it is stopped. APP_KEY is not in a backup: the messages say so every time.
 */
import { createDb, migrateLatest } from '../db/create-db.js';
import { backupPostgres, backupSqlite, checkSqliteBackup, restorePostgres, sqliteFile, swapInSqlite, unreadableSecrets } from '../db/backup.js';
import { ValidationError } from '../errors.js';
import { appKeyPath, resolveAppKey } from '../security/app-key.js';
import { createSecretBox } from '../security/secret-box.js';
import type { CliCommand } from './cli-command.js';

/** A required file flag. */
function fileFlag(flags: Record<string, string>, name: string): string {
  const value = flags[name];
  if (!value || value === 'true') throw new ValidationError({ [name]: 'is required: a file name' });
  return value;
}

const keyNote = (databaseUrl: string, configured: boolean) =>
  `APP_KEY is not in the backup: keep it apart (${configured ? 'the APP_KEY variable' : appKeyPath(databaseUrl)}); without it the stored panel tokens and VPN passwords cannot be read`;

export const BACKUP_CLI_COMMANDS: Record<string, CliCommand> = {
  backup: {
    usage: '--to FILE   a consistent copy of the database, taken while the portal runs (PostgreSQL: with pg_dump)',
    async run(c, flags, print) {
      const to = fileFlag(flags, 'to');
      const outcome = c.config.databaseUrl.startsWith('sqlite:') ? await backupSqlite(c.db, to) : await backupPostgres(c.config.databaseUrl, to);
      print(`backup written to ${outcome.file} (${outcome.bytes} bytes)${outcome.command ? ` with: ${outcome.command}` : ''}`);
      print(keyNote(c.config.databaseUrl, c.config.appKeyHex !== null));
    },
  },
  restore: {
    usage: '--from FILE [--force]   replace the database with a backup (stop the portal first); the current SQLite file is kept beside it',
    async runStandalone(config, flags, print) {
      const from = fileFlag(flags, 'from');
      const box = createSecretBox(resolveAppKey(config.appKeyHex, config.databaseUrl));
      if (config.databaseUrl.startsWith('sqlite:')) {
        const checked = await checkSqliteBackup(from, box);
        const { file, previous } = swapInSqlite(from, sqliteFile(config.databaseUrl), new Date(), flags.force === 'true');
        print(`restored ${from} into ${file} (${checked.migrations} migrations, ${checked.secrets} secrets checked against APP_KEY)`);
        if (previous) print(`the database it replaced is kept as ${previous}`);
      } else {
        const outcome = await restorePostgres(config.databaseUrl, from);
        print(`restored ${outcome.file} with: ${outcome.command}`);
      }
      // a backup of an older version is brought up to this one's schema, and its secrets checked
      const db = createDb(config.databaseUrl);
      try {
        const applied = await migrateLatest(db);
        if (applied.length > 0) print(`migrations applied: ${applied.join(', ')}`);
        const { checked, unreadable } = await unreadableSecrets(db, box);
        if (unreadable > 0) print(`warning: APP_KEY does not decrypt ${unreadable} of ${checked} stored secrets: set APP_KEY to the key the backup was made with`);
      } finally {
        await db.destroy();
      }
    },
  },
};
