import { expect } from 'chai';
import { invoicesGenerateJob } from '../../../server/jobs/invoices-generate.job.js';
import { useBillingWorld } from './billing-world.js';

/**
 * The admin-api.md rule, written again here with BigInt only and prices given as integers scaled by
 * 10^4, so the test does not trust the code it checks: max(0, bytes − included·10^9) × price × 100 / 10^9,
 * rounded half up.
 */
function expectedMinor(bytes: bigint, includedGb: bigint, priceScaled: bigint): number {
  const over = bytes - includedGb * 1_000_000_000n;
  const billable = over > 0n ? over : 0n;
  const numerator = billable * priceScaled * 100n;
  const denominator = 1_000_000_000n * 10_000n;
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  return Number(remainder * 2n >= denominator ? quotient + 1n : quotient);
}

interface LineJson {
  kind: string;
  description: string;
  service_id: number;
  metric: string;
  bytes: number;
  gb: string;
  included_gb: number;
  billable_gb: string;
  unit_price: string;
  amount_minor: number;
  days: { date: string; bytes: number }[];
}

describe('invoices', () => {
  const w = useBillingWorld({ shared: true });
  const ids = { x: 0, y: 0, a: 0, b: 0, c: 0 };

  before(async () => {
    // product A: both metrics, a 4-decimal price and an included quota; product B: download only
    const productA = await w.product({ download: { enabled: true, price_per_gb: '0.0537', included_gb: 3 }, upload: { enabled: true, price_per_gb: '0.01' } });
    const productB = await w.product({ download: { enabled: true, price_per_gb: '1.25' }, upload: { enabled: false, price_per_gb: '9' } });
    w.now = new Date('2026-03-31T20:00:00Z');
    ids.x = await w.client();
    ids.y = await w.client();
    ids.a = await w.service({ clientId: ids.x, productId: productA, name: 'inv-a' });
    ids.b = await w.service({ clientId: ids.x, productId: productB, name: 'inv-b' });
    ids.c = await w.service({ clientId: ids.y, productId: productA, name: 'inv-c' });
    // 12,345,678,901 bytes down over three days; upload exactly half a cent at 0.01/GB
    w.panels[0].setTraffic('inv-a', '2026-03-01', 4_000_000_000, 200_000_000).setTraffic('inv-a', '2026-03-15', 8_000_000_000, 300_000_000).setTraffic('inv-a', '2026-03-31', 345_678_901, 0);
    w.panels[0].setTraffic('inv-b', '2026-03-20', 999_999_999, 77);
    const res = await w.api('post', '/api/admin/usage/collect').send({});
    expect(res.body).to.include({ services: 3, collected: 3 });
    w.now = new Date('2026-04-10T09:00:00Z');
  });

  const generate = (period: string) => w.api('post', '/api/admin/invoices/generate').send({ period });
  const invoiceOf = (body: { invoices: { client_id: number }[] }, clientId: number) => body.invoices.find((i) => i.client_id === clientId) as unknown as { id: number; total_minor: number; lines: LineJson[] } & Record<string, unknown>;

  it('prices every line exactly as BigInt arithmetic says, one invoice per customer', async () => {
    const res = await generate('2026-03');
    expect(res.status, res.text).to.equal(200);
    expect(res.body.created).to.equal(2);
    const x = invoiceOf(res.body, ids.x);
    const lines = x.lines.map(({ days: _days, kind: _kind, description: _description, ...l }) => l);
    expect(x.lines.every((l) => l.kind === 'usage' && /traffic$/.test(l.description))).to.equal(true);
    expect(lines).to.deep.equal([
      { service_id: ids.a, metric: 'download', bytes: 12_345_678_901, gb: '12.35', included_gb: 3, billable_gb: '9.35', unit_price: '0.0537', amount_minor: expectedMinor(12_345_678_901n, 3n, 537n) },
      { service_id: ids.a, metric: 'upload', bytes: 500_000_000, gb: '0.50', included_gb: 0, billable_gb: '0.50', unit_price: '0.01', amount_minor: expectedMinor(500_000_000n, 0n, 100n) },
      { service_id: ids.b, metric: 'download', bytes: 999_999_999, gb: '1.00', included_gb: 0, billable_gb: '1.00', unit_price: '1.25', amount_minor: expectedMinor(999_999_999n, 0n, 12_500n) },
    ]);
    // the literal values, so a wrong rule in both places cannot pass: 50.19 c, 0.5 c → 1 c, 124.99… c → 125 c
    expect(lines.map((l) => l.amount_minor)).to.deep.equal([50, 1, 125]);
    expect(x.total_minor).to.equal(176);
    expect(x).to.include({ currency: 'USD', period: '2026-03', gb_base: 1_000_000_000, rounding: 'half-up', time_zone: 'UTC' });
    expect(x.rules).to.match(/10\^9/);

    const y = invoiceOf(res.body, ids.y);
    expect(y.lines.map((l) => [l.metric, l.bytes, l.amount_minor])).to.deep.equal([['download', 0, 0], ['upload', 0, 0]]);
    expect(y.total_minor).to.equal(0);
  });

  it('keeps on each line the daily rows it was computed from', async () => {
    const x = invoiceOf((await generate('2026-03')).body, ids.x);
    const download = x.lines.find((l) => l.service_id === ids.a && l.metric === 'download') as LineJson;
    expect(download.days).to.deep.equal([
      { date: '2026-03-01', bytes: 4_000_000_000 },
      { date: '2026-03-15', bytes: 8_000_000_000 },
      { date: '2026-03-31', bytes: 345_678_901 },
    ]);
    for (const line of x.lines) expect(line.days.reduce((s, d) => s + d.bytes, 0)).to.equal(line.bytes);
    const stored = await w.t.c.db('invoice_lines').where({ service_id: ids.b, metric: 'download' }).first();
    expect(JSON.parse(stored.days)).to.deep.equal([{ date: '2026-03-20', bytes: 999_999_999 }]);
  });

  it('creates nothing and changes nothing when the month is generated again', async () => {
    await generate('2026-03');
    const before = { invoices: await w.rows('invoices'), lines: await w.rows('invoice_lines') };
    // late traffic and a price change after invoicing must not touch an issued invoice
    w.panels[0].setTraffic('inv-a', '2026-03-02', 7 * 1_000_000_000, 0);
    await w.api('post', '/api/admin/usage/collect').send({ date: '2026-04-02' });
    w.now = new Date('2026-04-11T09:00:00Z');
    const again = await generate('2026-03');
    expect(again.status).to.equal(200);
    expect(again.body.created).to.equal(0);
    expect(again.body.invoices.map((i: { id: number }) => i.id).sort()).to.deep.equal(before.invoices.map((i) => i.id).sort());
    expect(await w.rows('invoices')).to.deep.equal(before.invoices);
    expect(await w.rows('invoice_lines')).to.deep.equal(before.lines);
  });

  it('lists invoices by month and customer', async () => {
    await generate('2026-03');
    const all = await w.api('get', '/api/admin/invoices?period=2026-03');
    expect(all.status).to.equal(200);
    expect(all.body.invoices.map((i: { client_id: number }) => i.client_id).sort()).to.deep.equal([ids.x, ids.y].sort());
    const one = await w.api('get', `/api/admin/invoices?client_id=${ids.y}`);
    expect(one.body.invoices).to.have.length(1);
    expect(one.body.invoices[0]).to.include({ client_id: ids.y, period: '2026-03' });
    expect((await w.api('get', '/api/admin/invoices?period=2026-02')).body.invoices).to.deep.equal([]);
    const bad = await w.api('get', '/api/admin/invoices?client_id=abc&period=2026-3');
    expect(bad.status).to.equal(422);
    expect(bad.body.fields).to.have.property('client_id');
  });

  it('refuses a month that is not over, or a malformed one, with 422 naming period', async () => {
    for (const body of [{ period: '2026-04' }, { period: '2026-13' }, { period: 'March' }, {}, { period: '2026-03', extra: 1 }]) {
      const res = await w.api('post', '/api/admin/invoices/generate').send(body);
      expect(res.status, JSON.stringify(body)).to.equal(422);
      expect(Object.keys(res.body.fields)).to.have.length(1);
    }
    expect((await w.api('post', '/api/admin/invoices/generate').send({ period: '2026-04' })).body.fields.period).to.match(/not over yet/);
  });

  it('invoices last month from the daily job only once the grace days are over', async () => {
    const productId = await w.product({ download: { enabled: true, price_per_gb: '2' } });
    const clientId = await w.client();
    w.now = new Date('2026-04-20T12:00:00Z');
    await w.service({ clientId, productId, name: 'inv-april' });
    w.panels[0].setTraffic('inv-april', '2026-04-20', 1_500_000_000, 0);
    await w.api('post', '/api/admin/usage/collect').send({});

    const early = await invoicesGenerateJob.run(w.t.c, { now: new Date('2026-05-03T01:30:00Z') });
    expect(early).to.deep.include({ skipped: true });
    expect(await w.t.c.db('invoices').where({ period: '2026-04' })).to.have.length(0);
    w.now = new Date('2026-05-04T01:30:00Z');
    const due = (await invoicesGenerateJob.run(w.t.c, { now: w.now })) as { period: string; created: number };
    expect(due).to.include({ period: '2026-04' });
    expect(due.created).to.be.greaterThan(0);
    const [april] = (await w.api('get', `/api/admin/invoices?period=2026-04&client_id=${clientId}`)).body.invoices;
    expect(april.lines[0]).to.include({ bytes: 1_500_000_000, gb: '1.50', amount_minor: 300 });
    expect(((await invoicesGenerateJob.run(w.t.c, { now: w.now })) as { created: number }).created).to.equal(0);
  });
});
