/**
 * `npm run admin -- backup --to FILE` while the portal holds the database open, then `restore --from
 * FILE` with the portal stopped: the same rows come back (secrets still readable with the same APP_KEY),
 * changes made after the backup are gone, a restore with another APP_KEY or onto a database in use is
 * refused, and a backup never overwrites a file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { createDb } from '../../server/db/create-db.js';
import { runAdminCli, STACK } from '../support/child-process.js';
import { buildClient, buildGroupWithServer, buildProduct, buildService } from '../support/factories.js';
import { buildTestApp, storedPassword } from '../support/test-app.js';
import { childDatabaseUrl, dialect, freshDatabase } from '../support/test-db.js';

const TABLES = ['users', 'server_groups', 'servers', 'products', 'services', 'webhook_endpoints', 'mail_outbox', 'knex_migrations'];

/** Every row of the portal's main tables, in id order. */
async function snapshot(db: Knex): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) out[table] = await db(table).orderBy('id');
  return out;
}

describe(`backup and restore (${dialect})`, function () {
  this.timeout(60000);

  it('restores exactly what the backup, taken while the portal ran, held', async () => {
    const tdb = await freshDatabase();
    const url = childDatabaseUrl(tdb);
    const file = path.join(tdb.dir, 'backups', 'portal.backup');
    let check: Knex | null = null;
    try {
      const t = await buildTestApp({ tdb });
      const { group, server } = await buildGroupWithServer(t.c, 'http://127.0.0.1:9', 'panel-token-kept-in-backup');
      const product = await buildProduct(t.c, group.id);
      const client = await buildClient(t.c, { name: 'Backed Up' });
      const service = await buildService(t.c, { clientId: client.id, productId: product.id, serverId: server.id });
      await t.c.repos.services.update(service.id, { status: 'active', username: 'vpn-backed-up', password: 'vpn-password-in-backup' });
      await t.c.repos.webhookEndpoints.create({ url: 'https://hooks.example.test/portal', secret: 'whsec-in-the-backup-123', events: ['service.created'] });
      const before = await snapshot(t.c.db);

      // the portal's own connection stays open while the backup is taken
      const backup = await runAdminCli(url, ['backup', '--to', file]);
      expect(backup.code, backup.stderr).to.equal(0);
      expect(backup.stdout).to.include(`backup written to ${file}`);
      expect(backup.stdout).to.match(/APP_KEY is not in the backup/);
      expect(fs.statSync(file).size).to.be.greaterThan(0);
      const again = await runAdminCli(url, ['backup', '--to', file]);
      expect(again.code).to.equal(1);
      expect(again.stderr).to.match(/exists; choose a new file name/);

      // changes after the backup, which the restore undoes
      await buildClient(t.c, { name: 'After The Backup' });
      await t.c.repos.services.update(service.id, { status: 'suspended' });

      if (dialect === 'sqlite') {
        const busy = await runAdminCli(url, ['restore', '--from', file]);
        expect(busy.code).to.equal(1);
        expect(busy.stderr).to.match(/looks like it is running .*Stop it first/);
      }
      await t.c.db.destroy();

      if (dialect === 'sqlite') {
        const wrongKey = await runAdminCli(url, ['restore', '--from', file], { APP_KEY: 'b2'.repeat(32) });
        expect(wrongKey.code).to.equal(1);
        expect(wrongKey.stderr).to.match(/APP_KEY does not decrypt 3 of 3 secrets/);
        expect(wrongKey.stderr).not.to.match(STACK);
      }

      const restore = await runAdminCli(url, ['restore', '--from', file]);
      expect(restore.code, restore.stderr + restore.stdout).to.equal(0);
      expect(restore.stdout).to.match(/restored/);
      expect(restore.stdout).not.to.match(/warning/);

      check = dialect === 'pg' ? createDb(tdb.databaseUrl, { searchPath: tdb.searchPath }) : createDb(tdb.databaseUrl);
      expect(await snapshot(check)).to.deep.equal(before);
      // the secrets are readable with the same APP_KEY
      const reopened = await buildTestApp({ tdb: { ...tdb, db: check } });
      expect(await storedPassword(reopened.c, service.id)).to.equal('vpn-password-in-backup');
      expect(await reopened.c.repos.webhookEndpoints.secret(1)).to.equal('whsec-in-the-backup-123');
    } finally {
      if (check) await check.destroy();
      await tdb.destroy().catch(() => undefined);
    }
  });

  it('asks for the file and refuses a file that is not a backup', async () => {
    const tdb = await freshDatabase();
    try {
      const url = childDatabaseUrl(tdb);
      const none = await runAdminCli(url, ['backup']);
      expect(none.code).to.equal(1);
      expect(none.stderr).to.match(/--to: is required/);
      const junk = path.join(tdb.dir, 'junk.backup');
      fs.writeFileSync(junk, 'not a database at all');
      await tdb.db.destroy();
      const res = await runAdminCli(url, ['restore', '--from', junk]);
      expect(res.code).to.equal(1);
      expect(res.stderr).to.match(dialect === 'sqlite' ? /is not a readable SQLite database|not a backup/ : /pg_restore failed/);
      expect(res.stderr).not.to.match(STACK);
    } finally {
      await tdb.destroy().catch(() => undefined);
    }
  });
});
