import { expect } from 'chai';
import { FakePanel, FAKE_PANEL_TOKEN } from '../../plugins/puqvpncp/fake/fake-panel.js';
import { compareApi } from '../../plugins/puqvpncp/server/api-compatibility.js';
import { USED_ENDPOINTS } from '../../plugins/puqvpncp/server/panel/used-api.js';
import { createServerGroup } from '../../server/domain/catalogue/server-groups.js';
import { createServer } from '../../server/domain/catalogue/servers.js';
import { runAdminCli, STACK } from '../support/child-process.js';
import { buildAdmin } from '../support/factories.js';
import { loginAs } from '../support/login.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { childDatabaseUrl, freshDatabase } from '../support/test-db.js';

type Doc = { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
const copy = (doc: object): Doc => structuredClone(doc) as Doc;

describe('API compatibility check', function () {
  this.timeout(60_000);
  let t: TestApp;
  let panel: FakePanel;
  let serverId: number;
  let databaseUrl: string;

  before(async () => {
    const tdb = await freshDatabase();
    databaseUrl = childDatabaseUrl(tdb);
    t = await buildTestApp({ tdb });
    panel = new FakePanel();
    await panel.start();
    const group = await createServerGroup(t.c.deps, { name: 'compat' });
    serverId = (await createServer(t.c.deps, { name: 'Compat panel', hostname: '127.0.0.1', port: panel.port, server_group_id: group.id, api_token: FAKE_PANEL_TOKEN })).id;
  });
  after(async () => {
    await panel.stop();
    await t.close();
  });
  afterEach(() => {
    panel.reset();
    panel.setVariant('adopted');
  });

  it('finds all 19 endpoints in the fake panel\'s own description, in both of its shapes', () => {
    expect(USED_ENDPOINTS).to.have.length(19);
    for (const variant of ['adopted', 'v1'] as const) {
      const lines = compareApi(panel.setVariant(variant).openapi());
      expect(lines.filter((l) => l.verdict !== 'present'), variant).to.deep.equal([]);
    }
  });

  it('names a missing endpoint, a missing method and the fields that differ in an altered copy', () => {
    const doc = copy(panel.openapi());
    delete doc.paths['/client/online'];
    delete doc.paths['/client/{name}'].delete;
    delete doc.components.schemas.SystemStatus.properties.count_accounts;
    delete doc.components.schemas.Client.properties.b_download;
    doc.components.schemas.Client.properties.bandwidth_download = { type: 'integer' };
    const put = doc.paths['/client/{name}'].put as { requestBody: { content: { 'application/json': { schema: { properties: Record<string, unknown> } } } } };
    put.requestBody.content['application/json'].schema.properties = { bandwidth_download: {}, bandwidth_upload: {}, status: {} };
    const byEndpoint = Object.fromEntries(compareApi(doc).map((l) => [l.endpoint, l]));
    expect(byEndpoint['GET /client/online']).to.include({ verdict: 'missing', detail: 'the panel does not describe this path' });
    expect(byEndpoint['DELETE /client/{name}']).to.include({ verdict: 'missing' });
    expect(byEndpoint['DELETE /client/{name}'].detail).to.equal('the path has GET, PUT only');
    expect(byEndpoint['GET /system/status'].verdict).to.equal('differs');
    expect(byEndpoint['GET /system/status'].detail).to.contain('the answer lacks count_accounts');
    // the reader takes bandwidth_download for b_download in answers...
    expect(byEndpoint['GET /client/{name}'].verdict).to.equal('present');
    // ...but the client sends b_download, which this panel would not take
    expect(byEndpoint['PUT /client/{name}'].verdict).to.equal('differs');
    expect(byEndpoint['PUT /client/{name}'].detail).to.contain('the request body does not take b_download, b_upload');
    expect(byEndpoint['GET /license'].verdict).to.equal('present');
  });

  it('reads paths with the /api/v1 prefix and other parameter names, and says when fields are not described', () => {
    const doc = copy(panel.openapi());
    doc.paths = Object.fromEntries(Object.entries(doc.paths).map(([p, item]) => [`/api/v1${p.replace('{name}', '{client_name}')}`, item]));
    (doc.paths['/api/v1/network'] as Record<string, unknown>).get = { responses: { '200': { description: 'networks' } } };
    const lines = compareApi(doc);
    expect(lines.filter((l) => l.verdict !== 'present')).to.deep.equal([]);
    expect(lines.find((l) => l.endpoint === 'GET /network')?.detail).to.contain('not described');
  });

  it('reports over the server page button, and says so when the panel publishes no description', async () => {
    const admin = await buildAdmin(t.c);
    const { agent, csrf } = await loginAs(t.app, admin.email, 'admin');
    const good = await agent.post(`/admin/servers/${serverId}/api-check`).type('form').send({ _csrf: csrf });
    expect(good.status).to.equal(200);
    expect(good.text).to.contain('All 19 endpoints the portal uses are described');
    expect(good.text.match(/<tr><td><code>/g)).to.have.length(19);
    const doc = copy(panel.openapi());
    delete doc.paths['/client/{name}/traffic/{year}/{month}'];
    panel.publishOpenapi(doc);
    const altered = await agent.post(`/admin/servers/${serverId}/api-check`).type('form').send({ _csrf: csrf });
    expect(altered.text).to.contain('18 present, 0 with a different shape, 1 missing');
    expect(altered.text).to.contain('GET /client/{name}/traffic/{year}/{month}');
    panel.publishOpenapi(null);
    const none = await agent.post(`/admin/servers/${serverId}/api-check`).type('form').send({ _csrf: csrf });
    expect(none.text).to.contain('GET /api/v1/openapi.json is not published by this panel (HTTP 404)');
    expect(none.text).not.to.contain(FAKE_PANEL_TOKEN);
  });

  it('runs from the CLI by server name or id, exiting non-zero when the API differs', async () => {
    const byName = await runAdminCli(databaseUrl, ['panel-check', '--server', 'Compat panel']);
    expect(byName.code, byName.stderr).to.equal(0);
    expect(byName.stdout).to.contain('Compat panel: All 19 endpoints');
    expect(byName.stdout).to.contain('PRESENT\tGET /system/status');
    const doc = copy(panel.openapi());
    delete doc.components.schemas.TrafficDay.properties.traffic_upload;
    panel.publishOpenapi(doc);
    const differs = await runAdminCli(databaseUrl, ['panel-check', '--server', String(serverId)]);
    expect(differs.code).to.equal(1);
    expect(differs.stdout).to.match(/DIFFERS\tGET \/client\/\{name\}\/traffic\/\{year\}\/\{month\}\tthe answer lacks traffic_upload/);
    expect(differs.stderr).not.to.match(STACK);
    const unknown = await runAdminCli(databaseUrl, ['panel-check', '--server', 'nope']);
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr).to.contain('No server "nope"');
  });
});
