import { expect } from 'chai';
import { usageSources } from '../../../server/domain/billing/usage-sources.js';
import { usageTargets, type UsageTarget } from '../../../server/domain/billing/usage-targets.js';
import { useBillingWorld } from './billing-world.js';

/** The service ids a queue yields, in order. */
async function idsOf(queue: AsyncIterable<UsageTarget>): Promise<number[]> {
  const ids: number[] = [];
  for await (const target of queue) ids.push(target.candidate.service.id);
  return ids;
}

describe('usage collection targets', () => {
  const w = useBillingWorld({ panels: 2 });

  it('queues each panel\'s metered services in id order and reads their records a page at a time', async () => {
    const productId = await w.product({ download: { enabled: true, price_per_gb: '0.05' } });
    const unmetered = await w.product({});
    const clientId = await w.client();
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) ids.push(await w.service({ clientId, productId, name: `vpn-page-${i}`, panel: i % 2 }));
    await w.service({ clientId, productId: unmetered, name: 'vpn-page-free' });

    const deps = w.deps();
    const pages: number[][] = [];
    const read = deps.usage.candidatesByIds;
    deps.usage.candidatesByIds = (page) => {
      pages.push([...page]);
      return read(page);
    };
    const { total, queues } = await usageTargets(deps, usageSources(deps), 2);
    expect(total).to.equal(7);
    expect(queues).to.have.length(2);
    expect(pages, 'nothing is read before the queues are worked through').to.deep.equal([]);

    const first = queues[0][Symbol.asyncIterator]();
    expect((await first.next()).value.candidate.service.id).to.equal(ids[0]);
    // the first page and the one after it (read ahead), not the whole queue
    expect(pages).to.deep.equal([[ids[0], ids[2]], [ids[4], ids[6]]]);

    const rest: number[] = [];
    for (let next = await first.next(); !next.done; next = await first.next()) rest.push(next.value.candidate.service.id);
    expect(rest).to.deep.equal([ids[2], ids[4], ids[6]]);
    expect(await idsOf(queues[1])).to.deep.equal([ids[1], ids[3], ids[5]]);
    expect(pages.every((p) => p.length <= 2)).to.equal(true);
  });

  it('leaves out a service whose product stopped billing usage after the run was planned', async () => {
    const productId = await w.product({ upload: { enabled: true, price_per_gb: '0.01' } });
    const clientId = await w.client();
    const kept = await w.service({ clientId, productId, name: 'vpn-kept' });
    const moved = await w.service({ clientId, productId, name: 'vpn-moved' });

    const deps = w.deps();
    const sources = usageSources(deps);
    const { total, queues } = await usageTargets(deps, sources, 10);
    expect(total).to.equal(2);
    // a change of package between planning and reading: the record read names a product without metrics
    await w.t.c.db('services').where({ id: moved }).update({ product_id: await w.product({}) });
    expect(await idsOf(queues[0])).to.deep.equal([kept]);
  });
});
