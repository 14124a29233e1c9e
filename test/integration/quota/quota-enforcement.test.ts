import { expect } from 'chai';
import { buildAdmin } from '../../support/factories.js';
import { loginAs } from '../../support/login.js';
import { useBillingWorld } from '../billing/billing-world.js';
import { enforce, GB, panelClient, quotaHistory, quotaMails, quotaProduct } from './quota-world.js';

describe('traffic quotas: enforcement', () => {
  const w = useBillingWorld({ panels: 2 });
  let throttled: number;
  let suspending: number;

  before(async () => {
    throttled = await quotaProduct(w, { monthly_gb: 10, action: 'throttle', throttle_mbps: 2, warn_percent: 80 });
    suspending = await quotaProduct(w, { monthly_gb: 10, action: 'suspend', counts: 'download' });
  });

  const serviceJson = async (id: number) => (await w.api('get', `/api/admin/services/${id}`)).body;

  it('warns once at the threshold, limits once at 100 % with a throttle, and a second run sends and pushes nothing', async () => {
    w.now = new Date('2026-03-10T12:00:00Z');
    const id = await w.service({ clientId: await w.client(), productId: throttled, name: 'q-throttle' });
    w.panels[0].setTraffic('q-throttle', '2026-03-02', 5 * GB, 1 * GB);
    let res = await enforce(w);
    expect(res.status, res.text).to.equal(200);
    expect(res.body).to.include({ date: '2026-03-10', period: '2026-03', services: 1, pulled: 1, warned: 0, limited: 0 });
    expect((await serviceJson(id)).quota).to.include({ state: 'ok', used_bytes: 6 * GB, limit_bytes: 10 * GB });
    expect(await w.t.c.db('service_quotas').where({ service_id: id })).to.have.length(0);

    w.panels[0].setTraffic('q-throttle', '2026-03-09', 2 * GB, 0);
    res = await enforce(w);
    expect(res.body).to.include({ warned: 1, limited: 0, mails: 1 });
    expect((await serviceJson(id)).quota).to.include({ state: 'warned', used_bytes: 8 * GB });
    expect(await quotaMails(w, id)).to.deep.equal(['quota_warning']);
    expect((await enforce(w)).body).to.include({ warned: 0, mails: 0 });
    expect(await quotaMails(w, id)).to.deep.equal(['quota_warning']);

    w.panels[0].setTraffic('q-throttle', '2026-03-10', 2 * GB, 0);
    res = await enforce(w);
    expect(res.body).to.include({ limited: 1, mails: 1 });
    expect(res.body.pending).to.deep.equal([]);
    expect(panelClient(w, 'q-throttle')).to.deep.equal({ status: 'enable', down: 2, up: 2 });
    const limited = await serviceJson(id);
    expect(limited.status).to.equal('active');
    expect(limited.quota).to.include({ state: 'limited', used_bytes: 10 * GB, applied: 'throttle' });
    expect(await quotaMails(w, id)).to.deep.equal(['quota_warning', 'quota_reached']);

    const puts = w.panels[0].requestsTo('PUT', '/client/q-throttle').length;
    expect(puts).to.equal(1);
    res = await enforce(w);
    expect(res.body).to.include({ limited: 0, mails: 0, restored: 0 });
    expect(w.panels[0].requestsTo('PUT', '/client/q-throttle')).to.have.length(puts);
    expect(await quotaMails(w, id)).to.have.length(2);
    expect(await quotaHistory(w, id)).to.deep.equal(['warned', 'limited']);
  });

  it('tells webhook endpoints of a warning and of a reached limit once a month each, with the figures in bytes', async () => {
    w.now = new Date('2026-05-10T12:00:00Z');
    const hook = await w.api('post', '/api/admin/webhooks').send({ url: 'http://127.0.0.1:9/hook', secret: 'a-webhook-secret-of-length', events: ['quota.warning', 'quota.reached'] });
    expect(hook.status, hook.text).to.equal(201);
    const clientId = await w.client();
    const id = await w.service({ clientId, productId: throttled, name: 'q-hooked' });
    const events = async () => (await w.t.c.db('webhook_deliveries').where({ endpoint_id: hook.body.id }).orderBy('id')).map((d: { type: string; body: string }) => ({ type: d.type, data: JSON.parse(d.body).data }));
    w.panels[0].setTraffic('q-hooked', '2026-05-02', 8 * GB, 0);
    await enforce(w);
    w.panels[0].setTraffic('q-hooked', '2026-05-09', 3 * GB, 0);
    await enforce(w);
    await enforce(w);
    expect(await events()).to.deep.equal([
      { type: 'quota.warning', data: { service_id: id, client_id: clientId, period: '2026-05', used_bytes: 8 * GB, limit_bytes: 10 * GB, action: null } },
      { type: 'quota.reached', data: { service_id: id, client_id: clientId, period: '2026-05', used_bytes: 11 * GB, limit_bytes: 10 * GB, action: 'throttle' } },
    ]);
    await w.t.c.db('webhook_deliveries').del();
    await w.t.c.db('webhook_endpoints').del();
  });

  it('suspends by disabling the client (download only counts) and enables it again on the 1st of the next month; the billing status stays', async () => {
    w.now = new Date('2026-03-20T12:00:00Z');
    const id = await w.service({ clientId: await w.client(), productId: suspending, name: 'q-suspend', panel: 1 });
    w.panels[1].setTraffic('q-suspend', '2026-03-05', 9 * GB, 50 * GB).setTraffic('q-suspend', '2026-03-19', 1 * GB, 0);
    const res = await enforce(w);
    expect(res.body).to.include({ limited: 1, warned: 0, mails: 1 });
    expect(panelClient(w, 'q-suspend', 1)).to.deep.include({ status: 'disable' });
    expect(await quotaMails(w, id)).to.deep.equal(['quota_reached']);
    expect((await w.t.c.db('services').where({ id }).first()).status).to.equal('active');

    w.now = new Date('2026-04-01T00:05:00Z');
    const april = await enforce(w);
    expect(april.body).to.include({ period: '2026-04', restored: 1, mails: 0 });
    expect(panelClient(w, 'q-suspend', 1)).to.deep.include({ status: 'enable' });
    expect((await serviceJson(id)).quota).to.include({ state: 'ok', used_bytes: 0, applied: 'none', resets_on: '2026-05-01' });
    expect(await quotaHistory(w, id)).to.deep.equal(['limited', 'restored']);
  });

  it('restores the normal caps after a top-up lifts the usage below the limit, and limits again once the top-up is used', async () => {
    w.now = new Date('2026-03-15T12:00:00Z');
    const id = await w.service({ clientId: await w.client(), productId: throttled, name: 'q-topup' });
    w.panels[0].setTraffic('q-topup', '2026-03-14', 11 * GB, 0);
    await enforce(w);
    expect(panelClient(w, 'q-topup')).to.deep.include({ down: 2, up: 2 });

    const bad = await w.api('post', `/api/admin/services/${id}/quota/top-up`).send({ gb: 0 });
    expect(bad.status).to.equal(422);
    expect(bad.body.fields).to.have.property('gb');
    const top = await w.api('post', `/api/admin/services/${id}/quota/top-up`).send({ gb: 3 });
    expect(top.status, top.text).to.equal(200);
    expect(top.body.lifted).to.equal(true);
    expect(top.body.quota).to.include({ state: 'warned', limit_bytes: 13 * GB, top_up_gb: 3, applied: 'none' });
    expect(panelClient(w, 'q-topup')).to.deep.include({ down: 100, up: 50 });

    w.panels[0].setTraffic('q-topup', '2026-03-15', 2 * GB, 0);
    expect((await enforce(w)).body).to.include({ limited: 0, mails: 0 });
    expect(panelClient(w, 'q-topup')).to.deep.include({ down: 2, up: 2 });
    expect(await quotaMails(w, id)).to.deep.equal(['quota_reached']);
    expect(await quotaHistory(w, id)).to.deep.equal(['limited', 'top_up', 'restored', 'limited']);
    const history = (await w.api('get', `/api/admin/services/${id}/quota`)).body.history;
    expect(history[0]).to.include({ kind: 'limited', period: '2026-03' });
  });

  it('keeps a step pending while the panel fails and takes it on the next run', async () => {
    w.now = new Date('2026-03-15T12:00:00Z');
    const id = await w.service({ clientId: await w.client(), productId: throttled, name: 'q-fail' });
    w.panels[0].setTraffic('q-fail', '2026-03-14', 12 * GB, 0);
    w.panels[0].status('PUT /client/:name', 500);
    const res = await enforce(w);
    expect(res.body.limited).to.equal(1);
    expect(res.body.pending).to.have.length(1);
    expect(res.body.pending[0].service_id).to.equal(id);
    // the seeded client has the panel's own caps (0 = unlimited)
    expect(panelClient(w, 'q-fail')).to.deep.include({ down: 0 });
    const pending = (await serviceJson(id)).quota;
    expect(pending).to.include({ state: 'limited', applied: 'none' });
    expect(pending.pending_error).to.be.a('string');
    const { agent } = await loginAs(w.t.app, (await buildAdmin(w.t.c)).email, 'admin');
    const dashboard = await agent.get('/admin');
    expect(dashboard.text).to.contain('1 service has a traffic quota step the panel has not taken yet').and.contain(`/admin/services/${id}#quota`);

    // the whole panel down: the pull fails too, the stored usage still says limited
    w.panels[0].clearFaults();
    await w.panels[0].down();
    try {
      const down = await enforce(w);
      expect(down.body.failed).to.have.length(1);
      expect(down.body.pending).to.have.length(1);
    } finally {
      await w.panels[0].up();
    }
    const again = await enforce(w);
    expect(again.body.pending).to.deep.equal([]);
    expect(again.body.mails).to.equal(0);
    expect(panelClient(w, 'q-fail')).to.deep.include({ down: 2, up: 2 });
    expect((await serviceJson(id)).quota).to.include({ applied: 'throttle', pending_error: null });
    expect(await quotaMails(w, id)).to.deep.equal(['quota_reached']);
    expect(await quotaHistory(w, id)).to.deep.equal(['limited', 'failed']);
  });

  it('does not enable at the month change a client that billing has suspended', async () => {
    w.now = new Date('2026-03-20T12:00:00Z');
    const id = await w.service({ clientId: await w.client(), productId: suspending, name: 'q-billing' });
    w.panels[0].setTraffic('q-billing', '2026-03-19', 10 * GB, 0);
    await enforce(w);
    expect(panelClient(w, 'q-billing')).to.deep.include({ status: 'disable' });
    await w.t.c.db('services').where({ id }).update({ status: 'suspended' });
    w.now = new Date('2026-04-02T12:00:00Z');
    expect((await enforce(w)).body.restored).to.equal(1);
    expect(panelClient(w, 'q-billing')).to.deep.include({ status: 'disable' });
    expect((await serviceJson(id)).quota).to.include({ state: 'ok', applied: 'none' });
  });

  it('answers 409 for a top-up of a service without a quota and 422 for a bad date', async () => {
    const plain = (await w.api('post', '/api/admin/products').send({ name: 'no quota', server_group_id: w.groupId, module: 'puqvpncp' })).body.id;
    const id = await w.service({ clientId: await w.client(), productId: plain, name: 'q-none' });
    expect((await serviceJson(id)).quota).to.include({ state: 'none', limit_bytes: 0 });
    const res = await w.api('post', `/api/admin/services/${id}/quota/top-up`).send({ gb: 1 });
    expect(res.status).to.equal(409);
    const date = await enforce(w, { date: '2026-02-30' });
    expect(date.status).to.equal(422);
    expect(date.body.fields).to.have.property('date');
  });
});
