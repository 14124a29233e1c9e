import { expect } from 'chai';
import request from 'supertest';
import { runAdminCli, STACK, type CliRun } from '../support/child-process.js';
import { buildClient } from '../support/factories.js';
import { loginAs } from '../support/login.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { childDatabaseUrl, freshDatabase } from '../support/test-db.js';

describe('admin CLI', function () {
  this.timeout(60000);
  let t: TestApp;
  let databaseUrl: string;

  /** Runs `npm run admin -- …` against the test's database. */
  const cli = (...args: string[]) => runAdminCli(databaseUrl, args);
  const lastLine = (text: string) => text.trimEnd().split('\n').pop() ?? '';
  const expectCleanFailure = (run: CliRun) => {
    expect(run.code).not.to.equal(0);
    expect(run.stderr).not.to.match(STACK);
    expect(run.stderr.trim()).not.to.equal('');
  };

  before(async () => {
    const tdb = await freshDatabase({ migrate: false });
    databaseUrl = childDatabaseUrl(tdb);
    // the CLI migrates the empty database itself, then the in-process app shares it
    const first = await cli('create-admin', '--email', 'Root@Example.test', '--password', 'root password 123');
    expect(first.code, first.stderr).to.equal(0);
    t = await buildTestApp({ tdb });
  });
  after(() => t.close());

  it('creates an admin who can sign in to the admin pages', async () => {
    const run = await cli('create-admin', '--email', 'ops@example.test', '--password', 'ops password 123', '--name', 'Ops');
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.contain('admin ops@example.test created');
    const { agent } = await loginAs(t.app, 'ops@example.test', 'admin', 'ops password 123');
    expect((await agent.get('/admin')).status).to.equal(200);
    expect(await t.c.repos.users.findCredentials('root@example.test')).to.have.nested.property('user.role', 'admin');
  });

  it('resets the password when create-admin is run for an existing admin', async () => {
    const run = await cli('create-admin', '--email', 'root@example.test', '--password', 'a brand new password');
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.contain('password reset');
    await loginAs(t.app, 'root@example.test', 'admin', 'a brand new password');
    expect(await t.c.repos.users.count('admin')).to.equal(2);
  });

  it('refuses to turn a customer into an admin', async () => {
    const customer = await buildClient(t.c);
    const run = await cli('create-admin', '--email', customer.email, '--password', 'some password 123');
    expectCleanFailure(run);
    expect(run.stderr).to.contain('--email');
    expect((await t.c.repos.users.findById(customer.id))?.role).to.equal('client');
  });

  it('prints a new token alone on the last line; the API accepts it, list-tokens never shows it, and revoke-token makes it 401', async () => {
    const created = await cli('create-token', '--name', 'ci');
    expect(created.code, created.stderr).to.equal(0);
    const token = lastLine(created.stdout);
    expect(token).to.match(/^vpt_[A-Za-z0-9_-]{43}$/);
    // stored hashed: no column holds the token itself
    const rows = await t.c.db('api_tokens').where({ name: 'ci' });
    expect(rows).to.have.length(1);
    expect(JSON.stringify(rows)).not.to.contain(token);

    const ok = await request(t.app).get('/api/admin/clients').set('Authorization', `Bearer ${token}`);
    expect(ok.status).to.equal(200);
    expect(ok.body.clients).to.be.an('array');

    const listed = await cli('list-tokens');
    expect(listed.code, listed.stderr).to.equal(0);
    expect(listed.stdout).to.match(/^ci\t/m);
    expect(listed.stdout).not.to.contain(token);
    expect(listed.stdout).not.to.contain(token.slice(4, 20));
    expect(listed.stdout).not.to.match(/^ci\t.*last used never$/m);

    const revoked = await cli('revoke-token', '--name', 'ci');
    expect(revoked.code, revoked.stderr).to.equal(0);
    const refused = await request(t.app).get('/api/admin/clients').set('Authorization', `Bearer ${token}`);
    expect(refused.status).to.equal(401);
    expect((await cli('list-tokens')).stdout).not.to.match(/^ci\t/m);
  });

  it('refuses a second token with a name in use, keeping the first one working', async () => {
    const first = await cli('create-token', '--name', 'deploy');
    const token = lastLine(first.stdout);
    const second = await cli('create-token', '--name', 'deploy');
    expectCleanFailure(second);
    expect(second.stderr).to.contain('--name');
    expect(second.stdout).not.to.match(/vpt_/);
    expect((await request(t.app).get('/api/admin/clients').set('Authorization', `Bearer ${token}`)).status).to.equal(200);
  });

  it('gives a clear error and a non-zero exit code for bad flags, commands and names', async () => {
    const missing = await cli('create-admin');
    expectCleanFailure(missing);
    expect(missing.stderr).to.contain('--email');
    expect(missing.stderr).to.contain('--password');

    const short = await cli('create-admin', '--email', 'x@example.test', '--password', 'short');
    expectCleanFailure(short);
    expect(short.stderr).to.match(/--password: .*at least 10/);

    const badEmail = await cli('create-admin', '--email', 'not-an-email', '--password', 'long enough password');
    expectCleanFailure(badEmail);
    expect(badEmail.stderr).to.contain('--email');

    const stray = await cli('create-token', 'ci');
    expectCleanFailure(stray);
    expect(stray.stderr).to.contain('unexpected argument "ci"');

    const unknown = await cli('make-coffee');
    expectCleanFailure(unknown);
    expect(unknown.stderr).to.contain('unknown command "make-coffee"');
    expect(unknown.stderr).to.contain('create-token');

    const nothing = await cli();
    expectCleanFailure(nothing);
    expect(nothing.stderr).to.contain('usage:');

    const noSuchToken = await cli('revoke-token', '--name', 'nope');
    expectCleanFailure(noSuchToken);
    expect(noSuchToken.stderr).to.contain('no token named "nope"');

    expect(await t.c.repos.users.findCredentials('x@example.test')).to.equal(null);
  });
});
