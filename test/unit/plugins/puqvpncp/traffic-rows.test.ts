import { expect } from 'chai';
import { dailyLinkBytes, implausibleDay, monthRows } from '../../../../plugins/puqvpncp/server/traffic-rows.js';

const row = (date: string, down = 1, up = 1) => ({ date, traffic_download: down, traffic_upload: up });

describe('a month of panel traffic', () => {
  it('keeps one row per day of the month, the last one sent, in date order, and reports what it dropped', () => {
    const out = monthRows([row('2026-03-05', 5), row('2026-04-01'), row('2026-03-02', 2), row('2026-03-05', 50), row('2025-03-09')], 2026, 3);
    expect(out.rows).to.deep.equal([row('2026-03-02', 2), row('2026-03-05', 50)]);
    expect(out.outside).to.deep.equal(['2026-04-01', '2025-03-09']);
    expect(out.repeated).to.deep.equal(['2026-03-05']);
  });

  it('keeps at most one row per day whatever the panel sends', () => {
    const flood = Array.from({ length: 10_000 }, (_, i) => row(`2026-02-${String((i % 28) + 1).padStart(2, '0')}`, i));
    expect(monthRows(flood, 2026, 2).rows).to.have.length(28);
  });

  it('refuses a day above what the cap could carry in a day, with a margin, and takes 0 as a 10 Gbit/s link', () => {
    expect(dailyLinkBytes(100)).to.equal(1_188_000_000_000);
    expect(dailyLinkBytes(0)).to.equal(dailyLinkBytes(10_000));
    const caps = { b_download: 100, b_upload: 10 };
    expect(implausibleDay([row('2026-03-01', 1_000_000_000_000, 100_000_000_000)], caps)).to.equal(null);
    expect(implausibleDay([row('2026-03-01', 1, 200_000_000_000)], caps)).to.contain('upload on 2026-03-01 is 200000000000 bytes, more than a 10 Mbit/s cap');
    expect(implausibleDay([row('2026-03-01', 200e12)], { b_download: 0, b_upload: 0 })).to.contain('an unlimited link (taken as 10 Gbit/s)');
  });
});
