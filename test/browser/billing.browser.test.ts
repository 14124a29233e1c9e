import type { Server } from 'node:http';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { FakePanel } from '../../plugins/puqvpncp/fake/fake-panel.js';
import { launchChromium, loginInBrowser, recordPageErrors, serveOnLoopback, stopServing } from '../support/browser.js';
import { buildActiveService, buildAdmin, buildClient, buildMeteredProduct, PASSWORD } from '../support/factories.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const SERVICES = 40;

describe('admin billing page in a browser', function () {
  this.timeout(60_000);
  let t: TestApp;
  // slow enough that a run lasts a few seconds and the page sees it in progress
  const panel = new FakePanel({ latencyMs: 400, clock: () => new Date('2000-01-01T00:00:00Z') });
  let server: Server;
  let origin: string;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const runPolls: string[] = [];

  before(async () => {
    t = await buildTestApp();
    await panel.start();
    const { server: panelServer, product } = await buildMeteredProduct(t.c, panel, { price_per_gb: '0.05', included_gb: 0 });
    const customer = await buildClient(t.c);
    for (let i = 0; i < SERVICES; i++) {
      await buildActiveService(t.c, panel, { clientId: customer.id, productId: product.id, serverId: panelServer.id, name: `browser-${i}` });
    }
    await buildAdmin(t.c, 'billing-admin@example.test');
    ({ server, origin } = await serveOnLoopback(t.app));
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
    recordPageErrors(page, consoleErrors);
    page.on('request', (req) => {
      if (req.url().endsWith('/admin/billing/runs.json')) runPolls.push(req.url());
    });
    await loginInBrowser(page, origin, 'billing-admin@example.test', PASSWORD, 'admin');
  });
  after(async () => {
    await browser?.close();
    await stopServing(server);
    await panel.stop();
    await t.close();
  });

  it('runs a collection from "Run now", follows its progress and shows the finished run without a manual reload', async () => {
    await page.goto(`${origin}/admin/billing`);
    await Promise.all([page.waitForURL(`${origin}/admin/billing`), page.click('form.billing-run button[type=submit]')]);
    expect(await page.textContent('.notice-ok')).to.match(/Usage collection #\d+ started\./);
    const row = page.locator('table.billing-runs tbody tr').first();
    expect(await row.getAttribute('data-status')).to.equal('running');

    // billing.js polls runs.json and reloads once the run is over
    await page.waitForSelector('table.billing-runs tbody tr:first-child[data-status="succeeded"]', { timeout: 30_000 });
    expect(runPolls.length).to.be.greaterThan(0);
    expect(await page.locator('table.billing-runs tbody tr:first-child .run-progress').textContent()).to.contain(`${SERVICES} / ${SERVICES} services, ${SERVICES} collected`);
    expect(consoleErrors).to.deep.equal([]);
  });
});
