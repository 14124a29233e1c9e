import { expect } from 'chai';
import request from 'supertest';
import { FakePanel, FAKE_PANEL_TOKEN } from '../../plugins/puqvpncp/fake/fake-panel.js';
import { createServerGroup } from '../../server/domain/catalogue/server-groups.js';
import { checkServerCompatibility, createServer } from '../../server/domain/catalogue/servers.js';
import { ConfigError } from '../../server/errors.js';
import { FakeExamplePanel } from '../fixtures/plugins/example/fake/fake-example-panel.js';
import { buildAdmin } from '../support/factories.js';
import { loginAs } from '../support/login.js';
import { freshDatabase } from '../support/test-db.js';
import { buildTestApp, WITH_EXAMPLE_PLUGIN, type TestApp } from '../support/test-app.js';
import { describeModuleContract } from './module-contract.js';

// the tests' second module: a panel type the host has never heard of, installed with no host change
describeModuleContract({
  type: 'example',
  async startRemote() {
    const panel = new FakeExamplePanel('/v2');
    await panel.start();
    return {
      hostname: '127.0.0.1',
      port: panel.port,
      token: panel.token,
      settings: { path_prefix: '/v2' },
      account: (name) => {
        const account = panel.accounts.get(name);
        return account ? (account.enabled ? 'enabled' : 'disabled') : 'absent';
      },
      accountOptions: (name) => ({ devices: panel.accounts.get(name)?.devices }),
      stop: () => panel.stop(),
    };
  },
  productConfig: () => ({ plan: 'pro', devices: 3 }),
  options: { devices: { valid: 5, invalid: 11 } },
});

describe('a module the host does not know, on the host pages', () => {
  let t: TestApp;
  let panel: FakeExamplePanel;
  before(async () => {
    t = await buildTestApp({ pluginsDir: WITH_EXAMPLE_PLUGIN });
    panel = new FakeExamplePanel('/v2');
    await panel.start();
  });
  after(async () => {
    await panel.stop();
    await t.close();
  });

  it('draws its server settings in the server form and stores what is posted in them', async () => {
    const group = await createServerGroup(t.c.deps, { name: 'ex-forms' });
    const admin = await buildAdmin(t.c);
    const { agent, csrf } = await loginAs(t.app, admin.email, 'admin');
    const form = await agent.get('/admin/servers/new');
    expect(form.text).to.contain('name="settings.path_prefix"').and.contain('<option value="example"').and.contain('example: Empty = 7070 over HTTP');
    const bad = await agent.post('/admin/servers').type('form').send({ _csrf: csrf, name: 'ex', module: 'example', hostname: '127.0.0.1', port: String(panel.port), api_token: panel.token, server_group_id: String(group.id), enabled: 'on', 'settings.path_prefix': 'no slash' });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain('must be a path such as /api');
    const saved = await agent.post('/admin/servers').type('form').send({ _csrf: csrf, name: 'ex', module: 'example', hostname: '127.0.0.1', port: String(panel.port), api_token: panel.token, server_group_id: String(group.id), enabled: 'on', 'settings.path_prefix': '/v2' });
    expect(saved.status).to.equal(302);
    const id = Number(saved.headers.location.split('/').pop());
    expect((await t.c.repos.servers.findSummary(id))?.settings).to.deep.equal({ path_prefix: '/v2' });
    const tested = await agent.post(`/admin/servers/${id}/test`).type('form').send({ _csrf: csrf });
    expect(tested.text).to.contain('Connection successful: Example panel 1.4');
  });

  it('checks API compatibility through each server\'s own module, and says so when a module has no check', async () => {
    const group = await createServerGroup(t.c.deps, { name: 'ex-compat' });
    const ex = await createServer(t.c.deps, { name: 'ex-compat', module: 'example', hostname: '127.0.0.1', port: panel.port, api_token: panel.token, server_group_id: group.id, settings: { path_prefix: '/v2' } });
    const vpn = new FakePanel();
    await vpn.start();
    try {
      await createServer(t.c.deps, { name: 'puq-compat', module: 'puqvpncp', hostname: '127.0.0.1', port: vpn.port, api_token: FAKE_PANEL_TOKEN, server_group_id: group.id });
      const { report } = await checkServerCompatibility(t.c.deps, ex.id);
      expect(report).to.deep.equal({ ok: false, published: false, summary: 'The module "example" has no API compatibility check', lines: [] });
      expect((await checkServerCompatibility(t.c.deps, 'puq-compat')).report).to.include({ ok: true, published: true });
      const admin = await buildAdmin(t.c);
      const { agent, csrf } = await loginAs(t.app, admin.email, 'admin');
      const page = await agent.post(`/admin/servers/${ex.id}/api-check`).type('form').send({ _csrf: csrf });
      expect(page.status).to.equal(200);
      expect(page.text).to.contain('API compatibility: The module &#34;example&#34; has no API compatibility check');
    } finally {
      await vpn.stop();
    }
  });

  it('serves the module\'s own stylesheet from the portal\'s origin', async () => {
    const res = await request(t.app).get('/plugins/example/assets/example.css');
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/text\/css/);
  });

  it('stops start-up with the plugin\'s own line naming its variable when its setting is bad', async () => {
    const tdb = await freshDatabase();
    const error = await buildTestApp({ tdb, pluginsDir: WITH_EXAMPLE_PLUGIN, env: { EXAMPLE_TIMEOUT_MS: 'soon' } }).then(() => null, (e: unknown) => e);
    await tdb.destroy();
    expect(error).to.be.instanceOf(ConfigError);
    expect((error as ConfigError).problems).to.deep.equal(['plugin plugins/example: EXAMPLE_TIMEOUT_MS: "soon" is not a number of milliseconds (10-999999)']);
  });
});
