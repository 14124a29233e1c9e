import { expect } from 'chai';
import { generateInvoices } from '../../../server/domain/billing/generate-invoices.js';
import { buildClient, buildService } from '../../support/factories.js';
import { usePlansWorld } from './plans-world.js';

describe('invoice numbers under concurrent generation', () => {
  const w = usePlansWorld();
  const CLIENTS = 40;

  before(async () => {
    const productId = await w.product({ monthly: '4.99' });
    for (let i = 0; i < CLIENTS; i++) {
      const client = await buildClient(w.t.c);
      const { id } = await buildService(w.t.c, { clientId: client.id, productId });
      await w.t.c.repos.services.update(id, { status: 'active', username: `num-${i}` });
      await w.t.c.repos.plans.recordPeriod({ serviceId: id, fromDay: '2026-04-01', productId, tierCode: null }, 'test');
    }
    w.at('2026-05-01T06:00:00Z');
  });

  it('gives every customer one invoice and the numbers no gap, however many runs race (no lease)', async () => {
    const runs = await Promise.all([1, 2, 3, 4].map(() => generateInvoices(w.t.c.billing, { period: '2026-04' })));
    expect(runs.reduce((sum, r) => sum + r.created, 0)).to.equal(CLIENTS);
    const rows = await w.t.c.db('invoices').where({ period: '2026-04' }).select('client_id', 'number', 'total_minor');
    expect(new Set(rows.map((r) => r.client_id)).size).to.equal(CLIENTS);
    expect(rows.map((r) => r.number as string).sort()).to.deep.equal(Array.from({ length: CLIENTS }, (_, i) => `2026-${String(i + 1).padStart(6, '0')}`));
    expect(rows.every((r) => Number(r.total_minor) === 499)).to.equal(true);
    expect((await w.t.c.db('invoice_counters').where({ year: 2026 }).first()).last_number).to.equal(CLIENTS);
    expect(await w.t.c.db('mail_outbox').where({ kind: 'invoice_issued' })).to.have.length(CLIENTS);
  });
});
