import type { Server } from 'node:http';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { FakePanel } from '../../plugins/puqvpncp/fake/fake-panel.js';
import { defaultProductConfig } from '../../plugins/puqvpncp/server/product-config.js';
import { createServerGroup } from '../../server/domain/catalogue/server-groups.js';
import { createServer } from '../../server/domain/catalogue/servers.js';
import { runLifecycleAction } from '../../server/domain/services/run-lifecycle-action.js';
import { launchChromium, loginInBrowser, recordPageErrors, serveOnLoopback, stopServing } from '../support/browser.js';
import { buildAdmin, buildClient, buildProduct, buildService, PASSWORD } from '../support/factories.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

describe('admin service page in a browser', function () {
  this.timeout(60_000);
  let t: TestApp;
  let panel: FakePanel;
  let server: Server;
  let origin: string;
  let browser: Browser;
  let page: Page;
  let serviceId: number;
  const statusCalls: string[] = [];
  const consoleErrors: string[] = [];

  before(async () => {
    t = await buildTestApp();
    panel = new FakePanel({ networks: [{ name: 'fra-1', wireguard: true, openvpn: true }] });
    await panel.start();
    const group = await createServerGroup(t.c.deps, { name: 'browser' });
    const panelServer = await createServer(t.c.deps, { name: 'Frankfurt', hostname: '127.0.0.1', port: panel.port, server_group_id: group.id, api_token: panel.token, connect_timeout_ms: 300, response_timeout_ms: 1500 });
    const product = await buildProduct(t.c, group.id, { ...defaultProductConfig(), client_name_rule: 'browser', networks: [{ server_id: panelServer.id, network: 'fra-1' }] });
    const customer = await buildClient(t.c);
    serviceId = (await buildService(t.c, { clientId: customer.id, productId: product.id })).id;
    await runLifecycleAction(t.c.lifecycleDeps, serviceId, 'create');
    const admin = await buildAdmin(t.c, 'browser-admin@example.test');
    expect(admin.email).to.equal('browser-admin@example.test');
    ({ server, origin } = await serveOnLoopback(t.app));
    browser = await launchChromium();
    const context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    page = await context.newPage();
    recordPageErrors(page, consoleErrors, { ignoreFailedLoads: true });
    page.on('request', (req) => {
      if (req.url().endsWith('/status.json')) statusCalls.push(req.url());
    });
    await page.clock.install();
    await loginInBrowser(page, origin, 'browser-admin@example.test', PASSWORD, 'admin');
    await page.goto(`${origin}/admin/services/${serviceId}`);
  });

  after(async () => {
    await browser?.close();
    await stopServing(server);
    await panel.stop();
    await t.close();
  });

  it('shows the password only after Show is clicked, and hides it again', async () => {
    const secret = page.locator('.puq-service [data-secret]');
    expect(await secret.textContent()).to.equal('••••••••');
    await page.click('.puq-service [data-reveal]');
    expect(await secret.textContent()).to.equal(panel.state.client('browser').password);
    await page.click('.puq-service [data-reveal]');
    expect(await secret.textContent()).to.equal('••••••••');
  });

  it('polls the connection status every 5 s and turns Online when a session appears', async () => {
    expect(await page.locator('[data-live-pill]').textContent()).to.equal('Offline');
    panel.setOnline('browser', [{ protocol: 'wireguard', transfer_rx: 3 * 1024 * 1024 }]);
    statusCalls.length = 0;
    await page.clock.runFor(5000);
    await page.waitForFunction(() => document.querySelector('[data-live-pill]')?.textContent === 'Online');
    expect(statusCalls).to.have.length(1);
    expect(await page.locator('[data-live-rows]').textContent()).to.contain('WireGuard').and.to.contain('3.0 MB');
  });

  it('does not poll while the tab is hidden and catches up when it is shown again', async () => {
    // strings, not functions: the TS loader would wrap the getters in a helper the page does not have
    await page.evaluate("Object.defineProperty(document, 'hidden', { configurable: true, get() { return true; } })");
    statusCalls.length = 0;
    await page.clock.runFor(15_000);
    expect(statusCalls).to.have.length(0);
    panel.setOnline('browser', []);
    await page.evaluate("Object.defineProperty(document, 'hidden', { configurable: true, get() { return false; } }); document.dispatchEvent(new Event('visibilitychange'))");
    await page.waitForFunction(() => document.querySelector('[data-live-pill]')?.textContent === 'Offline');
    expect(statusCalls).to.have.length(1);
  });

  it('opens the WireGuard config with its QR, copies it, and closes the viewer', async () => {
    await page.click('button:has-text("View WireGuard")');
    await page.waitForFunction(() => document.querySelector('[data-viewer-text]')?.textContent?.includes('[Interface]'));
    expect(await page.locator('[data-viewer-qr]').isVisible()).to.equal(true);
    expect(await page.locator('[data-viewer-download]').getAttribute('href')).to.equal(`/admin/plugins/puqvpncp/services/${serviceId}/config-file?protocol=wireguard`);
    await page.click('[data-viewer-copy]');
    expect(await page.evaluate(() => navigator.clipboard.readText())).to.contain('[Interface]');
    await page.click('[data-viewer-close]');
    expect(await page.locator('[data-viewer]').isHidden()).to.equal(true);
  });

  it('keeps a protocol the network does not offer greyed out with the reason', async () => {
    const button = page.locator('button:has-text("View AmneziaWG")');
    expect(await button.isDisabled()).to.equal(true);
    expect(await page.locator('.puq-config-slot', { has: button }).getAttribute('title')).to.contain('AmneziaWG is disabled on network fra-1');
  });

  it('ran the page without a script error or CSP violation', () => {
    expect(consoleErrors).to.deep.equal([]);
  });
});
