import type { Server } from 'node:http';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { FakePanel } from '../../plugins/puqvpncp/fake/fake-panel.js';
import { launchChromium, loginInBrowser, recordPageErrors, serveOnLoopback, stopServing } from '../support/browser.js';
import { buildAdmin, buildProduct, PASSWORD } from '../support/factories.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { groupOfPanels } from '../plugins/puqvpncp/product-panel-helpers.js';

describe('product settings panel in a browser', function () {
  this.timeout(60_000);
  let t: TestApp;
  let server: Server;
  let browser: Browser;
  let page: Page;
  let origin: string;
  let productId: number;
  let serverIds: number[];
  const problems: string[] = [];
  const frankfurt = new FakePanel({ networks: [{ name: 'fra-1', description: 'Frankfurt', wireguard: true }, { name: 'fra-2', openvpn: true }] });
  const warsaw = new FakePanel({ networks: [{ name: 'waw-1', description: 'Warsaw', wireguard: true }] });

  /** The labels of the ticked-pairs list, top to bottom. */
  const orderLabels = () => page.locator('#puqvpncp-order li [data-label]').allTextContents();

  before(async () => {
    await Promise.all([frankfurt.start(), warsaw.start()]);
    t = await buildTestApp();
    const admin = await buildAdmin(t.c);
    const { group, servers } = await groupOfPanels(t.c, 'browser-group', [{ name: 'Frankfurt', panel: frankfurt }, { name: 'Warsaw', panel: warsaw }]);
    serverIds = servers.map((s) => s.id);
    productId = (await buildProduct(t.c, group.id)).id;
    ({ server, origin } = await serveOnLoopback(t.app));
    browser = await launchChromium();
    page = await browser.newPage();
    // a CSP violation or a script error shows up here; the panel must work without either
    recordPageErrors(page, problems);
    await loginInBrowser(page, origin, admin.email, PASSWORD, 'admin');
  });
  after(async () => {
    await browser?.close();
    await stopServing(server);
    await t?.close();
    await Promise.all([frankfurt.stop(), warsaw.stop()]);
  });

  it('saves two ticked pairs in the order set with the move buttons and shows that order after a reload', async () => {
    const [fra, waw] = serverIds;
    await page.goto(`${origin}/admin/products/${productId}`);
    await page.check(`input[name="pair"][value="${fra}:fra-1"]`);
    await page.check(`input[name="pair"][value="${waw}:waw-1"]`);
    expect(await orderLabels()).to.deep.equal(['Frankfurt / fra-1', 'Warsaw / waw-1']);
    await page.locator('#puqvpncp-order li', { hasText: 'Warsaw / waw-1' }).locator('[data-move="up"]').click();
    expect(await orderLabels()).to.deep.equal(['Warsaw / waw-1', 'Frankfurt / fra-1']);
    await Promise.all([page.waitForURL(/\/admin\/products\/\d+#puqvpncp-settings$/), page.click('#puqvpncp-settings-form button.primary')]);
    expect(await page.textContent('.notice-ok')).to.contain('PUQ VPNcp settings saved.');
    await page.reload();
    expect(await orderLabels()).to.deep.equal(['Warsaw / waw-1', 'Frankfurt / fra-1']);
    expect(await page.isChecked(`input[name="pair"][value="${waw}:waw-1"]`)).to.equal(true);
    expect(await page.isChecked(`input[name="pair"][value="${fra}:fra-2"]`)).to.equal(false);
    expect(await page.textContent('#puqvpncp-placement')).to.contain('The next service would be created on Warsaw / waw-1.');
    const saved = (await t.c.repos.products.findById(productId))!.config as { networks: unknown[] };
    expect(saved.networks).to.deep.equal([{ server_id: waw, network: 'waw-1' }, { server_id: fra, network: 'fra-1' }]);
  });

  it('drops a pair from the order list when it is unticked', async () => {
    const [fra] = serverIds;
    await page.goto(`${origin}/admin/products/${productId}`);
    await page.uncheck(`input[name="pair"][value="${fra}:fra-1"]`);
    expect(await orderLabels()).to.deep.equal(['Warsaw / waw-1']);
    expect(await page.locator('#puqvpncp-order li [data-move="up"]').isDisabled()).to.equal(true);
  });

  it('previews the client name while the rule is typed', async () => {
    await page.goto(`${origin}/admin/products/${productId}`);
    expect(await page.textContent('#puqvpncp-name-preview')).to.equal('Sample: vpn-1-5547-ifxt');
    await page.fill('[name="client_name_rule"]', 'eu-{service_id}-{nope}');
    await page.waitForFunction(() => document.querySelector('#puqvpncp-name-preview')?.textContent?.startsWith('Invalid'));
    expect(await page.textContent('#puqvpncp-name-preview')).to.equal('Invalid: has an unknown macro {nope}');
    await page.fill('[name="client_name_rule"]', 'eu-{service_id}');
    await page.waitForFunction(() => document.querySelector('#puqvpncp-name-preview')?.textContent === 'Sample: eu-5547');
  });

  it('runs without script errors or CSP violations', () => {
    expect(problems).to.deep.equal([]);
  });
});
