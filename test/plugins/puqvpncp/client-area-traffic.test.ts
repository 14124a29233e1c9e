import { expect } from 'chai';
import { buildBillingDeps } from '../../../server/billing-container.js';
import { DayBatch } from '../../../server/domain/billing/day-batch.js';
import { BASE, NOW, useClientAreaWorld } from './client-area-helpers.js';

/** The chart's data, as the page hands it to the browser script (entity-decoded). */
function seriesOf(html: string): { labels: string[]; download: number[]; upload: number[] } {
  const m = /data-series="([^"]*)"/.exec(html);
  if (!m) throw new Error('no chart data on the page');
  return JSON.parse(m[1].replace(/&#34;/g, '"').replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
}

describe('client area traffic statistics page', () => {
  const w = useClientAreaWorld();
  const traffic = (id: number, query = '') => w.customer.agent.get(`${BASE}/services/${id}/traffic${query}`);

  it('shows the current month so far with totals, chart data and every day including idle ones', async () => {
    const s = await w.active();
    w.panel.setCreatedAt(s.name, '2026-12-01T00:00:00Z');
    w.panel.setTraffic(s.name, '2026-11-02', 1_000_000_000, 44_200_000);
    w.panel.setTraffic(s.name, '2026-11-05', 500_000, 0);
    const res = await traffic(s.id);
    expect(res.status).to.equal(200);
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.text).to.contain('<option value="2026" selected>2026</option>');
    for (const y of [2025, 2024, 2023]) expect(res.text).to.contain(`<option value="${y}">${y}</option>`);
    expect(res.text).not.to.contain('<option value="2022">');
    expect(res.text).to.contain('<option value="11" selected>November</option>');
    expect(res.text).to.contain('data-role="total-download">1.0 GB<');
    expect(res.text).to.contain('data-role="total-upload">44.2 MB<');
    const series = seriesOf(res.text);
    expect(series.labels).to.have.length(20);
    expect(series.labels[0]).to.equal('Nov 1, 2026');
    expect(series.labels[19]).to.equal('Nov 20, 2026');
    expect(series.download[1]).to.equal(1_000_000_000);
    expect(series.upload[4]).to.equal(0);
    expect(res.text.match(/<tr class="zero-day">/g)).to.have.length(18);
    expect(res.text).to.contain('id="hide-zero-days"');
    expect(res.text).to.contain('src="/vendor/chart.js/chart.umd.js"');
  });

  it('reads a past month the daily pull stored from the portal\'s own rows, without a panel call', async () => {
    const s = await w.active();
    w.panel.setTraffic(s.name, '2025-02-28', 9_999, 9_999);
    const rows = new DayBatch();
    rows.add(s.id, w.serverId, [{ day: '2025-02-03', downloadBytes: 2_000, uploadBytes: 1_000 }, { day: '2025-02-28', downloadBytes: 5_000, uploadBytes: 7 }]);
    await buildBillingDeps(w.t.c).usage.store(rows, [], NOW.toISOString());
    const res = await traffic(s.id, '?year=2025&month=2');
    expect(res.status).to.equal(200);
    const series = seriesOf(res.text);
    expect(series.labels).to.have.length(28);
    expect(series.download[2]).to.equal(2_000);
    expect(series.download[27]).to.equal(5_000);
    expect(res.text).to.contain('<option value="2" selected>February</option>');
    expect(w.panel.requestsTo('GET', `/client/${s.name}/traffic`)).to.have.length(0);
  });

  it('reads a past month nothing was stored for from the panel, once for repeated views', async () => {
    const s = await w.active();
    w.panel.setTraffic(s.name, '2025-03-31', 2_000, 1_000);
    const first = await traffic(s.id, '?year=2025&month=3');
    expect(seriesOf(first.text).download[30]).to.equal(2_000);
    await traffic(s.id, '?year=2025&month=3');
    expect(w.panel.requestsTo('GET', `/client/${s.name}/traffic/2025/03`)).to.have.length(1);
  });

  it('reads the running month through the short cache, so repeated views make one panel call', async () => {
    const s = await w.active();
    await traffic(s.id);
    await traffic(s.id);
    expect(w.panel.requestsTo('GET', `/client/${s.name}/traffic/2026/11`)).to.have.length(1);
  });

  it('answers 422 with a message and the form when the year is outside the list', async () => {
    const s = await w.active();
    const res = await traffic(s.id, '?year=1999&month=13');
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('Choose a year and a month from the lists.');
    expect(res.text).to.contain('Year must be one of 2023–2026');
    expect(res.text).to.contain('Month must be a month from 1 to 12');
    expect(res.text).to.contain('<select id="traffic-year" name="year">');
    expect(w.panel.requestsTo('GET', `/client/${s.name}/traffic`)).to.have.length(0);
  });

  it('answers 404 when the service is another customer\'s', async () => {
    const theirs = await w.active({ clientId: w.other.id });
    expect((await traffic(theirs.id)).status).to.equal(404);
  });

  for (const status of ['pending', 'suspended', 'terminated', 'failed'] as const) {
    it(`shows the state page without calling the panel when the service is ${status}`, async () => {
      const s = await w.inState(status);
      w.panel.requests.length = 0;
      const res = await traffic(s.id);
      expect(res.status).to.equal(200);
      expect(res.text).to.contain('What to do:');
      expect(res.text).not.to.contain('traffic-chart');
      expect(w.panel.requests).to.have.length(0);
    });
  }

  it('renders within about 3 s with an unavailable card when the panel is down', async () => {
    const s = await w.active();
    await w.panel.down();
    try {
      const started = Date.now();
      const res = await traffic(s.id);
      expect(Date.now() - started).to.be.below(3500);
      expect(res.status).to.equal(200);
      expect(res.text).to.contain('temporarily unavailable');
      expect(res.text).to.contain('<select id="traffic-month" name="month">');
      expect(res.text).not.to.contain(`127.0.0.1:${w.panel.port}`);
    } finally {
      await w.panel.up();
    }
  });

  it('renders an unavailable card when the panel\'s traffic answer is malformed', async () => {
    const s = await w.active();
    w.panel.malformed('GET /client/:name/traffic/:year/:month');
    const res = await traffic(s.id);
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('temporarily unavailable');
  });
});
