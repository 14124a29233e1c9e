import { expect } from 'chai';
import { quotaEnforceJob } from '../../../server/jobs/quota-enforce.job.js';
import { useBillingWorld } from '../billing/billing-world.js';
import { GB, panelClient, quotaMails, quotaProduct } from './quota-world.js';

describe('traffic quotas in BILLING_TZ=America/New_York', () => {
  const w = useBillingWorld({ env: { BILLING_TZ: 'America/New_York' } });

  it('keeps the limit until local midnight of the 1st and lifts it at the first run of the new local month', async () => {
    const productId = await quotaProduct(w, { monthly_gb: 5, action: 'suspend' });
    const id = await w.service({ clientId: await w.client(), productId, name: 'tz-quota' });
    w.panels[0].setTraffic('tz-quota', '2026-03-30', 6 * GB, 0);

    // 03:30 UTC on April 1st is still 23:30 on March 31st in New York (EDT, UTC-4)
    w.now = new Date('2026-04-01T03:30:00Z');
    let run = (await quotaEnforceJob.run(w.t.c, { now: w.now })) as Record<string, unknown>;
    expect(run).to.include({ date: '2026-03-31', period: '2026-03', limited: 1 });
    expect(panelClient(w, 'tz-quota')).to.deep.include({ status: 'disable' });

    // an hour later it is April there: a new allowance, the client enabled, no mail
    w.now = new Date('2026-04-01T04:30:00Z');
    run = (await quotaEnforceJob.run(w.t.c, { now: w.now })) as Record<string, unknown>;
    expect(run).to.include({ date: '2026-04-01', period: '2026-04', restored: 1, mails: 0 });
    expect(panelClient(w, 'tz-quota')).to.deep.include({ status: 'enable' });
    expect(await quotaMails(w, id)).to.deep.equal(['quota_reached']);
    const quota = (await w.api('get', `/api/admin/services/${id}`)).body.quota;
    expect(quota).to.include({ state: 'ok', period: '2026-04', used_bytes: 0, resets_on: '2026-05-01' });
  });

  it('sends a new month its own warning and limit mails', async () => {
    const productId = await quotaProduct(w, { monthly_gb: 5 });
    const id = await w.service({ clientId: await w.client(), productId, name: 'tz-again' });
    w.panels[0].setTraffic('tz-again', '2026-03-30', 6 * GB, 0).setTraffic('tz-again', '2026-04-02', 4 * GB, 0).setTraffic('tz-again', '2026-04-03', 2 * GB, 0);
    w.now = new Date('2026-04-01T03:30:00Z');
    await quotaEnforceJob.run(w.t.c, { now: w.now });
    w.now = new Date('2026-04-03T03:30:00Z');
    await quotaEnforceJob.run(w.t.c, { now: w.now });
    expect(panelClient(w, 'tz-again')).to.deep.include({ down: 100, up: 50 });
    w.now = new Date('2026-04-04T03:30:00Z');
    await quotaEnforceJob.run(w.t.c, { now: w.now });
    expect(await quotaMails(w, id)).to.deep.equal(['quota_reached', 'quota_warning', 'quota_reached']);
    expect(panelClient(w, 'tz-again')).to.deep.include({ down: 1, up: 1 });
  });
});
