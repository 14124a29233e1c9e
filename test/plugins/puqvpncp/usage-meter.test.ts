import { expect } from 'chai';
import { defaultProductConfig } from '../../../plugins/puqvpncp/server/product-config.js';
import { createUsageMeter } from '../../../plugins/puqvpncp/server/usage-meter.js';
import { DEFAULT_PANEL_SETTINGS } from '../../../plugins/puqvpncp/server/panel/panel-policy.js';
import type { ModuleLogEntry, ProductRecord, ServiceContext } from '../../../server/plugins/plugin-api.js';
import { AppError } from '../../../server/errors.js';
import { rejectionOf, useFakePanel } from './panel-test-helpers.js';

describe('puqvpncp usage meter', () => {
  const { panel } = useFakePanel();
  const meter = createUsageMeter(DEFAULT_PANEL_SETTINGS);
  const product = (metrics: Partial<ReturnType<typeof defaultProductConfig>['metrics']> = {}): ProductRecord => {
    const config = defaultProductConfig();
    Object.assign(config.metrics, metrics);
    return { id: 1, name: 'VPN', serverGroupId: 1, module: 'puqvpncp', config };
  };
  const context = (username: string | null, logs: ModuleLogEntry[]): ServiceContext =>
    ({
      service: { id: 7, username, options: {} },
      product: product(),
      server: panel.serverRecord({ connectTimeoutMs: 300, responseTimeoutMs: 1000 }),
      log: async (entry: ModuleLogEntry) => void logs.push(entry),
    }) as unknown as ServiceContext;

  it('reports the product\'s metrics only when at least one is enabled', () => {
    expect(meter.type).to.equal('puqvpncp');
    expect(meter.metrics(product())).to.equal(null);
    const on = meter.metrics(product({ upload: { enabled: true, price_per_gb: '0.02', included_gb: 5 } }));
    expect(on).to.deep.equal({ download: { enabled: false, pricePerGb: '0', includedGb: 0 }, upload: { enabled: true, pricePerGb: '0.02', includedGb: 5 } });
  });

  it('reads a month of daily traffic as absolute bytes, asking the panel for that month', async () => {
    panel.seedClient({ name: 'meter-1', network_name: 'main', createdAt: '2099-01-01' });
    panel.setTraffic('meter-1', '2026-02-03', 123, 45).setTraffic('meter-1', '2026-02-28', 6, 7);
    const logs: ModuleLogEntry[] = [];
    const days = await meter.monthlyUsage(context('meter-1', logs), { year: 2026, month: 2 });
    expect(days).to.deep.equal([{ date: '2026-02-03', downloadBytes: 123, uploadBytes: 45 }, { date: '2026-02-28', downloadBytes: 6, uploadBytes: 7 }]);
    expect(panel.requestsTo('GET', '/client/meter-1/traffic/2026/02')).to.have.length(1);
    expect(logs).to.deep.equal([]);
  });

  it('logs a failed read without the token and tells a vanished client (404) apart', async () => {
    const logs: ModuleLogEntry[] = [];
    const err = await rejectionOf(meter.monthlyUsage(context('meter-gone', logs), { year: 2026, month: 2 }));
    expect(err).to.be.instanceOf(AppError);
    expect((err as AppError).status).to.equal(404);
    expect(logs).to.have.length(1);
    expect(logs[0]).to.include({ action: 'usage', method: 'GET', path: '/client/meter-gone/traffic/2026/02', httpStatus: 404 });
    expect(JSON.stringify(logs)).not.to.contain(panel.token);

    panel.seedClient({ name: 'meter-2', network_name: 'main' });
    panel.status('GET /client/:name/traffic/:year/:month', 500);
    const failed = await rejectionOf(meter.monthlyUsage(context('meter-2', logs), { year: 2026, month: 2 }));
    expect((failed as AppError).status).to.equal(502);
    expect(logs[1].error).to.match(/HTTP 500/);
  });

  it('refuses a service that has no VPN client yet, before any call', async () => {
    const err = await rejectionOf(meter.monthlyUsage(context(null, []), { year: 2026, month: 2 }));
    expect((err as AppError).code).to.equal('not_provisioned');
    expect(panel.requests).to.have.length(0);
  });
});
