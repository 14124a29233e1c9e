import { expect } from 'chai';
import { useBillingWorld } from './billing-world.js';

/** Short, so a hanging panel costs these tests seconds. */
const BUDGET_MS = 2000;

describe('terminate within one action budget, its last usage pull included', () => {
  const w = useBillingWorld({ env: { ACTION_BUDGET_MS: String(BUDGET_MS) } });
  let productId: number;

  before(async () => {
    productId = await w.product({ download: { enabled: true, price_per_gb: '0.10' } });
  });

  const terminate = async (id: number) => {
    const started = Date.now();
    const res = await w.api('post', `/api/admin/services/${id}/actions/terminate`);
    return { res, ms: Date.now() - started };
  };

  it('gives up on a hanging traffic answer within the budget, then goes ahead without it on the second terminate', async () => {
    w.now = new Date('2026-03-10T12:00:00Z');
    const id = await w.service({ clientId: await w.client(), productId, name: 'hang-term' });
    w.panels[0].hang('GET /client/:name/traffic/:year/:month');
    const first = await terminate(id);
    expect(first.res.status).to.equal(504);
    expect(first.res.body.code).to.equal('final_usage_pull_failed');
    expect(first.ms).to.be.below(BUDGET_MS + 500);
    expect(w.panels[0].state.clients.has('hang-term')).to.equal(true);
    // the pull may take half the budget at most: the delete still fits after it
    const second = await terminate(id);
    expect(second.res.status, second.res.text).to.equal(200);
    expect(second.res.body.service.status).to.equal('terminated');
    expect(second.ms).to.be.below(BUDGET_MS + 500);
    expect(w.panels[0].state.clients.has('hang-term')).to.equal(false);
  });
});
