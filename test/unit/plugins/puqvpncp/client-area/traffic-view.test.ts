import { expect } from 'chai';
import { ValidationError } from '../../../../../server/errors.js';
import { trafficData, trafficSelection } from '../../../../../plugins/puqvpncp/server/client-area/traffic-view.js';
import { testLocale } from '../../../../support/i18n.js';

const en = testLocale('en');

describe('client-area traffic view', () => {
  it('defaults to the current month and offers the last four years', () => {
    const s = trafficSelection({}, '2026-11-20', en);
    expect(s).to.include({ year: 2026, month: 11 });
    expect(s.years).to.deep.equal([2026, 2025, 2024, 2023]);
    expect(s.months).to.have.length(12);
    expect(s.months[10]).to.deep.equal({ value: 11, label: 'November' });
  });

  it('names the months and writes the days and bytes in the customer\'s language', () => {
    expect(trafficSelection({}, '2026-11-20', testLocale('uk')).months[10].label).to.equal('листопад');
    const data = trafficData([{ date: '2026-11-02', traffic_download: 1_500_000, traffic_upload: 0 }], 2026, 11, '2026-11-02', testLocale('fa'));
    if (!data.available) throw new Error('unavailable');
    expect(data.days[1]).to.include({ dateLabel: '۲ نوامبر ۲۰۲۶', downloadHuman: '۱٫۵ MB' });
    expect(data.series.names.download).to.not.equal('Download');
  });

  it('refuses a year outside the list or a month outside 1–12, naming the field', () => {
    const refusal = (query: Record<string, unknown>) => {
      try {
        trafficSelection(query, '2026-11-20', en);
      } catch (err) {
        return (err as ValidationError).fields;
      }
      throw new Error('accepted');
    };
    expect(refusal({ year: '2022' })).to.have.keys('year');
    expect(refusal({ month: '0' })).to.have.keys('month');
    expect(refusal({ month: '1e1' })).to.have.keys('month');
    expect(refusal({ year: ['2026'] })).to.have.keys('year');
  });

  it('lists every day of a past month with zeros where the panel has no row', () => {
    const data = trafficData([{ date: '2026-02-03', traffic_download: 5, traffic_upload: 1 }], 2026, 2, '2026-11-20', en);
    if (!data.available) throw new Error('unavailable');
    expect(data.days).to.have.length(28);
    expect(data.days[2]).to.include({ date: '2026-02-03', download: 5, upload: 1, zero: false });
    expect(data.days.filter((d) => d.zero)).to.have.length(27);
    expect(data.series.download[2]).to.equal(5);
  });

  it('stops at today in the current month but keeps a later day the panel reports', () => {
    const data = trafficData([{ date: '2026-11-25', traffic_download: 1, traffic_upload: 0 }], 2026, 11, '2026-11-20', en);
    if (!data.available) throw new Error('unavailable');
    expect(data.days.map((d) => d.date).slice(-2)).to.deep.equal(['2026-11-20', '2026-11-25']);
  });

  it('sums the totals and ignores rows of other months', () => {
    const rows = [
      { date: '2026-11-01', traffic_download: 600_000_000, traffic_upload: 20_000_000 },
      { date: '2026-11-02', traffic_download: 400_000_000, traffic_upload: 24_200_000 },
      { date: '2026-10-31', traffic_download: 9e9, traffic_upload: 9e9 },
    ];
    const data = trafficData(rows, 2026, 11, '2026-11-02', en);
    expect(data).to.include({ totalDownload: '1.0 GB', totalUpload: '44.2 MB' });
  });
});
