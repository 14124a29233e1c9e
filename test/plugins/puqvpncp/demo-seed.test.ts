import { expect } from 'chai';
import { FakePanel, FAKE_PANEL_TOKEN } from '../../../plugins/puqvpncp/fake/fake-panel.js';
import { DEMO_LOGINS, seedDemo } from '../../../demo/seed-demo.js';
import { loginAs } from '../../support/login.js';
import { buildTestApp, type TestApp } from '../../support/test-app.js';

for (const variant of ['adopted', 'v1'] as const) describe(`demo seed (${variant} panel shapes)`, () => {
  let t: TestApp;
  const panels = [
    new FakePanel({ variant, networks: [{ name: 'fra-1', wireguard: true, openvpn: true }] }),
    new FakePanel({ variant, networks: [{ name: 'waw-1', wireguard: true }] }),
  ];
  let lines: string[];

  before(async () => {
    t = await buildTestApp({ clock: () => new Date('2026-11-27T12:00:00Z') });
    const urls = await Promise.all(panels.map((p) => p.start()));
    lines = await seedDemo(t.c, { panels: panels.map((panel, i) => ({ name: `P${i}`, url: urls[i], token: FAKE_PANEL_TOKEN, panel })) });
  });
  after(async () => {
    await Promise.all(panels.map((p) => p.stop()));
    await t.close();
  });

  it('provisions every demo service through the real lifecycle on the first ticked network', async () => {
    const services = await t.c.repos.services.list();
    expect(services).to.have.length(3);
    for (const s of services) {
      expect(s.status).to.equal('active');
      expect(s.networkName).to.equal('fra-1');
      expect(panels[0].state.clients.has(s.username as string)).to.equal(true);
    }
  });

  it('pulls the traffic history and invoices last month', async () => {
    const days = await t.c.db('usage_daily').count<{ n: number | string }[]>({ n: '*' }).first();
    expect(Number(days?.n)).to.be.greaterThan(100);
    const invoices = await t.c.db('invoices').where({ period: '2026-10' });
    expect(invoices).to.have.length(2);
    expect(invoices.every((i) => Number(i.total_minor) > 0)).to.equal(true);
    expect(lines.join('\n')).to.contain('invoices for 2026-10: 2');
  });

  it('leaves one client made by hand on a panel, which reconciliation finds', async () => {
    expect(lines.join('\n')).to.contain('reconciliation: 1 difference(s)');
    const open = await t.c.repos.reconcileFindings.listOpen();
    expect(open.map((f) => `${f.kind}:${f.clientName}`)).to.deep.equal(['orphan:made-by-hand']);
  });

  it('lets the printed customer log in and see their services', async () => {
    const { agent } = await loginAs(t.app, DEMO_LOGINS.customers[0].email, 'client', DEMO_LOGINS.customers[0].password);
    const res = await agent.get('/');
    expect(res.status).to.equal(200);
    expect(res.text.match(/pill-active/g) ?? []).to.have.length(2);
    const own = /href="\/services\/(\d+)"/.exec(res.text);
    expect(own, 'a link to the customer\'s service').to.not.equal(null);
    const page = await agent.get(`/services/${own![1]}`);
    expect(page.status).to.equal(200);
    expect(page.text).not.to.contain('temporarily unavailable');
  });
});
