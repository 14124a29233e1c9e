/**
 * The invoice PDF in the reader's language: in Persian it names its language, is laid out from the
 * right and holds no English but the data and the kept terms; in Russian its amounts and days are
 * written as Russian writes them.
 */
import { expect } from 'chai';
import { invoicePdf, pdfLocale } from '../../../../server/domain/billing/invoice-pdf.js';
import type { Invoice } from '../../../../server/repositories/invoices.repository.js';
import { testTranslations } from '../../../support/i18n.js';
import { pdfRuns, pdfText } from '../../../support/pdf-text.js';
import { untranslatedWords } from '../../../support/untranslated.js';

const INVOICE: Invoice = {
  id: 5, number: '2026-000005', status: 'open', clientId: 7, period: '2026-11', currency: 'EUR', subtotalMinor: 123456, taxMinor: 0, taxRate: '0', totalMinor: 123456, paidMinor: 0,
  issuedAt: '2026-12-01T01:30:00.000Z', dueDate: '2026-12-15', paidAt: null, voidedAt: null, gbBase: 1_000_000_000, rounding: 'half-up', timeZone: 'UTC', createdAt: '2026-12-01T01:30:00.000Z',
  parties: { seller: { name: 'Example VPN', legalName: 'Example VPN Ltd', address: null, taxId: null, email: 'billing@example.test' }, buyer: { name: 'Ada Lovelace', email: 'ada@example.test' } } as Invoice['parties'],
  lines: [
    { kind: 'recurring', service_id: 42, description: 'Plan X: 30 of 30 days', metric: null, bytes: null, gb: null, included_gb: null, billable_gb: null, unit_price: '10.00', amount_minor: 1000, days: [], days_count: 30 },
    { kind: 'usage', service_id: 42, description: 'Plan X: download traffic', metric: 'download', bytes: 12_345_000_000, gb: '12.35', included_gb: 10, billable_gb: '2.35', unit_price: '0.05', amount_minor: 12, days: [], days_count: null },
  ],
};

describe('the invoice PDF in the reader\'s language', () => {
  const i18n = testTranslations();

  it('is laid out right to left in Persian, names its language, and holds no English but the data', async () => {
    const pdf = await invoicePdf(INVOICE, i18n.locale('fa'));
    expect(pdf.toString('latin1')).to.match(/\/Lang \(fa\)/);
    const runs = pdfRuns(pdf);
    // the title's runs end at the right margin (595 − 50), not at the left one
    const title = runs.filter((r) => r.y === runs[0].y);
    expect(Math.max(...title.map((r) => r.x))).to.be.above(400);
    expect(Math.min(...title.map((r) => r.x))).to.be.above(250);
    expect(untranslatedWords(pdfText(pdf), ['Example VPN Ltd', 'Example VPN', 'Ada Lovelace', 'Plan X', 'UTC'])).to.deep.equal([]);
  });

  it('is written in English for a language whose letters the PDF font lacks (Chinese)', () => {
    expect(pdfLocale(i18n.locale('zh-CN'), i18n.locale('en')).lang).to.equal('en');
    expect(pdfLocale(i18n.locale('fa'), i18n.locale('en')).lang).to.equal('fa');
  });

  it('writes the amounts and dates as Russian does', async () => {
    const text = pdfText(await invoicePdf(INVOICE, i18n.locale('ru')));
    expect(text).to.contain('Счёт 2026-000005').and.contain('1\u00a0234,56\u00a0€').and.contain('15 дек. 2026 г.');
  });
});
