import { expect } from 'chai';
import { buildAdmin, buildClient } from '../../support/factories.js';
import { loginAs, type Agent } from '../../support/login.js';
import { useBillingWorld } from '../billing/billing-world.js';
import { enforce, GB, panelClient, quotaProduct } from './quota-world.js';

describe('traffic quotas: pages', () => {
  const w = useBillingWorld({ shared: true, start: '2026-03-20T12:00:00Z' });
  let admin: { agent: Agent; csrf: string };
  let customer: { agent: Agent; csrf: string };
  const ids = { limited: 0, quiet: 0, plain: 0, other: 0 };

  before(async () => {
    const quota = await quotaProduct(w, { monthly_gb: 10, throttle_mbps: 3 });
    const alice = await buildClient(w.t.c, { name: 'Alice' });
    ids.limited = await w.service({ clientId: alice.id, productId: quota, name: 'page-limited' });
    ids.quiet = await w.service({ clientId: alice.id, productId: quota, name: 'page-quiet' });
    ids.plain = await w.service({ clientId: alice.id, productId: await w.product({}), name: 'page-plain' });
    ids.other = await w.service({ clientId: await w.client(), productId: quota, name: 'page-other' });
    w.panels[0].setTraffic('page-limited', '2026-03-19', 12 * GB, 0).setTraffic('page-quiet', '2026-03-19', 2 * GB, 500_000_000);
    expect((await enforce(w)).body.limited).to.equal(1);
    admin = await loginAs(w.t.app, (await buildAdmin(w.t.c)).email, 'admin');
    customer = await loginAs(w.t.app, alice.email);
  });

  it('shows "used X of Y GB", the reset day and what happens at 100 % on the dashboard', async () => {
    const res = await customer.agent.get('/');
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('12.00 of 10.00 GB').and.contain('2.50 of 10.00 GB');
    expect(res.text).to.contain('the speed is lowered to 3 Mbit/s until 2026-04-01').and.contain('At 100 % your speed is lowered to 3 Mbit/s');
    expect(res.text).to.contain('The allowance starts again on 2026-04-01');
  });

  it('shows the bar on the service page of a quota\'d service only', async () => {
    const page = await customer.agent.get(`/services/${ids.limited}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Traffic quota').and.contain('12.00 of 10.00 GB').and.contain('<progress');
    const plain = await customer.agent.get(`/services/${ids.plain}`);
    expect(plain.status).to.equal(200);
    expect(plain.text).not.to.contain('Traffic quota');
    expect((await customer.agent.get(`/services/${ids.other}`)).status).to.equal(404);
  });

  it('lists the quota column and filters the services list by quota state', async () => {
    const all = await admin.agent.get('/admin/services');
    expect(all.text).to.contain('<th>Quota</th>').and.contain('pill-quota-limited').and.contain('12.00 / 10.00 GB (100 %)');
    const limited = await admin.agent.get('/admin/services?quota=limited');
    expect(limited.text).to.contain(`/admin/services/${ids.limited}"`);
    expect(limited.text).not.to.contain(`/admin/services/${ids.quiet}"`);
    const none = await admin.agent.get('/admin/services?quota=none');
    expect(none.text).to.contain(`/admin/services/${ids.plain}"`).and.not.contain(`/admin/services/${ids.limited}"`);
    // a filter value that is not one is refused like every list filter's (422, the field named)
    const bad = await admin.agent.get('/admin/services?quota=bogus');
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain('quota must be one of any, none, ok, warned, limited, pending');
  });

  it('shows the quota and its history on the admin service page and tops it up from the form', async () => {
    const page = await admin.agent.get(`/admin/services/${ids.limited}`);
    expect(page.text).to.contain('Traffic quota').and.contain('throttled to 3 Mbit/s on the panel').and.contain('<td>limited</td>');
    const bad = await admin.agent.post(`/admin/services/${ids.limited}/quota/top-up`).type('form').send({ _csrf: admin.csrf, gb: 'lots' });
    expect(bad.status).to.equal(302);
    expect((await admin.agent.get(`/admin/services/${ids.limited}`)).text).to.contain('Top-up not added: gb: must be a whole number of GB');
    const noCsrf = await admin.agent.post(`/admin/services/${ids.limited}/quota/top-up`).type('form').send({ gb: '5' });
    expect(noCsrf.status).to.equal(403);
    const ok = await admin.agent.post(`/admin/services/${ids.limited}/quota/top-up`).type('form').send({ _csrf: admin.csrf, gb: '5' });
    expect(ok.status).to.equal(302);
    const after = await admin.agent.get(`/admin/services/${ids.limited}`);
    expect(after.text).to.contain('Added 5 GB for this month. The limit is lifted.').and.contain('<td>top-up</td>').and.contain('<td>restored</td>');
    expect(panelClient(w, 'page-limited')).to.deep.include({ down: 100, up: 50 });
  });
});
