import { expect } from 'chai';
import { useBillingWorld } from '../billing/billing-world.js';
import { enforce, GB, panelClient, quotaMails, quotaProduct } from './quota-world.js';

describe('traffic quotas with the lifecycle and the mails', () => {
  const w = useBillingWorld();

  it('throttles again on the next run after a change package pushed the normal caps, without a second mail', async () => {
    w.now = new Date('2026-03-15T12:00:00Z');
    const productId = await quotaProduct(w, { monthly_gb: 1, throttle_mbps: 5 });
    const id = await w.service({ clientId: await w.client(), productId, name: 'q-package' });
    w.panels[0].setTraffic('q-package', '2026-03-14', 2 * GB, 0);
    await enforce(w);
    expect(panelClient(w, 'q-package')).to.deep.include({ down: 5, up: 5 });

    const change = await w.api('post', `/api/admin/services/${id}/actions/change-package`).send({});
    expect(change.status, change.text).to.equal(200);
    expect(panelClient(w, 'q-package')).to.deep.include({ down: 100, up: 50 });
    expect(change.body.service.quota).to.include({ state: 'limited', applied: 'none' });

    const again = await enforce(w);
    expect(again.body).to.include({ mails: 0 });
    expect(panelClient(w, 'q-package')).to.deep.include({ down: 5, up: 5 });
    expect(await quotaMails(w, id)).to.deep.equal(['quota_reached']);
  });

  it('never throttles above the service\'s own cap', async () => {
    w.now = new Date('2026-03-15T12:00:00Z');
    const productId = await quotaProduct(w, { monthly_gb: 1, throttle_mbps: 20 }, { download_mbps: 10, upload_mbps: 0 });
    await w.service({ clientId: await w.client(), productId, name: 'q-low' });
    w.panels[0].setTraffic('q-low', '2026-03-14', 2 * GB, 0);
    await enforce(w);
    expect(panelClient(w, 'q-low')).to.deep.include({ down: 10, up: 20 });
  });

  it('mails the figures, the reset day and what happens at 100 %', async () => {
    w.now = new Date('2026-03-15T12:00:00Z');
    const productId = await quotaProduct(w, { monthly_gb: 10, action: 'suspend', warn_percent: 50 });
    const id = await w.service({ clientId: await w.client(), productId, name: 'q-mail' });
    w.panels[0].setTraffic('q-mail', '2026-03-14', 6 * GB, 0);
    await enforce(w);
    const [row] = await w.t.c.db('mail_outbox').where({ service_id: id, kind: 'quota_warning' });
    const mail = (await w.api('get', `/api/admin/outbox/${row.id}`)).body;
    expect(mail.subject).to.contain('has used 60 % of this month\'s traffic');
    expect(mail.contents.text).to.contain('6.00 GB of its 10.00 GB').and.contain('it stops connecting until the allowance starts again on 2026-04-01');
    expect(mail.contents.html).to.contain(`/services/${id}`);

    w.panels[0].setTraffic('q-mail', '2026-03-15', 5 * GB, 0);
    await enforce(w);
    const [reached] = await w.t.c.db('mail_outbox').where({ service_id: id, kind: 'quota_reached' });
    const text = (await w.api('get', `/api/admin/outbox/${reached.id}`)).body.contents.text;
    expect(text).to.contain('all 10.00 GB').and.contain('It cannot connect until the allowance starts again on 2026-04-01').and.contain('Nothing changes on your invoices');
  });
});
