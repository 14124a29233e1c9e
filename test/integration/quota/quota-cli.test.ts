import { expect } from 'chai';
import { FakePanel } from '../../../plugins/puqvpncp/fake/fake-panel.js';
import { defaultProductConfig } from '../../../plugins/puqvpncp/server/product-config.js';
import { runAdminCli } from '../../support/child-process.js';
import { buildActiveService, buildClient, buildGroupWithServer, buildProduct } from '../../support/factories.js';
import { buildTestApp, type TestApp } from '../../support/test-app.js';
import { childDatabaseUrl, freshDatabase } from '../../support/test-db.js';

describe('admin CLI: enforce-quotas', function () {
  this.timeout(60_000);
  const panel = new FakePanel({ clock: () => new Date('2000-01-01T00:00:00Z') });
  let t: TestApp;
  let databaseUrl: string;

  before(async () => {
    const tdb = await freshDatabase();
    databaseUrl = childDatabaseUrl(tdb);
    t = await buildTestApp({ tdb });
    await panel.start();
    const { group, server } = await buildGroupWithServer(t.c, panel.origin, panel.token);
    const product = await buildProduct(t.c, group.id, { ...defaultProductConfig(), quota: { monthly_gb: 2, counts: 'total', action: 'suspend', throttle_mbps: 1, warn_percent: 50 } });
    await buildActiveService(t.c, panel, { clientId: (await buildClient(t.c)).id, productId: product.id, serverId: server.id, name: 'cli-quota' });
    panel.setTraffic('cli-quota', '2026-03-10', 3_000_000_000, 0);
  });
  after(async () => {
    await panel.stop();
    await t.close();
  });

  it('enforces the quotas of a given date and prints what it did; a bad date names the flag', async () => {
    const run = await runAdminCli(databaseUrl, ['enforce-quotas', '--date', '2026-03-15'], { LOG_LEVEL: 'silent' });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.contain('quotas for 2026-03-15 (2026-03): 1 of 1 services pulled, 0 warned, 1 limited, 0 restored, 1 mails, 0 pulls failed, 0 steps pending');
    expect(panel.state.clients.get('cli-quota')?.status).to.equal('disable');
    const bad = await runAdminCli(databaseUrl, ['enforce-quotas', '--date', '2026-13-01'], { LOG_LEVEL: 'silent' });
    expect(bad.code).to.not.equal(0);
    expect(bad.stderr + bad.stdout).to.contain('date');
  });
});
