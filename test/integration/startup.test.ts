import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { MIGRATIONS_DIR } from '../../server/db/create-db.js';
import { freePort, startTsx, STACK, waitForOutput, type TsxProcess } from '../support/child-process.js';
import { childDatabaseUrl, freshDatabase } from '../support/test-db.js';
import { TEST_APP_KEY } from '../support/test-app.js';

/** Starts `node --import tsx server/main.ts` (what `npm start` runs) with a clean portal environment. */
const startPortal = (env: Record<string, string>): TsxProcess => startTsx('server/main.ts', env);

describe('start-up', function () {
  this.timeout(40000);
  let dir: string;
  const running: ChildProcess[] = [];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vpncp-start-'));
  });
  afterEach(async () => {
    for (const child of running.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await new Promise((r) => child.once('exit', r));
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stops with one clear line naming BILLING_TZ and no stack trace when the time zone is unknown', async () => {
    const run = startPortal({ BILLING_TZ: 'Mars/Olympus', DATABASE_URL: `sqlite:${dir}/x.sqlite3`, PORT: String(await freePort()) });
    running.push(run.child);
    const code = await run.exited;
    expect(code).not.to.equal(0);
    const lines = run.stderr().trim().split('\n');
    expect(lines).to.have.length(1);
    expect(lines[0]).to.contain('BILLING_TZ');
    expect(lines[0]).to.contain('Mars/Olympus');
    expect(run.stderr()).not.to.match(STACK);
    expect(run.stdout()).not.to.contain('listening');
    // nothing was created before the configuration was known to be good
    expect(fs.existsSync(path.join(dir, 'x.sqlite3'))).to.equal(false);
  });

  it('stops with one clear line naming LICENSE_PUBLIC_KEY when the puqvpncp plugin refuses its setting', async () => {
    const run = startPortal({ LICENSE_PUBLIC_KEY: 'bm90LWEta2V5', DATABASE_URL: `sqlite:${dir}/x.sqlite3`, APP_KEY: TEST_APP_KEY, PORT: String(await freePort()) });
    running.push(run.child);
    expect(await run.exited).not.to.equal(0);
    const lines = run.stderr().trim().split('\n');
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/^config error: plugin plugins\/puqvpncp: LICENSE_PUBLIC_KEY: /);
    expect(run.stderr()).not.to.match(STACK);
    expect(run.stdout()).not.to.contain('listening');
  });

  it('reports every bad variable on its own line', async () => {
    const run = startPortal({ BILLING_TZ: 'Mars/Olympus', USAGE_CRON: 'at midnight', DATABASE_URL: 'mysql://root@localhost/x' });
    running.push(run.child);
    expect(await run.exited).not.to.equal(0);
    const lines = run.stderr().trim().split('\n');
    expect(lines).to.have.length(3);
    expect(lines.map((l) => /(BILLING_TZ|USAGE_CRON|DATABASE_URL)/.exec(l)?.[1])).to.have.members(['BILLING_TZ', 'USAGE_CRON', 'DATABASE_URL']);
    expect(run.stderr()).not.to.match(STACK);
  });

  it('migrates an empty database of the dialect under test, serves the login page and says how to create the first admin', async () => {
    const tdb = await freshDatabase({ migrate: false });
    try {
      const port = await freePort();
      const run = startPortal({ DATABASE_URL: childDatabaseUrl(tdb), APP_KEY: TEST_APP_KEY, PORT: String(port) });
      running.push(run.child);
      await waitForOutput(run, /listening on http:\/\/localhost:(\d+)[\s\S]*create-admin/);
      expect(run.stdout()).to.contain(`http://localhost:${port}`);
      expect(run.stdout()).to.match(/npm run admin -- create-admin --email \S+ --password/);

      const res = await fetch(`http://127.0.0.1:${port}/login`);
      expect(res.status).to.equal(200);
      expect(await res.text()).to.contain('name="password"');
      expect(res.headers.get('content-security-policy')).to.contain("default-src 'self'");

      // every migration ran, and the session secret (SESSION_SECRET unset) was generated into the database
      const applied = (await tdb.db('knex_migrations').select('name')).map((r: { name: string }) => r.name);
      expect(applied).to.have.members(fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.ts')));
      expect((await tdb.db('settings').where({ key: 'session_secret' }).first())?.value).to.match(/^[0-9a-f]{64}$/);

      run.child.kill('SIGTERM');
      expect(await run.exited).to.equal(0);
      expect(run.stderr()).not.to.match(STACK);
    } finally {
      await tdb.destroy();
    }
  });

  it('generates APP_KEY once beside a new SQLite database when none is set, readable by its owner only', async () => {
    const port = await freePort();
    const run = startPortal({ DATABASE_URL: `sqlite:${dir}/db/x.sqlite3`, PORT: String(port) });
    running.push(run.child);
    await waitForOutput(run, /listening on/);
    expect(fs.existsSync(path.join(dir, 'db', 'x.sqlite3'))).to.equal(true);
    const keyFile = path.join(dir, 'db', 'app.key');
    const key = fs.readFileSync(keyFile, 'utf8').trim();
    expect(key).to.match(/^[0-9a-f]{64}$/);
    expect(fs.statSync(keyFile).mode & 0o077).to.equal(0);
    run.child.kill('SIGTERM');
    expect(await run.exited).to.equal(0);

    const again = startPortal({ DATABASE_URL: `sqlite:${dir}/db/x.sqlite3`, PORT: String(port) });
    running.push(again.child);
    await waitForOutput(again, /listening on/);
    expect(fs.readFileSync(keyFile, 'utf8').trim()).to.equal(key);
  });

  it('stops with one clear line naming PORT when the port is already taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const run = startPortal({ DATABASE_URL: `sqlite:${dir}/x.sqlite3`, PORT: String(port) });
      running.push(run.child);
      const code = await run.exited;
      expect(code).not.to.equal(0);
      const lines = run.stderr().trim().split('\n');
      expect(lines).to.have.length(1);
      expect(lines[0]).to.contain('PORT');
      expect(lines[0]).to.contain(String(port));
      expect(run.stderr()).not.to.match(STACK);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
