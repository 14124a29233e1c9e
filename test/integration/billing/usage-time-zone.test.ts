import { expect } from 'chai';
import { invoicesGenerateJob } from '../../../server/jobs/invoices-generate.job.js';
import { usageCollectJob } from '../../../server/jobs/usage-collect.job.js';
import { useBillingWorld } from './billing-world.js';

describe('usage and invoices in BILLING_TZ=Europe/Warsaw', () => {
  const w = useBillingWorld({ env: { BILLING_TZ: 'Europe/Warsaw' } });
  let productId: number;

  before(async () => {
    productId = await w.product({ download: { enabled: true, price_per_gb: '1' } });
  });

  const collect = () => w.api('post', '/api/admin/usage/collect').send({});
  const storedDays = async (id: number) => (await w.t.c.db('usage_daily').where({ service_id: id }).orderBy('day')).map((r) => r.day as string);

  it('dates a run by the Warsaw day around the spring DST change (UTC+1 before, UTC+2 after)', async () => {
    const id = await w.service({ clientId: await w.client(), productId, name: 'tz-spring' });
    for (const day of ['2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31']) w.panels[0].setTraffic('tz-spring', day, 1000, 1);

    // 23:30 UTC on the 28th is 00:30 CET on the 29th, the day the clocks go forward
    w.now = new Date('2026-03-28T23:30:00Z');
    expect((await collect()).body.date).to.equal('2026-03-29');
    expect(await storedDays(id)).to.deep.equal(['2026-03-28', '2026-03-29']);
    // 21:30 UTC on the 29th is 23:30 CEST, still the 29th; an hour later it is the 30th
    w.now = new Date('2026-03-29T21:30:00Z');
    expect((await collect()).body.date).to.equal('2026-03-29');
    w.now = new Date('2026-03-29T22:30:00Z');
    expect((await collect()).body.date).to.equal('2026-03-30');
    expect(await storedDays(id)).to.deep.equal(['2026-03-28', '2026-03-29', '2026-03-30']);
  });

  it('starts a new month at local midnight: the first run of April pulls March as well', async () => {
    await w.service({ clientId: await w.client(), productId, name: 'tz-month' });
    w.now = new Date('2026-03-31T21:59:00Z');
    expect((await collect()).body).to.deep.include({ date: '2026-03-31', months: ['2026-03'] });
    w.now = new Date('2026-03-31T22:00:00Z');
    expect((await collect()).body).to.deep.include({ date: '2026-04-01', months: ['2026-03', '2026-04'] });
  });

  it('dates runs around the autumn DST change and the month after it in Warsaw time', async () => {
    await w.service({ clientId: await w.client(), productId, name: 'tz-autumn' });
    // the clocks go back on 25 October: 22:59 UTC is 23:59 CET on the 25th, 23:00 UTC is the 26th
    w.now = new Date('2026-10-25T22:59:00Z');
    expect((await collect()).body.date).to.equal('2026-10-25');
    w.now = new Date('2026-10-25T23:00:00Z');
    expect((await collect()).body.date).to.equal('2026-10-26');
    w.now = new Date('2026-10-31T23:30:00Z');
    expect((await collect()).body).to.deep.include({ date: '2026-11-01', months: ['2026-10', '2026-11'] });
  });

  it('dates the scheduled pull by its own instant in Warsaw time', async () => {
    await w.service({ clientId: await w.client(), productId, name: 'tz-job' });
    w.now = new Date('2026-06-30T22:30:00Z');
    const result = (await usageCollectJob.run(w.t.c, { now: w.now })) as { date: string; months: string[]; skipped: boolean };
    expect(result).to.deep.include({ skipped: false, date: '2026-07-01', months: ['2026-06', '2026-07'] });
  });

  it('invoices a month once it is over in Warsaw, stating the zone, and the daily job after Warsaw grace days', async () => {
    const clientId = await w.client();
    const id = await w.service({ clientId, productId, name: 'tz-invoice' });
    w.panels[0].setTraffic('tz-invoice', '2026-05-31', 2_000_000_000, 0);
    w.now = new Date('2026-05-31T21:59:00Z');
    await collect();
    const early = await w.api('post', '/api/admin/invoices/generate').send({ period: '2026-05' });
    expect(early.status).to.equal(422);
    expect(early.body.fields.period).to.match(/Europe\/Warsaw/);

    // 22:30 UTC on 3 June is already the 4th in Warsaw: past the 3 grace days (in UTC it would still be the 3rd)
    w.now = new Date('2026-06-03T22:30:00Z');
    const job = (await invoicesGenerateJob.run(w.t.c, { now: w.now })) as { period: string; created: number };
    expect(job).to.include({ period: '2026-05' });
    const [invoice] = (await w.api('get', `/api/admin/invoices?period=2026-05&client_id=${clientId}`)).body.invoices;
    expect(invoice).to.include({ time_zone: 'Europe/Warsaw', total_minor: 200 });
    expect(invoice.lines[0]).to.include({ service_id: id, bytes: 2_000_000_000 });
  });
});
