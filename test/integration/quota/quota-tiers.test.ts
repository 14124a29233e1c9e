import { expect } from 'chai';
import request from 'supertest';
import { buildClient } from '../../support/factories.js';
import { loginAs } from '../../support/login.js';
import { useBillingWorld } from '../billing/billing-world.js';
import { enforce, GB, panelClient, quotaMails, quotaProduct } from './quota-world.js';

/** A speed tier's own monthly_gb: the limit of every page, the API, the run and the top-up. */
describe('traffic quotas: a speed tier\'s own allowance', () => {
  const w = useBillingWorld({ shared: true, start: '2026-03-05T12:00:00Z' });
  const put = (path: string) => request(w.t.app).put(path).set('Authorization', `Bearer ${w.token}`);
  const TIERS = [
    { code: 'small', name: 'Small', download_mbps: 20, upload_mbps: 10, monthly_price: '1.00', monthly_gb: 5 },
    { code: 'big', name: 'Big', download_mbps: 200, upload_mbps: 100, monthly_price: '4.00', monthly_gb: 50 },
    { code: 'plain', name: 'Plain', download_mbps: 50, upload_mbps: 50, monthly_price: '2.00' },
    { code: 'open', name: 'Open', download_mbps: 80, upload_mbps: 80, monthly_price: '3.00', monthly_gb: 0 },
  ];
  const ids = { metered: 0, bare: 0, small: 0 };

  before(async () => {
    ids.metered = await quotaProduct(w, { monthly_gb: 10, throttle_mbps: 2 });
    // a product with quota settings whose own allowance is 0: only its tiers meter it
    ids.bare = await quotaProduct(w, { monthly_gb: 0, throttle_mbps: 4, action: 'throttle', warn_percent: 60 });
    for (const productId of [ids.metered, ids.bare]) {
      const res = await put(`/api/admin/products/${productId}/speed-tiers`).send({ tiers: TIERS, customer_can_change: false });
      expect(res.status, res.text).to.equal(200);
    }
  });

  const quotaOf = async (id: number) => (await w.api('get', `/api/admin/services/${id}`)).body.quota;
  const tierService = async (productId: number, name: string, code: string) => {
    const id = await w.service({ clientId: await w.client(), productId, name });
    const res = await put(`/api/admin/services/${id}/tier`).send({ code });
    expect(res.status, res.text).to.equal(200);
    return id;
  };

  it('warns and limits at the tier\'s figure, not the product\'s', async () => {
    w.now = new Date('2026-03-05T12:00:00Z');
    const id = await tierService(ids.metered, 'tq-small', 'small');
    ids.small = id;
    expect(await quotaOf(id)).to.include({ state: 'ok', limit_bytes: 5 * GB });
    w.panels[0].setTraffic('tq-small', '2026-03-02', 4 * GB, 0);
    expect((await enforce(w)).body).to.include({ warned: 1, limited: 0 });
    w.panels[0].setTraffic('tq-small', '2026-03-04', 1 * GB, 0);
    expect((await enforce(w)).body).to.include({ limited: 1 });
    expect(await quotaOf(id)).to.include({ state: 'limited', used_bytes: 5 * GB, limit_bytes: 5 * GB, applied: 'throttle' });
    expect(await quotaMails(w, id)).to.deep.equal(['quota_warning', 'quota_reached']);
    expect(panelClient(w, 'tq-small')).to.deep.include({ down: 2, up: 2 });
  });

  it('changes the limit with a tier change mid-month: a bigger tier lifts it with its caps, a smaller one limits again', async () => {
    w.now = new Date('2026-03-15T12:00:00Z');
    const id = ids.small;
    const up = await put(`/api/admin/services/${id}/tier`).send({ code: 'big' });
    expect(up.status, up.text).to.equal(200);
    expect(await quotaOf(id)).to.include({ limit_bytes: 50 * GB });
    // the change-package put the big tier's caps on the panel; the run finds 5 of 50 GB and throttles nothing
    expect((await enforce(w)).body).to.include({ limited: 0, mails: 0 });
    expect(await quotaOf(id)).to.include({ state: 'ok', used_bytes: 5 * GB, limit_bytes: 50 * GB, applied: 'none' });
    expect(panelClient(w, 'tq-small')).to.deep.include({ down: 200, up: 100 });

    w.now = new Date('2026-03-16T12:00:00Z');
    expect((await put(`/api/admin/services/${id}/tier`).send({ code: 'small' })).status).to.equal(200);
    expect(await quotaOf(id)).to.include({ limit_bytes: 5 * GB });
    await enforce(w);
    expect(await quotaOf(id)).to.include({ state: 'limited', applied: 'throttle' });
    expect(panelClient(w, 'tq-small')).to.deep.include({ down: 2, up: 2 });
    expect(await quotaMails(w, id)).to.deep.equal(['quota_warning', 'quota_reached']);
  });

  it('falls back to the product\'s allowance for a tier without monthly_gb, and meters nothing for a tier with 0', async () => {
    w.now = new Date('2026-03-15T12:00:00Z');
    const plain = await tierService(ids.metered, 'tq-plain', 'plain');
    const open = await tierService(ids.metered, 'tq-open', 'open');
    w.panels[0].setTraffic('tq-plain', '2026-03-10', 11 * GB, 0).setTraffic('tq-open', '2026-03-10', 30 * GB, 0);
    expect((await enforce(w)).body).to.include({ limited: 1 });
    expect(await quotaOf(plain)).to.include({ state: 'limited', limit_bytes: 10 * GB });
    expect(await quotaOf(open)).to.include({ state: 'none', limit_bytes: 0 });
    expect(await quotaMails(w, open)).to.deep.equal([]);
    expect(panelClient(w, 'tq-open')).to.deep.include({ down: 80, up: 80 });
  });

  it('meters a product without an allowance through its tier, with the product\'s quota settings, and tops it up', async () => {
    w.now = new Date('2026-03-20T12:00:00Z');
    const alice = await buildClient(w.t.c, { name: 'Tier Alice' });
    const id = await w.service({ clientId: alice.id, productId: ids.bare, name: 'tq-bare' });
    expect((await put(`/api/admin/services/${id}/tier`).send({ code: 'small' })).status).to.equal(200);
    const untiered = await w.service({ clientId: alice.id, productId: ids.bare, name: 'tq-untiered' });
    w.panels[0].setTraffic('tq-bare', '2026-03-19', 6 * GB, 0).setTraffic('tq-untiered', '2026-03-19', 60 * GB, 0);
    const run = await enforce(w);
    expect(run.body.limited).to.equal(1);
    expect(await quotaOf(id)).to.include({ state: 'limited', limit_bytes: 5 * GB, throttle_mbps: 4, warn_percent: 60 });
    expect(await quotaOf(untiered)).to.include({ state: 'none' });
    expect(panelClient(w, 'tq-bare')).to.deep.include({ down: 4, up: 4 });

    const customer = await loginAs(w.t.app, alice.email);
    const page = await customer.agent.get(`/services/${id}`);
    expect(page.text).to.contain('Traffic quota').and.contain('6.00 GB of 5.00 GB');
    expect((await customer.agent.get(`/services/${untiered}`)).text).not.to.contain('Traffic quota');

    const top = await w.api('post', `/api/admin/services/${id}/quota/top-up`).send({ gb: 2 });
    expect(top.status, top.text).to.equal(200);
    expect(await quotaOf(id)).to.include({ state: 'warned', limit_bytes: 7 * GB, applied: 'none' });
    expect(panelClient(w, 'tq-bare')).to.deep.include({ down: 20, up: 10 });
    expect((await w.api('post', `/api/admin/services/${untiered}/quota/top-up`).send({ gb: 2 })).status).to.equal(409);
  });
});
