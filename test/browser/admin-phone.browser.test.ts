import type { Server } from 'node:http';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, loginInBrowser, recordPageErrors, serveOnLoopback, stopServing } from '../support/browser.js';
import { buildAdmin, buildClient, buildGroupWithServer, buildProduct, buildService, PASSWORD } from '../support/factories.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

describe('admin pages on a 390 px phone', function () {
  this.timeout(90_000);
  let t: TestApp;
  let server: Server;
  let origin: string;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const paths: string[] = [];

  before(async () => {
    t = await buildTestApp();
    const { group, server: panelServer } = await buildGroupWithServer(t.c);
    const product = await buildProduct(t.c, group.id);
    const client = await buildClient(t.c, { email: 'a-rather-long-address.of-a-customer@subdomain.example.test', name: 'A Customer With A Rather Long Name' });
    const service = await buildService(t.c, { clientId: client.id, productId: product.id, serverId: panelServer.id });
    await t.c.repos.services.update(service.id, { username: 'vpn-a-fairly-long-client-name-0001', dedicatedIp: '10.200.100.254' });
    await t.c.repos.moduleLog.write({ serviceId: service.id, action: 'create', method: 'POST', path: '/api/v1/client/vpn-a-fairly-long-client-name-0001', httpStatus: 502, error: 'the panel answered 502 Bad Gateway with a long explanation of what went wrong' });
    await buildAdmin(t.c, 'phone-admin@example.test');
    paths.push('/admin', '/admin/clients', `/admin/clients/${client.id}`, '/admin/services', '/admin/services/new', `/admin/services/${service.id}`, '/admin/servers', `/admin/servers/${panelServer.id}`, '/admin/servers/new', '/admin/products', `/admin/products/${product.id}`, '/admin/server-groups', '/admin/invoices', '/admin/billing', '/admin/outbox', '/admin/settings');
    ({ server, origin } = await serveOnLoopback(t.app));
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 })).newPage();
    recordPageErrors(page, errors, { ignoreFailedLoads: true });
    await loginInBrowser(page, origin, 'phone-admin@example.test', PASSWORD, 'admin');
  });
  after(async () => {
    await browser?.close();
    await stopServing(server);
    await t.close();
  });

  it('no admin page is wider than the screen (wide tables scroll within themselves)', async () => {
    const wide: string[] = [];
    for (const path of paths) {
      await page.goto(`${origin}${path}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 390) wide.push(`${path}: ${width}px`);
    }
    expect(wide).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
  });
});
