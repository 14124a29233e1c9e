import { expect } from 'chai';
import { defaultProductConfig } from '../../../plugins/puqvpncp/server/product-config.js';
import { buildProduct } from '../../support/factories.js';
import { useBillingWorld } from './billing-world.js';

const GB = 1_000_000_000;

describe('usage collection: what a panel\'s traffic may contain before it is stored', () => {
  const w = useBillingWorld();
  let productId: number;
  let cappedProductId: number;

  before(async () => {
    productId = await w.product({ download: { enabled: true, price_per_gb: '0.05' }, upload: { enabled: true, price_per_gb: '0.02' } });
    const config = defaultProductConfig();
    config.metrics.download = { enabled: true, price_per_gb: '0.05', included_gb: 0 };
    config.bandwidth = { download_mbps: 100, upload_mbps: 10 };
    cappedProductId = (await buildProduct(w.t.c, w.groupId, config)).id;
  });
  beforeEach(() => {
    w.now = new Date('2026-03-15T12:00:00Z');
  });
  afterEach(() => w.panels[0].setVariant('adopted'));

  const collect = () => w.api('post', '/api/admin/usage/collect').send({});
  const usageRows = async (serviceId: number) =>
    (await w.t.c.db('usage_daily').where({ service_id: serviceId }).orderBy('day')).map((r) => ({ day: String(r.day), down: Number(r.download_bytes), up: Number(r.upload_bytes) }));
  const moduleLog = async (serviceId: number) => (await w.t.c.db('module_log').where({ service_id: serviceId }).orderBy('id')).map((r) => String(r.error ?? ''));

  it('stores from a v1-shaped panel (numbers as strings, null for no rows) exactly what the adopted shapes give', async () => {
    w.panels[0].setVariant('v1');
    const id = await w.service({ clientId: await w.client(), productId, name: 'v1-usage' });
    const idle = await w.service({ clientId: await w.client(), productId, name: 'v1-idle' });
    w.panels[0].setTraffic('v1-usage', '2026-03-02', 3 * GB, 12_345);
    const res = await collect();
    expect(res.body).to.include({ services: 2, collected: 2 });
    expect(await usageRows(id)).to.deep.equal([{ day: '2026-03-02', down: 3 * GB, up: 12_345 }]);
    expect(await usageRows(idle)).to.deep.equal([]);
  });

  it('keeps one row per day of the month and drops, and logs, days of other months', async () => {
    const id = await w.service({ clientId: await w.client(), productId, name: 'odd-days' });
    w.panels[0].setTraffic('odd-days', '2026-03-03', 100, 10);
    w.panels[0].addTrafficRows('odd-days', [
      { date: '2026-04-01', traffic_download: 999, traffic_upload: 999 },
      { date: '2025-03-03', traffic_download: 888, traffic_upload: 888 },
      { date: '2026-03-03', traffic_download: 150, traffic_upload: 15 },
    ]);
    expect((await collect()).body).to.include({ collected: 1 });
    expect(await usageRows(id)).to.deep.equal([{ day: '2026-03-03', down: 150, up: 15 }]);
    const log = (await moduleLog(id)).join('\n');
    expect(log).to.contain('dropped 2 row(s) outside 2026/03 (2026-04-01, 2025-03-03)');
    expect(log).to.contain('days sent more than once, the last row kept: 2026-03-03');
  });

  it('refuses, flags and does not store a day above what the client\'s link could carry', async () => {
    const id = await w.service({ clientId: await w.client(), productId: cappedProductId, name: 'bogus' });
    w.panels[0].setTraffic('bogus', '2026-03-04', 20 * GB, GB);
    expect((await collect()).body).to.include({ collected: 1 });
    // then the panel's counter goes wild: 100 Mbit/s carries at most about 1.08 TB a day
    w.panels[0].setTraffic('bogus', '2026-03-04', 2_000 * GB, GB);
    w.panels[0].setTraffic('bogus', '2026-03-05', 5 * GB, GB);
    w.now = new Date('2026-03-15T13:00:00Z');
    const res = await collect();
    expect(res.body.collected).to.equal(0);
    expect(res.body.failed).to.have.length(1);
    expect(res.body.failed[0].error).to.contain('was not stored: download on 2026-03-04 is 2000000000000 bytes, more than a 100 Mbit/s cap can carry in a day');
    expect(await usageRows(id)).to.deep.equal([{ day: '2026-03-04', down: 20 * GB, up: GB }]);
    const pull = await w.t.c.db('usage_pulls').where({ service_id: id }).first();
    expect(pull.last_error).to.contain('was not stored');
    expect((await moduleLog(id)).some((e) => e.includes('usage_implausible') || e.includes('was not stored'))).to.equal(true);
  });

  it('refuses a negative or fractional byte count, naming the field, and keeps what was stored', async () => {
    const id = await w.service({ clientId: await w.client(), productId, name: 'negative' });
    w.panels[0].setTraffic('negative', '2026-03-06', 7, 7);
    await collect();
    for (const bad of [-5, 2.5]) {
      w.panels[0].setTraffic('negative', '2026-03-06', bad, 7);
      w.now = new Date(w.now.getTime() + 60_000);
      const res = await collect();
      expect(res.body.failed[0]?.error, String(bad)).to.contain('data.0.traffic_download');
      expect(await usageRows(id)).to.deep.equal([{ day: '2026-03-06', down: 7, up: 7 }]);
    }
  });

  it('refuses a traffic answer of 1,000,000 rows without storing any of it', async () => {
    const id = await w.service({ clientId: await w.client(), productId, name: 'million' });
    w.panels[0].flood('GET /client/:name/traffic/:year/:month', { rows: 1_000_000 });
    const res = await collect();
    expect(res.body.failed[0]?.error).to.contain('larger than the 512 KB allowed');
    expect(await usageRows(id)).to.deep.equal([]);
  });
});
