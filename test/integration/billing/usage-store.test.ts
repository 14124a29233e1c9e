import { expect } from 'chai';
import { DayBatch, type DayBytes } from '../../../server/domain/billing/day-batch.js';
import { useBillingWorld } from './billing-world.js';

const march = (base: number): DayBytes[] =>
  Array.from({ length: 31 }, (_, i) => ({ day: `2026-03-${String(i + 1).padStart(2, '0')}`, downloadBytes: base + i, uploadBytes: 2 ** 40 + i }));

describe('usage store (batched upserts)', () => {
  const w = useBillingWorld();

  it('stores a batch of many statements\' worth of days with each service\'s outcome, and a re-store changes only what changed', async () => {
    const productId = await w.product({ download: { enabled: true, price_per_gb: '0.05' } });
    const clientId = await w.client();
    const at = w.now.toISOString();
    const ids: number[] = [];
    for (let i = 0; i < 46; i++) {
      const [row] = await w.t.c.db('services').insert({ client_id: clientId, product_id: productId, server_id: w.serverIds[0], status: 'active', username: `vpn-store-${i}`, created_at: at, updated_at: at }).returning('id');
      ids.push(Number(typeof row === 'object' ? row.id : row));
    }
    const usage = w.deps().usage;
    // 45 services of 31 days: more rows than one statement carries
    const batch = new DayBatch();
    for (const [i, id] of ids.slice(0, 45).entries()) batch.add(id, w.serverIds[0], march(1_000_000 * i));
    const pulls = ids.map((id, i) => ({ serviceId: id, serverId: w.serverIds[0], error: i === 45 ? 'panel down' : null }));
    await usage.store(batch, pulls, '2026-03-31T01:00:00.000Z');

    const stored = await w.t.c.db('usage_daily').whereIn('service_id', ids).orderBy(['service_id', 'day']);
    expect(stored).to.have.length(45 * 31);
    const row = (i: number) => [Number(stored[i].service_id), stored[i].day, Number(stored[i].download_bytes), Number(stored[i].upload_bytes)];
    expect([row(0), row(30), row(61), row(45 * 31 - 1)]).to.deep.equal([
      [ids[0], '2026-03-01', 0, 2 ** 40],
      [ids[0], '2026-03-31', 30, 2 ** 40 + 30],
      [ids[1], '2026-03-31', 1_000_030, 2 ** 40 + 30],
      [ids[44], '2026-03-31', 44_000_030, 2 ** 40 + 30],
    ]);
    expect(stored.at(-1)).to.include({ day: '2026-03-31', collected_at: '2026-03-31T01:00:00.000Z' });
    const status = await usage.pullStatuses(ids);
    expect(status.get(ids[0])).to.include({ lastSuccessAt: '2026-03-31T01:00:00.000Z', lastFailureAt: null });
    expect(status.get(ids[45])).to.include({ lastSuccessAt: null, lastFailureAt: '2026-03-31T01:00:00.000Z', lastError: 'panel down' });

    batch.clear();
    const changed = march(0);
    changed[4] = { ...changed[4], downloadBytes: 999 };
    batch.add(ids[0], w.serverIds[0], changed);
    await usage.store(batch, [{ serviceId: ids[0], serverId: w.serverIds[0], error: null }], '2026-04-01T01:00:00.000Z');
    const again = await w.t.c.db('usage_daily').where({ service_id: ids[0] }).orderBy('day');
    expect(again.map((r) => Number(r.download_bytes)).slice(3, 6)).to.deep.equal([3, 999, 5]);
    expect(again.filter((r) => r.collected_at === '2026-04-01T01:00:00.000Z').map((r) => r.day)).to.deep.equal(['2026-03-05']);

    // days of a service without a server (every row's server is null in this statement)
    batch.clear();
    batch.add(ids[45], null, march(7).slice(0, 1));
    await usage.store(batch, [{ serviceId: ids[45], serverId: null, error: null }], '2026-04-01T01:00:00.000Z');
    expect(await usage.daysOf(ids[45], '2026-03')).to.deep.equal([
      { serviceId: ids[45], day: '2026-03-01', downloadBytes: 7, uploadBytes: 2 ** 40, serverId: null, collectedAt: '2026-04-01T01:00:00.000Z' },
    ]);
  });
});
