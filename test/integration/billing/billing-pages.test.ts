import { expect } from 'chai';
import { usageEstimate } from '../../../server/domain/billing/usage-estimate.js';
import { buildAdmin, buildClient } from '../../support/factories.js';
import { loginAs, type Agent } from '../../support/login.js';
import { useBillingWorld } from './billing-world.js';

describe('billing pages', () => {
  const w = useBillingWorld({ shared: true, start: '2026-03-31T20:00:00Z' });
  let admin: { agent: Agent; csrf: string };
  const ids = { alice: 0, bob: 0, aliceService: 0, bobService: 0, aliceInvoice: 0, bobInvoice: 0, unmetered: 0 };
  let aliceEmail: string;

  const waitForRuns = async () => {
    for (let i = 0; i < 100 && (await w.t.c.db('job_runs').where({ status: 'running' })).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
  };

  before(async () => {
    const productId = await w.product({ download: { enabled: true, price_per_gb: '0.05' }, upload: { enabled: true, price_per_gb: '0.01', included_gb: 1 } });
    const alice = await buildClient(w.t.c, { name: 'Alice' });
    aliceEmail = alice.email;
    ids.alice = alice.id;
    ids.bob = await w.client();
    ids.aliceService = await w.service({ clientId: ids.alice, productId, name: 'page-alice' });
    ids.bobService = await w.service({ clientId: ids.bob, productId, name: 'page-bob' });
    ids.unmetered = await w.service({ clientId: ids.alice, productId: await w.product({}), name: 'page-flat' });
    w.panels[0].setTraffic('page-alice', '2026-03-05', 3_000_000_000, 2_500_000_000).setTraffic('page-bob', '2026-03-06', 1_000_000_000, 0);
    await w.api('post', '/api/admin/usage/collect').send({});
    w.now = new Date('2026-04-05T10:00:00Z');
    const gen = await w.api('post', '/api/admin/invoices/generate').send({ period: '2026-03' });
    for (const inv of gen.body.invoices as { id: number; client_id: number }[]) {
      if (inv.client_id === ids.alice) ids.aliceInvoice = inv.id;
      if (inv.client_id === ids.bob) ids.bobInvoice = inv.id;
    }
    const adminUser = await buildAdmin(w.t.c);
    admin = await loginAs(w.t.app, adminUser.email, 'admin');
  });

  it('shows the schedule, last runs, invoices and a run-now form on the admin billing page', async () => {
    const res = await admin.agent.get('/admin/billing?period=2026-03');
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('Run now').and.contain('action="/admin/billing/collect"').and.contain('name="_csrf"');
    expect(res.text).to.contain('30 0 * * *').and.contain('usage-collect').and.contain('succeeded');
    expect(res.text).to.contain(`/admin/billing/invoices/${ids.aliceInvoice}`).and.contain('Alice');
    expect(res.text).to.contain('href="/admin/billing"');
  });

  it('starts a collection from the run-now button and records it among the last runs', async () => {
    const before = (await w.t.c.db('job_runs').where({ job: 'usage-collect' })).length;
    const res = await admin.agent.post('/admin/billing/collect').type('form').send({ _csrf: admin.csrf, date: '' });
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal('/admin/billing');
    const page = await admin.agent.get('/admin/billing');
    await waitForRuns();
    const runs = await w.t.c.db('job_runs').where({ job: 'usage-collect' }).orderBy('id');
    expect(runs).to.have.length(before + 1);
    expect(runs[runs.length - 1].status).to.equal('succeeded');
    expect(page.text).to.contain(`Usage collection #${runs[runs.length - 1].id} started.`);
    const json = await admin.agent.get('/admin/billing/runs.json');
    expect(json.body.runs[0]).to.include({ job: 'usage-collect', status: 'succeeded', date: '2026-04-05', services: 2, collected: 2 });
  });

  it('refuses run now without the CSRF token and starts nothing', async () => {
    const before = (await w.t.c.db('job_runs')).length;
    const res = await admin.agent.post('/admin/billing/collect').type('form').send({ date: '' });
    expect(res.status).to.equal(403);
    expect(await w.t.c.db('job_runs')).to.have.length(before);
  });

  it('keeps a bad date in the form and names the problem with a 422', async () => {
    const res = await admin.agent.post('/admin/billing/collect').type('form').send({ _csrf: admin.csrf, date: '2026-02-31' });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('value="2026-02-31"').and.contain('must be a date as YYYY-MM-DD');
    const period = await admin.agent.post('/admin/billing/invoices/generate').type('form').send({ _csrf: admin.csrf, period: '2026-04' });
    expect(period.status).to.equal(422);
    expect(period.text).to.contain('not over yet');
  });

  it('shows an invoice with its lines and rules, and exports it as CSV', async () => {
    const page = await admin.agent.get(`/admin/billing/invoices/${ids.aliceInvoice}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('3000000000').and.contain('0.15 USD').and.contain('half-up').and.contain('UTC').and.contain('10^9 bytes');
    const csv = await admin.agent.get(`/admin/billing/invoices/${ids.aliceInvoice}/csv`);
    expect(csv.status).to.equal(200);
    expect(csv.headers['content-type']).to.match(/^text\/csv/);
    expect(csv.headers['content-disposition']).to.contain(`invoice-${ids.aliceInvoice}-2026-03.csv`);
    const rows = csv.text.trim().split('\r\n');
    expect(rows[0]).to.equal('invoice_id,number,client_id,period,service_id,kind,description,metric,bytes,gb,included_gb,billable_gb,unit_price,days,amount_minor,currency');
    const number = rows[1].split(',')[1];
    expect(number).to.match(/^2026-\d{6}$/);
    expect(rows[1]).to.match(new RegExp(`^${ids.aliceInvoice},${number},${ids.alice},2026-03,${ids.aliceService},usage,[^,]*download traffic,download,3000000000,3.00,0,3.00,0.05,,15,USD$`));
    expect(rows[2]).to.match(new RegExp(`^${ids.aliceInvoice},${number},${ids.alice},2026-03,${ids.aliceService},usage,[^,]*upload traffic,upload,2500000000,2.50,1,1.50,0.01,,2,USD$`));
    expect(rows[5]).to.contain(',total,').and.contain(',17,USD');
    expect((await admin.agent.get('/admin/billing/invoices/999999')).status).to.equal(404);
  });

  it('exports a month of every service\'s daily usage as CSV and shows one service\'s days', async () => {
    const csv = await admin.agent.get('/admin/billing/usage.csv?period=2026-03');
    expect(csv.status).to.equal(200);
    const rows = csv.text.trim().split('\r\n');
    expect(rows[0]).to.equal('service_id,date,download_bytes,upload_bytes,server_id,collected_at');
    expect(rows.slice(1).map((r) => r.split(',').slice(0, 4).join(','))).to.deep.equal([
      `${ids.aliceService},2026-03-05,3000000000,2500000000`,
      `${ids.bobService},2026-03-06,1000000000,0`,
    ]);
    expect((await admin.agent.get('/admin/billing/usage.csv?period=2026-3')).status).to.equal(422);
    const usage = await admin.agent.get(`/admin/billing/usage?service_id=${ids.aliceService}&period=2026-03`);
    expect(usage.status).to.equal(200);
    expect(usage.text).to.contain('2026-03-05').and.contain('3.00 GB').and.contain('2.50');
  });

  it('warns on the dashboard while a metered service\'s usage is older than 36 hours', async () => {
    const fresh = await admin.agent.get('/admin');
    expect(fresh.text).not.to.contain('Usage older than 36 hours');
    w.now = new Date(w.now.getTime() + 37 * 3600 * 1000);
    const stale = await admin.agent.get('/admin');
    expect(stale.text).to.contain('Usage older than 36 hours for 2 metered services');
    expect(stale.text).to.contain(`/admin/services/${ids.aliceService}`);
    expect(stale.text).not.to.contain(`/admin/services/${ids.unmetered}"`);
    await w.api('post', '/api/admin/usage/collect').send({});
    expect((await admin.agent.get('/admin')).text).not.to.contain('Usage older than 36 hours');
  });

  it('shows a customer their own invoices only, and 404 for anyone else\'s', async () => {
    const { agent } = await loginAs(w.t.app, aliceEmail);
    const list = await agent.get('/invoices');
    expect(list.status).to.equal(200);
    expect(list.text).to.contain(`/invoices/${ids.aliceInvoice}`).and.not.contain(`/invoices/${ids.bobInvoice}"`);
    expect(list.text).to.contain('href="/invoices"');
    const mine = await agent.get(`/invoices/${ids.aliceInvoice}`);
    expect(mine.status).to.equal(200);
    expect(mine.text).to.contain('0.17 USD').and.contain('half-up').and.contain('2026-03-05');
    expect((await agent.get(`/invoices/${ids.bobInvoice}`)).status).to.equal(404);
    expect((await agent.get('/invoices/abc')).status).to.equal(404);
    expect((await agent.get('/admin/billing')).status).to.equal(404);
  });

  it('estimates this month from the stored usage for the client area', async () => {
    w.now = new Date('2026-03-20T12:00:00Z');
    const estimate = await usageEstimate(w.t.c.billing, ids.aliceService, w.now);
    expect(estimate).to.deep.include({ period: '2026-03', currency: 'USD', total_minor: 17, time_zone: 'UTC' });
    expect(estimate?.lines.map((l) => [l.metric, l.bytes, l.amount_minor])).to.deep.equal([['download', 3_000_000_000, 15], ['upload', 2_500_000_000, 2]]);
    expect(estimate?.updated_at).to.be.a('string');
    expect(await usageEstimate(w.t.c.billing, ids.unmetered, w.now)).to.equal(null);
    expect(await usageEstimate(w.t.c.billing, 999_999, w.now)).to.equal(null);
  });
});
