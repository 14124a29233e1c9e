import { expect } from 'chai';
import request from 'supertest';
import { FakePanel, FAKE_PANEL_TOKEN } from '../../plugins/puqvpncp/fake/fake-panel.js';
import { SELF_SIGNED_TLS } from '../plugins/puqvpncp/panel-test-helpers.js';
import { createServer } from '../../server/domain/catalogue/servers.js';
import { buildAdmin, buildApiToken } from '../support/factories.js';
import { createServerGroup } from '../../server/domain/catalogue/server-groups.js';
import { loginAs } from '../support/login.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

describe('Test Connection', () => {
  let t: TestApp;
  let panel: FakePanel;
  let token: string;
  let groupId: number;
  let seq = 0;

  before(async () => {
    t = await buildTestApp();
    panel = new FakePanel({ slots: { used: 3, total: 200 } });
    await panel.start();
    token = await buildApiToken(t.c);
    groupId = (await createServerGroup(t.c.deps, { name: 'tc' })).id;
  });
  after(async () => {
    await panel.stop();
    await t.close();
  });
  afterEach(() => {
    panel.reset();
    panel.setVariant('adopted');
  });

  async function serverAt(hostname: string, port: number, extra: { api_token?: string; secure?: boolean; allow_self_signed?: boolean } = {}) {
    const s = await createServer(t.c.deps, { name: `s${++seq}`, hostname, port, server_group_id: groupId, api_token: extra.api_token ?? FAKE_PANEL_TOKEN, secure: extra.secure, allow_self_signed: extra.allow_self_signed, connect_timeout_ms: 300, response_timeout_ms: 300 });
    return s.id;
  }
  const test = (id: number) => request(t.app).post(`/api/admin/servers/${id}/test`).set('Authorization', `Bearer ${token}`);

  it('reports version, licence slots and the number of networks when the panel answers', async () => {
    const id = await serverAt('127.0.0.1', panel.port);
    const res = await test(id);
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ ok: true, version: res.body.version, count_accounts: 3, count_accounts_available: 200, networks: panel.state.networks.size, warnings: [] });
    expect(res.body.version).to.match(/^2\./);
  });

  it('reads a v1-shaped panel to the same figures', async () => {
    panel.setVariant('v1');
    const id = await serverAt('127.0.0.1', panel.port);
    const res = await test(id);
    expect(res.body).to.include({ ok: true, count_accounts: 3, count_accounts_available: 200, networks: panel.state.networks.size });
    expect(res.body.warnings).to.deep.equal([]);
  });

  it('warns, with the slot figures, instead of failing when the panel runs without a licence', async () => {
    panel.withoutLicence();
    const id = await serverAt('127.0.0.1', panel.port);
    const res = await test(id);
    expect(res.body).to.include({ ok: true, count_accounts: 3, count_accounts_available: 200 });
    expect(res.body.warnings).to.have.length(1);
    expect(res.body.warnings[0]).to.contain('no licence').and.contain('License not found').and.contain('3 of 200 accounts in use');
  });

  it('says a panel that is still starting is not deployable yet', async () => {
    panel.starting('Loading (2/7)');
    const id = await serverAt('127.0.0.1', panel.port);
    const res = await test(id);
    expect(res.body.ok).to.equal(true);
    expect(res.body.warnings[0]).to.contain('Not deployable yet: the panel is still starting ("Loading (2/7)")');
  });

  it('says the connection was refused when nothing listens on the port', async () => {
    const id = await serverAt('127.0.0.1', 9);
    const res = await test(id);
    expect(res.body).to.include({ ok: false, kind: 'refused' });
    expect(res.body.error).to.contain('unreachable');
  });

  it('says the name does not resolve when the hostname is unknown', async () => {
    const id = await serverAt('no-such-panel.invalid', 8098);
    const res = await test(id);
    expect(res.body).to.include({ ok: false, kind: 'dns' });
  });

  it('says the panel timed out when it never answers, within about a second', async () => {
    panel.hang('GET /system/status');
    const id = await serverAt('127.0.0.1', panel.port);
    const started = Date.now();
    const res = await test(id);
    expect(res.body).to.include({ ok: false, kind: 'timeout' });
    expect(Date.now() - started).to.be.below(3000);
  });

  it('gives up on a silent panel within the action budget and says how long it really waited', async () => {
    const slow = await buildTestApp({ env: { ACTION_BUDGET_MS: '1500' } });
    try {
      panel.hang('GET /system/status');
      const group = await createServerGroup(slow.c.deps, { name: 'budget' });
      // no per-server timeout: the budget alone ends the wait
      const s = await createServer(slow.c.deps, { name: 'silent', hostname: '127.0.0.1', port: panel.port, server_group_id: group.id, api_token: FAKE_PANEL_TOKEN });
      const started = Date.now();
      const res = await request(slow.app).post(`/api/admin/servers/${s.id}/test`).set('Authorization', `Bearer ${await buildApiToken(slow.c)}`);
      const waited = Date.now() - started;
      expect(res.body).to.include({ ok: false, kind: 'timeout' });
      const said = /no answer within ([\d.]+) s/.exec(res.body.error);
      expect(said, res.body.error).to.not.equal(null);
      expect(Number(said![1]) * 1000).to.be.within(1400, waited);
      expect(waited).to.be.below(2500);
      expect(res.body.error).to.contain('the 1.5 s time budget of this action is used up');
    } finally {
      await slow.close();
    }
  });

  it('says the token was refused when the panel answers 401', async () => {
    const id = await serverAt('127.0.0.1', panel.port, { api_token: 'wrong-token' });
    const res = await test(id);
    expect(res.body).to.include({ ok: false, kind: 'token_refused' });
    expect(res.body.error).to.contain('refused the API token');
    expect(JSON.stringify(res.body)).not.to.contain('wrong-token');
  });

  it('says it is not a puqVPNcp panel when the answer is not the envelope', async () => {
    panel.malformed('GET /system/status');
    const id = await serverAt('127.0.0.1', panel.port);
    const res = await test(id);
    expect(res.body).to.include({ ok: false, kind: 'not_puqvpncp' });
  });

  it('refuses a self-signed certificate unless the server allows it', async () => {
    const tlsPanel = new FakePanel({ tls: SELF_SIGNED_TLS });
    await tlsPanel.start();
    try {
      const strict = await serverAt('127.0.0.1', tlsPanel.port, { secure: true });
      expect((await test(strict)).body).to.include({ ok: false, kind: 'tls' });
      const lenient = await serverAt('127.0.0.1', tlsPanel.port, { secure: true, allow_self_signed: true });
      expect((await test(lenient)).body).to.include({ ok: true });
    } finally {
      await tlsPanel.stop();
    }
  });

  it('shows the result on the server page and writes module-log rows without the token', async () => {
    const id = await serverAt('127.0.0.1', panel.port);
    const admin = await buildAdmin(t.c);
    const { agent, csrf } = await loginAs(t.app, admin.email, 'admin');
    const res = await agent.post(`/admin/servers/${id}/test`).type('form').send({ _csrf: csrf });
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('Connection successful');
    expect(res.text).to.contain('Check API compatibility');
    expect(res.text).not.to.contain(FAKE_PANEL_TOKEN);
    const rows = await t.c.db('module_log').where({ server_id: id, action: 'test-connection' });
    expect(rows.map((r) => r.path)).to.include.members(['/system/status', '/license', '/network']);
    expect(JSON.stringify(rows)).not.to.contain(FAKE_PANEL_TOKEN);
  });

  it('shows the licence warning on the server page', async () => {
    panel.withoutLicence();
    const id = await serverAt('127.0.0.1', panel.port);
    const admin = await buildAdmin(t.c);
    const { agent, csrf } = await loginAs(t.app, admin.email, 'admin');
    const res = await agent.post(`/admin/servers/${id}/test`).type('form').send({ _csrf: csrf });
    // the module's warning is a fact of the host's generic result, and the summary counts it
    expect(res.text).to.contain('Connection successful');
    expect(res.text).to.contain('network(s), with a warning.');
    expect(res.text).to.match(/<dt>Warning<\/dt><dd>The panel has no licence/);
  });

  it('shows the failure on the server page when the panel is down', async () => {
    const id = await serverAt('127.0.0.1', 9);
    const admin = await buildAdmin(t.c);
    const { agent, csrf } = await loginAs(t.app, admin.email, 'admin');
    const res = await agent.post(`/admin/servers/${id}/test`).type('form').send({ _csrf: csrf });
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('Connection failed (refused)');
  });
});
