import { expect } from 'chai';
import { useBillingWorld } from './billing-world.js';

const GB = 1_000_000_000;

describe('usage at terminate', () => {
  const w = useBillingWorld();
  let productId: number;

  before(async () => {
    productId = await w.product({ download: { enabled: true, price_per_gb: '0.10' } });
  });

  const terminate = (id: number) => w.api('post', `/api/admin/services/${id}/actions/terminate`);
  const days = async (id: number) => (await w.t.c.db('usage_daily').where({ service_id: id }).orderBy('day')).map((r) => [r.day, Number(r.download_bytes)]);

  it('pulls usage one last time before deleting the client, and the usage survives termination', async () => {
    w.now = new Date('2026-03-10T12:00:00Z');
    const clientId = await w.client();
    const id = await w.service({ clientId, productId, name: 'vpn-term' });
    w.panels[0].setTraffic('vpn-term', '2026-03-09', 2 * GB, 0);
    expect((await w.api('post', '/api/admin/usage/collect').send({})).body.collected).to.equal(1);
    // traffic after the last daily pull, on the day of the terminate
    w.panels[0].setTraffic('vpn-term', '2026-03-10', 3 * GB, 0);
    w.now = new Date('2026-03-10T18:00:00Z');

    const res = await terminate(id);
    expect(res.status, res.text).to.equal(200);
    expect(res.body.service.status).to.equal('terminated');
    expect(w.panels[0].state.clients.has('vpn-term')).to.equal(false);
    const trafficCall = w.panels[0].requests.findIndex((r) => r.method === 'GET' && r.path === '/client/vpn-term/traffic/2026/03');
    const deleteCall = w.panels[0].requests.findIndex((r) => r.method === 'DELETE' && r.path === '/client/vpn-term');
    expect(trafficCall).to.be.greaterThan(-1);
    expect(trafficCall).to.be.lessThan(deleteCall);
    expect(await days(id)).to.deep.equal([['2026-03-09', 2 * GB], ['2026-03-10', 3 * GB]]);

    // the terminated service is no longer pulled, and is still invoiced for the month
    const later = await w.api('post', '/api/admin/usage/collect').send({});
    expect(later.body.services).to.equal(0);
    w.now = new Date('2026-04-10T12:00:00Z');
    const gen = await w.api('post', '/api/admin/invoices/generate').send({ period: '2026-03' });
    const invoice = gen.body.invoices.find((i: { client_id: number }) => i.client_id === clientId);
    expect(invoice.lines).to.have.length(1);
    expect(invoice.lines[0]).to.include({ service_id: id, bytes: 5 * GB, amount_minor: 50 });
  });

  it('refuses the first terminate when the last pull fails, records why, and goes ahead on the second', async () => {
    w.now = new Date('2026-03-12T12:00:00Z');
    const id = await w.service({ clientId: await w.client(), productId, name: 'vpn-stuck' });
    w.panels[0].setTraffic('vpn-stuck', '2026-03-11', GB, 0);
    await w.api('post', '/api/admin/usage/collect').send({});
    w.panels[0].status('GET /client/:name/traffic/:year/:month', 500);

    const first = await terminate(id);
    expect(first.status).to.equal(502);
    expect(first.body.code).to.equal('final_usage_pull_failed');
    expect(first.body.error).to.match(/last usage pull before termination failed.*Terminate again/);
    expect(w.panels[0].state.clients.has('vpn-stuck')).to.equal(true);
    const service = await w.t.c.repos.services.findById(id);
    expect(service?.status).to.equal('active');
    expect(service?.lastError).to.match(/^terminate: The last usage pull/);
    const log = await w.t.c.repos.moduleLog.forService(id);
    expect(log.map((r) => r.action)).to.include('usage-final-pull:failed');
    expect((await w.t.c.db('usage_pulls').where({ service_id: id }).first()).last_error).to.match(/HTTP 500/);

    const second = await terminate(id);
    expect(second.status, second.text).to.equal(200);
    expect(second.body.service.status).to.equal('terminated');
    expect(w.panels[0].state.clients.has('vpn-stuck')).to.equal(false);
    expect((await w.t.c.repos.moduleLog.forService(id)).map((r) => r.action)).to.include('usage-final-pull:waived');
    expect(await days(id)).to.deep.equal([['2026-03-11', GB]]);
  });

  it('terminates at once when the client is already gone from the panel', async () => {
    w.now = new Date('2026-03-12T12:00:00Z');
    const id = await w.service({ clientId: await w.client(), productId, name: 'vpn-vanished' });
    w.panels[0].state.deleteClient('vpn-vanished');
    const res = await terminate(id);
    expect(res.status, res.text).to.equal(200);
    expect(res.body.service.status).to.equal('terminated');
  });

  it('does not pull a service whose product bills no usage', async () => {
    w.now = new Date('2026-03-12T12:00:00Z');
    const free = await w.product({});
    const id = await w.service({ clientId: await w.client(), productId: free, name: 'vpn-flat' });
    const res = await terminate(id);
    expect(res.status).to.equal(200);
    expect(w.panels[0].requestsTo('GET', '/client/vpn-flat/traffic')).to.have.length(0);
  });
});
