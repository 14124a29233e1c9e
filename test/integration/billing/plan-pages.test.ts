import { expect } from 'chai';
import { buildAdmin } from '../../support/factories.js';
import { loginAs, type Agent } from '../../support/login.js';
import { usePlansWorld } from './plans-world.js';

describe('plan and invoice pages', () => {
  const w = usePlansWorld({ env: { SUSPEND_OVERDUE_DAYS: '2', SESSION_IDLE_DAYS: '365', SESSION_MAX_DAYS: '3650' } });
  let customer: { agent: Agent; csrf: string };
  let stranger: { agent: Agent; csrf: string };
  let admin: { agent: Agent; csrf: string };
  const ids = { product: 0, locked: 0, service: 0, name: '', lockedService: 0, invoice: 0, strangerService: 0 };

  before(async () => {
    w.at('2026-05-03T09:00:00Z');
    ids.product = await w.product({ name: 'VPN Pro', monthly: '6.00', customerCanChange: true, tiers: [
      { code: 't50', name: '50 Mbit/s', download_mbps: 50, upload_mbps: 50, monthly_price: '0' },
      { code: 't500', name: '500 Mbit/s', download_mbps: 500, upload_mbps: 300, monthly_price: '4.50' },
    ] });
    ids.locked = await w.product({ name: 'VPN Fixed', monthly: '3.00', tiers: [{ code: 't10', name: '10 Mbit/s', download_mbps: 10, upload_mbps: 10, monthly_price: '1' }] });
    const me = await w.client('Ada');
    const other = await w.client('Eve');
    const svc = await w.service(me.id, ids.product);
    Object.assign(ids, { service: svc.id, name: svc.name, lockedService: (await w.service(me.id, ids.locked)).id, strangerService: (await w.service(other.id, ids.product)).id });
    customer = await loginAs(w.t.app, me.email);
    stranger = await loginAs(w.t.app, other.email);
    admin = await loginAs(w.t.app, (await buildAdmin(w.t.c)).email, 'admin');
  });

  it('lists the tiers with their prices and a Change form on the customer\'s service page', async () => {
    const page = await customer.agent.get(`/services/${ids.service}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('id="plan-monthly">6.00 USD<');
    expect(page.text).to.contain('500 Mbit/s').and.contain('10.50 USD').and.contain('+4.50 USD');
    expect(page.text).to.match(/action="\/services\/\d+\/tier"/);
    const locked = await customer.agent.get(`/services/${ids.lockedService}`);
    expect(locked.text).to.contain('10 Mbit/s').and.not.match(/action="\/services\/\d+\/tier"/);
  });

  it('changes the tier at once when the customer asks, and refuses without the CSRF token', async () => {
    expect((await customer.agent.post(`/services/${ids.service}/tier`).type('form').send({ tier: 't500' })).status).to.equal(403);
    const res = await customer.agent.post(`/services/${ids.service}/tier`).type('form').send({ _csrf: customer.csrf, tier: 't500' });
    expect(res.status).to.equal(303);
    expect(w.panel.state.clients.get(ids.name)).to.include({ b_download: 500, b_upload: 300 });
    const page = await customer.agent.get(`/services/${ids.service}`);
    expect(page.text).to.contain('Your speed is now 500 Mbit/s');
    expect(page.text).to.contain('id="plan-monthly">10.50 USD<');
  });

  it('says why when the panel refuses, and changes nothing', async () => {
    w.panel.refuse('PUT /client/:name', 422, 'Bandwidth limit exceeded for this server', {}, 1);
    await customer.agent.post(`/services/${ids.service}/tier`).type('form').send({ _csrf: customer.csrf, tier: 't50' }).expect(303);
    const page = await customer.agent.get(`/services/${ids.service}`);
    expect(page.text).to.contain('The speed was not changed').and.contain('limit');
    expect(page.text).to.contain('id="plan-monthly">10.50 USD<');
    expect(w.panel.state.clients.get(ids.name)).to.include({ b_download: 500 });
  });

  it('refuses a tier change where customers may not change it, and another customer\'s service', async () => {
    await customer.agent.post(`/services/${ids.lockedService}/tier`).type('form').send({ _csrf: customer.csrf, tier: 't10' }).expect(303);
    expect((await customer.agent.get(`/services/${ids.lockedService}`)).text).to.contain('can only be changed by support');
    expect((await w.t.c.db('services').where({ id: ids.lockedService }).first()).tier_code).to.equal(null);
    expect((await stranger.agent.post(`/services/${ids.service}/tier`).type('form').send({ _csrf: stranger.csrf, tier: 't50' })).status).to.equal(404);
  });

  it('shows the customer\'s invoices with status, due date, amount due and a PDF of their own only', async () => {
    w.at('2026-06-01T08:00:00Z');
    const gen = await w.api('post', '/invoices/generate').send({ period: '2026-05' });
    const clientId = (await w.t.c.db('services').where({ id: ids.service }).first()).client_id;
    ids.invoice = (gen.body.invoices as { id: number; client_id: number }[]).find((i) => i.client_id === clientId)?.id ?? 0;
    expect(ids.invoice).to.be.above(0);
    const list = await customer.agent.get('/invoices');
    expect(list.text).to.contain('Open').and.contain(`/invoices/${ids.invoice}.pdf`).and.contain('due 2026-06-15');
    const page = await customer.agent.get(`/invoices/${ids.invoice}`);
    expect(page.text).to.contain('id="invoice-status"').and.contain('Amount due');
    const pdf = await customer.agent.get(`/invoices/${ids.invoice}.pdf`);
    expect(pdf.status).to.equal(200);
    expect(pdf.type).to.equal('application/pdf');
    expect((await stranger.agent.get(`/invoices/${ids.invoice}.pdf`)).status).to.equal(404);
    expect((await stranger.agent.get(`/invoices/${ids.invoice}`)).status).to.equal(404);
    const dashboard = await customer.agent.get('/');
    expect(dashboard.text).to.contain('id="due-summary"').and.contain('Amount due:');
  });

  it('tells the customer why a service is suspended for an overdue invoice, and says paid once paid', async () => {
    w.at('2026-06-18T10:00:00Z');
    await admin.agent.post('/admin/billing/dunning').type('form').send({ _csrf: admin.csrf }).expect(303);
    expect((await customer.agent.get(`/services/${ids.service}`)).text).to.contain('id="service-overdue"');
    expect((await customer.agent.get('/')).text).to.contain('Overdue');
    const invoice = await w.t.c.db('invoices').where({ id: ids.invoice }).first();
    const amount = (Number(invoice.total_minor) / 100).toFixed(2);
    await admin.agent.post(`/admin/billing/invoices/${ids.invoice}/payments`).type('form').send({ _csrf: admin.csrf, amount, reference: 'wire-9' }).expect(303);
    const adminPage = await admin.agent.get(`/admin/billing/invoices/${ids.invoice}`);
    expect(adminPage.text).to.contain('wire-9').and.contain('paid in full');
    expect((await customer.agent.get(`/invoices/${ids.invoice}`)).text).to.contain('paid in full');
    expect((await customer.agent.get('/invoices')).text).to.contain('Paid');
    const svc = await customer.agent.get(`/services/${ids.service}`);
    expect(svc.text).to.not.contain('id="service-overdue"');
  });

  it('lets an admin set prices and tiers on the product page, keeping the saved values on a bad one', async () => {
    const page = await admin.agent.get(`/admin/products/${ids.locked}`);
    expect(page.text).to.contain('id="pricing"').and.contain('value="3.00"');
    await admin.agent.post(`/admin/products/${ids.locked}/pricing`).type('form').send({ _csrf: admin.csrf, monthly_price: '4.25', setup_fee: '' }).expect(303);
    await admin.agent.post(`/admin/products/${ids.locked}/pricing`).type('form').send({ _csrf: admin.csrf, monthly_price: 'abc' }).expect(303);
    const after = await admin.agent.get(`/admin/products/${ids.locked}`);
    expect(after.text).to.contain('value="4.25"').and.contain('Not saved: monthly_price');
    await admin.agent.post(`/admin/products/${ids.locked}/speed-tiers/standard`).type('form').send({ _csrf: admin.csrf }).expect(303);
    expect((await admin.agent.get(`/admin/products/${ids.locked}`)).text).to.contain('7 standard tier(s) added');
    const rows = await w.t.c.db('product_speed_tiers').where({ product_id: ids.locked }).whereNull('retired_at');
    expect(rows.map((r) => r.code).sort()).to.deep.equal(['t10', 't100', 't1000', 't25', 't250', 't50', 't500', 'unlimited'].sort());
    await admin.agent.post(`/admin/products/${ids.locked}/speed-tiers`).type('form').send({ _csrf: admin.csrf, tier_code: ['t10', ''], tier_name: ['Ten', ''], tier_download_mbps: ['10', ''], tier_upload_mbps: ['5', ''], tier_monthly_price: ['1.50', ''], customer_can_change: 'on' }).expect(303);
    const tiers = (await w.api('get', `/products/${ids.locked}/speed-tiers`)).body;
    expect(tiers).to.deep.equal({ customer_can_change: true, tiers: [{ code: 't10', name: 'Ten', download_mbps: 10, upload_mbps: 5, monthly_price: '1.50', monthly_gb: null }] });
  });

  it('lets an admin set a service\'s tier and move it to another product from the service page', async () => {
    await admin.agent.post(`/admin/services/${ids.strangerService}/tier`).type('form').send({ _csrf: admin.csrf, tier: 't50' }).expect(303);
    expect((await w.api('get', `/services/${ids.strangerService}`)).body.tier).to.equal('t50');
    await admin.agent.post(`/admin/services/${ids.strangerService}/product`).type('form').send({ _csrf: admin.csrf, product_id: String(ids.locked) }).expect(303);
    const svc = (await w.api('get', `/services/${ids.strangerService}`)).body;
    expect(svc).to.include({ product_id: ids.locked, tier: null });
    const page = await admin.agent.get(`/admin/services/${ids.strangerService}`);
    expect(page.text).to.contain('Moved to product').and.contain('plan-change');
  });
});
