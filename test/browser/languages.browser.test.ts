/**
 * The service page and the traffic page in Russian and Persian at phone width (360 px), in Debian's
 * Chromium: the page is laid out right to left in Persian, the browser script writes its texts in the
 * page's language, and nothing is wider than the screen. Each page's full-page screenshot is saved
 * (VPNCP_SCREENSHOTS, else the system's temporary folder) and checked: a page wider than the viewport
 * makes a wider screenshot.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { FakePanel } from '../../plugins/puqvpncp/fake/fake-panel.js';
import { defaultProductConfig } from '../../plugins/puqvpncp/server/product-config.js';
import { launchChromium, loginInBrowser, recordPageErrors, serveOnLoopback, stopServing } from '../support/browser.js';
import { buildClient, buildGroupWithServer, buildProduct, buildService, PASSWORD } from '../support/factories.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const PHONE = { width: 360, height: 740 };
const SHOTS = process.env.VPNCP_SCREENSHOTS ?? path.join(os.tmpdir(), 'vpncp-screenshots');

/** The width of a PNG, from its header. */
const pngWidth = (png: Buffer) => png.readUInt32BE(16);

// page scripts are strings: the test runner's transform would name the functions with a helper the page lacks
/** Elements that stick out of the viewport sideways (scrolling boxes hold their own content). */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(`[...document.body.querySelectorAll('*')]
    .filter((el) => !el.closest('.table-scroll, pre, .chart-box') && el.offsetParent !== null)
    .map((el) => [el, el.getBoundingClientRect()])
    .filter(([, r]) => r.width > 0 && (r.left < -1 || r.right > document.documentElement.clientWidth + 1))
    .map(([el, r]) => el.tagName.toLowerCase() + '.' + el.className + ' ' + Math.round(r.left) + '–' + Math.round(r.right))`);
}

describe('the client area in Russian and Persian at phone width, in a browser', function () {
  this.timeout(60_000);
  let t: TestApp;
  let panel: FakePanel;
  let server: Server;
  let origin: string;
  let browser: Browser;
  let page: Page;
  let serviceId: number;
  let customerId: number;
  const consoleErrors: string[] = [];

  before(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    t = await buildTestApp();
    panel = new FakePanel();
    await panel.start();
    const { group, server: panelServer } = await buildGroupWithServer(t.c, panel.origin, panel.token);
    const config = defaultProductConfig();
    config.metrics.download = { enabled: true, price_per_gb: '0.05', included_gb: 10 };
    const product = await buildProduct(t.c, group.id, { ...config, show_password: 'button', instruction_url: 'https://help.example.test/vpn' });
    const customer = await buildClient(t.c, { email: 'phone@example.test', name: 'Phone Customer' });
    customerId = customer.id;
    const service = await buildService(t.c, { clientId: customer.id, productId: product.id, serverId: panelServer.id });
    serviceId = service.id;
    const name = `vpn-${customer.id}-${service.id}-phone`;
    const seeded = panel.seedClient({ name, network_name: 'main', createdAt: new Date(Date.now() - 40 * 86_400_000) });
    await t.c.repos.services.update(service.id, { status: 'active', serverId: panelServer.id, username: name, networkName: 'main', dedicatedIp: seeded.ipv4, password: seeded.password });
    panel.setOnline(name, [{ protocol: 'wireguard', endpoint: '203.0.113.77:51820', transfer_rx: 5_000_000, transfer_tx: 80_000_000 }, { protocol: 'openvpn', transfer_rx: 1_000, transfer_tx: 2_000 }]);
    ({ server, origin } = await serveOnLoopback(t.app));
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true })).newPage();
    recordPageErrors(page, consoleErrors, { ignoreFailedLoads: true });
    page.on('response', (res) => {
      if (res.status() >= 400 && !res.url().endsWith('/favicon.ico')) consoleErrors.push(`${res.status()} ${res.url()}`);
    });
    await loginInBrowser(page, origin, 'phone@example.test', PASSWORD, 'client');
  });

  after(async () => {
    await browser?.close();
    await stopServing(server);
    await panel.stop();
    await t.close();
  });

  /** Opens a page, lets its scripts finish, saves its screenshot and checks nothing is wider than the phone. */
  async function check(url: string, shot: string) {
    await page.goto(`${origin}${url}`);
    await page.waitForLoadState('networkidle');
    const png = await page.screenshot({ fullPage: true, path: path.join(SHOTS, shot) });
    expect(await overflowing(page), `${shot}: elements wider than the screen`).to.deep.equal([]);
    expect(pngWidth(png), `${shot}: the screenshot is wider than the phone`).to.equal(PHONE.width);
  }

  for (const lang of ['ru', 'fa']) {
    it(`lays out the service page in ${lang} within the phone's width`, async () => {
      await t.c.repos.users.update(customerId, { language: lang });
      await check(`/services/${serviceId}`, `service-${lang}.png`);
      expect(await page.getAttribute('html', 'lang')).to.equal(lang);
      await page.waitForSelector('.config-wireguard[data-loaded="true"]');
      // the polled status is redrawn by the script with the page's texts
      await page.click('#vpn-status [data-role="refresh"]');
      await page.waitForFunction(`document.querySelectorAll('#vpn-status .session').length === 2`);
      const pill = await page.locator('#vpn-status [data-role="pill"]').textContent();
      expect(pill).to.equal(lang === 'ru' ? 'В сети' : 'برخط');
      const reveal = page.locator('.vpn-client [data-role="reveal"]');
      await reveal.click();
      expect(await reveal.textContent()).to.equal(lang === 'ru' ? 'Скрыть' : 'پنهان کردن');
      await page.screenshot({ fullPage: true, path: path.join(SHOTS, `service-${lang}-live.png`) });
      expect(await overflowing(page)).to.deep.equal([]);
    });
  }

  it('mirrors the Persian page: text starts on the right, configs stay left to right', async () => {
    await t.c.repos.users.update(customerId, { language: 'fa' });
    await page.goto(`${origin}/services/${serviceId}`);
    const layout = (await page.evaluate(`({
      dir: document.dir,
      h1Right: document.documentElement.clientWidth - document.querySelector('h1').getBoundingClientRect().right,
      tabsRight: document.documentElement.clientWidth - document.querySelector('.vpn-tab').getBoundingClientRect().right,
      preDirection: getComputedStyle(document.querySelector('.config-text')).direction,
      session: getComputedStyle(document.querySelector('.session')).borderRightWidth,
    })`)) as { dir: string; h1Right: number; tabsRight: number; preDirection: string; session: string };
    expect(layout.dir).to.equal('rtl');
    // the heading hugs the right edge (page padding), far from the left
    expect(layout.h1Right).to.be.below(30);
    expect(layout.tabsRight).to.be.below(40);
    expect(layout.preDirection).to.equal('ltr');
    // the session's coloured edge is on the side the text starts from
    expect(layout.session).to.equal('4px');
  });

  for (const lang of ['ru', 'fa']) {
    it(`draws the traffic page in ${lang} within the phone's width`, async () => {
      await t.c.repos.users.update(customerId, { language: lang });
      await check(`/client/plugins/puqvpncp/services/${serviceId}/traffic`, `traffic-${lang}.png`);
      await page.waitForFunction(`Boolean(window.Chart && window.Chart.getChart(document.getElementById('traffic-chart')))`);
      const legend = await page.evaluate(`window.Chart.getChart(document.getElementById('traffic-chart')).data.datasets.map((d) => d.label)`);
      expect(legend).to.deep.equal(lang === 'ru' ? ['Загрузка', 'Отдача'] : ['دانلود', 'آپلود']);
    });
  }

  it('lays out the account and sign-in pages in Persian within the phone\'s width', async () => {
    await t.c.repos.users.update(customerId, { language: 'fa' });
    await check('/account', 'account-fa.png');
    await check('/', 'dashboard-fa.png');
  });

  it('ran every page without a script error or CSP violation', () => {
    expect(consoleErrors).to.deep.equal([]);
  });
});
