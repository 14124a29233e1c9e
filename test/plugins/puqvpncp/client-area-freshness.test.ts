import { expect } from 'chai';
import type { Knex } from 'knex';
import { defaultProductConfig } from '../../../plugins/puqvpncp/server/product-config.js';
import { updateProductConfig } from '../../../server/domain/catalogue/products.js';
import { runLifecycleAction } from '../../../server/domain/services/run-lifecycle-action.js';
import { useClientAreaWorld } from './client-area-helpers.js';

/** The SQL statements the database ran while `during` did. */
async function queriesDuring(db: Knex, during: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const listener = (q: { sql: string }) => seen.push(q.sql);
  db.on('query', listener);
  try {
    await during();
  } finally {
    db.off('query', listener);
  }
  return seen;
}

describe('client area: memoised reads stay fresh', () => {
  const w = useClientAreaWorld();
  const page = (id: number) => w.customer.agent.get(`/services/${id}`);

  it('serves a repeated view of the service page without a database query', async () => {
    const s = await w.active();
    expect((await page(s.id)).status).to.equal(200);
    const queries = await queriesDuring(w.t.c.db, async () => expect((await page(s.id)).status).to.equal(200));
    expect(queries).to.deep.equal([]);
  });

  it('shows a product change made in this process on the very next view', async () => {
    const productId = await w.product({ instruction_url: 'https://help.example.com/old' });
    const s = await w.active({ productId });
    expect((await page(s.id)).text).to.contain('https://help.example.com/old');
    await updateProductConfig(w.t.c.deps, productId, { ...defaultProductConfig(), instruction_url: 'https://help.example.com/new' });
    const res = await page(s.id);
    expect(res.text).to.contain('https://help.example.com/new');
    expect(res.text).not.to.contain('https://help.example.com/old');
  });

  it('shows a suspension on the very next view and no longer offers configs', async () => {
    const s = await w.active();
    expect((await page(s.id)).text).to.contain('one-time-link.json');
    await runLifecycleAction(w.t.c.lifecycleDeps, s.id, 'suspend');
    const res = await page(s.id);
    expect(res.status).to.equal(200);
    expect(res.text).to.match(/suspended/i);
    expect(res.text).not.to.contain('one-time-link.json');
  });

  it('shows a changed VPN password on the very next view', async () => {
    const productId = await w.product({ show_password: 'plain' });
    const s = await w.active({ productId });
    expect((await page(s.id)).text).to.contain(`<code>${s.password}</code>`);
    await w.t.c.repos.services.update(s.id, { password: 'N3w-secret-Pass' });
    const res = await page(s.id);
    expect(res.text).to.contain('<code>N3w-secret-Pass</code>');
    expect(res.text).not.to.contain(s.password);
  });

  it('still answers 404 for another customer\'s service that this process has memoised', async () => {
    const s = await w.active();
    expect((await page(s.id)).status).to.equal(200);
    expect((await w.other.agent.get(`/services/${s.id}`)).status).to.equal(404);
  });

  it('finds a service created after a view asked for its id', async () => {
    const s = await w.active();
    expect((await page(s.id + 1)).status).to.equal(404);
    const next = await w.active();
    expect(next.id).to.equal(s.id + 1);
    expect((await page(next.id)).status).to.equal(200);
  });
});
