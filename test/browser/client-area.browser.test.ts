import fs from 'node:fs';
import type { Server } from 'node:http';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { FakePanel } from '../../plugins/puqvpncp/fake/fake-panel.js';
import { defaultProductConfig } from '../../plugins/puqvpncp/server/product-config.js';
import { launchChromium, loginInBrowser, recordPageErrors, serveOnLoopback, stopServing } from '../support/browser.js';
import { buildClient, buildGroupWithServer, buildProduct, buildService, PASSWORD } from '../support/factories.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

describe('client area in a browser', function () {
  this.timeout(60_000);
  let t: TestApp;
  let panel: FakePanel;
  let server: Server;
  let origin: string;
  let browser: Browser;
  let page: Page;
  let serviceId: number;
  let clientName: string;
  const consoleErrors: string[] = [];

  before(async () => {
    t = await buildTestApp();
    panel = new FakePanel();
    await panel.start();
    const { group, server: panelServer } = await buildGroupWithServer(t.c, panel.origin, panel.token);
    const product = await buildProduct(t.c, group.id, { ...defaultProductConfig(), show_password: 'button' });
    const customer = await buildClient(t.c, { email: 'browser@example.test' });
    const service = await buildService(t.c, { clientId: customer.id, productId: product.id, serverId: panelServer.id });
    serviceId = service.id;
    clientName = `vpn-${customer.id}-${service.id}-brws`;
    // backdated a month, so the fake panel has traffic history for the chart
    const seeded = panel.seedClient({ name: clientName, network_name: 'main', createdAt: new Date(Date.now() - 40 * 86_400_000) });
    await t.c.repos.services.update(service.id, { status: 'active', serverId: panelServer.id, username: clientName, networkName: 'main', dedicatedIp: seeded.ipv4, password: seeded.password });
    panel.setOnline(clientName, [{ protocol: 'wireguard', transfer_rx: 5_000_000, transfer_tx: 80_000_000 }]);
    ({ server, origin } = await serveOnLoopback(t.app));
    browser = await launchChromium();
    page = await (await browser.newContext({ acceptDownloads: true })).newPage();
    // failed loads are reported with their URL by the response listener below
    recordPageErrors(page, consoleErrors, { ignoreFailedLoads: true });
    page.on('response', (res) => {
      if (res.status() >= 400 && !res.url().endsWith('/favicon.ico')) consoleErrors.push(`${res.status()} ${res.url()}`);
    });
  });

  after(async () => {
    await browser?.close();
    await stopServing(server);
    await panel.stop();
    await t.close();
  });

  it('signs in and shows the service\'s live connection status', async () => {
    await loginInBrowser(page, origin, 'browser@example.test', PASSWORD, 'client');
    await page.goto(`${origin}/services/${serviceId}`);
    expect(await page.locator('#vpn-status [data-role="pill"]').textContent()).to.equal('Online');
    const checkedBefore = await page.locator('#vpn-status [data-role="checked"]').textContent();
    // the Refresh button goes through the JSON endpoint and re-renders the rows
    await page.click('#vpn-status [data-role="refresh"]');
    await page.waitForFunction(() => document.querySelectorAll('#vpn-status .session').length === 1);
    expect(await page.locator('#vpn-status .session').textContent()).to.contain('80.0 MB');
    expect(checkedBefore).to.match(/UTC$/);
  });

  it('loads the WireGuard config with its QR code and enlarges the QR in a lightbox that Esc closes', async () => {
    await page.waitForSelector('.config-wireguard[data-loaded="true"]');
    expect(await page.locator('.config-wireguard [data-role="text"]').textContent()).to.contain('[Interface]');
    await page.click('.config-wireguard [data-role="qr-open"]');
    expect(await page.locator('#qr-lightbox').isVisible()).to.equal(true);
    await page.keyboard.press('Escape');
    expect(await page.locator('#qr-lightbox').isHidden()).to.equal(true);
    await page.click('.config-wireguard [data-role="qr-open"]');
    await page.mouse.click(5, 5);
    expect(await page.locator('#qr-lightbox').isHidden()).to.equal(true);
  });

  it('reveals the password only after Show is clicked', async () => {
    const secret = page.locator('.vpn-client [data-role="secret"]');
    expect(await secret.isHidden()).to.equal(true);
    await page.click('.vpn-client [data-role="reveal"]');
    expect(await secret.isVisible()).to.equal(true);
  });

  it('downloads the WireGuard config as a .conf file', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.config-wireguard [data-role="download"]')]);
    expect(download.suggestedFilename()).to.equal(`${clientName}.conf`);
    const text = fs.readFileSync(await download.path(), 'utf8');
    expect(text).to.contain('[Interface]');
    expect(text).to.contain('PrivateKey');
  });

  it('generates a one-time link with a POST and shows it with its warning', async () => {
    await page.click('[data-role="otl-generate"]');
    await page.waitForSelector('[data-role="otl-result"]:not([hidden])');
    expect(await page.locator('[data-role="otl-url"]').inputValue()).to.match(/\/otl\/[0-9a-f]+$/);
    expect(await page.locator('#vpn-otl').textContent()).to.contain('works once');
  });

  it('draws the traffic chart and hides idle days on request', async () => {
    await page.click('a.vpn-tab[href$="/traffic"]');
    await page.waitForFunction(() => {
      const w = window as unknown as { Chart?: { getChart(c: HTMLCanvasElement): unknown } };
      const canvas = document.getElementById('traffic-chart') as HTMLCanvasElement | null;
      return Boolean(canvas && w.Chart?.getChart(canvas));
    });
    const painted = await page.evaluate(() => {
      const canvas = document.getElementById('traffic-chart') as HTMLCanvasElement;
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let nonBlank = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) nonBlank += 1;
      return nonBlank;
    });
    expect(painted).to.be.above(1000);
    const rows = await page.locator('#traffic-days tbody tr:visible').count();
    await page.check('#hide-zero-days');
    const idle = await page.locator('#traffic-days tr.zero-day').count();
    expect(await page.locator('#traffic-days tbody tr:visible').count()).to.equal(rows - idle);
  });

  it('ran every page without a script error or CSP violation', () => {
    expect(consoleErrors).to.deep.equal([]);
  });
});
