import { expect } from 'chai';
import request from 'supertest';
import { loginAs, type Agent } from '../../support/login.js';
import { buildAdmin } from '../../support/factories.js';
import { documentedProductConfig } from '../../fixtures/product-config-example.js';
import { encodeForm, formFields, setField } from '../../plugins/puqvpncp/product-panel-helpers.js';
import { useBillingWorld } from '../billing/billing-world.js';

describe('traffic quotas: product settings', () => {
  const w = useBillingWorld({ shared: true });
  let productId: number;
  let admin: Agent;

  before(async () => {
    productId = (await w.api('post', '/api/admin/products').send({ name: 'quota settings', server_group_id: w.groupId, module: 'puqvpncp' })).body.id;
    ({ agent: admin } = await loginAs(w.t.app, (await buildAdmin(w.t.c)).email, 'admin'));
  });

  const put = (config: object) => request(w.t.app).put(`/api/admin/products/${productId}/config`).set('Authorization', `Bearer ${w.token}`).send(config);

  it('gives a new product no quota and saves one through the API', async () => {
    const created = await w.api('get', `/api/admin/products/${productId}`);
    expect(created.body.config.quota).to.deep.equal({ monthly_gb: 0, counts: 'total', action: 'throttle', throttle_mbps: 1, warn_percent: 80 });
    const config = { ...documentedProductConfig(), networks: [], quota: { monthly_gb: 50, counts: 'download', action: 'suspend', throttle_mbps: 2, warn_percent: 90 } };
    const res = await put(config);
    expect(res.status, res.text).to.equal(200);
    expect(res.body.config.quota).to.deep.equal(config.quota);
  });

  it('reads a document without quota (saved before quotas) as no quota', async () => {
    const { quota: _quota, ...older } = { ...documentedProductConfig(), networks: [] };
    const res = await put(older);
    expect(res.status, res.text).to.equal(200);
    expect(res.body.config.quota.monthly_gb).to.equal(0);
  });

  it('answers 422 naming each bad quota field, and saves nothing', async () => {
    const before = (await w.api('get', `/api/admin/products/${productId}`)).body.config;
    const res = await put({ ...documentedProductConfig(), networks: [], quota: { monthly_gb: -1, counts: 'upload', action: 'slow', throttle_mbps: 0, warn_percent: 100, extra: true } });
    expect(res.status).to.equal(422);
    expect(res.body.fields).to.have.keys('quota.monthly_gb', 'quota.counts', 'quota.action', 'quota.throttle_mbps', 'quota.warn_percent', 'quota.extra');
    expect(res.body.fields['quota.throttle_mbps']).to.match(/between 1 and/);
    expect((await w.api('get', `/api/admin/products/${productId}`)).body.config).to.deep.equal(before);
  });

  it('saves the quota from the settings panel and shows a bad value beside its input with what was typed', async () => {
    const page = await admin.get(`/admin/products/${productId}`);
    expect(page.text).to.contain('Traffic quota').and.contain('name="quota.monthly_gb"');
    let fields = formFields(page.text);
    fields = setField(fields, 'quota.monthly_gb', '25');
    fields = setField(fields, 'quota.action', 'throttle');
    fields = setField(fields, 'quota.throttle_mbps', '3');
    const ok = await admin.post(`/admin/plugins/puqvpncp/products/${productId}/settings`).type('form').send(encodeForm(fields));
    expect(ok.status, ok.text.slice(0, 300)).to.equal(302);
    expect((await w.t.c.repos.products.findById(productId))!.config).to.deep.include({ quota: { monthly_gb: 25, counts: 'total', action: 'throttle', throttle_mbps: 3, warn_percent: 80 } });

    const bad = await admin.post(`/admin/plugins/puqvpncp/products/${productId}/settings`).type('form').send(encodeForm(setField(fields, 'quota.warn_percent', '150')));
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain('data-error-for="quota.warn_percent"').and.contain('value="150"');
    expect(((await w.t.c.repos.products.findById(productId))!.config as { quota: { warn_percent: number } }).quota.warn_percent).to.equal(80);
  });
});
