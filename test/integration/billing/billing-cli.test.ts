import { expect } from 'chai';
import { FakePanel } from '../../../plugins/puqvpncp/fake/fake-panel.js';
import { runAdminCli, STACK } from '../../support/child-process.js';
import { buildActiveService, buildClient, buildMeteredProduct } from '../../support/factories.js';
import { buildTestApp, type TestApp } from '../../support/test-app.js';
import { childDatabaseUrl, freshDatabase } from '../../support/test-db.js';

describe('admin CLI: collect-usage and generate-invoices', function () {
  this.timeout(60_000);
  const panel = new FakePanel({ clock: () => new Date('2000-01-01T00:00:00Z') });
  let t: TestApp;
  let databaseUrl: string;
  let serviceId: number;
  let clientId: number;

  const cli = (...args: string[]) => runAdminCli(databaseUrl, args, { LOG_LEVEL: 'silent' });

  before(async () => {
    const tdb = await freshDatabase();
    databaseUrl = childDatabaseUrl(tdb);
    t = await buildTestApp({ tdb });
    await panel.start();
    const { server, product } = await buildMeteredProduct(t.c, panel, { price_per_gb: '0.20', included_gb: 1 });
    clientId = (await buildClient(t.c)).id;
    serviceId = await buildActiveService(t.c, panel, { clientId, productId: product.id, serverId: server.id, name: 'cli-vpn' });
    panel.setTraffic('cli-vpn', '2026-03-10', 3_500_000_000, 1).setTraffic('cli-vpn', '2026-03-20', 1_000_000_000, 1);
  });
  after(async () => {
    await panel.stop();
    await t.close();
  });

  it('collects usage up to the given date', async () => {
    const run = await cli('collect-usage', '--date', '2026-03-15');
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.contain('usage for 2026-03-15 (2026-03): 1 of 1 services collected, 1 days stored, 0 failed');
    expect((await t.c.db('usage_daily').where({ service_id: serviceId })).map((r) => r.day)).to.deep.equal(['2026-03-10']);
    const again = await cli('collect-usage', '--date', '2026-03-31');
    expect(again.code, again.stderr).to.equal(0);
    expect((await t.c.db('usage_daily').where({ service_id: serviceId }).orderBy('day')).map((r) => r.day)).to.deep.equal(['2026-03-10', '2026-03-20']);
  });

  it('generates a month\'s invoices once and reports the rest as existing', async () => {
    const run = await cli('generate-invoices', '--period', '2026-03');
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(new RegExp(`invoice #\\d+\\tclient #${clientId}\\t2026-03\\t0.70 USD\\t1 lines`));
    expect(run.stdout).to.contain('1 created, 0 already existed for 2026-03');
    const again = await cli('generate-invoices', '--period', '2026-03');
    expect(again.stdout).to.contain('0 created, 1 already existed for 2026-03');
    expect(await t.c.db('invoices')).to.have.length(1);
  });

  it('fails cleanly on a bad date or period, naming the flag', async () => {
    for (const args of [['collect-usage', '--date', '2026-02-30'], ['generate-invoices', '--period', '2026-13'], ['generate-invoices']]) {
      const run = await cli(...args);
      expect(run.code, args.join(' ')).to.equal(1);
      expect(run.stderr).to.match(/--(date|period):/);
      expect(run.stderr).not.to.match(STACK);
    }
  });
});
