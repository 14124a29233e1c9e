import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { FakePanel } from '../../plugins/puqvpncp/fake/fake-panel.js';
import { defaultProductConfig } from '../../plugins/puqvpncp/server/product-config.js';
import { createServerGroup } from '../../server/domain/catalogue/server-groups.js';
import { createServer } from '../../server/domain/catalogue/servers.js';
import { buildAdmin, buildClient, buildProduct, buildService, PASSWORD } from '../support/factories.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
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
    const group = await createServerGroup(t.c.deps, { name: 'billing-browser' });
    const panelServer = await createServer(t.c.deps, { name: 'Slow panel', hostname: '127.0.0.1', port: panel.port, server_group_id: group.id, api_token: panel.token });
    const config = defaultProductConfig();
    config.metrics.download = { enabled: true, price_per_gb: '0.05', included_gb: 0 };
    const product = await buildProduct(t.c, group.id, config);
    const customer = await buildClient(t.c);
    for (let i = 0; i < SERVICES; i++) {
      const id = (await buildService(t.c, { clientId: customer.id, productId: product.id })).id;
      await t.c.repos.services.update(id, { status: 'active', serverId: panelServer.id, username: `browser-${i}`, networkName: 'main' });
      panel.seedClient({ name: `browser-${i}`, network_name: 'main' });
    }
    await buildAdmin(t.c, 'billing-admin@example.test');
    server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await (await browser.newContext()).newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(err.message));
    page.on('request', (req) => {
      if (req.url().endsWith('/admin/billing/runs.json')) runPolls.push(req.url());
    });
    await page.goto(`${origin}/admin/login`);
    await page.fill('#email', 'billing-admin@example.test');
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(`${origin}/admin`), page.click('button[type=submit]')]);
  });
  after(async () => {
    await browser?.close();
    server?.close();
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
