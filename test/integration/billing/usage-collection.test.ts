import { expect } from 'chai';
import request from 'supertest';
import { jobLease } from '../../../server/db/job-lease.js';
import { collectUsage } from '../../../server/domain/billing/collect-usage.js';
import type { UsageMeter } from '../../../server/plugins/plugin-api.js';
import { useBillingWorld } from './billing-world.js';

const GB = 1_000_000_000;

describe('usage collection', () => {
  const w = useBillingWorld({ panels: 2 });
  let productId: number;

  before(async () => {
    productId = await w.product({ download: { enabled: true, price_per_gb: '0.05' }, upload: { enabled: true, price_per_gb: '0.02' } });
  });

  const collect = (body: object = {}) => w.api('post', '/api/admin/usage/collect').send(body);
  const usageRows = async (serviceId: number) =>
    (await w.t.c.db('usage_daily').where({ service_id: serviceId }).orderBy('day')).map((r) => ({ day: r.day, down: Number(r.download_bytes), up: Number(r.upload_bytes), server: r.server_id }));

  it('stores one row per day with the absolute bytes the panel reports when the API collects', async () => {
    w.now = new Date('2026-03-15T12:00:00Z');
    const clientId = await w.client();
    const id = await w.service({ clientId, productId, name: 'vpn-abs' });
    w.panels[0].setTraffic('vpn-abs', '2026-03-01', 3 * GB, GB).setTraffic('vpn-abs', '2026-03-14', 5, 7);

    const res = await collect();
    expect(res.status, res.text).to.equal(200);
    expect(res.body).to.include({ services: 1, collected: 1 });
    expect(res.body.failed).to.deep.equal([]);
    expect(await usageRows(id)).to.deep.equal([
      { day: '2026-03-01', down: 3 * GB, up: GB, server: w.serverIds[0] },
      { day: '2026-03-14', down: 5, up: 7, server: w.serverIds[0] },
    ]);
  });

  it('changes nothing when the same collection runs again', async () => {
    w.now = new Date('2026-03-15T12:00:00Z');
    const id = await w.service({ clientId: await w.client(), productId, name: 'vpn-again' });
    w.panels[0].setTraffic('vpn-again', '2026-03-02', 11, 22).setTraffic('vpn-again', '2026-03-03', 33, 44);
    expect((await collect()).status).to.equal(200);
    const before = await w.t.c.db('usage_daily').where({ service_id: id }).orderBy('day');

    w.now = new Date('2026-03-15T13:00:00Z');
    const again = await collect();
    expect(again.status).to.equal(200);
    expect(again.body.collected).to.equal(1);
    expect(await w.t.c.db('usage_daily').where({ service_id: id }).orderBy('day')).to.deep.equal(before);
  });

  it('overwrites a day with the newer absolute value instead of adding to it', async () => {
    w.now = new Date('2026-03-15T12:00:00Z');
    const id = await w.service({ clientId: await w.client(), productId, name: 'vpn-over' });
    w.panels[0].setTraffic('vpn-over', '2026-03-15', 100, 10);
    await collect();
    w.panels[0].setTraffic('vpn-over', '2026-03-15', 250, 25);
    w.now = new Date('2026-03-15T20:00:00Z');
    await collect();
    expect(await usageRows(id)).to.deep.equal([{ day: '2026-03-15', down: 250, up: 25, server: w.serverIds[0] }]);
  });

  it('fills the days missed while a panel was down on the next run', async () => {
    const id = await w.service({ clientId: await w.client(), productId, name: 'vpn-down' });
    w.panels[0].setTraffic('vpn-down', '2026-03-09', 9, 1).setTraffic('vpn-down', '2026-03-10', 10, 1);
    await w.panels[0].down();
    try {
      w.now = new Date('2026-03-10T01:00:00Z');
      const failed = await collect();
      expect(failed.status).to.equal(200);
      expect(failed.body.collected).to.equal(0);
      expect(failed.body.failed).to.have.length(1);
      expect(failed.body.failed[0].service_id).to.equal(id);
      expect(failed.body.failed[0].error).to.match(/unreachable/);
      expect(await usageRows(id)).to.deep.equal([]);
    } finally {
      await w.panels[0].up();
    }
    w.now = new Date('2026-03-11T01:00:00Z');
    const next = await collect();
    expect(next.body.failed).to.deep.equal([]);
    expect((await usageRows(id)).map((r) => r.day)).to.deep.equal(['2026-03-09', '2026-03-10']);
    const pull = await w.t.c.db('usage_pulls').where({ service_id: id }).first();
    expect(pull.last_success_at).to.equal('2026-03-11T01:00:00.000Z');
    expect(pull.last_error).to.match(/unreachable/);
  });

  it('stores no day after the run date, today or the date given', async () => {
    w.now = new Date('2026-03-15T12:00:00Z');
    const id = await w.service({ clientId: await w.client(), productId, name: 'vpn-until' });
    for (const day of ['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-16']) w.panels[0].setTraffic('vpn-until', day, 1, 1);
    const res = await collect({ date: '2026-03-10' });
    expect(res.body.date).to.equal('2026-03-10');
    expect((await usageRows(id)).map((r) => r.day)).to.deep.equal(['2026-03-09', '2026-03-10']);
    await collect();
    expect((await usageRows(id)).map((r) => r.day)).to.deep.equal(['2026-03-09', '2026-03-10', '2026-03-11']);
  });

  it('keeps collecting the other services when one fails, and records the reason', async () => {
    w.now = new Date('2026-03-15T12:00:00Z');
    const clientId = await w.client();
    const good = await w.service({ clientId, productId, name: 'vpn-good', panel: 1 });
    const gone = await w.service({ clientId, productId, name: 'vpn-gone' });
    w.panels[1].setTraffic('vpn-good', '2026-03-05', 5, 5);
    w.panels[0].state.deleteClient('vpn-gone');

    const res = await collect();
    expect(res.body).to.include({ services: 2, collected: 1 });
    expect(res.body.failed).to.have.length(1);
    expect(res.body.failed[0]).to.include({ service_id: gone });
    expect(res.body.failed[0].error).to.match(/HTTP 404/);
    expect(await usageRows(good)).to.have.length(1);
    const [run] = await w.t.c.db('job_runs').where({ job: 'usage-collect' }).orderBy('id', 'desc').limit(1);
    expect(run.status).to.equal('succeeded');
    expect(run.started_at).to.be.a('string');
    expect(run.finished_at).to.be.a('string');
    const summary = JSON.parse(run.summary);
    expect(summary).to.include({ services: 2, collected: 1, failed_count: 1, date: '2026-03-15' });
    expect(summary.failed[0].service_id).to.equal(gone);
  });

  it('stores the days of the services written with a malformed one, and keeps that one\'s earlier days', async () => {
    w.now = new Date('2026-03-15T12:00:00Z');
    const clientId = await w.client();
    const before = await w.service({ clientId, productId, name: 'vpn-batch-1' });
    const bad = await w.service({ clientId, productId, name: 'vpn-batch-bad' });
    const after = await w.service({ clientId, productId, name: 'vpn-batch-2', panel: 1 });
    w.panels[0].setTraffic('vpn-batch-1', '2026-03-02', 10, 1).setTraffic('vpn-batch-bad', '2026-03-02', 20, 2);
    w.panels[1].setTraffic('vpn-batch-2', '2026-03-02', 30, 3);
    expect((await collect()).body).to.include({ services: 3, collected: 3 });

    // the next day the panel reports a negative byte count for one service only
    w.now = new Date('2026-03-16T12:00:00Z');
    w.panels[0].setTraffic('vpn-batch-1', '2026-03-15', 11, 1).setTraffic('vpn-batch-bad', '2026-03-15', -5, 2);
    w.panels[1].setTraffic('vpn-batch-2', '2026-03-15', 31, 3);
    const res = await collect();
    expect(res.body).to.include({ services: 3, collected: 2 });
    expect(res.body.failed).to.have.length(1);
    expect(res.body.failed[0]).to.include({ service_id: bad });
    expect(res.body.failed[0].error).to.match(/wrong shape \(data\.1\.traffic_download/);
    expect((await usageRows(before)).map((r) => [r.day, r.down])).to.deep.equal([['2026-03-02', 10], ['2026-03-15', 11]]);
    expect((await usageRows(after)).map((r) => [r.day, r.down])).to.deep.equal([['2026-03-02', 30], ['2026-03-15', 31]]);
    expect((await usageRows(bad)).map((r) => [r.day, r.down])).to.deep.equal([['2026-03-02', 20]]);
    const pulls = await w.t.c.db('usage_pulls').whereIn('service_id', [before, bad, after]).orderBy('service_id');
    expect(pulls.map((p) => [p.service_id, p.last_success_at, p.last_failure_at])).to.deep.equal([
      [before, '2026-03-16T12:00:00.000Z', null],
      [bad, '2026-03-15T12:00:00.000Z', '2026-03-16T12:00:00.000Z'],
      [after, '2026-03-16T12:00:00.000Z', null],
    ]);
    expect(pulls[1].last_error).to.match(/traffic_download/);
  });

  it('collects suspended services and skips pending ones and products without metrics', async () => {
    w.now = new Date('2026-03-15T12:00:00Z');
    const clientId = await w.client();
    const unmetered = await w.product({});
    const suspended = await w.service({ clientId, productId, name: 'vpn-susp', status: 'suspended' });
    await w.service({ clientId, productId: unmetered, name: 'vpn-free' });
    await w.t.c.db('services').insert({ client_id: clientId, product_id: productId, status: 'pending', created_at: w.now.toISOString(), updated_at: w.now.toISOString() });
    w.panels[0].setTraffic('vpn-susp', '2026-03-01', 1, 2).setTraffic('vpn-free', '2026-03-01', 1, 2);
    const res = await collect();
    expect(res.body).to.include({ services: 1, collected: 1 });
    expect(await usageRows(suspended)).to.have.length(1);
    expect(w.panels[0].requestsTo('GET', '/client/vpn-free/')).to.have.length(0);
  });

  it('lands late rows of last month on last month during the grace days, and stops asking after them', async () => {
    const id = await w.service({ clientId: await w.client(), productId, name: 'vpn-late' });
    w.panels[0].setTraffic('vpn-late', '2026-03-31', 31, 3).setTraffic('vpn-late', '2026-04-01', 41, 4);
    w.now = new Date('2026-04-03T12:00:00Z');
    const res = await collect();
    expect(res.body.months).to.deep.equal(['2026-03', '2026-04']);
    expect((await usageRows(id)).map((r) => [r.day, r.down])).to.deep.equal([['2026-03-31', 31], ['2026-04-01', 41]]);
    // a row the panel added late for March 31 lands on March while the grace days last
    w.panels[0].setTraffic('vpn-late', '2026-03-31', 310, 30);
    await collect();
    expect((await usageRows(id))[0]).to.include({ day: '2026-03-31', down: 310 });

    w.panels[0].requests.length = 0;
    w.panels[0].setTraffic('vpn-late', '2026-03-31', 999, 99);
    w.now = new Date('2026-04-04T12:00:00Z');
    const after = await collect();
    expect(after.body.months).to.deep.equal(['2026-04']);
    expect(w.panels[0].requestsTo('GET', '/client/vpn-late/traffic/2026/03')).to.have.length(0);
    expect((await usageRows(id))[0]).to.include({ day: '2026-03-31', down: 310 });
  });

  it('bills a service moved to another server mid-month once, from both servers\' days', async () => {
    w.now = new Date('2026-03-10T12:00:00Z');
    const clientId = await w.client();
    const id = await w.service({ clientId, productId, name: 'vpn-move' });
    w.panels[0].setTraffic('vpn-move', '2026-03-01', 2 * GB, 0).setTraffic('vpn-move', '2026-03-10', 3 * GB, 0);
    await collect();
    // moved: the client now lives on the second panel; the first one deleted it
    await w.t.c.repos.services.update(id, { serverId: w.serverIds[1] });
    w.panels[0].state.deleteClient('vpn-move');
    w.panels[1].seedClient({ name: 'vpn-move', network_name: 'main' });
    w.panels[1].setTraffic('vpn-move', '2026-03-20', 5 * GB, 0);
    w.now = new Date('2026-03-31T12:00:00Z');
    const res = await collect();
    expect(res.body.failed).to.deep.equal([]);
    expect(await usageRows(id)).to.deep.equal([
      { day: '2026-03-01', down: 2 * GB, up: 0, server: w.serverIds[0] },
      { day: '2026-03-10', down: 3 * GB, up: 0, server: w.serverIds[0] },
      { day: '2026-03-20', down: 5 * GB, up: 0, server: w.serverIds[1] },
    ]);

    w.now = new Date('2026-04-10T12:00:00Z');
    const gen = await w.api('post', '/api/admin/invoices/generate').send({ period: '2026-03' });
    expect(gen.status, gen.text).to.equal(200);
    const invoice = gen.body.invoices.find((i: { client_id: number }) => i.client_id === clientId);
    const download = invoice.lines.filter((l: { service_id: number; metric: string }) => l.service_id === id && l.metric === 'download');
    expect(download).to.have.length(1);
    expect(download[0]).to.include({ bytes: 10 * GB, gb: '10.00', amount_minor: 50 });
  });

  it('answers a service\'s month with daily rows and totals', async () => {
    w.now = new Date('2026-03-15T12:00:00Z');
    const id = await w.service({ clientId: await w.client(), productId, name: 'vpn-read' });
    w.panels[0].setTraffic('vpn-read', '2026-03-02', 1000, 10).setTraffic('vpn-read', '2026-03-03', 2000, 20);
    await collect();
    const res = await w.api('get', `/api/admin/services/${id}/usage?period=2026-03`);
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.include({ period: '2026-03', download_bytes: 3000, upload_bytes: 30 });
    expect(res.body.days.map((d: { date: string; download_bytes: number; upload_bytes: number }) => [d.date, d.download_bytes, d.upload_bytes])).to.deep.equal([
      ['2026-03-02', 1000, 10],
      ['2026-03-03', 2000, 20],
    ]);
    expect((await w.api('get', `/api/admin/services/${id}/usage?period=2026-13`)).body.fields).to.have.property('period');
    expect((await w.api('get', `/api/admin/services/${id}/usage`)).status).to.equal(422);
    expect((await w.api('get', '/api/admin/services/999999/usage?period=2026-03')).status).to.equal(404);
  });

  it('refuses a malformed or future date with 422 naming the field, before pulling anything', async () => {
    w.now = new Date('2026-03-15T12:00:00Z');
    for (const body of [{ date: '2026-02-30' }, { date: '2026-03-16' }, { date: 20260301 }, { day: '2026-03-01' }]) {
      const res = await collect(body);
      expect(res.status, JSON.stringify(body)).to.equal(422);
      expect(Object.keys(res.body.fields)).to.have.length(1);
    }
    const bad = await w.api('post', '/api/admin/usage/collect').set('Content-Type', 'text/plain').send('date=2026-03-01');
    expect(bad.status).to.equal(400);
  });

  it('answers 401 on every usage and invoice route without an admin token, running nothing', async () => {
    const before = (await w.t.c.db('job_runs')).length;
    for (const [method, path] of [['post', '/api/admin/usage/collect'], ['get', '/api/admin/services/1/usage?period=2026-03'], ['post', '/api/admin/invoices/generate'], ['get', '/api/admin/invoices']] as const) {
      const res = await request(w.t.app)[method](path).send({});
      expect(res.status, path).to.equal(401);
      expect(res.body.error).to.be.a('string');
    }
    expect(await w.t.c.db('job_runs')).to.have.length(before);
  });

  it('answers 409 without adding a run row while another live process holds the lease', async () => {
    const lease = jobLease(w.t.c.db, Date.now, { pid: 4242, host: 'other-host/boot/pidns' });
    expect(await lease.acquire('usage-collect', 'other-host:4242', 60_000)).to.equal(true);
    const before = (await w.t.c.db('job_runs')).length;
    try {
      const res = await collect();
      expect(res.status).to.equal(409);
      expect(res.body.code).to.equal('job_running');
      expect(res.body.error).to.contain('other-host:4242');
      expect(await w.t.c.db('job_runs')).to.have.length(before);
    } finally {
      await lease.release('usage-collect', 'other-host:4242');
    }
    expect((await collect()).status).to.equal(200);
  });

  it('keeps at most the per-panel limit of calls in flight on each panel', async () => {
    w.now = new Date('2026-03-15T12:00:00Z');
    const clientId = await w.client();
    for (let i = 0; i < 12; i++) await w.service({ clientId, productId, name: `vpn-par-${i}`, panel: i % 2 });
    const deps = w.deps({ perPanelLimit: 3, overallLimit: 5 });
    const real = deps.modules.meter('puqvpncp') as UsageMeter;
    const inFlight = new Map<number, number>();
    const peak = { perPanel: 0, overall: 0 };
    const counting: UsageMeter = {
      type: real.type,
      metrics: (p) => real.metrics(p),
      async monthlyUsage(ctx, period) {
        const server = ctx.server?.id ?? 0;
        inFlight.set(server, (inFlight.get(server) ?? 0) + 1);
        peak.perPanel = Math.max(peak.perPanel, inFlight.get(server) ?? 0);
        peak.overall = Math.max(peak.overall, [...inFlight.values()].reduce((a, b) => a + b, 0));
        try {
          await new Promise((r) => setTimeout(r, 30));
          return await real.monthlyUsage(ctx, period);
        } finally {
          inFlight.set(server, (inFlight.get(server) ?? 1) - 1);
        }
      },
    };
    const result = await collectUsage({ ...deps, modules: { ...deps.modules, meter: () => counting } }, { date: '2026-03-15' });
    expect(result).to.include({ services: 12, collected: 12 });
    expect(peak.perPanel).to.equal(3);
    expect(peak.overall).to.equal(5);
  });
});
