import { expect } from 'chai';
import { PDFParse } from 'pdf-parse';
import { usePlansWorld } from './plans-world.js';

interface Line { kind: string; service_id: number; description: string; days?: number; amount_minor: number }
interface InvoiceJson { id: number; number: string; status: string; client_id: number; due_date: string; subtotal_minor: number; tax_minor: number; total_minor: number; paid_minor: number; lines: Line[] }

/** round_half_up(monthly × days / dim), written again with BigInt so the test does not trust the code. */
const prorated = (monthly: number, days: number, dim: number) => {
  const n = BigInt(monthly) * BigInt(days);
  const q = n / BigInt(dim);
  return Number((n % BigInt(dim)) * 2n >= BigInt(dim) ? q + 1n : q);
};

describe('plans, speed tiers and invoices', () => {
  const w = usePlansWorld({ env: { TAX_RATE: '23', SUSPEND_OVERDUE_DAYS: '3' } });
  let hookId = 0;
  before(async () => {
    const hook = await w.api('post', '/webhooks').send({ url: 'http://127.0.0.1:9/hook', secret: 'a-webhook-secret-of-length', events: ['invoice.issued', 'invoice.paid', 'invoice.overdue', 'invoice.voided', 'payment.received'] });
    expect(hook.status, hook.text).to.equal(201);
    hookId = hook.body.id;
  });
  const TIERS = [
    { code: 't100', name: '100 Mbit/s', download_mbps: 100, upload_mbps: 100, monthly_price: '2.00' },
    { code: 't250', name: '250 Mbit/s', download_mbps: 250, upload_mbps: 200, monthly_price: '5' },
  ];
  const ids = { a: 0, b: 0, cyr: { id: 0, name: '' }, edge: 0, full: 0, moved: 0, gone: 0 };
  let invoices: InvoiceJson[] = [];
  const invoiceOf = (clientId: number) => invoices.find((i) => i.client_id === clientId) as InvoiceJson;
  const clients = { tier: 0, edge: 0, full: 0, moved: 0, gone: 0 };

  describe('pricing and tiers', () => {
    it('sets a product\'s monthly price and setup fee and refuses a bad amount naming the field', async () => {
      ids.a = await w.product({ name: 'VPN Basic' });
      const ok = await w.api('put', `/products/${ids.a}/pricing`).send({ monthly_price: '10.00', setup_fee: '3' });
      expect(ok.status, ok.text).to.equal(200);
      expect(ok.body).to.deep.equal({ pricing: { monthly_price: '10.00', setup_fee: '3.00' } });
      const bad = await w.api('put', `/products/${ids.a}/pricing`).send({ monthly_price: '-1', setup_fee: '0.001' });
      expect(bad.status).to.equal(422);
      expect(bad.body.fields).to.have.property('monthly_price');
      expect((await w.api('get', `/products/${ids.a}/pricing`)).body.pricing.monthly_price).to.equal('10.00');
    });

    it('replaces the speed tiers, refusing a duplicate code and keeping what was saved', async () => {
      const res = await w.api('put', `/products/${ids.a}/speed-tiers`).send({ tiers: TIERS, customer_can_change: true });
      expect(res.status, res.text).to.equal(200);
      expect(res.body.customer_can_change).to.equal(true);
      expect(res.body.tiers.map((t: { code: string; monthly_price: string }) => [t.code, t.monthly_price])).to.deep.equal([['t100', '2.00'], ['t250', '5.00']]);
      const dup = await w.api('put', `/products/${ids.a}/speed-tiers`).send({ tiers: [TIERS[0], TIERS[0]] });
      expect(dup.status).to.equal(422);
      expect(dup.body.fields).to.have.property('tiers.1.code');
      expect((await w.api('get', `/products/${ids.a}/speed-tiers`)).body.tiers).to.have.length(2);
    });
  });

  describe('a tier change', () => {
    it('pushes the tier\'s caps to the panel at once and bills it from that day', async () => {
      w.at('2026-03-10T09:00:00Z');
      clients.tier = (await w.client()).id;
      const svc = await w.service(clients.tier, ids.a);
      ids.cyr = svc;
      expect(w.panel.state.clients.get(svc.name)).to.include({ b_download: 20, b_upload: 10 });
      w.at('2026-03-20T10:00:00Z');
      const res = await w.api('put', `/services/${svc.id}/tier`).send({ code: 't100' });
      expect(res.status, res.text).to.equal(200);
      expect(res.body).to.include({ tier: 't100', b_download: 100, b_upload: 100 });
      expect(w.panel.state.clients.get(svc.name)).to.include({ b_download: 100, b_upload: 100 });
    });

    it('changes nothing when the panel refuses, and says why', async () => {
      const name = ids.cyr.name;
      w.panel.refuse('PUT /client/:name', 422, 'Bandwidth limit exceeded for this server', {}, 1);
      const res = await w.api('put', `/services/${ids.cyr.id}/tier`).send({ code: 't250' });
      expect(res.status).to.be.within(400, 599);
      expect(res.body.error).to.match(/limit/i);
      expect((await w.api('get', `/services/${ids.cyr.id}`)).body.tier).to.equal('t100');
      expect(w.panel.state.clients.get(name)).to.include({ b_download: 100 });
      const periods = await w.t.c.db('service_plan_periods').where({ service_id: ids.cyr.id }).orderBy('from_day');
      expect(periods.map((p) => [p.from_day, p.tier_code])).to.deep.equal([['2026-03-10', null], ['2026-03-20', 't100']]);
    });

    it('refuses an unknown tier naming the field', async () => {
      const res = await w.api('put', `/services/${ids.cyr.id}/tier`).send({ code: 'nope' });
      expect(res.status).to.equal(422);
      expect(res.body.fields).to.have.property('tier');
    });
  });

  describe('the month\'s invoices', () => {
    before(async () => {
      ids.b = await w.product({ name: 'VPN Lite', monthly: '7.00' });
      w.at('2026-03-01T00:30:00Z');
      clients.full = (await w.client()).id;
      ids.full = (await w.service(clients.full, ids.a)).id;
      clients.moved = (await w.client()).id;
      ids.moved = (await w.service(clients.moved, ids.a)).id;
      clients.gone = (await w.client()).id;
      ids.gone = (await w.service(clients.gone, ids.b)).id;
      w.at('2026-03-16T12:00:00Z');
      const moved = await w.api('put', `/services/${ids.moved}/product`).send({ product_id: ids.b });
      expect(moved.status, moved.text).to.equal(200);
      w.at('2026-03-21T12:00:00Z');
      await w.api('post', `/services/${ids.gone}/actions/terminate`).send({}).expect(200);
      w.at('2026-03-31T23:00:00Z');
      clients.edge = (await w.client('Иван Петров Γιώργος')).id;
      ids.edge = (await w.service(clients.edge, ids.a)).id;
      w.at('2026-04-02T09:00:00Z');
      const res = await w.api('post', '/invoices/generate').send({ period: '2026-03' });
      expect(res.status, res.text).to.equal(200);
      invoices = res.body.invoices;
    });

    it('prorates across a tier change, with the setup fee in the month of creation and tax half up', () => {
      const inv = invoiceOf(clients.tier);
      const lines = inv.lines.map((l) => [l.kind, l.days ?? null, l.amount_minor]);
      expect(lines).to.deep.equal([
        ['setup', null, 300],
        ['recurring', 10, prorated(1000, 10, 31)],
        ['recurring', 12, prorated(1200, 12, 31)],
      ]);
      const subtotal = 300 + prorated(1000, 10, 31) + prorated(1200, 12, 31);
      expect(inv.subtotal_minor).to.equal(subtotal);
      expect(inv.tax_minor).to.equal(Math.floor((subtotal * 23) / 100 + 0.5));
      expect(inv.total_minor).to.equal(inv.subtotal_minor + inv.tax_minor);
      expect(inv.lines[2].description).to.contain('100 Mbit/s');
      expect(inv).to.include({ status: 'open', due_date: '2026-04-16' });
    });

    it('bills the month edges: a whole month, and one day for a service created on the last day', () => {
      expect(invoiceOf(clients.full).lines.filter((l) => l.kind === 'recurring').map((l) => [l.days, l.amount_minor])).to.deep.equal([[31, 1000]]);
      expect(invoiceOf(clients.edge).lines.filter((l) => l.kind === 'recurring').map((l) => [l.days, l.amount_minor])).to.deep.equal([[1, prorated(1000, 1, 31)]]);
    });

    it('splits the month at a product change and stops at a termination', () => {
      expect(invoiceOf(clients.moved).lines.filter((l) => l.kind === 'recurring').map((l) => [l.days, l.amount_minor])).to.deep.equal([[15, prorated(1000, 15, 31)], [16, prorated(700, 16, 31)]]);
      expect(invoiceOf(clients.gone).lines.filter((l) => l.kind === 'recurring').map((l) => [l.days, l.amount_minor])).to.deep.equal([[20, prorated(700, 20, 31)]]);
    });

    it('numbers the invoices without gaps and creates nothing on a second run', async () => {
      const numbers = invoices.map((i) => i.number).sort();
      expect(numbers).to.deep.equal(numbers.map((_, i) => `2026-${String(i + 1).padStart(6, '0')}`));
      const again = await w.api('post', '/invoices/generate').send({ period: '2026-03' });
      expect(again.body.created).to.equal(0);
      expect(await w.t.c.db('mail_outbox').where({ kind: 'invoice_issued' })).to.have.length(invoices.length);
    });

    it('gives a PDF that parses and holds the number, the lines, the total and the customer\'s name', async () => {
      const inv = invoiceOf(clients.edge);
      const res = await w.api('get', `/invoices/${inv.id}.pdf`).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
      expect(res.status).to.equal(200);
      expect(res.type).to.equal('application/pdf');
      const text = (await new PDFParse({ data: res.body as Buffer }).getText()).text;
      expect(text).to.contain(`Invoice ${inv.number}`);
      expect(text).to.contain('Иван Петров Γιώργος');
      expect(text).to.contain('VPN Basic: 1 of 31 days');
      expect(text).to.contain(`${(inv.total_minor / 100).toFixed(2)} USD`);
    });
  });

  describe('payments and void', () => {
    it('adds up partial payments, is idempotent by reference and refuses an overpayment', async () => {
      const inv = invoiceOf(clients.full);
      const first = await w.api('post', `/invoices/${inv.id}/payments`).send({ amount_minor: 500, reference: 'bank-1' });
      expect(first.status, first.text).to.equal(201);
      expect(first.body.invoice).to.include({ status: 'open', paid_minor: 500 });
      const again = await w.api('post', `/invoices/${inv.id}/payments`).send({ amount_minor: 500, reference: 'bank-1' });
      expect(again.status).to.equal(200);
      expect(again.body.payment.id).to.equal(first.body.payment.id);
      expect(again.body.invoice.paid_minor).to.equal(500);
      const over = await w.api('post', `/invoices/${inv.id}/payments`).send({ amount_minor: inv.total_minor, reference: 'bank-2' });
      expect(over.status).to.equal(422);
      expect(over.body.fields.amount_minor).to.match(/more than the amount due/);
      const rest = await w.api('post', `/invoices/${inv.id}/payments`).send({ amount_minor: inv.total_minor - 500, reference: 'bank-2', paid_at: '2026-04-05' });
      expect(rest.status).to.equal(201);
      expect(rest.body.invoice).to.include({ status: 'paid', paid_minor: inv.total_minor, amount_due_minor: 0 });
      expect((await w.api('post', `/invoices/${inv.id}/payments`).send({ amount_minor: 1, reference: 'bank-3' })).status).to.equal(409);
      expect(await w.t.c.db('mail_outbox').where({ kind: 'payment_received' })).to.have.length(2);
      expect((await w.api('post', `/invoices/${inv.id}/void`)).status).to.equal(409);
    });

    it('voids an open invoice, and the next generation issues its replacement with the next number', async () => {
      const inv = invoiceOf(clients.moved);
      const res = await w.api('post', `/invoices/${inv.id}/void`);
      expect(res.status).to.equal(200);
      expect(res.body.invoice.status).to.equal('void');
      const regen = await w.api('post', '/invoices/generate').send({ period: '2026-03' });
      expect(regen.body.created).to.equal(1);
      const replacement = (regen.body.invoices as InvoiceJson[]).find((i) => i.client_id === clients.moved && i.status === 'open') as InvoiceJson;
      expect(replacement.number).to.equal(`2026-${String(invoices.length + 1).padStart(6, '0')}`);
      expect(replacement.total_minor).to.equal(inv.total_minor);
    });
  });

  describe('dunning', () => {
    it('suspends with reason overdue only past due + SUSPEND_OVERDUE_DAYS, once, and tells the customer', async () => {
      const early = await w.api('post', '/billing/dunning').send({ date: '2026-04-19' });
      expect(early.status, early.text).to.equal(200);
      expect(early.body.suspended).to.deep.equal([]);
      const run = await w.api('post', '/billing/dunning').send({ date: '2026-04-20' });
      expect(run.body.suspended).to.include.members([ids.cyr.id, ids.edge]);
      expect(run.body.suspended).to.not.include(ids.full);
      const svc = (await w.api('get', `/services/${ids.cyr.id}`)).body;
      expect(svc).to.include({ status: 'suspended', suspend_reason: 'overdue' });
      expect(w.panel.state.clients.get(ids.cyr.name)?.status).to.equal('disable');
      const mails = await w.t.c.db('mail_outbox').where({ kind: 'invoice_overdue' });
      expect(mails.length).to.equal(run.body.notified.length);
      const rerun = await w.api('post', '/billing/dunning').send({ date: '2026-04-21' });
      expect(rerun.body).to.include({ date: '2026-04-21' });
      expect(rerun.body.suspended).to.deep.equal([]);
      expect(rerun.body.unsuspended).to.deep.equal([]);
      expect(rerun.body.notified).to.deep.equal([]);
    });

    it('lifts its suspension on payment, never an admin\'s own', async () => {
      w.at('2026-04-20T10:00:00Z');
      const second = (await w.service(clients.tier, ids.a)).id;
      await w.api('post', `/services/${second}/actions/suspend`).send({}).expect(200);
      expect((await w.api('get', `/services/${second}`)).body.suspend_reason).to.equal('admin');
      const inv = invoiceOf(clients.tier);
      const paid = await w.api('post', `/invoices/${inv.id}/payments`).send({ amount_minor: inv.total_minor, reference: 'card-77' });
      expect(paid.status).to.equal(201);
      expect((await w.api('get', `/services/${ids.cyr.id}`)).body).to.include({ status: 'active', suspend_reason: null });
      expect(w.panel.state.clients.get(ids.cyr.name)?.status).to.equal('enable');
      expect((await w.api('get', `/services/${second}`)).body).to.include({ status: 'suspended', suspend_reason: 'admin' });
      const run = await w.api('post', '/billing/dunning').send({ date: '2026-04-22' });
      expect(run.body.unsuspended).to.not.include(second);
    });

    it('lifts it when the overdue invoice is voided, by the daily run as well', async () => {
      const inv = invoiceOf(clients.edge);
      await w.api('post', `/invoices/${inv.id}/void`).expect(200);
      expect((await w.api('get', `/services/${ids.edge}`)).body).to.include({ status: 'active', suspend_reason: null });
    });
  });
  describe('webhooks', () => {
    it('told each issue, payment, payment in full, void and overdue invoice once, in the transaction of its cause', async () => {
      const rows = await w.t.c.db('webhook_deliveries').where({ endpoint_id: hookId }).orderBy('id');
      const events = rows.map((r: { type: string; body: string }) => ({ type: r.type, data: JSON.parse(r.body).data as Record<string, unknown> }));
      const of = (type: string) => events.filter((e) => e.type === type).map((e) => e.data);
      const stored = await w.t.c.db('invoices').select('id', 'number', 'status', 'overdue_notified_at');
      const issued = of('invoice.issued');
      expect(issued.map((d) => d.number).sort()).to.deep.equal(stored.filter((i: { number: string | null }) => i.number).map((i: { number: string }) => i.number).sort());
      expect(new Set(issued.map((d) => d.id)).size).to.equal(issued.length);
      expect(of('payment.received').map((d) => d.reference)).to.deep.equal(['bank-1', 'bank-2', 'card-77']);
      expect(of('payment.received')[1]).to.include({ invoice_status: 'paid' });
      expect(of('invoice.paid').map((d) => d.id).sort()).to.deep.equal(stored.filter((i: { status: string }) => i.status === 'paid').map((i: { id: number }) => i.id).filter((id: number) => of('payment.received').some((p) => p.invoice_id === id)).sort());
      expect(of('invoice.voided').map((d) => d.id).sort()).to.deep.equal(stored.filter((i: { status: string }) => i.status === 'void').map((i: { id: number }) => i.id).sort());
      const overdue = of('invoice.overdue');
      expect(overdue.map((d) => d.id).sort()).to.deep.equal(stored.filter((i: { overdue_notified_at: string | null }) => i.overdue_notified_at).map((i: { id: number }) => i.id).sort());
      expect(overdue.length).to.be.greaterThan(0);
      expect(overdue[0].suspended_service_ids).to.be.an('array').with.length.greaterThan(0);
      expect(JSON.stringify(events)).to.not.contain('@');
    });
  });
});
