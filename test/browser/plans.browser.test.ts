import type { Server } from 'node:http';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, loginInBrowser, recordPageErrors, serveOnLoopback, stopServing } from '../support/browser.js';
import { PASSWORD } from '../support/factories.js';
import { usePlansWorld } from '../integration/billing/plans-world.js';

describe('a customer changing their speed tier in a browser', function () {
  this.timeout(60_000);
  const w = usePlansWorld({ env: { TAX_RATE: '20', SESSION_IDLE_DAYS: '365', SESSION_MAX_DAYS: '3650' } });
  let server: Server;
  let origin: string;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const ids = { service: 0, name: '', client: 0 };

  before(async () => {
    w.at('2026-07-01T08:00:00Z');
    const product = await w.product({ name: 'VPN Flex', monthly: '6.00', customerCanChange: true, tiers: [
      { code: 't50', name: '50 Mbit/s', download_mbps: 50, upload_mbps: 50, monthly_price: '0' },
      { code: 't500', name: '500 Mbit/s', download_mbps: 500, upload_mbps: 300, monthly_price: '4.50' },
    ] });
    const customer = await w.client('Мария Παπαδοπούλου');
    ids.client = customer.id;
    const svc = await w.service(customer.id, product);
    Object.assign(ids, { service: svc.id, name: svc.name });
    ({ server, origin } = await serveOnLoopback(w.t.app));
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    // the module's card asks for files its network may not offer (404s it handles); a 5xx is an error
    recordPageErrors(page, errors, { ignoreFailedLoads: true });
    page.on('response', (r) => {
      if (r.status() >= 500) errors.push(`${r.status()} ${r.url()}`);
    });
    await loginInBrowser(page, origin, customer.email, PASSWORD, 'client');
  });
  after(async () => {
    await browser?.close();
    await stopServing(server);
  });

  it('shows the tiers with their prices, changes to a faster one and sees the new speed and price', async () => {
    await page.goto(`${origin}/services/${ids.service}`);
    expect(await page.textContent('#plan-monthly')).to.equal('$6.00');
    expect(await page.textContent('tr[data-tier="t500"]')).to.contain('$10.50');
    await Promise.all([page.waitForURL(`${origin}/services/${ids.service}`), page.click('tr[data-tier="t500"] button[type=submit]')]);
    expect(await page.textContent('.notice-ok')).to.contain('Your speed is now 500 Mbit/s');
    expect(await page.textContent('#plan-monthly')).to.equal('$10.50');
    expect(await page.textContent('#plan-tier')).to.equal('500 Mbit/s');
    expect(await page.textContent('main, body')).to.contain('500 Mbit/s');
    expect(w.panel.state.clients.get(ids.name)).to.include({ b_download: 500, b_upload: 300 });
    // the module's card reads the panel again after the change: the new limit, not a cached one
    expect(await page.locator('dt:has-text("Download limit") + dd').textContent()).to.equal('500 Mbit/s');
    expect(errors).to.deep.equal([]);
  });

  it('shows the invoice whole on a phone: no sideways scrolling at 390 px', async () => {
    w.at('2026-08-01T08:00:00Z');
    await w.api('post', '/invoices/generate').send({ period: '2026-07' }).expect(200);
    const invoice = await w.t.c.db('invoices').where({ client_id: ids.client }).first();
    await page.goto(`${origin}/invoices/${invoice.id}`);
    expect(await page.textContent('h1')).to.contain(invoice.number);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).to.be.at.most(390);
    expect(await page.textContent('.invoice-lines')).to.contain('500 Mbit/s');
    await page.goto(`${origin}/invoices`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(390);
    expect(errors).to.deep.equal([]);
  });
});
