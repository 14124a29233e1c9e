/**
 * Every mail kind the portal sends, rendered in every shipped language from sample data: no text is
 * missing (the translations are strict in tests), and the Persian parts are right to left with no
 * English left but the data. Mails to admins (admin_invite) are English by design and only rendered.
 */
import { expect } from 'chai';
import { MAIL_SPECS, type SentKind } from '../../../../server/domain/mail/mail-kinds.js';
import { LANGUAGES } from '../../../../server/i18n/languages.js';
import { mailTemplates } from '../../../../server/mail/mail-templates.js';
import { testTranslations } from '../../../support/i18n.js';
import { untranslatedWords } from '../../../support/untranslated.js';

const notice = { name: 'Ada Lovelace', serviceId: 42, productName: 'Plan X', accountName: 'vpn-7-42-abcd', reason: 'Ticket 99' };
const quota = { ...notice, usedGb: '8.50', limitGb: '10.00', percent: 85, warnPercent: 80, counts: 'download', action: 'throttle', throttleMbps: 5, resetsOn: '2026-12-01' };
const SAMPLES: Record<SentKind, Record<string, unknown>> = {
  welcome: { serviceId: 42, productName: 'Plan X' },
  password_reset: { name: 'Ada Lovelace', role: 'client', token: 't'.repeat(43), validMinutes: 60 },
  email_change: { name: 'Ada Lovelace', newEmail: 'new@example.test', token: 't'.repeat(43), validHours: 24 },
  service_suspended: notice,
  service_unsuspended: notice,
  service_terminated: notice,
  quota_warning: quota,
  quota_reached: { ...quota, action: 'suspend' },
  invoice_issued: { name: 'Ada Lovelace', invoiceId: 5, period: '2026-11', totalMinor: 123456, currency: 'EUR', dueDate: '2026-12-15' },
  payment_received: { name: 'Ada Lovelace', invoiceId: 5, number: 'INV-2026-0005', amountMinor: 5000, dueMinor: 1200, currency: 'EUR' },
  invoice_overdue: { name: 'Ada Lovelace', invoiceId: 5, number: 'INV-2026-0005', dueMinor: 1200, currency: 'EUR', dueDate: '2026-12-15', suspended: [{ serviceId: 42, productName: 'Plan X' }] },
  admin_invite: { name: 'Ada Lovelace', invitedBy: 'owner@example.test', adminRole: 'support', token: 't'.repeat(43), validDays: 7 },
};
const ENGLISH_ONLY = new Set<string>(['admin_invite']);
const DATA = ['INV-2026-0005', 'Ada Lovelace', 'Plan X', 'vpn-7-42-abcd', 'Ticket 99', 'Example VPN', 'new@example.test', 'ada@example.test', '.conf', 'VPN'];

describe('mail kinds in every language', () => {
  const templates = mailTemplates(true);
  const i18n = testTranslations();
  const brand = { companyName: 'Example VPN', logoUrl: null, support: { companyName: 'Example VPN', url: 'https://help.example.test', email: 'help@example.test' } };
  const links = { portal: 'https://portal.example.test/', reset: 'https://portal.example.test/reset/x', forgot: 'https://portal.example.test/forgot', confirm: 'https://portal.example.test/account/email/x', service: 'https://portal.example.test/services/42', invite: 'https://portal.example.test/admin/invite/x', invoice: 'https://portal.example.test/invoices/5' };
  const content = { accountName: 'vpn-7-42-abcd', facts: [], links: [], notes: [], files: ['vpn-7-42-abcd.conf'], images: [] };

  for (const kind of Object.keys(MAIL_SPECS) as SentKind[]) {
    it(`${kind}: renders in every language, the subject too`, async () => {
      expect(SAMPLES[kind], `sample data for ${kind}`).to.not.equal(undefined);
      for (const { code } of LANGUAGES) {
        const locale = i18n.locale(code);
        const spec = MAIL_SPECS[kind];
        const subject = locale.t(spec.subjectText.key, { company: 'Example VPN', ...spec.subjectText.values(SAMPLES[kind] as never) });
        const { html, text } = await templates.render(kind, { brand, publicUrl: 'https://portal.example.test', subject, to: 'ada@example.test', data: SAMPLES[kind], links, locale, t: locale.t, content, money: (minor: number, currency: string) => locale.money(minor, currency), invoiceNumber: 'INV-2026-0005' });
        expect(text.length, `${kind} ${code}`).to.be.above(40);
        if (code !== 'fa' || ENGLISH_ONLY.has(kind)) continue;
        expect(html).to.match(/<html lang="fa" dir="rtl">/);
        for (const part of [subject, html, text]) expect(untranslatedWords(part, DATA), `${kind} in Persian`).to.deep.equal([]);
      }
    });
  }
});
